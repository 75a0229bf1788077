/// @file zstd_codec.hpp
/// @brief RAII wrappers over zstd: one-shot compression with reused contexts, and a
/// streaming file reader. The only place in the project that includes <zstd.h>.
#pragma once

#include <cstddef>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

namespace news {

/// Thrown when compressed data is malformed or a zstd call fails.
class ZstdError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

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

  private:
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
