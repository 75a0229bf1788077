#include "common/utf8.hpp"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "tests/test_support.hpp"

namespace news {
namespace {

TEST(ValidUtf8, AcceptsTheRealCorpusText) {
    EXPECT_TRUE(valid_utf8(test::read_file(test::seed_article_path())));  // curly quotes, no-break spaces
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    EXPECT_TRUE(valid_utf8(test::read_file(test::shared_path("corpus/bbc.jsonl"))));
}

TEST(ValidUtf8, RejectsTheOriginalLatin1PoundSignOfTheBbcCorpus) {
    // bbc/sport/199.txt originally held "£" as the single Latin-1 byte 0xA3.
    std::size_t bad = 99;
    EXPECT_FALSE(
        valid_utf8("Cost: \xA3"
                   "5m",
                   &bad));
    EXPECT_EQ(bad, 6u);
    EXPECT_TRUE(
        valid_utf8("Cost: \xC2\xA3"
                   "5m",
                   &bad));
}

struct Utf8Case {
    const char* name;
    std::string_view bytes;
    std::size_t bad_offset;  // npos: valid
};

constexpr std::size_t kValid = std::string_view::npos;

TEST(ValidUtf8, FollowsRfc3629ByteRangesAndReportsTheFirstBadByte) {
    using namespace std::string_view_literals;
    const Utf8Case cases[] = {
        {"empty", ""sv, kValid},
        {"ascii with NUL", "a\0b"sv, kValid},
        {"two-byte", "\xC3\xA9"sv, kValid},
        {"three-byte", "\xE2\x80\x99"sv, kValid},
        {"four-byte", "\xF0\x9F\x93\xB0"sv, kValid},
        {"highest code point U+10FFFF", "\xF4\x8F\xBF\xBF"sv, kValid},
        {"last before surrogates U+D7FF", "\xED\x9F\xBF"sv, kValid},
        {"first after surrogates U+E000", "\xEE\x80\x80"sv, kValid},
        {"long ascii run then a bad byte", "0123456789abcdefghij\x80"sv, 20},
        {"stray continuation byte", "ab\x80"sv, 2},
        {"overlong two-byte C0", "\xC0\xAF"sv, 0},
        {"overlong two-byte C1", "x\xC1\xBF"sv, 1},
        {"overlong three-byte", "\xE0\x80\xAF"sv, 0},
        {"overlong four-byte", "\xF0\x80\x80\xAF"sv, 0},
        {"surrogate U+D800", "ok \xED\xA0\x80"sv, 3},
        {"above U+10FFFF", "\xF4\x90\x80\x80"sv, 0},
        {"F5 lead byte", "\xF5\x80\x80\x80"sv, 0},
        {"FF byte", "\xFF"sv, 0},
        {"truncated two-byte at end", "abc\xC3"sv, 3},
        {"truncated four-byte at end", "\xF0\x9F\x93"sv, 0},
        {"lead byte followed by ascii", "\xE2\x80x"sv, 0},
        {"bad byte after valid multibyte", "\xE2\x80\x99\xA0"sv, 3},
    };
    for (const Utf8Case& c : cases) {
        std::size_t bad = 12345;
        EXPECT_EQ(valid_utf8(c.bytes, &bad), c.bad_offset == kValid) << c.name;
        if (c.bad_offset != kValid) {
            EXPECT_EQ(bad, c.bad_offset) << c.name;
        }
    }
}

TEST(ValidUtf8, BadOffsetMayBeOmitted) { EXPECT_FALSE(valid_utf8("\xFF", nullptr)); }

}  // namespace
}  // namespace news
