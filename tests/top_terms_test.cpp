// --top-terms (searcher/top_terms.hpp): the words most distinctive of a result set, on the
// bundled corpus (BBC's categories), with counts an independent count confirms.
#include "searcher/top_terms.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

class TopTermsOfBbc : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
        test::index_into(*db_, {test::project_path("corpus")});
    }
    static void TearDownTestSuite() { db_.reset(); }

    static SearchResult search(const std::string& query, std::size_t n) {
        SearchEngine engine{Xapian::Database(*db_)};
        SearchRequest request;
        request.query = query;
        request.limit = 0;
        request.top_terms = n;
        return engine.search(request);
    }

    /// How many of the best `sample` matches of `query` hold `term`, counted from the
    /// term's posting list.
    static Xapian::doccount holding(const std::string& query, const std::string& term) {
        SearchEngine engine{Xapian::Database(*db_)};
        SearchRequest request;
        request.query = query;
        request.limit = kTopTermsSample;
        request.collapse_duplicates = false;
        request.stored_articles = false;
        Xapian::doccount n = 0;
        const Xapian::Database db(*db_);
        for (const Hit& hit : engine.search(request).hits) {
            Xapian::PostingIterator p = db.postlist_begin(term);
            p.skip_to(hit.docid);
            if (p != db.postlist_end(term) && *p == hit.docid) ++n;
        }
        return n;
    }

    static inline std::unique_ptr<Xapian::WritableDatabase> db_;
};

TEST_F(TopTermsOfBbc, AreTheWordsOfTheTopicNotTheArchivesCommonestWords) {
    const SearchResult result = search("category:tech", 10);
    ASSERT_EQ(result.top_terms.size(), 10u);
    EXPECT_EQ(result.top_terms_sample, 401u);  // every tech article, fewer than the sample's 1,000
    std::vector<std::string> words;
    for (const TopTerm& t : result.top_terms) words.push_back(t.word);
    // "said" is in most tech articles, and in most others too: frequent, not distinctive.
    EXPECT_EQ(std::find(words.begin(), words.end(), "said"), words.end());
    EXPECT_GT(holding("category:tech", "Zsaid"), result.top_terms.front().count);
    // What tech articles are about, as any reader would name it.
    const std::vector<std::string> topical = {"technology", "users", "software",  "mobile", "computer", "phone",
                                              "digital",    "net",   "microsoft", "games",  "broadband"};
    const auto on_topic = std::count_if(words.begin(), words.end(), [&](const std::string& w) {
        return std::find(topical.begin(), topical.end(), w) != topical.end();
    });
    EXPECT_GE(on_topic, 4) << ::testing::PrintToString(words);
}

TEST_F(TopTermsOfBbc, CountWhatTheSampleHoldsAndShowACommonForm) {
    const SearchResult result = search("election", 15);
    ASSERT_FALSE(result.top_terms.empty());
    EXPECT_EQ(result.top_terms_sample, result.estimated_matches);  // fewer matches than 1,000
    for (const TopTerm& t : result.top_terms) {
        if (t.word.find(' ') != std::string::npos) continue;  // a phrase: the next test
        EXPECT_EQ(t.count, holding("election", t.term)) << t.term;
        EXPECT_EQ("Z" + Xapian::Stem("english")(t.word), t.term) << t.word;  // a form of the stem
        EXPECT_NE(t.term, "Zelect");                                         // the query's own word
        EXPECT_FALSE(std::all_of(t.word.begin(), t.word.end(), [](char c) { return c >= '0' && c <= '9'; }));
        EXPECT_NE(t.word, "the");
        EXPECT_NE(t.word, "and");
    }
    // Weighed by how distinctive, heaviest first.
    EXPECT_TRUE(std::is_sorted(result.top_terms.begin(), result.top_terms.end(),
                               [](const TopTerm& a, const TopTerm& b) { return a.weight > b.weight; }));
}

TEST_F(TopTermsOfBbc, IncludeTwoWordPhrasesCountedAsTheSampleHoldsThem) {
    const SearchResult result = search("election", 20);
    std::vector<TopTerm> phrases;
    for (const TopTerm& t : result.top_terms)
        if (t.word.find(' ') != std::string::npos) phrases.push_back(t);
    ASSERT_GE(phrases.size(), 2u) << "election's phrases, e.g. 'general election'";
    EXPECT_NE(
        std::find_if(phrases.begin(), phrases.end(), [](const TopTerm& t) { return t.word == "general election"; }),
        phrases.end());
    // The sample: every match of "election" (fewer than 1,000), as stored.
    SearchEngine engine{Xapian::Database(*db_)};
    SearchRequest request;
    request.query = "election";
    request.limit = kTopTermsSample;
    request.collapse_duplicates = false;
    request.snippets = false;
    const SearchResult sample = engine.search(request);
    ASSERT_EQ(sample.hits.size(), result.top_terms_sample);
    for (const TopTerm& phrase : phrases) {
        EXPECT_EQ(phrase.term, phrase.word);
        const auto space = phrase.word.find(' ');
        // Independently: the two words next to each other, in any case, with only spaces or
        // punctuation between them ("Blair's" is a word of its own, as Xapian splits words).
        const std::regex adjacent("(^|[^A-Za-z0-9_])" + phrase.word.substr(0, space) + "[^A-Za-z0-9_]+" +
                                      phrase.word.substr(space + 1) + "(?![A-Za-z0-9_]|'[A-Za-z]|\u2019[A-Za-z])",
                                  std::regex::icase);
        Xapian::doccount holding = 0;
        for (const Hit& hit : sample.hits)
            holding += std::regex_search(hit.article.title, adjacent) || std::regex_search(hit.article.body, adjacent);
        EXPECT_EQ(phrase.count, holding) << phrase.word;
        EXPECT_GE(phrase.count, 3u) << phrase.word;
    }
    // Ranked among the words, heaviest first.
    EXPECT_TRUE(std::is_sorted(result.top_terms.begin(), result.top_terms.end(),
                               [](const TopTerm& a, const TopTerm& b) { return a.weight > b.weight; }));
}

TEST(TopTermsCli, TextJsonAndUsageErrors) {
    test::IndexedByTheIndexer db;
    db.index(test::project_path("corpus").string());
    const test::CommandRun text = db.search("-n 0 --top-terms 5 election");
    ASSERT_EQ(text.exit_code, 0) << db.err();
    EXPECT_NE(text.out.find("Top terms of the best "), std::string::npos) << text.out;
    const test::CommandRun json = db.search("-n 0 --top-terms 5 --format json election");
    ASSERT_EQ(json.exit_code, 0) << db.err();
    const auto doc = nlohmann::json::parse(json.out);
    EXPECT_EQ(doc.at("top_terms").at("terms").size(), 5u);
    EXPECT_GT(doc.at("top_terms").at("sample").get<unsigned>(), 0u);
    for (const char* bad : {"--top-terms x election", "--top-terms -3 election", "--top-terms 5000 election"}) {
        const test::CommandRun r = db.search(bad);
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(db.err().find("--help"), std::string::npos) << bad << ": " << db.err();
    }
}

}  // namespace
}  // namespace news
