#include "common/schema.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/hash.hpp"

namespace news {
namespace {

TEST(Schema, ShortIdsBecomeQPrefixedTermsUnchanged) { EXPECT_EQ(schema::id_term("bbc/tech/001"), "Qbbc/tech/001"); }

TEST(Schema, LongIdsAreShortenedStablyAndStayDistinct) {
    const std::string a = "https://example.com/" + std::string(400, 'a') + "/1";
    const std::string b = "https://example.com/" + std::string(400, 'a') + "/2";
    EXPECT_LE(schema::id_term(a).size(), 245u);  // Xapian's glass term limit
    EXPECT_EQ(schema::id_term(a), schema::id_term(a));
    EXPECT_NE(schema::id_term(a), schema::id_term(b));
}

TEST(Schema, FilterTermsAreLowercased) {
    EXPECT_EQ(schema::filter_term(schema::kSourcePrefix, "BBC"), "XSOURCEbbc");
    EXPECT_EQ(schema::filter_term(schema::kTagPrefix, "Xi"), "Kxi");
}

TEST(Schema, TextTermsAreTitleBodyAndCombinedTermsNotFilters) {
    for (const char* t : {"Schina", "ZSchina", "XBcyber", "ZXBcyber", "S:Xi", "china", "Zchina", "2015", "été"})
        EXPECT_TRUE(schema::is_text_term(t)) << t;
    for (const char* t : {"XSOURCEbbc", "XCATtech", "Kchina", "Qbbc/tech/001", "Y2015", "S", "Z", ""})
        EXPECT_FALSE(schema::is_text_term(t)) << t;
}

TEST(Schema, CombinedTermsAreTheUnprefixedWordsOnly) {
    for (const char* t : {"china", "Zchina", "2015", "été"}) EXPECT_TRUE(schema::is_combined_term(t)) << t;
    for (const char* t : {"Schina", "ZSchina", "XBcyber", "ZXBcyber", "Kchina", "Y2015", "Z", ""})
        EXPECT_FALSE(schema::is_combined_term(t)) << t;
}

TEST(Schema, TieBreakKeysSortNewestFirstThenUndatedAndFitStringsInlineBuffer) {
    const std::string long_id(80, 'x');
    const std::vector<std::string> ascending = {
        schema::tie_break_key("20150922203000", long_id),  // newest, whatever the id
        schema::tie_break_key("20150922000000", "b"), schema::tie_break_key("19870226150101", "a"),
        schema::tie_break_key("", "a"),  // undated last
    };
    EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end()));
    for (const std::string& key : ascending) EXPECT_EQ(key.size(), 15u);  // no heap allocation
    EXPECT_EQ(schema::tie_break_key("not a date", "a"), schema::tie_break_key("", "a"));
    // Same time: a fixed order of ids, by their hash.
    const std::string a = schema::tie_break_key("20150922000000", "a");
    const std::string b = schema::tie_break_key("20150922000000", "b");
    EXPECT_NE(a, b);
    EXPECT_EQ(a < b, fnv1a64("a") < fnv1a64("b"));
    // 99 minus each pair of digits, then the id's hash big-endian.
    std::string expected = "\x4f\x54\x5a\x4d\x4f\x45\x63";  // 20 15 09 22 20 30 00
    for (int shift = 56; shift >= 0; shift -= 8)
        expected.push_back(static_cast<char>((fnv1a64("bbc/1") >> shift) & 0xff));
    EXPECT_EQ(schema::tie_break_key("20150922203000", "bbc/1"), expected);
}

TEST(Schema, TieBreakKeysOfSchema4AreInvertedDigitsThenTheId) {
    const std::vector<std::string> ascending = {
        schema::tie_break_key("20150922203000", "b", 4), schema::tie_break_key("20150922000000", "a", 4),
        schema::tie_break_key("20150922000000", "b", 4),  // same time: smaller id first
        schema::tie_break_key("19870226150101", "a", 4), schema::tie_break_key("", "a", 4),  // undated last
    };
    EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end()));
    EXPECT_EQ(schema::tie_break_key("20150922203000", "bbc/1", 4), "79849077796999bbc/1");
}

TEST(Schema, ListValuesRoundTripAnyBytes) {
    const std::vector<std::string> items = {"china", "", "a:b", "12:x", std::string("nul\0byte", 8), "hacking"};
    EXPECT_EQ(schema::decode_list(schema::encode_list(items)), items);
    EXPECT_EQ(schema::encode_list({"china", "xi"}), "5:china2:xi");
    EXPECT_TRUE(schema::decode_list("").empty());
    EXPECT_EQ(schema::decode_list("5:china9:short"), std::vector<std::string>{"china"});  // damaged tail ignored
    EXPECT_EQ(schema::decode_list("x:y"), std::vector<std::string>{});
}

}  // namespace
}  // namespace news
