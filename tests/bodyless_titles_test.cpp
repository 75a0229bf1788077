/// Schema 8: an article without a body has its title in the combined field alone
/// (schema::kNoBodyTerm), and `title:` still finds it, ranked as schema 7 ranked it.
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

/// The bundled BBC articles as headlines: titles only, as news-large holds them.
const std::vector<Article>& bbc_headlines() {
    static const std::vector<Article> headlines = [] {
        test::RecordingVisitor visitor;
        read_corpus({test::project_path("corpus/bbc.jsonl.zst")}, visitor);
        for (Article& a : visitor.articles) a.body.clear();
        return visitor.articles;
    }();
    return headlines;
}

std::vector<std::string> terms_of(const Xapian::Document& doc) {
    std::vector<std::string> terms;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) terms.push_back(*t);
    return terms;
}

bool has_term_with_prefix(const std::vector<std::string>& terms, const std::string& prefix) {
    return std::any_of(terms.begin(), terms.end(), [&](const std::string& t) {
        return t.size() > prefix.size() && t.compare(0, prefix.size(), prefix) == 0 &&
               !(t[prefix.size()] >= 'A' && t[prefix.size()] <= 'Z');
    });
}

TEST(BodylessTitles, AHeadlineHasItsTitleInTheCombinedFieldOnlyAndIsMarked) {
    DocumentMapper mapper;
    const auto headline = terms_of(mapper.to_document(test::article("h", "Interest rates rise again", "")));
    EXPECT_FALSE(has_term_with_prefix(headline, "S")) << "no title copy of a headline's words";
    EXPECT_FALSE(has_term_with_prefix(headline, "ZS"));
    EXPECT_NE(std::find(headline.begin(), headline.end(), "rates"), headline.end());
    EXPECT_NE(std::find(headline.begin(), headline.end(), "Zrate"), headline.end());
    EXPECT_NE(std::find(headline.begin(), headline.end(), std::string(schema::kNoBodyTerm)), headline.end());

    const auto article = terms_of(mapper.to_document(test::article("a", "Interest rates rise", "The bank said so.")));
    EXPECT_NE(std::find(article.begin(), article.end(), "Srates"), article.end())
        << "an article with a body keeps them";
    EXPECT_EQ(std::find(article.begin(), article.end(), std::string(schema::kNoBodyTerm)), article.end());

    mapper.set_schema_version(7);
    const auto old = terms_of(mapper.to_document(test::article("h", "Interest rates rise again", "")));
    EXPECT_NE(std::find(old.begin(), old.end(), "Srates"), old.end()) << "schema 7 indexes the title twice";
    EXPECT_EQ(std::find(old.begin(), old.end(), std::string(schema::kNoBodyTerm)), old.end());
}

TEST(BodylessTitles, HeadlinesRankAsSchema7RankedThemForEveryKindOfQuery) {
    SearchEngine before(Xapian::Database(test::indexed_in_schema(bbc_headlines(), 7)));
    SearchEngine after(Xapian::Database(test::indexed_in_schema(bbc_headlines(), schema::kBodylessTitleSchema)));
    for (const std::string query :
         {"economy growth", "title:economy", "title:rates", "title:Blair", "title:\"box office\"", "title:econom*",
          "title:election labour", "title:(film OR music) -title:award", "title:\"id cards\" OR title:gadget",
          "title:mobile NEAR title:phone", "body:economy OR title:oil"}) {
        const SearchResult a = test::exhaustive_search(before, query, 50);
        const SearchResult b = test::exhaustive_search(after, query, 50);
        ASSERT_EQ(test::hit_ids(a), test::hit_ids(b)) << query;
        EXPECT_EQ(a.estimated_matches, b.estimated_matches) << query;
        for (std::size_t i = 0; i < a.hits.size(); ++i) EXPECT_NEAR(a.hits[i].score, b.hits[i].score, 1e-9) << query;
    }
    EXPECT_FALSE(test::hit_ids(test::exhaustive_search(after, "title:\"box office\"", 50)).empty())
        << "the test needs matches";
    EXPECT_FALSE(test::hit_ids(test::exhaustive_search(after, "title:econom*", 50)).empty());
    EXPECT_TRUE(test::hit_ids(test::exhaustive_search(after, "body:economy", 50)).empty()) << "headlines have no body";
}

TEST(BodylessTitles, TitleQueriesFindArticlesWithAndWithoutABody) {
    const std::vector<Article> articles = {
        test::article("headline", "Interest rates rise in Zurich", ""),
        test::article("full", "Interest rates rise", "The central bank in Zurich raised interest rates."),
        test::article("body-only", "Bank news", "Interest rates rise, the bank said.")};
    SearchEngine e(Xapian::Database(test::indexed_in_schema(articles, schema::kSchemaVersion)));
    auto sorted_ids = [&](const std::string& query) {
        std::vector<std::string> ids = test::hit_ids(test::exhaustive_search(e, query, 50));
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    const std::vector<std::string> titled = {"full", "headline"};
    EXPECT_EQ(sorted_ids("title:rates"), titled);
    EXPECT_EQ(sorted_ids("title:rate"), titled) << "stemmed, as before";
    EXPECT_EQ(sorted_ids("title:\"rates rise\""), titled);
    EXPECT_EQ(sorted_ids("title:rat*"), titled);
    EXPECT_EQ(sorted_ids("title:zurich"), std::vector<std::string>{"headline"});
    EXPECT_EQ(sorted_ids("body:zurich"), std::vector<std::string>{"full"});
    EXPECT_EQ(sorted_ids("body:\"rates rise\""), std::vector<std::string>{"body-only"});
}

TEST(BodylessTitles, MisspelledWordsOfHeadlinesGetASuggestion) {
    SearchEngine e(Xapian::Database(test::indexed_in_schema(bbc_headlines(), schema::kSchemaVersion)));
    SearchRequest request;
    request.query = "goverment";
    request.suggest_spelling = true;
    const SearchResult result = e.search(request);
    ASSERT_TRUE(result.suggestion.has_value()) << "headlines have no body words to suggest from";
    EXPECT_EQ(*result.suggestion, "government");
}

}  // namespace
}  // namespace news
