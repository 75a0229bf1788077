/// @file zstd_codec.hpp
/// @brief RAII wrappers over zstd: one-shot compression with reused contexts, and a
/// streaming file reader. The only place in the project that includes <zstd.h>.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct ZSTD_CDict_s;  // <zstd.h>'s ZSTD_CDict, which only zstd_codec.cpp includes

namespace news {

/// Thrown when compressed data is malformed or a zstd call fails.
class ZstdError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A zstd dictionary, ready for both directions. Immutable, so one can be shared by every
/// thread. Its id (in the dictionary's header, and in each frame compressed with it) is how
/// a frame names the dictionary it needs.
class ZstdDictionary {
  public:
    /// Throws ZstdError when `bytes` is not a zstd dictionary. Digested for decompression
    /// at once, for compression (at `level`) when first used: a searcher never compresses,
    /// and digesting for compression is costly (docs/benchmarks.md).
    ZstdDictionary(std::string bytes, int level);
    ~ZstdDictionary();
    ZstdDictionary(const ZstdDictionary&) = delete;
    ZstdDictionary& operator=(const ZstdDictionary&) = delete;

    std::uint32_t id() const { return id_; }
    const std::string& bytes() const { return bytes_; }

  private:
    friend class ZstdCompressor;
    friend class ZstdDecompressor;
    struct Digested;
    /// Thread-safe; made on first use.
    const ZSTD_CDict_s* compression_dictionary() const;
    std::string bytes_;
    std::uint32_t id_ = 0;
    std::unique_ptr<Digested> digested_;
};

/// Trains a dictionary of at most `capacity` bytes on `samples` (zstd's ZDICT); nullopt when
/// zstd finds too little to learn from.
std::optional<std::string> train_zstd_dictionary(const std::vector<std::string>& samples, std::size_t capacity);

/// The dictionary id a frame names in its header; 0 when none (or not a frame).
std::uint32_t zstd_frame_dictionary(std::string_view frame);

/// Compresses independent buffers, reusing one context (zstd's advice for repeated calls).
/// Not thread-safe: one per thread.
class ZstdCompressor {
  public:
    explicit ZstdCompressor(int level = 3);
    ~ZstdCompressor();
    ZstdCompressor(const ZstdCompressor&) = delete;
    ZstdCompressor& operator=(const ZstdCompressor&) = delete;

    /// Appends one complete zstd frame (content size recorded in the header) to `out`.
    void compress(std::string_view plain, std::string& out);
    /// The same with a dictionary (at the dictionary's level), whose id the frame records.
    void compress(std::string_view plain, std::string& out, const ZstdDictionary& dictionary);

  private:
    struct Context;
    std::unique_ptr<Context> ctx_;
    int level_;
};

/// Decompresses single frames produced by ZstdCompressor, reusing one context.
class ZstdDecompressor {
  public:
    ZstdDecompressor();
    ~ZstdDecompressor();
    ZstdDecompressor(const ZstdDecompressor&) = delete;
    ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

    /// Decompresses one frame whose header records its content size. Throws ZstdError when
    /// the frame is malformed, truncated, has no recorded size, or would exceed `max_size`.
    std::string decompress(std::string_view frame, std::size_t max_size);
    /// The same for a frame compressed with `dictionary`.
    std::string decompress(std::string_view frame, std::size_t max_size, const ZstdDictionary& dictionary);

  private:
    std::string decompress_frame(std::string_view frame, std::size_t max_size, const ZstdDictionary* dictionary);
    struct Context;
    std::unique_ptr<Context> ctx_;
};

/// Streams the decompressed content of a .zst file (one or more concatenated frames) in
/// chunks, never holding the whole file. A truncated file raises ZstdError at its end.
class ZstdFileReader {
  public:
    /// Throws std::runtime_error when the file cannot be opened.
    explicit ZstdFileReader(const std::string& path);
    ~ZstdFileReader();
    ZstdFileReader(const ZstdFileReader&) = delete;
    ZstdFileReader& operator=(const ZstdFileReader&) = delete;

    /// Replaces `chunk` with the next piece of decompressed data; false at a clean end.
    bool read(std::string& chunk);

    /// Compressed bytes consumed so far (for progress reporting).
    std::size_t compressed_bytes_read() const { return compressed_read_; }

  private:
    struct Context;
    std::unique_ptr<Context> ctx_;
    std::size_t compressed_read_ = 0;
};

/// The version of the zstd library in use, e.g. "1.5.4".
std::string zstd_version();

}  // namespace news
