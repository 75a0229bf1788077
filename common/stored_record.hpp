/// @file stored_record.hpp
/// @brief The stored-record format: the whole article kept in Xapian's document data.
///
/// Layout (version 1):
///   byte 0     format version (1)
///   byte 1     codec: 0 = raw payload, 1 = one zstd frame of the payload
///   bytes 2..  payload
/// payload = fields id, title, body, date, source, category, url, each as
///           varint(byte length) + bytes, then varint(tag count) and each tag the same way.
/// Small records that zstd cannot shrink are stored raw. Decoding rejects unknown versions
/// and codecs, truncated or trailing bytes and implausible sizes, so a damaged record is an
/// error, never a wrong article.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/article.hpp"

namespace news {

inline constexpr unsigned char kStoredRecordVersion = 1;

/// A stored record that cannot be decoded.
class CorruptRecordError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Encodes and decodes stored records, reusing zstd contexts. One per thread.
class RecordCodec {
  public:
    explicit RecordCodec(int zstd_level = 3);
    ~RecordCodec();
    RecordCodec(RecordCodec&&) noexcept;
    RecordCodec& operator=(RecordCodec&&) noexcept;

    std::string encode(const Article& article);
    /// Throws CorruptRecordError with the reason when `data` is not a valid record.
    Article decode(std::string_view data);

  private:
    struct Codecs;
    std::unique_ptr<Codecs> codecs_;
};

}  // namespace news
