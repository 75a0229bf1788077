/// @file match_count.hpp
/// @brief How many articles a search matched, as Xapian knows it and as the text output
/// says it: "1 match", "2,226 matches" when the count is exact, "About 2,230 matches" when
/// Xapian only estimated it.
#pragma once

#include <xapian.h>

#include <string>

#include "searcher/search_engine.hpp"

namespace news {

/// Copies the estimate and the bounds of `mset` into `result`.
void record_match_counts(const Xapian::MSet& mset, SearchResult& result);

/// Copies into `result` the counts of the query that a pass of `mset`'s matched, when that
/// pass's match decider refused `refused` of the `shown` candidates Xapian showed it and its
/// page asked for `wanted`: counts of every match, refused or not. Exact when the page was
/// not filled (every candidate was shown). Otherwise Xapian's bounds for the accepted
/// widened by what the decider refused, and its estimate unscaled by the rate of acceptance
/// it applied.
void record_counts_with_refused(const Xapian::MSet& mset, Xapian::doccount wanted, Xapian::doccount shown,
                                Xapian::doccount refused, SearchResult& result);

/// `n` with a comma every three digits: 2226 -> "2,226".
std::string with_thousands_separators(Xapian::doccount n);

/// "1 match", "2,226 matches" (exact: the bounds agree) or "About 2,230 matches".
std::string describe_match_count(const SearchResult& result);

/// The line above the hits, without colour: "2,226 matches for \"q\"; showing 1-10", and
/// when the page holds no hits although there are matches (-n 0, or --offset past the
/// end), which page that is: "12 matches for \"oil\"; none shown
/// (limit 0)" or "12 matches for \"oil\"; the page from 101 on is empty". "No matches for
/// \"q\"." when nothing matched. `query` is as it should be printed. A --like search
/// (result.like_id) reads "About 1,200 matches related to \"ID\"; showing 1-10".
std::string match_count_header(const SearchResult& result, const std::string& query);

}  // namespace news
