/// @file rank_column.hpp
/// @brief Every article's place in tie-break order (schema.hpp, kTieBreakSlot: newer first,
/// then a fixed order of ids), by docid, kept in the database's metadata, so that the
/// searcher orders matches of equal weight without reading a value of each.
///
/// Why: articles of equal weight are ordered by their tie-break key, a value slot. Reading a
/// value costs about 2.5 µs at a random docid, and headlines tie by the dozen even for rare
/// words: on two million headlines, reading the keys (and duplicate keys) of tied matches
/// was three quarters of a one-word query's time and a third of a rare word's
/// (docs/benchmarks.md, "Copies refused in the first pass, ties ordered from a rank column"). A rank is a number:
/// comparing two costs nothing. The column describes the database as the top postings' fingerprint names
/// (top_postings::lists_are_current) and is rebuilt with them at the end of every indexing
/// run; a database changed since has its ties ordered by their keys, as before.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::rank_column {

/// The metadata key of the column.
inline constexpr std::string_view kKey = "news:ranks";

/// The rank of docid 0, which no document has.
inline constexpr std::uint32_t kNoArticle = 0xFFFFFFFFu;

/// Ranks by docid: rank(a) < rank(b) exactly when a's tie-break key sorts before b's.
struct Column {
    std::vector<std::uint32_t> ranks;

    /// How many docids the column covers (lastdocid + 1 of its database).
    std::size_t docids() const { return ranks.size(); }
    std::uint32_t rank(Xapian::docid docid) const { return ranks[docid]; }
};

/// The column of `keys_by_docid` (each docid's tie-break key, index 0 unused). A docid
/// without a key (no article, or one without the value) ranks before every key, as an
/// empty value sorts; equal keys rank by docid, as a tie sorted by its values keeps them.
Column make(const std::vector<std::string>& keys_by_docid);

/// Three bytes a rank when there are at most 2^24 - 1 docids, else four; little-endian,
/// not compressed: the column is read whole by the first query that needs it, and
/// compressed ranks (a permutation) would barely shrink.
std::string encode(const Column& column);
/// nullopt for bytes that are not an encoded column of `docids` entries (lastdocid + 1 of
/// the database it is read from): damaged, foreign, or of a database of another size.
std::optional<Column> decode(std::string_view bytes, std::size_t docids);

}  // namespace news::rank_column
