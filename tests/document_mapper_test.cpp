#include "common/document_mapper.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/readers/text_article.hpp"
#include "common/schema.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

Article seed() {
    Article a = parse_text_article(test::read_file(test::seed_article_path()));
    a.id = "seed/thehill-xi-cyber-dialogue";
    a.source = "TheHill";
    a.category = "seed";
    a.date = "2015-09-22T20:30:00";
    return a;
}

std::set<std::string> terms_of(const Xapian::Document& doc) { return {doc.termlist_begin(), doc.termlist_end()}; }

Xapian::termcount wdf_of(const Xapian::Document& doc, const std::string& term) {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    return (t != doc.termlist_end() && *t == term) ? t.get_wdf() : 0;
}

TEST(DocumentMapper, IndexesFieldsUnderTheirSchemaPrefixes) {
    DocumentMapper mapper;
    const auto terms = terms_of(mapper.to_document(seed()));
    for (const char* expected :
         {"Qseed/thehill-xi-cyber-dialogue", "XSOURCEthehill", "XCATseed", "Kchina", "Kcyberwarfare", "Y2015",
          "M201509", "D20150922", "Sdialogue", "ZSdialogu", "cybersecurity", "Zcybersecur"})
        EXPECT_TRUE(terms.count(expected)) << expected;
    for (const std::string& term : terms)
        EXPECT_FALSE(schema::body_word(term)) << term << ": no body copies (schema 10)";
    // Debris is not indexed: the template marker and the site navigation after Copyright.
    EXPECT_FALSE(terms.count("mosads"));
    EXPECT_FALSE(terms.count("nexstar"));
    EXPECT_FALSE(terms.count("popular"));
}

TEST(DocumentMapper, TitleWordsWeighMoreThanOneBodyOccurrence) {
    DocumentMapper mapper;
    const Xapian::Document doc = mapper.to_document(seed());
    EXPECT_EQ(wdf_of(doc, "Sready"), schema::kTitleWeight);  // "ready" once in the title
    EXPECT_GT(schema::kTitleWeight, 1u);
}

std::vector<Xapian::termpos> positions_of(const Xapian::Document& doc, const std::string& term) {
    return test::word_positions_of(doc, term);
}

TEST(DocumentMapper, CombinedFieldIsTitleAndBodyTogetherAtTheSamePositions) {
    DocumentMapper mapper;
    const Article article = seed();
    const Xapian::Document doc = mapper.to_document(article);
    const Xapian::termpos title_end = schema::kFieldGap;  // the seed's title is far shorter
    std::size_t combined = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if (!schema::is_combined_term(*t)) continue;
        ++combined;
        // "Zdialogu" -> "ZSdialogu"; "china" -> "Schina": the title's copy, whose wdf is the
        // title's share; the rest is the body's, one for each occurrence.
        const bool stemmed = (*t)[0] == 'Z';
        const std::string word = (*t).substr(stemmed ? 1 : 0);
        const std::string z = stemmed ? "Z" : "";
        const std::string title = z + std::string(schema::kTitlePrefix) + word;
        ASSERT_GE(t.get_wdf(), wdf_of(doc, title)) << *t;
        const Xapian::termcount in_body_wdf = t.get_wdf() - wdf_of(doc, title);
        // A title word the body lacks is marked so (schema 10), and only then.
        const std::string title_only = z + std::string(schema::kTitleOnlyPrefix) + word;
        EXPECT_EQ(terms_of(doc).count(title_only) == 1, wdf_of(doc, title) > 0 && in_body_wdf == 0) << *t;
        if (stemmed) continue;  // stemmed terms carry no positions (STEM_SOME)
        // In the title's range the combined term has the title term's positions; after it,
        // one position per occurrence in the body.
        std::vector<Xapian::termpos> in_title, in_body;
        for (Xapian::termpos p : positions_of(doc, *t)) (p < title_end ? in_title : in_body).push_back(p);
        EXPECT_EQ(in_title, positions_of(doc, title)) << *t;
        EXPECT_EQ(in_body.size(), in_body_wdf) << *t;
    }
    EXPECT_GT(combined, 100u);
    EXPECT_LT(article.title.size(), std::size_t{title_end});
    EXPECT_GT(wdf_of(doc, "ready"), schema::kTitleWeight) << "in the title, and in the body too";
    EXPECT_EQ(terms_of(doc).count("XTOready"), 0u);
}

