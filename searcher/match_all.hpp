/// @file match_all.hpp
/// @brief Queries of filters alone: `*`, `source:bbc`, or no words at all with --since or
/// --until. They match every article the filters let through, and having no words to rank
/// by, list them newest first.
#pragma once

#include <xapian.h>

#include <string_view>

#include "searcher/search_engine.hpp"

namespace news {

/// True for a query text that asks for every article: "*" alone, or nothing (white space
/// only) when a date filter comes with it (`filtered`); an empty query alone still matches
/// nothing.
bool asks_for_every_article(std::string_view text, bool filtered);

/// True when `query` has a free-text word (title, body or combined field), so that its
/// matches differ in relevance; false for filters alone, which weigh every match 0.
bool has_words_to_rank_by(const Xapian::Query& query);

/// The order a request's hits come in: as asked, except that relevance, the default,
/// becomes newest first for a query with no words to rank by.
SortOrder effective_sort_order(SortOrder asked, const Xapian::Query& query);

}  // namespace news
