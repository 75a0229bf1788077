/// @file word_positions.hpp
/// @brief A document's word positions as one value (schema::kWordPositionsSlot), in place
/// of Xapian's position table.
///
/// Xapian 1.4's glass keeps one B-tree entry per word and document for positions: about 17
/// bytes an entry, 9 a position on full text, the largest table of every corpus
/// (docs/benchmarks.md, "Where the bytes go"). From schema 11 (schema::kPositionsInValueSchema)
/// the indexer writes each document's positions as one value instead: the terms as hashes
/// just wide enough to tell the document's own terms apart, and each term's positions
/// delta-coded. The searcher checks phrases and NEAR from it (searcher/stored_positions.hpp):
/// a candidate already holds every word of the phrase (the phrase is matched as the AND of
/// its words), so a hash only has to tell apart the words of that one document.
///
/// Format, version 1:
///   byte 1 (the format), byte w (hash width in bytes, 2 to 8; 0: the terms written out),
///   varint n (terms with positions), varint (the byte length of the n lengths below),
///   the n terms ascending: w bytes each, the top bytes of term_hash() big-endian; or, when
///   w is 0, each as a varint length and its bytes,
///   n varints: the byte length of each term's positions,
///   then each term's positions: the first, then the differences, as varints.
/// The width is the smallest at which no two of the document's terms share a hash; when even
/// 8 bytes do not tell them apart (a forged document), the terms are written out, so a
/// check is always exact.
///
/// Format, version 2 (from schema 13, schema::kPositionSequenceSchema): the document as its
/// sequence of words.
///   byte 2 (the format), byte w (hash width in bytes, 2 to 8), varint p (the first
///   position), then one entry of w bytes for each position from p to the last: the top
///   bytes of the hash of the term at that position, or w zero bytes where no term is.
/// A headline has each word once, at consecutive positions: version 1 spends a hash, a
/// length and a delta on each, version 2 the hash alone, about half the bytes (and on
/// headlines positions were a tenth of the database: docs/benchmarks.md). It is written only
/// where it is the smaller of the two, and only where it can be: no two terms at one
/// position, and no term whose truncated hash is zero (the gap's mark).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::word_positions {

/// The 64-bit hash of a term the value keys it by (stable: it is stored).
std::uint64_t term_hash(std::string_view term);

/// The newest format encode() writes.
inline constexpr int kNewestFormat = 2;

/// The positions of `doc`'s terms as one value; empty when no term has positions. Of the
/// formats up to `newest_format` (1 or 2: what the database's schema reads), the smallest.
std::string encode(const Xapian::Document& doc, int newest_format = kNewestFormat);

/// Takes the positions off every term of `doc`, keeping each term and its wdf.
void remove_positions(Xapian::Document& doc);

/// Reads one document's value. Every read is checked: a damaged value is refused, never
/// read past its end.
class Reader {
  public:
    /// nullopt when `bytes` is not a value of this format (an empty value is valid: no terms).
    /// The reader views `bytes`, which must outlive it.
    static std::optional<Reader> parse(std::string_view bytes);

    /// The positions of `term` (its term_hash() given) ascending, appended to `out`; false
    /// when the term has none here. Only exact for a term the document holds: another
    /// term's hash can match one of its own. Throws std::runtime_error when the value is
    /// damaged.
    bool positions(std::string_view term, std::uint64_t hash, std::vector<Xapian::termpos>& out) const;

    /// How many terms have positions here.
    std::size_t terms() const;

  private:
    std::optional<std::size_t> index_of(std::string_view term, std::uint64_t hash) const;
    static std::optional<Reader> parse_sequence(std::string_view bytes);
    bool sequence_positions(std::uint64_t hash, std::vector<Xapian::termpos>& out) const;

    std::string_view bytes_;
    bool sequence_ = false;      ///< format 2
    Xapian::termpos first_ = 0;  ///< format 2: the position of the first entry
    unsigned width_ = 0;
    std::size_t terms_ = 0;
    std::size_t table_ = 0;      ///< where the terms start
    std::size_t lengths_ = 0;    ///< where the terms' byte lengths start
    std::size_t positions_ = 0;  ///< where the positions start (format 2: the entries)
};

}  // namespace news::word_positions
