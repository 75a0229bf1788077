// Issue 16: a query word matches the same articles whatever the case it is typed in.

#include <gtest/gtest.h>
#include <xapian.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

/// Every hit of `query` in `engine`, best first, as article ids.
std::vector<std::string> ranked_ids(SearchEngine& engine, const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.limit = 100'000;
    request.snippets = false;
    std::vector<std::string> ids;
    for (const Hit& hit : engine.search(request).hits) ids.push_back(hit.article.id);
    return ids;
}

/// The words a hit's snippet highlights.
std::vector<std::string> highlighted_words(const Hit& hit) {
    std::vector<std::string> words;
    for (const auto& [begin, end] : hit.snippet.highlights)
        words.push_back(hit.snippet.text.substr(begin, end - begin));
    return words;
}

/// The bundled corpus (seed + 2,225 BBC articles), indexed once for the whole suite.
class BundledCorpusCase : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<Xapian::WritableDatabase>(test::in_memory_db());
        test::index_into(*db_, {test::project_path("corpus")});
    }
    static void TearDownTestSuite() { db_.reset(); }
    SearchEngine engine() { return SearchEngine(Xapian::Database(*db_)); }
    static std::unique_ptr<Xapian::WritableDatabase> db_;
};
std::unique_ptr<Xapian::WritableDatabase> BundledCorpusCase::db_;

TEST_F(BundledCorpusCase, CapitalisedAndAllCapitalsWordsMatchWhatTheLowerCaseWordMatches) {
    SearchEngine e = engine();
    // Before issue 16 "ELECTIONS" found 52 articles and "elections" 228: a capitalised word
    // was searched unstemmed, as a name.
    for (const std::string word : {"troops", "elections", "soldiers"}) {
        const std::vector<std::string> lower = ranked_ids(e, word);
        ASSERT_FALSE(lower.empty()) << word;
        std::string capitalised = word, capitals = word;
        capitalised[0] = static_cast<char>(capitalised[0] - 'a' + 'A');
        for (char& c : capitals) c = static_cast<char>(c - 'a' + 'A');
        EXPECT_EQ(ranked_ids(e, capitalised), lower) << capitalised;
        EXPECT_EQ(ranked_ids(e, capitals), lower) << capitals;
    }
}

TEST_F(BundledCorpusCase, TheSeedQueryInCapitalsStillRanksTheSeedArticleFirst) {
    SearchEngine e = engine();
    for (const std::string query : {"cyber dialogue China", "Cyber Dialogue China", "CYBER DIALOGUE CHINA"}) {
        const std::vector<std::string> ids = ranked_ids(e, query);
        ASSERT_FALSE(ids.empty()) << query;
        EXPECT_EQ(ids.front(), "seed/thehill-xi-cyber-dialogue") << query;
    }
}

TEST_F(BundledCorpusCase, AQueryAllInCapitalsReadsAndOrNotAsWords) {
    SearchEngine e = engine();
    EXPECT_EQ(ranked_ids(e, "ELECTIONS NOT LABOUR"), ranked_ids(e, "elections not labour"));
    EXPECT_EQ(ranked_ids(e, "TROOPS AND IRAQ"), ranked_ids(e, "troops and iraq"));
    // With a lower-case letter anywhere, they are operators as before.
    const std::vector<std::string> without_labour = ranked_ids(e, "elections NOT labour");
    EXPECT_LT(without_labour.size(), ranked_ids(e, "elections").size());
}

TEST_F(BundledCorpusCase, SnippetsHighlightEveryFormOfAWordTypedInCapitals) {
    SearchEngine e = engine();
    SearchRequest request;
    request.query = "ELECTIONS";
    const SearchResult result = e.search(request);
    ASSERT_FALSE(result.hits.empty());
    std::set<std::string> forms;
    for (const Hit& hit : result.hits) {
        const std::vector<std::string> words = highlighted_words(hit);
        EXPECT_FALSE(words.empty()) << hit.snippet.text;
        for (std::string word : words) {
            for (char& c : word) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            forms.insert(word);
        }
    }
    // "election" too: the word is searched by its stem, as "elections" would be.
    EXPECT_EQ(forms, (std::set<std::string>{"election", "elections"}));
}

}  // namespace
}  // namespace news
