/// @file tie_ranks.hpp
/// @brief A search engine's copy of its database's rank column (common/rank_column.hpp):
/// matches of equal weight ordered by a number each instead of a value read each.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>

#include "common/rank_column.hpp"
#include "common/top_postings.hpp"

namespace news {

class TieRanks {
  public:
    /// Reading the column (3 bytes a docid) costs about what reading the tie-break values of
    /// one docid in this many costs: 8 ms for two million headlines, against about 2.5 µs a
    /// value (docs/benchmarks.md, "Copies refused in the first pass, ties ordered from a
    /// rank column").
    static constexpr std::size_t kCostInValuesPerDocid = 600;

    /// The column of `db` as it is now: read from `db` once the tie-break values read for
    /// want of it (note_values_read()) would have paid for reading it, or at once after
    /// read_at_once(); then kept while `db` stays as the column describes it. A rent-or-buy
    /// rule, as for the length column: a one-shot search reads it only when its ties are
    /// many, a batch or the prompt after a few queries. Null when not (yet) worth reading,
    /// or `db` is not one database, has no current column, or its column is damaged.
    const rank_column::Column* of(const Xapian::Database& db);

    /// Counts `values` tie-break values read because of() gave no column.
    void note_values_read(std::size_t values) { values_read_ += values; }

    /// Makes the next of() read the column whatever was read before (tests, benchmarks).
    void read_at_once() { at_once_ = true; }

    /// Counts a tie ordered from the column (ties_ordered()).
    void note_tie_ordered() { ++ties_ordered_; }
    std::size_t ties_ordered() const { return ties_ordered_; }

  private:
    top_postings::FingerprintMemo fingerprint_;
    std::optional<top_postings::Fingerprint> read_for_;  ///< the state column_ was read for
    std::optional<rank_column::Column> column_;
    std::size_t values_read_ = 0;
    bool at_once_ = false;
    std::size_t ties_ordered_ = 0;
};

}  // namespace news