TEST(DocumentMapper, StoresDateValuesAndTheWholeArticle) {
    DocumentMapper mapper;
    const Article a = seed();
    const Xapian::Document doc = mapper.to_document(a);
    EXPECT_EQ(doc.get_value(schema::kDateSlot), "20150922");
    // From schema 8 the time is in the tie-break key alone.
    EXPECT_EQ(doc.get_value(schema::kTimestampSlot), "");
    EXPECT_EQ(doc.get_value(schema::kTieBreakSlot), schema::tie_break_key("20150922203000", a.id));
    EXPECT_EQ(doc.get_value(schema::kContentHashSlot).size(), 8u);  // schema::kBinaryHashSchema
    EXPECT_EQ(mapper.stored_article(doc), a);
    mapper.set_schema_version(7);
    EXPECT_EQ(mapper.to_document(a).get_value(schema::kTimestampSlot), "20150922203000");
}

TEST(DocumentMapper, StoresTheTieBreakAndFacetValues) {
    DocumentMapper mapper;
    Article a = seed();
    a.category = "Politics";
    a.tags = {"Hacking", "china", "China", ""};
    const Xapian::Document doc = mapper.to_document(a);
    EXPECT_EQ(doc.get_value(schema::kTieBreakSlot), schema::tie_break_key("20150922203000", a.id));
    EXPECT_EQ(doc.get_value(schema::kCategorySlot), "Politics");
    EXPECT_EQ(schema::decode_list(doc.get_value(schema::kTagsSlot)), (std::vector<std::string>{"china", "hacking"}));
    a.date.clear();
    a.tags.clear();
    const Xapian::Document undated = mapper.to_document(a);
    EXPECT_EQ(undated.get_value(schema::kTieBreakSlot), schema::tie_break_key("", a.id));
    EXPECT_EQ(undated.get_value(schema::kTagsSlot), "");
}

TEST(DocumentMapper, ContentHashChangesOnlyWithTheArticle) {
    DocumentMapper mapper;
    Article a = seed();
    const std::string h1 = mapper.to_document(a).get_value(schema::kContentHashSlot);
    EXPECT_EQ(mapper.to_document(a).get_value(schema::kContentHashSlot), h1);
    a.body += " Updated.";
    EXPECT_NE(mapper.to_document(a).get_value(schema::kContentHashSlot), h1);
}

TEST(DocumentMapper, FirstWordsCutsBeforeTheWordPastTheLimit) {
    struct Case {
        std::string_view text;
        std::size_t max_words;
        std::string_view expect;
        std::size_t words;
    };
    for (const Case& c : {Case{"one two three", 2, "one two ", 2}, Case{"one two", 2, "one two", 2},
                          Case{"  café, naïve-ness!", 2, "  café, naïve-", 2}, Case{"a.b.c", 0, "", 0},
                          Case{"", 5, "", 0}, Case{"...", 1, "...", 0}}) {
        std::size_t words = 99;
        EXPECT_EQ(first_words(c.text, c.max_words, words), c.expect) << c.text;
        EXPECT_EQ(words, c.words) << c.text;
    }
}

TEST(DocumentMapper, TheShortestArticlesOverTheWordLimitAreStillFound) {
    // One-letter words with one space between: the densest text there is, which the size
    // shortcut must not wave through.
    std::string limit_words;
    for (std::size_t i = 0; i < kMaxIndexedWords; ++i) limit_words += i == 0 ? "a" : " a";
    EXPECT_FALSE(has_unindexed_words(test::article("x", "", limit_words)));
    EXPECT_TRUE(has_unindexed_words(test::article("x", "", limit_words + " a")));
    EXPECT_TRUE(has_unindexed_words(test::article("x", "a", limit_words)));  // the title's word counts first
}

TEST(DocumentMapper, OnlyTheFirstWordsOfAnOverlongArticleAreIndexedButAllAreStored) {
    Article a = test::article("long", "Title", "");
    for (std::size_t i = 0; i < kMaxIndexedWords; ++i) a.body += "w" + std::to_string(i) + " ";
    EXPECT_TRUE(has_unindexed_words(a));  // "Title" took one of the words
    DocumentMapper mapper;
    const Xapian::Document doc = mapper.to_document(a);
    EXPECT_EQ(mapper.stored_article(doc).body, a.body);
    std::set<std::string> terms(doc.termlist_begin(), doc.termlist_end());
    EXPECT_TRUE(terms.count("w" + std::to_string(kMaxIndexedWords - 2)));
    EXPECT_FALSE(terms.count("w" + std::to_string(kMaxIndexedWords - 1)));
    a.title.clear();
    EXPECT_FALSE(has_unindexed_words(a));
}

}  // namespace
}  // namespace news
