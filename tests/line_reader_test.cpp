#include "common/readers/line_reader.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <fstream>
#include <string>
#include <vector>

#include "common/zstd_codec.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using test::TempDir;

struct Lines {
    std::vector<std::string> text;
    std::vector<bool> oversized;
    std::vector<std::size_t> numbers;
};

Lines read_all(const std::filesystem::path& path, std::size_t max_line_bytes = LineReader::kDefaultMaxLineBytes) {
    LineReader reader(path.string(), max_line_bytes);
    Lines lines;
    std::string line;
    bool oversized = false;
    while (reader.next(line, oversized)) {
        lines.text.push_back(line);
        lines.oversized.push_back(oversized);
        lines.numbers.push_back(reader.line_number());
    }
    return lines;
}

/// Splits like std::getline: the text after the last '\n' is a line only if not empty.
std::vector<std::string> split_lines(const std::string& content) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    for (std::size_t nl; (nl = content.find('\n', start)) != std::string::npos; start = nl + 1)
        lines.push_back(content.substr(start, nl - start));
    if (start < content.size()) lines.push_back(content.substr(start));
    return lines;
}

/// Writes `content` as a .zst file of concatenated frames of at most `frame_bytes` each.
void write_zst(const std::filesystem::path& path, const std::string& content, std::size_t frame_bytes = 1u << 20) {
    ZstdCompressor compressor(1);
    std::string compressed;
    std::size_t pos = 0;
    do {  // empty content still gets one (empty) frame, as `zstd` writes it
        compressor.compress(std::string_view(content).substr(pos, frame_bytes), compressed);
        pos += frame_bytes;
    } while (pos < content.size());
    test::write_file(path, compressed);
}

TEST(LineReader, ReadsTheSeedArticleLineByLineWithNumbers) {
    const std::string content = test::read_file(test::seed_article_path());
    const Lines lines = read_all(test::seed_article_path());
    EXPECT_EQ(lines.text, split_lines(content));
    ASSERT_EQ(lines.text.size(), 52u);
    EXPECT_EQ(lines.text.front(),
              "Xi: \xE2\x80\x98"
              "China is ready\xE2\x80\x99 for cyber crime dialogue");
    EXPECT_EQ(lines.text.back(), "See all Video");  // the file does not end with a newline
    for (std::size_t i = 0; i < lines.numbers.size(); ++i) EXPECT_EQ(lines.numbers[i], i + 1);
}

TEST(LineReader, StripsCarriageReturnsOfCrLfLines) {
    TempDir dir;
    std::string crlf;
    for (const std::string& line : split_lines(test::read_file(test::seed_article_path()))) crlf += line + "\r\n";
    test::write_file(dir / "crlf.txt", crlf);
    EXPECT_EQ(read_all(dir / "crlf.txt").text, split_lines(test::read_file(test::seed_article_path())));
}

TEST(LineReader, KeepsEmptyLinesAndALoneCarriageReturnInsideALine) {
    TempDir dir;
    test::write_file(dir / "a.txt", "first\n\n\nmiddle\rstill middle\r\n\r\nlast");
    const std::vector<std::string> expected = {"first", "", "", "middle\rstill middle", "", "last"};
    EXPECT_EQ(read_all(dir / "a.txt").text, expected);
}

TEST(LineReader, EmptyFileHasNoLines) {
    TempDir dir;
    test::write_file(dir / "empty.jsonl", "");
    write_zst(dir / "empty.jsonl.zst", "");
    EXPECT_TRUE(read_all(dir / "empty.jsonl").text.empty());
    EXPECT_TRUE(read_all(dir / "empty.jsonl.zst").text.empty());
}

TEST(LineReader, ZstdFileGivesTheSameLinesAsItsPlainOriginal) {
    const Lines zst = read_all(test::project_path("corpus/bbc.jsonl.zst"));
    ASSERT_EQ(zst.text.size(), 2225u);
    EXPECT_EQ(zst.text.front().rfind("{\"id\": \"bbc/business/001\"", 0), 0u);
    EXPECT_EQ(zst.text.back().rfind("{\"id\": \"bbc/tech/401\"", 0), 0u);
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    EXPECT_EQ(zst.text, split_lines(test::read_file(test::shared_path("corpus/bbc.jsonl"))));
}

TEST(LineReader, ReadsAcrossZstdFrameBoundariesThatSplitLines) {
    TempDir dir;
    const std::string content = test::read_file(test::seed_article_path());
    write_zst(dir / "seed.txt.zst", content, 100);  // frames end mid-line and mid-character
    EXPECT_EQ(read_all(dir / "seed.txt.zst").text, split_lines(content));
}

