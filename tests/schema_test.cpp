#include "common/schema.hpp"

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

}  // namespace
}  // namespace news
