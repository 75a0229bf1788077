/// @file length_column.hpp
/// @brief Every article's document length by docid, kept in the database's metadata, so
/// that a query word can be weighed from its posting list and an array instead of Xapian's
/// own length lookup.
///
/// Why: BM25 needs each match's document length. Glass keeps the lengths as one more
/// posting list, and Xapian 1.4 finds a document's length by reading that list forward
/// from where it last stood, one entry at a time. For the sparse matches of a query of
/// frequent words in two million headlines that scan was three quarters of bare Xapian's
/// time (docs/benchmarks.md, "Lengths from a column"). The column describes the database as
/// the top postings' fingerprint names (top_postings::lists_are_current) and is rebuilt
/// with them at the end of every indexing run; a database changed since is weighed by
/// Xapian alone, as before.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::length_column {

/// The metadata key of the column.
inline constexpr std::string_view kKey = "news:lengths";

/// The most distinct lengths a column holds (its codes are at most 16 bits); a database
/// with more is weighed by Xapian alone.
inline constexpr std::size_t kMostLengths = 65536;

/// Each docid's length as a code into the distinct lengths: one byte a docid when there are
/// 256 lengths or fewer (headlines: about 130), else two. Stored as they are, not
/// compressed: the column is read whole by a searcher's first query that uses it, and
/// reading 2 MB of codes for two million headlines took 2 ms where decompressing them
/// took 8 (docs/benchmarks.md, "Lengths from a column").
struct Column {
    std::vector<Xapian::termcount> lengths;  ///< distinct lengths, ascending
    std::vector<std::uint8_t> narrow_codes;  ///< by docid, when lengths has 256 or fewer
    std::vector<std::uint16_t> wide_codes;   ///< by docid, otherwise

    /// How many docids the column covers (lastdocid + 1 of its database).
    std::size_t docids() const { return narrow_codes.empty() ? wide_codes.size() : narrow_codes.size(); }
    /// The length of `docid` (below docids(); no article: 0).
    Xapian::termcount length(Xapian::docid docid) const {
        return lengths[narrow_codes.empty() ? wide_codes[docid] : narrow_codes[docid]];
    }
};

/// The column of `lengths_by_docid` (index 0 and missing articles hold 0); nullopt when it
/// has more than kMostLengths distinct lengths.
std::optional<Column> make(const std::vector<Xapian::termcount>& lengths_by_docid);

std::string encode(const Column& column);
/// nullopt for bytes that are not an encoded column of `docids` entries (lastdocid + 1 of
/// the database it is read from): damaged, foreign, or of a database of another size.
std::optional<Column> decode(std::string_view bytes, std::size_t docids);

}  // namespace news::length_column
