/// @file line_reader.hpp
/// @brief Reads a text file line by line, transparently decompressing `.zst` files.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace news {

/// Streams lines from a plain or zstd-compressed file (chosen by the `.zst` extension),
/// never loading the whole file. Handles "\n" and "\r\n" endings; the last line may lack
/// one. Lines longer than `max_line_bytes` (not counting the line ending) are not returned
/// whole: next() reports them through `oversized` so the caller can skip them; memory stays
/// bounded by about `max_line_bytes` plus one read chunk (64 KiB plain, 128 KiB zstd).
/// An input may never end (/dev/zero, a pipe that keeps writing): `stop` is asked between
/// chunks, so that a stop request ends even a line that is being skipped.
class LineReader {
  public:
    static constexpr std::size_t kDefaultMaxLineBytes = 64u << 20;  // 64 MiB

    /// Throws std::runtime_error ("path: reason") when the file cannot be opened. `stop`,
    /// when given, is asked between chunks; once it returns true, next() returns false.
    explicit LineReader(const std::string& path, std::size_t max_line_bytes = kDefaultMaxLineBytes,
                        std::function<bool()> stop = {});
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    /// Reads the next line into `line` (without its line ending). Returns false at the end,
    /// or when `stop` asked to stop.
    /// Sets `oversized` when the line exceeded the limit (then `line` is empty and the rest
    /// of that line was discarded). Throws news::ZstdError for corrupt or truncated .zst data
    /// and std::runtime_error on read errors.
    bool next(std::string& line, bool& oversized);

    /// 1-based number of the line last returned by next().
    std::size_t line_number() const { return line_number_; }

    /// Bytes of the file consumed so far (compressed bytes for .zst), for progress.
    std::size_t bytes_read() const;

  private:
    class Source;
    std::unique_ptr<Source> source_;
    std::string buffer_;
    std::size_t pos_ = 0;
    std::size_t line_number_ = 0;
    std::size_t max_line_bytes_;
    bool eof_ = false;
    std::function<bool()> stop_;
};

}  // namespace news