TEST(LineReader, ReportsBytesReadForProgress) {
    const auto path = test::project_path("corpus/bbc.jsonl.zst");
    LineReader reader(path.string());
    std::string line;
    bool oversized = false;
    ASSERT_TRUE(reader.next(line, oversized));
    EXPECT_GT(reader.bytes_read(), 0u);
    while (reader.next(line, oversized)) {
    }
    EXPECT_EQ(reader.bytes_read(), std::filesystem::file_size(path));  // compressed bytes
}

TEST(LineReader, OversizedLineIsFlaggedEmptyAndReadingContinues) {
    TempDir dir;
    test::write_file(dir / "a.jsonl", "short\n" + std::string(100, 'x') + "\nexactly 16 bytes\r\nafter");
    const Lines lines = read_all(dir / "a.jsonl", 16);
    EXPECT_EQ(lines.text, (std::vector<std::string>{"short", "", "exactly 16 bytes", "after"}));
    EXPECT_EQ(lines.oversized, (std::vector<bool>{false, true, false, false}));
    EXPECT_EQ(lines.numbers, (std::vector<std::size_t>{1, 2, 3, 4}));
}

TEST(LineReader, OversizedLastLineWithoutNewlineEndsTheFile) {
    TempDir dir;
    test::write_file(dir / "a.jsonl", "ok\n" + std::string(1000, 'y'));
    const Lines lines = read_all(dir / "a.jsonl", 10);
    EXPECT_EQ(lines.oversized, (std::vector<bool>{false, true}));
}

/// Peak resident memory in KiB since the last reset, or -1 where /proc cannot tell.
long peak_rss_kib_after_reset(bool reset) {
    if (reset) {
        std::ofstream clear("/proc/self/clear_refs");
        clear << "5";  // resets VmHWM (Linux >= 4.0)
        if (!clear) return -1;
    }
    std::ifstream status("/proc/self/status");
    for (std::string key; status >> key;) {
        long value = 0;
        if (key == "VmHWM:" && status >> value) return value;
        status.ignore(1 << 10, '\n');
    }
    return -1;
}

TEST(LineReader, HundredMegabyteLineIsSkippedWithoutBeingHeldInMemory) {
    TempDir dir;
    {
        // Compressed 1 MiB at a time so the test itself never holds the 100 MB line.
        const std::string block(1u << 20, 'x');
        ZstdCompressor compressor(1);
        std::string compressed;
        compressor.compress("{\"title\": \"before\"}\n", compressed);
        for (int i = 0; i < 100; ++i) compressor.compress(block, compressed);
        compressor.compress("\n{\"title\": \"after\"}\n", compressed);
        test::write_file(dir / "huge.jsonl.zst", compressed);
    }
    const long peak_before = peak_rss_kib_after_reset(true);
    const Lines lines = read_all(dir / "huge.jsonl.zst", 1u << 20);
    const long peak_after = peak_rss_kib_after_reset(false);

    EXPECT_EQ(lines.text, (std::vector<std::string>{"{\"title\": \"before\"}", "", "{\"title\": \"after\"}"}));
    EXPECT_EQ(lines.oversized, (std::vector<bool>{false, true, false}));
    if (peak_before < 0 || peak_after < 0) GTEST_SKIP() << "no /proc/self/clear_refs: memory peak not checked";
    EXPECT_LT(peak_after - peak_before, 32L << 10) << "peak grew by " << (peak_after - peak_before) << " KiB";
}

TEST(LineReader, TruncatedZstdFileThrowsAfterItsCompleteLines) {
    TempDir dir;
    const std::string full = test::read_file(test::project_path("corpus/bbc.jsonl.zst"));
    test::write_file(dir / "cut.jsonl.zst", full.substr(0, full.size() / 2));
    LineReader reader((dir / "cut.jsonl.zst").string());
    std::string line;
    bool oversized = false;
    std::size_t complete = 0;
    EXPECT_THROW(
        {
            while (reader.next(line, oversized)) ++complete;
        },
        ZstdError);
    EXPECT_GT(complete, 500u);
    EXPECT_LT(complete, 2225u);
}

TEST(LineReader, MissingFileThrowsWithItsPath) {
    TempDir dir;
    for (const char* name : {"missing.jsonl", "missing.jsonl.zst"}) {
        const std::string path = (dir / name).string();
        try {
            LineReader reader(path);
            ADD_FAILURE() << "no exception for " << path;
        } catch (const std::runtime_error& e) {
            EXPECT_EQ(std::string(e.what()).rfind(path + ": ", 0), 0u) << e.what();
        }
    }
}

}  // namespace
}  // namespace news
