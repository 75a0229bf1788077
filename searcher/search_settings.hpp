/// @file search_settings.hpp
/// @brief The searcher's settings as typed: one parser each for the sort order, the facet
/// list and the date bounds, shared by the command-line options (main.cpp) and the prompt
/// (interactive.cpp), so that both take the same values and say the same about the rest.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "searcher/search_engine.hpp"

namespace news {

/// "relevance, newest, oldest": every sort order by name, for messages.
inline constexpr std::string_view kSortOrderNames = "relevance, newest, oldest";

/// The name parse_sort_order() reads as `order`.
std::string_view sort_order_name(SortOrder order);

/// "relevance", "newest" or "oldest" as a SortOrder. Throws std::invalid_argument
/// ("unknown sort order 'sideways' (valid: relevance, newest, oldest)") for any other name.
SortOrder parse_sort_order(std::string_view name);

/// A comma-separated list of facet names ("source, year"): each item trimmed of white space,
/// empty items skipped, the order kept; "" is no facets. Throws std::invalid_argument
/// ("unknown facet 'colour' (valid: source, category, tag, year)") for the first name
/// is_facet_name() rejects.
std::vector<std::string> parse_facet_list(std::string_view list);

/// A date bound as --since/--until take it ("2015-09-01", "2015-09", "2015"): the first
/// (`end` false) or last (`end` true) day it covers as "YYYYMMDD"; "" (no bound) for "".
/// Throws std::invalid_argument ("cannot read the date '2015-13' (e.g. 2015-09-01, 2015-09,
/// 2015)") for a date date_bound() cannot read; the caller puts the option or command first.
std::string parse_date_bound(std::string_view text, bool end);

}  // namespace news
