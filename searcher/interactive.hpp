/// @file interactive.hpp
/// @brief The searcher's interactive prompt, and paging of long output.
#pragma once

#include <string>

#include "searcher/hit_formatter.hpp"
#include "searcher/search_engine.hpp"

namespace news {

/// A prompt with line editing and history: each line is a query, or a command
/// (n, p, show N, like N, sort ORDER, since DATE, until DATE, all, any, help, quit).
/// Queries reuse the open database. Returns the exit code.
int run_interactive(SearchEngine& engine, const SearchRequest& defaults, const FormatOptions& format);

/// Writes `text` to stdout, through $PAGER (default "less -R") when stdout is a terminal.
void page_output(const std::string& text);

}  // namespace news
