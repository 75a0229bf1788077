// Groups of identical articles (common/duplicate_groups.hpp), listed with the top postings:
// found as the collapse at search time would group them, and a page ranked with their copies
// left out (searcher/listed_copies.hpp) is the page collapsing every match gives.
#include "common/duplicate_groups.hpp"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "indexer/duplicate_groups_builder.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/top_postings_builder.hpp"
#include "searcher/listed_copies.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

Article dated(const std::string& id, const std::string& title, int day_of_2015) {
    Article a = test::article(id, title, "");
    const int month = 1 + day_of_2015 / 28 % 12, day = 1 + day_of_2015 % 28;
    a.date = "2015-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-" +
             std::string(day < 10 ? "0" : "") + std::to_string(day) + "T09:00:00";
    return a;
}

/// Wire copy: 300 copies of one headline (a few in capitals or with stray spaces, which the
/// duplicate key ignores), 200 of another, 150 different headlines that tie with each other,
/// and articles about other things. The copy "high-newest" is the newest of its group.
std::vector<Article> wire_copy() {
    std::vector<Article> articles;
    for (int i = 0; i < 300; ++i) {
        const std::string title = i % 50 == 7   ? "WALL STREET CLOSES HIGHER"
                                  : i % 50 == 9 ? "  Wall Street closes higher "
                                                : "Wall Street closes higher";
        articles.push_back(dated("high-" + std::to_string(i), title, i % 300));
    }
    Article newest = dated("high-newest", "Wall Street closes higher", 0);
    newest.date = "2015-12-31T23:00:00";
    articles.push_back(newest);
    for (int i = 0; i < 200; ++i) articles.push_back(dated("low-" + std::to_string(i), "Wall Street closes lower", i));
    for (int i = 0; i < 150; ++i)
        articles.push_back(dated("bank-" + std::to_string(i),
                                 "Wall Street closes higher on bank shares " + std::to_string(100 + i), i));
    for (int i = 0; i < 100; ++i)
        articles.push_back(dated("other-" + std::to_string(i), "Storm warning number " + std::to_string(100 + i), i));
    return articles;
}

class WireCopy : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        {
            IndexBuilder builder(db_path(), {});
            for (const Article& a : wire_copy()) builder.add(a);
            builder.finish();
        }
        Xapian::WritableDatabase db(db_path(), Xapian::DB_OPEN);
        build_top_postings(db);
    }
    static void TearDownTestSuite() { dir_.reset(); }
    static std::string db_path() { return (dir_->path() / "db").string(); }

    /// The page asked for, and the same page with every match collapsed (--exhaustive):
    /// the same ids, order and scores.
    static SearchResult expect_same_page(SearchEngine& engine, SearchRequest request) {
        request.snippets = false;
        request.exhaustive = false;
        const SearchResult fast = engine.search(request);
        request.exhaustive = true;
        const SearchResult full = engine.search(request);
        EXPECT_FALSE(full.without_listed_copies);
        EXPECT_EQ(test::ranking_of(fast), test::ranking_of(full))
            << request.query << " (offset " << request.offset << ", " << request.limit << " hits)";
        return fast;
    }

    static inline std::unique_ptr<test::TempDir> dir_;
};

TEST_F(WireCopy, GroupsAreTheArticlesCollapsedTogetherLedByTheNewest) {
    const Xapian::Database db(db_path());
    const auto groups = duplicate_groups::decode(db.get_metadata(std::string(duplicate_groups::kKey)));
    ASSERT_TRUE(groups);
    ASSERT_EQ(groups->firsts.size(), 2u);
    std::vector<std::pair<std::string, Xapian::doccount>> firsts;
    DocumentMapper mapper;
    for (const auto& [docid, size] : groups->firsts)
        firsts.emplace_back(mapper.stored_id(db.get_document(docid)), size);
    // The newest of each: "high-newest", and the low copy of the latest day (day 199).
    EXPECT_EQ(firsts, (std::vector<std::pair<std::string, Xapian::doccount>>{{"high-newest", 301}, {"low-199", 200}}));
    EXPECT_EQ(groups->copies.size(), 300u + 199u);
}

