/// Schema 10: body words live in the combined field alone; a title word the body lacks is
/// marked (schema::kTitleOnlyPrefix), and `body:` matches the same articles as schema 9's
/// body terms did.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/document_mapper.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

std::vector<std::string> terms_of(const Xapian::Document& doc) {
    std::vector<std::string> terms;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) terms.push_back(*t);
    return terms;
}

bool has(const std::vector<std::string>& terms, const std::string& term) {
    return std::find(terms.begin(), terms.end(), term) != terms.end();
}

bool has_body_term(const std::vector<std::string>& terms) {
    return std::any_of(terms.begin(), terms.end(), [](const std::string& t) { return schema::body_word(t); });
}

TEST(BodyWords, OnlyTheTitleWordsTheBodyLacksAreMarkedAndNoBodyTermIsWritten) {
    DocumentMapper mapper;
    const Article a = test::article("a", "Interest rates rise", "The bank raised its rate. Rates are high.");
    const auto terms = terms_of(mapper.to_document(a));
    EXPECT_FALSE(has_body_term(terms));
    EXPECT_TRUE(has(terms, "XTOinterest"));
    EXPECT_TRUE(has(terms, "ZXTOinterest"));
    EXPECT_TRUE(has(terms, "XTOrise"));
    EXPECT_TRUE(has(terms, "ZXTOrise")) << "\"raised\" is another stem";
    EXPECT_FALSE(has(terms, "XTOrates")) << "the body has \"Rates\"";
    EXPECT_FALSE(has(terms, "ZXTOrate")) << "the body has \"rate\"";
    EXPECT_FALSE(has(terms, "XTObank")) << "only title words are marked";
    EXPECT_TRUE(has(terms, "bank"));
    // The markers weigh nothing: the document is as long as its words.
    const Xapian::Document doc = mapper.to_document(a);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.find(schema::kTitleOnlyPrefix) == std::string::npos) continue;
        EXPECT_EQ(t.get_wdf(), 0u) << term;
    }

    mapper.set_schema_version(schema::kBodyInCombinedSchema - 1);
    const auto old = terms_of(mapper.to_document(a));
    EXPECT_TRUE(has(old, "XBbank")) << "an older database keeps its layout";
    EXPECT_FALSE(has(old, "XTOinterest"));
}

TEST(BodyWords, AHeadlineHasNoTitleOnlyMarks) {
    DocumentMapper mapper;
    const auto terms = terms_of(mapper.to_document(test::article("h", "Interest rates rise", "")));
    EXPECT_FALSE(has(terms, "XTOinterest")) << "kNoBodyTerm already says its words are not in a body";
    EXPECT_TRUE(has(terms, std::string(schema::kNoBodyTerm)));
}

/// The bundled BBC articles, and the same titles again without a body, in one database.
const std::vector<Article>& bbc_with_headlines() {
    static const std::vector<Article> articles = [] {
        test::RecordingVisitor visitor;
        read_corpus({test::project_path("corpus/bbc.jsonl.zst")}, visitor);
        std::vector<Article> all = visitor.articles;
        for (std::size_t i = 0; i < visitor.articles.size(); i += 7) {
            Article headline = visitor.articles[i];
            headline.id += "-headline";
            headline.body.clear();
            all.push_back(std::move(headline));
        }
        return all;
    }();
    return articles;
}

std::vector<std::string> sorted_ids(const SearchResult& result) {
    std::vector<std::string> ids = test::hit_ids(result);
    std::sort(ids.begin(), ids.end());
    return ids;
}

TEST(BodyWords, BodyQueriesMatchTheArticlesSchema9sBodyTermsMatched) {
    SearchEngine before(
        Xapian::Database(test::indexed_in_schema(bbc_with_headlines(), schema::kBodyInCombinedSchema - 1)));
    SearchEngine after(Xapian::Database(test::indexed_in_schema(bbc_with_headlines(), schema::kBodyInCombinedSchema)));
    constexpr Xapian::doccount kEvery = 5000;
    std::size_t narrowed = 0;  // queries whose body: form matches fewer articles than the bare words
    for (const std::string word : {"economy", "rates", "Blair", "film", "mobile", "oscar", "gadget", "iraq", "music",
                                   "profits", "champion", "winning", "china", "apple", "chelsea", "broadband"}) {
        const std::string query = "body:" + word;
        const SearchResult a = test::exhaustive_search(before, query, kEvery);
        const SearchResult b = test::exhaustive_search(after, query, kEvery);
        ASSERT_FALSE(a.hits.empty()) << query;
        ASSERT_EQ(sorted_ids(a), sorted_ids(b)) << query;
        if (b.hits.size() < test::exhaustive_search(after, word, kEvery).hits.size()) ++narrowed;
    }
    EXPECT_GE(narrowed, 8u) << "the words must also occur in titles (and headlines) without the body";
    for (const std::string query :
         {"body:\"interest rates\"", "body:\"prime minister\" -title:blair", "body:econom*", "body:rat*",
          "body:mobile NEAR body:phone", "title:film body:award", "body:(oil AND price)", "body:Rates OR title:oil",
          "body:gadget -body:mobile", "body:\"box office\"", "oscar -body:oscar", "body:zzzyx", "body:zzzy*"}) {
        const SearchResult a = test::exhaustive_search(before, query, kEvery);
        const SearchResult b = test::exhaustive_search(after, query, kEvery);
        EXPECT_EQ(sorted_ids(a), sorted_ids(b)) << query;
    }
    EXPECT_FALSE(test::exhaustive_search(after, "oscar -body:oscar", kEvery).hits.empty())
        << "some titles name it and their bodies do not";
}

TEST(BodyWords, ABodyWildcardOverTheLimitIsCutAndSaysSo) {
    SearchEngine engine(Xapian::Database(test::indexed_in_schema(bbc_with_headlines(), schema::kBodyInCombinedSchema)));
    SearchRequest request;
    request.query = "body:a*";
    request.limit = 10;
    request.snippets = false;
    const SearchResult result = engine.search(request);
    EXPECT_FALSE(result.hits.empty());
    ASSERT_FALSE(result.warnings.empty());
    EXPECT_NE(result.warnings.front().find("'a*' matches"), std::string::npos) << result.warnings.front();
}

}  // namespace
}  // namespace news
