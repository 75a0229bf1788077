/// @file fuzz_support.hpp
/// @brief What the libFuzzer targets share: the fuzz input written to a file (for readers
/// that take a path), a visitor that checks the CorpusVisitor contract, and a way to stop
/// on a broken invariant that libFuzzer reports as a crash.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"

namespace news::fuzz {

/// `text` with every byte outside printable ASCII as \xNN: fuzz inputs are printed, and
/// they hold escape sequences by design.
inline std::string escaped(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out.push_back(ch);
        } else {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", c);
            out += hex;
        }
    }
    return out;
}

/// A broken invariant: printed, then abort(), which libFuzzer reports as a crash and
/// saves the input for.
[[noreturn]] inline void fail(std::string_view what, std::string_view detail = {}) {
    std::fprintf(stderr, "fuzz invariant broken: %.*s %s\n", static_cast<int>(what.size()), what.data(),
                 escaped(detail).c_str());
    std::abort();
}

inline void check(bool ok, std::string_view what, std::string_view detail = {}) {
    if (!ok) fail(what, detail);
}

/// zstd's frame magic number (little endian): an input starting with it is written as a
/// `.zst` file, so the fuzzer can also mutate compressed inputs (seeds include one).
inline bool looks_like_zstd(const std::uint8_t* data, std::size_t size) {
    return size >= 4 && data[0] == 0x28 && data[1] == 0xb5 && data[2] == 0x2f && data[3] == 0xfd;
}

/// One file per process, rewritten for every input: in /dev/shm (memory) when there is one,
/// so a run costs a few microseconds of system calls and no disk traffic. Removed at exit.
class InputFile {
  public:
    /// `extension` without the dot, e.g. "csv"; ".zst" is appended for zstd inputs.
    explicit InputFile(std::string_view extension) {
        const std::filesystem::path dir =
            std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
        const std::string stem = "news-fuzz-" + std::to_string(::getpid()) + "." + std::string(extension);
        plain_ = (dir / stem).string();
        zstd_ = plain_ + ".zst";
    }
    ~InputFile() {
        std::error_code ignored;
        std::filesystem::remove(plain_, ignored);
        std::filesystem::remove(zstd_, ignored);
    }
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    /// Writes the input and returns the path to read it from.
    const std::string& write(const std::uint8_t* data, std::size_t size) {
        const std::string& path = looks_like_zstd(data, size) ? zstd_ : plain_;
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
        out.close();
        if (!out) fail("cannot write the fuzz input to", path);
        return path;
    }

  private:
    std::string plain_, zstd_;
};

/// Discards what a reader finds, checking what CorpusVisitor promises: articles have an id
/// and text; skip reasons and warnings are one line (the indexer prints them as
/// "file:line: reason").
class CheckingVisitor : public CorpusVisitor {
  public:
    void on_article(Article&& article, const RecordLocation&) override {
        check(!article.id.empty(), "article delivered without an id");
        check(has_text(article), "article delivered without text", article.id);
        ++articles;
    }
    void on_skip(const RecordLocation&, std::string_view reason) override {
        check(!reason.empty() && reason.find('\n') == std::string_view::npos, "skip reason is not one line:", reason);
    }
    void on_warning(const RecordLocation&, std::string_view message) override {
        check(!message.empty() && message.find('\n') == std::string_view::npos, "warning is not one line:", message);
    }

    std::size_t articles = 0;
};

/// Fuzzes a reader of SGML elements (Reuters-21578, TREC) both ways: `parse(element,
/// date_warning)` on the input as one element, where a rejection must be a one-line
/// reason, and `read_file(path, visitor, max_element_bytes)` on the input as a file, with
/// a small element limit so that the fuzzer reaches "element longer than N bytes".
template <typename Parse, typename ReadFile>
void fuzz_sgml_reader(const std::uint8_t* data, std::size_t size, InputFile& file, Parse parse, ReadFile read_file) {
    constexpr std::size_t kMaxElementBytes = 8192;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string date_warning;
    try {
        (void)parse(text, date_warning);
    } catch (const std::invalid_argument& e) {
        check(std::string_view(e.what()).find('\n') == std::string_view::npos, "reason spans lines:", e.what());
    }
    CheckingVisitor visitor;
    read_file(file.write(data, size), visitor, kMaxElementBytes);
}

}  // namespace news::fuzz