TEST_F(WireCopy, PagesWithoutTheCopiesAreThePagesCollapsingEveryMatchGives) {
    SearchEngine engine(db_path());
    for (const char* query : {"wall street closes higher", "closes", "wall street", "higher OR lower",
                              "\"closes higher\"", "title:higher", "closes -lower"})
        for (const auto& [offset, limit] : {std::pair{0u, 10u}, {1u, 3u}, {0u, 40u}, {150u, 10u}}) {
            SearchRequest request;
            request.query = query;
            request.offset = offset;
            request.limit = limit;
            expect_same_page(engine, request);
        }
    SearchRequest request;
    request.query = "wall street closes higher";
    const SearchResult result = expect_same_page(engine, request);
    EXPECT_TRUE(result.without_listed_copies);
    ASSERT_FALSE(result.hits.empty());
    EXPECT_EQ(result.hits[0].article.id, "high-newest");
    EXPECT_EQ(result.hits[0].duplicates, 300u);  // every copy, counted from the list
}

TEST_F(WireCopy, APassThatRefusesTheCopiesCountsEveryMatchWithThem) {
    SearchEngine engine(db_path());
    for (const char* query : {"wall street closes higher", "higher OR lower", "\"closes higher\"", "street"}) {
        SearchRequest request;
        request.query = query;
        request.snippets = false;
        request.limit = 2000;  // more than match: the count is exact
        request.exhaustive = true;
        const SearchResult all = engine.search(request);
        ASSERT_EQ(all.matches_lower_bound, all.matches_upper_bound) << query;
        const Xapian::doccount matches = all.matches_lower_bound;
        ASSERT_GT(matches, 400u) << query;  // copies included
        request.exhaustive = false;
        const SearchResult whole = engine.search(request);
        EXPECT_TRUE(whole.without_listed_copies) << query;
        EXPECT_EQ(whole.matches_lower_bound, matches) << query;
        EXPECT_EQ(whole.matches_upper_bound, matches) << query;
        EXPECT_EQ(whole.estimated_matches, matches) << query;
        request.limit = 10;  // a page: the counts bound every match, copies included
        const SearchResult page = engine.search(request);
        EXPECT_TRUE(page.without_listed_copies) << query;
        EXPECT_LE(page.matches_lower_bound, matches) << query;
        EXPECT_GE(page.matches_upper_bound, matches) << query;
        EXPECT_GE(page.estimated_matches, page.matches_lower_bound) << query;
        EXPECT_LE(page.estimated_matches, page.matches_upper_bound) << query;
    }
}

TEST_F(WireCopy, FiltersThatTellCopiesApartKeepTheCollapseAtSearchTime) {
    SearchEngine engine(db_path());
    SearchRequest request;
    request.query = "wall street closes higher";
    request.since = "20150301";
    request.until = "20150601";
    const SearchResult result = expect_same_page(engine, request);
    EXPECT_FALSE(result.without_listed_copies);
    ASSERT_FALSE(result.hits.empty());
    EXPECT_NE(result.hits[0].article.id, "high-newest");  // filtered out: an older copy leads
    request.since.clear();
    request.until.clear();
    request.query = "wall street closes higher -id:high-newest";
    EXPECT_FALSE(expect_same_page(engine, request).without_listed_copies);
}

