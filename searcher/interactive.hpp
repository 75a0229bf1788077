/// @file interactive.hpp
/// @brief The searcher's interactive prompt: a command interpreter that knows nothing of
/// terminals (so tests can drive it line by line), the readline loop around it, and paging
/// of long output.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/hit_formatter.hpp"
#include "searcher/search_engine.hpp"

namespace news {

/// Shows a long text to the user; the prompt uses page_output.
using Pager = std::function<void(const std::string& text)>;

/// Interprets the lines typed at the prompt. A line is a command when its first word is one
/// of n, p, show, like, explain, sort, since, until, all, any, facets, histogram, terms, help,
/// quit, exit; any other
/// line is a query (the command-line query language) and shows its first page. Settings
/// commands change the following searches and re-run the current one.
///
/// Mistakes (an unknown argument, a bad date, a hit number not on the page) and search
/// errors are reported in one line on the output stream; execute() does not throw for them.
class CommandInterpreter {
  public:
    enum class Outcome { kContinue, kQuit };

    /// `defaults` holds the settings searches start from (limit, sort, date filters, facets,
    /// all_terms, collapsing, snippets); its query, offset and like_id are ignored. An empty
    /// `pager` writes articles opened with `show` to the output stream instead.
    CommandInterpreter(SearchEngine& engine, SearchRequest defaults, FormatOptions format, Pager pager = {});

    /// Runs one line, writing what it shows to `out` (except articles, which go to the pager).
    Outcome execute(std::string_view line, std::ostream& out);

    /// What the `help` command prints.
    static std::string_view help_text();

    /// The command names, for completion at the prompt.
    static const std::vector<std::string_view>& command_names();

  private:
    Outcome dispatch(std::string_view line, std::ostream& out);
    void search(SearchRequest request, std::ostream& out);
    void turn_page(bool forward, std::ostream& out);
    Hit hit_numbered(std::string_view command, std::string_view arg);
    void show(std::string_view arg, std::ostream& out);
    void like(std::string_view arg, std::ostream& out);
    void explain(std::string_view arg, std::ostream& out);
    /// `terms [N]`: the current results' N most distinctive words (SearchRequest::top_terms).
    void terms(std::string_view arg, std::ostream& out);
    void set_sort(std::string_view arg);
    void set_date(std::string_view command, std::string_view arg);
    void set_facets(std::string_view arg);
    void set_histogram(std::string_view arg);
    void settings_changed(std::ostream& out);
    std::string settings_line() const;

    SearchEngine& engine_;
    SearchRequest settings_;  ///< what the next search starts from
    FormatOptions format_;
    Pager pager_;
    std::optional<SearchRequest> current_;  ///< the search on screen (query or like), at its page
    SearchResult result_;                   ///< the page on screen
};

/// The prompt's history file: $XDG_STATE_HOME/news-search/history (when that is an absolute
/// path), else ~/.local/state/news-search/history; empty when neither can be found.
std::filesystem::path history_path();

/// The prompt ("search> ") with line editing and history (GNU readline): runs lines through
/// a CommandInterpreter until quit, exit or Ctrl-D; Ctrl-C abandons the line being typed.
/// Results are written as text (coloured when format.color says so), articles go through
/// page_output. History persists in history_path() when it can be written (a failure is
/// reported once, never fatal). Returns the exit code.
int run_interactive(SearchEngine& engine, const SearchRequest& defaults, const FormatOptions& format);

/// Writes `text` to stdout, through $PAGER (default "less -R") when stdout is a terminal.
void page_output(const std::string& text);

}  // namespace news
