/// @file stored_record.hpp
/// @brief The stored-record format: the whole article kept in Xapian's document data.
///
/// Layout (version 2):
///   byte 0     format version (2)
///   byte 1     codec: 0 = raw, 1 = zstd, 2 = zstd with a dictionary, whose id the frame
///              header names (the dictionaries are in the database: schema.hpp,
///              kRecordDictionaryKey); 3 and 4 = 1 and 2 with a bare frame: without the
///              4-byte magic number zstd starts every frame with (from schema 13,
///              schema::kBareFrameSchema: 4 bytes of a headline's 112)
///   bytes 2..  codec 0: the payload; otherwise the payload's id field as it is, then one
///              zstd frame of the rest of the payload (so the id is read without
///              decompressing: ids-only output, decode_id())
/// payload = fields id, title, body, date, source, category, url, each as
///           varint(byte length) + bytes, then varint(tag count) and each tag the same way,
///           then, only when the article has tags_unseparated (from schema 9) or a
///           language (issue 16), a varint of flags: bit 0 tags_unseparated, bit 1 a
///           language field (varint length + bytes, not empty) follows; no other bit and
///           not 0 is valid. A record without either is what it was before the flags.
/// Version 1 compressed the whole payload, id included. It is still read, and from schema 13
/// written again for short payloads (up to 512 bytes: headlines), whose id was a fifth of
/// the record when kept apart.
/// Small records that zstd cannot shrink are stored raw. Decoding rejects unknown versions
/// and codecs, truncated or trailing bytes and implausible sizes, so a damaged record is an
/// error, never a wrong article.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.hpp"
#include "common/zstd_codec.hpp"

namespace news {

inline constexpr unsigned char kStoredRecordVersion = 2;

/// A stored record that cannot be decoded.
class CorruptRecordError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Finds the dictionary with a given id; nullptr when there is none.
using DictionaryLookup = std::function<std::shared_ptr<const ZstdDictionary>(std::uint32_t id)>;

/// zstd level of stored records without a dictionary.
inline constexpr int kRecordZstdLevel = 3;
/// zstd level of stored records with a dictionary. Measured on the bundled corpus (record
/// bytes / raw title+body bytes): level 3 0.43, 6 0.42, 9 0.40, 12 0.39, 19 0.38. Compression
/// alone, timed apart (2026-12-07, records of 5,000 news-fulltext articles with their trained
/// dictionary, best of 3): level 3 95 MB/s and 0.370 of the payload, level 12 21 MB/s and
/// 0.335. Level 12 was the choice until the position table left (--compact-positions) and
/// zstd grew to 18% of indexing's CPU on full text; level 6 takes 11% (perf, 5,000 articles
/// of news-fulltext, one thread) for records 4.6% larger there (0.8% of the database) and
/// 2.8% larger on headlines (2026-12-08, docs/benchmarks.md, "Indexing CPU").
inline constexpr int kDictionaryZstdLevel = 6;

/// Encodes and decodes stored records, reusing zstd contexts. One per thread.
class RecordCodec {
  public:
    /// Encodes with `dictionary` when given (codec 2), else codec 1.
    explicit RecordCodec(int zstd_level = kRecordZstdLevel, std::shared_ptr<const ZstdDictionary> dictionary = nullptr);
    ~RecordCodec();
    RecordCodec(RecordCodec&&) noexcept;
    RecordCodec& operator=(RecordCodec&&) noexcept;

    std::string encode(const Article& article);
    /// The record of a payload made by record_payload().
    std::string encode_payload(std::string_view payload);
    /// Throws CorruptRecordError with the reason when `data` is not a valid record, or
    /// names a dictionary the lookup does not find.
    Article decode(std::string_view data);
    /// Only the article's id: read as it is, without decompressing (version 2).
    std::string decode_id(std::string_view data);

    /// Where decode() finds the dictionaries of codec-2 records (by default: nowhere).
    void set_dictionary_lookup(DictionaryLookup lookup);
    /// Encodes bare frames (codecs 3 and 4) when true, which schemas before 13 cannot read
    /// (by default: false). Decoding reads every codec.
    void set_bare_frames(bool bare);

  private:
    std::string decompress(unsigned char codec, std::string_view frame);
    std::string decompress_with_dictionary(std::string_view frame);

    struct Codecs;
    std::unique_ptr<Codecs> codecs_;
};

/// The uncompressed payload of an article's record: what a dictionary is trained on.
std::string record_payload(const Article& article);

/// A dictionary for stored records trained on `sample` (the first articles of a corpus);
/// nullptr when the sample is too small to learn from.
std::shared_ptr<const ZstdDictionary> train_record_dictionary(const std::vector<Article>& sample);

}  // namespace news