TEST(WireCopyChanged, ACopyAddedAfterTheListIsRankedAsCollapsingEveryMatchDoes) {
    test::TempDir dir;
    const std::string path = (dir.path() / "db").string();
    {
        IndexBuilder builder(path, {});
        for (const Article& a : wire_copy()) builder.add(a);
        builder.finish();
    }
    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        build_top_postings(db);
    }
    {
        IndexBuilder builder(path, {});
        Article newer = dated("high-newer-still", "Wall Street closes higher", 0);
        newer.date = "2016-01-02T10:00:00";
        builder.add(newer);
        builder.finish();
    }
    SearchEngine engine(path);
    SearchRequest request;
    request.query = "wall street closes higher";
    request.exhaustive = false;
    const SearchResult fast = engine.search(request);
    request.exhaustive = true;
    const SearchResult full = engine.search(request);
    EXPECT_EQ(test::ranking_of(fast), test::ranking_of(full));
    EXPECT_FALSE(fast.without_listed_copies);  // the list no longer describes the database
    ASSERT_FALSE(fast.hits.empty());
    EXPECT_EQ(fast.hits[0].article.id, "high-newer-still");
}

TEST(WireCopyTwins, CollapseInThePassThatRefusesTheCopiesWhenTheirWeightsTie) {
    // "U.S." is one word and "u.s." two (Xapian reads initials in capitals only), so the
    // two spellings share a duplicate key but not a length: two groups, whose firsts are
    // twins. BM25 with b = 0 weighs them alike, and they must collapse into one hit.
    test::TempDir dir;
    const std::string path = (dir / "db").string();
    {
        IndexBuilder builder(path, {});
        for (int i = 0; i < 3; ++i) builder.add(dated("caps-" + std::to_string(i), "U.S. stocks rally", i));
        for (int i = 0; i < 2; ++i) builder.add(dated("lower-" + std::to_string(i), "u.s. stocks rally", 10 + i));
        for (int i = 0; i < 20; ++i)
            builder.add(dated("other-" + std::to_string(i), "Stocks fall number " + std::to_string(100 + i), i));
        builder.finish();
    }
    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        build_top_postings(db);
    }
    const Xapian::Database db(path);
    const auto groups = duplicate_groups::decode(db.get_metadata(std::string(duplicate_groups::kKey)));
    const auto twins = duplicate_groups::decode_twins(db.get_metadata(std::string(duplicate_groups::kTwinsKey)));
    ASSERT_TRUE(groups && twins);
    ASSERT_EQ(groups->firsts.size(), 2u);
    std::vector<Xapian::docid> firsts;
    for (const auto& [docid, size] : groups->firsts) firsts.push_back(docid);
    EXPECT_EQ(*twins, firsts);  // the "other" articles have keys of their own
    EXPECT_NE(db.get_doclength(firsts[0]), db.get_doclength(firsts[1]));
    AnalysisConfig flat;
    flat.ranking.bm25_b = 0;
    SearchEngine engine(path, flat);
    for (const char* query : {"stocks rally", "rally", "stocks"}) {
        SearchRequest request;
        request.query = query;
        request.snippets = false;
        const SearchResult fast = engine.search(request);
        request.exhaustive = true;
        const SearchResult full = engine.search(request);
        EXPECT_TRUE(fast.without_listed_copies) << query;
        EXPECT_EQ(test::ranking_of(fast), test::ranking_of(full)) << query;
    }
}

TEST(DuplicateGroupsFormat, GroupsRoundTripAndDamagedBytesAreRejected) {
    duplicate_groups::Groups groups;
    groups.copies = {2, 3, 900, 70000};
    groups.firsts = {{1, 3}, {5, 2}};
    const std::string bytes = duplicate_groups::encode(groups);
    const auto back = duplicate_groups::decode(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->copies, groups.copies);
    EXPECT_EQ(back->firsts, groups.firsts);
    EXPECT_FALSE(duplicate_groups::decode(""));
    EXPECT_FALSE(duplicate_groups::decode("x" + bytes.substr(1)));              // another format
    EXPECT_FALSE(duplicate_groups::decode(bytes.substr(0, bytes.size() - 1)));  // cut short
    EXPECT_FALSE(duplicate_groups::decode(bytes + "\x01"));                     // trailing bytes
    std::string repeated = bytes;
    repeated[3] = '\0';  // a gap of 0: not ascending
    EXPECT_FALSE(duplicate_groups::decode(repeated));
}

}  // namespace
}  // namespace news
