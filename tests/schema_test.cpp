#include "common/schema.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace news {
namespace {

TEST(Schema, ShortIdsBecomeQPrefixedTermsUnchanged) {
    EXPECT_EQ(schema::id_term("bbc/tech/001"), "Qbbc/tech/001");
}

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

TEST(Schema, TieBreakKeysSortNewestFirstThenByIdThenUndated) {
    const std::vector<std::string> ascending = {
        schema::tie_break_key("20150922203000", "b"),  // newest
        schema::tie_break_key("20150922000000", "a"),
        schema::tie_break_key("20150922000000", "b"),  // same time: smaller id first
        schema::tie_break_key("19870226150101", "a"),
        schema::tie_break_key("", "a"),                // undated last
        schema::tie_break_key("not a date", "b"),
    };
    EXPECT_TRUE(std::is_sorted(ascending.begin(), ascending.end()));
    EXPECT_EQ(std::adjacent_find(ascending.begin(), ascending.end()), ascending.end());
    EXPECT_EQ(schema::tie_break_key("20150922203000", "bbc/1"), "79849077796999bbc/1");
}

TEST(Schema, ListValuesRoundTripAnyBytes) {
    const std::vector<std::string> items = {"china", "", "a:b", "12:x", std::string("nul\0byte", 9), "hacking"};
    EXPECT_EQ(schema::decode_list(schema::encode_list(items)), items);
    EXPECT_EQ(schema::encode_list({"china", "xi"}), "5:china2:xi");
    EXPECT_TRUE(schema::decode_list("").empty());
    EXPECT_EQ(schema::decode_list("5:china9:short"), std::vector<std::string>{"china"});  // damaged tail ignored
    EXPECT_EQ(schema::decode_list("x:y"), std::vector<std::string>{});
}

}  // namespace
}  // namespace news
