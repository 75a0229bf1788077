/// @file top_postings_builder.hpp
/// @brief Builds the top postings of a database (common/top_postings.hpp) for its current
/// state, replacing any it had.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>

#include "common/ranking.hpp"

namespace news {

struct TopPostingsSettings {
    /// Terms in fewer articles are ranked from their whole posting list, which is quick:
    /// Xapian weighs about ten million postings a second here, so 2,000 cost 0.2 ms.
    Xapian::doccount min_termfreq = 2000;
    /// Postings listed per term: enough for the first pages of a one-word query, and a
    /// small share of a frequent word's postings (docs/benchmarks.md has the sizes tried).
    Xapian::doccount list_size = 1000;
    /// The ranking the lists are ordered for (only its BM25 parameters matter).
    RankingConfig ranking;
};

struct TopPostingsReport {
    std::size_t terms = 0;             ///< terms given a list
    std::size_t postings = 0;          ///< docids listed, over all terms
    std::size_t duplicate_groups = 0;  ///< groups of identical articles (duplicate_groups.hpp)
    std::size_t copies = 0;            ///< their members but the first of each
    std::size_t facet_columns = 0;     ///< facets given a column (common/facet_columns.hpp)
    bool length_column = false;        ///< document lengths written as a column (common/length_column.hpp)
    bool rank_column = false;          ///< places in tie-break order written as a column (common/rank_column.hpp)
};

/// Writes the top postings of every term of `db` with at least settings.min_termfreq
/// articles, its groups of identical articles (common/duplicate_groups.hpp), its facet
/// columns (common/facet_columns.hpp), its document lengths and places in tie-break order
/// as columns (common/length_column.hpp, common/rank_column.hpp), and the fingerprint that
/// marks them all current, and commits. Lists of an earlier state are removed first; an
/// empty database gets none.
TopPostingsReport build_top_postings(Xapian::WritableDatabase& db, const TopPostingsSettings& settings = {});

}  // namespace news
