/// @file length_weights.hpp
/// @brief Ranks the words of a query in Xapian's own matcher with BM25 weights computed
/// from each word's posting list and the document length column
/// (common/length_column.hpp), instead of Xapian's length lookup at every match.
///
/// Why: on two million headlines three quarters of Xapian's time for a query of frequent
/// words went to finding each match's document length (length_column.hpp says why);
/// weighed from the column, the same matching takes about a third of the time
/// (docs/benchmarks.md, "Lengths from a column").
///
/// Exact: each word becomes a PostingSource that walks the word's own posting list and
/// weighs each posting with Bm25TermWeight (Xapian's BM25 arithmetic, step for step) from
/// its wdf and the column's length, and gives the matcher the frequencies and the maximum
/// weight Xapian gives the word. The matcher then builds the same tree, prunes it at the
/// same points and adds the same numbers in the same order: the same matches, the same
/// weights to the bit, the same counts (tests/length_weights_test.cpp compares them over
/// every query set). Only words Xapian weighs alone are replaced: those under OR, AND,
/// AND_MAYBE and the weighed side of AND_NOT and FILTER. Phrases, synonyms (wildcards),
/// scaled parts (feedback words) and filters keep Xapian's own postings.
///
/// A PostingSource of ours cannot run on a remote shard and weighs with one database's
/// statistics: the caller uses this on one local database only.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>

#include "common/length_column.hpp"
#include "common/ranking.hpp"
#include "common/top_postings.hpp"

namespace news {

/// An engine's copy of its database's length column: read once, kept while the database
/// stays as the column describes it.
class LengthColumns {
  public:
    /// The column of `db` as it is now, read from `db` unless read already, or when `read`
    /// is false, only when read already; null when `db` is not one database, has no
    /// current column (top_postings::current_fingerprint()), or its column is damaged.
    std::shared_ptr<const length_column::Column> of(const Xapian::Database& db, bool read = true);

  private:
    top_postings::FingerprintMemo fingerprint_;
    std::optional<top_postings::Fingerprint> read_for_;  ///< the state column_ was read for
    std::shared_ptr<const length_column::Column> column_;
};

/// What reading the length column costs, in nanoseconds a docid of the database (2.5 ms for
/// two million headlines' 2 MB).
inline constexpr double kLengthColumnReadNsPerDocid = 1.25;

/// What Xapian's length lookups for the words of `query` that weighed_from_lengths()
/// replaces would cost in `db`, in nanoseconds: what weighing from the column saves.
///
/// Xapian reads its length list forward from the previous lookup, so a lookup costs more
/// the farther the word's postings are apart: 27 ns a posting for a word in one headline of
/// twenty, and about 1 µs for a word in one of thousands, where the list's chunks are sought
/// rather than read through (news-large, bare Xapian with our BM25 against b = 0, which
/// reads no length: "glob", 309 postings, 327 against 23 µs; "component", 908, 881 against
/// 64; "prepared", 3,298, 1,812 against 237). Each posting is taken to cost 27 ns plus
/// 0.5 ns for every docid since the word's previous one on average, at most 1 µs.
///
/// 0 for a query that reads a value at each candidate (a value range, as `--like` leaves
/// out the article's copies by): those reads, which the column does not save, are its cost
/// (one-shot `--like` on two million headlines: 69 ms weighed from the column in one thread,
/// 43 ms by Xapian in two, 70 in one).
double length_lookups_saved_ns(const Xapian::Query& query, const Xapian::Database& db);

/// `query` with those words weighed from `column`, the length column of `db`, as `ranking`
/// weighs them.
Xapian::Query weighed_from_lengths(const Xapian::Query& query, const Xapian::Database& db,
                                   std::shared_ptr<const length_column::Column> column, const RankingConfig& ranking);

}  // namespace news
