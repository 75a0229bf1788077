/// @file parallel_match.hpp
/// @brief One query matched on several cores: each thread ranks the matches of one range of
/// docids of the same database, and the ranges' best are combined.
///
/// Why ranges of one database rather than shards: every range is weighed with the
/// statistics of the whole database (it is the same database), so a match weighs exactly
/// what it weighs in one pass, and the combined page is the page one pass gives, ties and
/// all (TopWithTies, best_of()). Xapian 1.4 matches local shards one after the other, and
/// only remote shards at once (over sockets, at a round trip per query, docs/scaling.md).
/// Each thread needs a Xapian::Database of its own: a handle must not be used by two
/// threads at once.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <vector>

#include "common/ranking.hpp"
#include "searcher/top_with_ties.hpp"

namespace news {

/// Only the documents of `query` whose docids are in [first, last]; weighs as `query`.
Xapian::Query within_docids(const Xapian::Query& query, Xapian::docid first, Xapian::docid last);

/// What one range's pass found.
struct RangeMatch {
    TopWithTies::Kept kept;      ///< its heaviest and their boundary tie
    Xapian::doccount size = 0;   ///< how many matches Xapian returned (at most the count asked)
    double lightest = 0;         ///< the weight of the last of them
    Xapian::doccount lower = 0;  ///< Xapian's bounds and estimate of the range's matches
    Xapian::doccount estimated = 0;
    Xapian::doccount upper = 0;
};

/// Ranks `query` (weighed as `ranking` says, without feedback: give the query feedback
/// made) over `db` and `others`, which must be handles on the same database at the same
/// revision: each takes an equal range of docids, `db` in this thread and each of `others`
/// in a thread of its own. Each keeps its `count` heaviest matches and their tie, up to
/// `tie_limit` (TopWithTies). Exceptions from any thread are thrown here. `query` must be
/// one worth_splitting() accepts.
std::vector<RangeMatch> match_in_ranges(const Xapian::Database& db, const std::vector<Xapian::Database>& others,
                                        const Xapian::Query& query, const RankingConfig& ranking,
                                        Xapian::doccount count, std::size_t tie_limit, Xapian::doccount check_at_least);

/// Whether splitting `query` over threads is worth a thread's start (tens of microseconds):
/// its words have at least `postings` postings between them in `db`; and whether it can be
/// (match_in_ranges() rebuilds it from its serialised form, which a posting source of our
/// own does not have).
bool worth_splitting(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount postings);

}  // namespace news
