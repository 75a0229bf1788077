#include "common/readers/line_reader.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "common/zstd_codec.hpp"

namespace news {

namespace {

constexpr std::size_t kPlainChunkBytes = 64u << 10;

}  // namespace

/// Where the bytes come from: a plain file or a zstd stream. Either way it hands out
/// bounded chunks, so LineReader alone decides how much stays in memory.
class LineReader::Source {
  public:
    explicit Source(const std::string& path) : path_(path) {
        if (std::string_view(path).ends_with(".zst")) {
            zstd_ = std::make_unique<ZstdFileReader>(path);
            return;
        }
        file_.reset(std::fopen(path.c_str(), "rb"));
        if (!file_) throw std::runtime_error(path + ": " + std::strerror(errno));
    }

    /// Replaces `chunk` with the next bytes; false at the end of the data.
    bool read(std::string& chunk) {
        if (zstd_) return zstd_->read(chunk);
        chunk.resize(kPlainChunkBytes);
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), file_.get());
        chunk.resize(n);
        if (n == 0 && std::ferror(file_.get())) throw std::runtime_error(path_ + ": " + std::strerror(errno));
        plain_bytes_read_ += n;
        return n > 0;
    }

    /// Reads on past the next '\n' and puts what follows it in `rest`; false when the data
    /// ends first, or `stop` says to. Used for oversized lines: their bytes are dropped
    /// chunk by chunk.
    bool skip_past_newline(std::string& rest, const std::function<bool()>& stop) {
        std::string chunk;
        while (!(stop && stop()) && read(chunk)) {
            const std::size_t newline = chunk.find('\n');
            if (newline != std::string::npos) {
                rest.assign(chunk, newline + 1);
                return true;
            }
        }
        rest.clear();
        return false;
    }

    std::size_t bytes_read() const { return zstd_ ? zstd_->compressed_bytes_read() : plain_bytes_read_; }

  private:
    std::string path_;
    std::unique_ptr<ZstdFileReader> zstd_;
    std::unique_ptr<std::FILE, decltype(&std::fclose)> file_{nullptr, std::fclose};
    std::size_t plain_bytes_read_ = 0;
};

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes, std::function<bool()> stop)
    : source_(std::make_unique<Source>(path)), max_line_bytes_(max_line_bytes), stop_(std::move(stop)) {}

LineReader::~LineReader() = default;

std::size_t LineReader::bytes_read() const { return source_->bytes_read(); }

bool LineReader::next(std::string& line, bool& oversized) {
    line.clear();
    oversized = false;
    std::string chunk;
    std::size_t scanned = pos_;  // no '\n' between pos_ and here: don't search it twice
    std::size_t end = 0;         // one past the line's last byte
    for (;;) {
        end = buffer_.find('\n', scanned);
        if (end != std::string::npos) break;
        if (eof_) {
            if (pos_ == buffer_.size()) return false;
            end = buffer_.size();  // the last line has no line ending
            break;
        }
        // One byte of slack for the '\r' of a "\r\n" line that is exactly at the limit.
        if (buffer_.size() - pos_ > max_line_bytes_ + 1) {
            eof_ = !source_->skip_past_newline(buffer_, stop_);
            pos_ = 0;
            oversized = true;
            ++line_number_;
            return true;
        }
        buffer_.erase(0, pos_);  // keep only the unfinished line before reading on
        pos_ = 0;
        scanned = buffer_.size();
        if (stop_ && stop_()) {
            eof_ = true;
            buffer_.clear();  // an unfinished line is not a line
            return false;
        }
        if (source_->read(chunk)) {
            buffer_ += chunk;
        } else {
            eof_ = true;
        }
    }
    const std::size_t next_pos = end < buffer_.size() ? end + 1 : end;
    if (end > pos_ && buffer_[end - 1] == '\r') --end;
    ++line_number_;
    if (end - pos_ > max_line_bytes_) {
        oversized = true;
    } else {
        line.assign(buffer_, pos_, end - pos_);
    }
    pos_ = next_pos;
    return true;
}

}  // namespace news
