// Ties ordered from the rank column (common/rank_column.hpp, searcher/tie_ranks.hpp): the
// column ranks every article as its tie-break value sorts, the searcher's pages are those of
// reading the values, and a column that no longer describes the database is never used.
#include "common/rank_column.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <numeric>
#include <string>
#include <vector>

#include "common/schema.hpp"
#include "indexer/top_postings_builder.hpp"
#include "searcher/search_engine.hpp"
#include "searcher/tie_ranks.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

/// Indexes `inputs` into a new database at `path` and builds its lists and columns.
void build(const std::string& path, const std::vector<fs::path>& inputs) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    test::index_into(db, inputs);
    EXPECT_TRUE(build_top_postings(db).rank_column);
}

/// Expects each query's pages with ties ordered from the column to be those of ranking
/// every match and reading tie-break values (--exhaustive); returns how many pages ordered
/// a tie from the column.
std::size_t expect_same_pages(SearchEngine& engine, const std::vector<std::string>& queries) {
    engine.read_rank_column_at_once();
    return test::count_same_pages_as_exhaustive(engine, queries,
                                                [](const SearchResult& fast) { return fast.ties_from_rank_column; });
}

class RankColumnOfBbc : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        build(db_path(), {test::project_path("corpus")});
    }
    static void TearDownTestSuite() { dir_.reset(); }
    static std::string db_path() { return (dir_->path() / "bbc").string(); }

    static inline std::unique_ptr<test::TempDir> dir_;
};

TEST_F(RankColumnOfBbc, RanksEveryArticleAsItsTieBreakValueSorts) {
    const Xapian::Database db(db_path());
    const auto column = rank_column::decode(db.get_metadata(std::string(rank_column::kKey)), db.get_lastdocid() + 1);
    ASSERT_TRUE(column);
    std::vector<std::pair<std::uint32_t, std::string>> by_rank;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it)
        by_rank.emplace_back(column->rank(*it), db.get_document(*it).get_value(schema::kTieBreakSlot));
    ASSERT_EQ(by_rank.size(), db.get_doccount());
    std::sort(by_rank.begin(), by_rank.end());
    for (std::size_t i = 0; i < by_rank.size(); ++i) {
        EXPECT_EQ(by_rank[i].first, i);  // every rank once, none skipped
        if (i > 0) {
            EXPECT_LT(by_rank[i - 1].second, by_rank[i].second) << "rank " << i;
        }
    }
    EXPECT_EQ(column->rank(0), rank_column::kNoArticle);  // docid 0 is no article
}

TEST_F(RankColumnOfBbc, TheSearcherOrdersTiesFromItAsReadingTheirValuesDoes) {
    SearchEngine engine(db_path());
    std::vector<std::string> queries = test::query_set("bbc", {"title", "single", "rare", "and", "phrase"});
    for (const char* more : {"film film festival", "blair -election", "\"prime minister\" blair", "econom* growth",
                             "title:blair party", "film source:bbc", "the of and", "mobile NEAR phone"})
        queries.emplace_back(more);
    EXPECT_GT(expect_same_pages(engine, queries), queries.size() / 2) << queries.size() * 3 << " pages";
}

TEST_F(RankColumnOfBbc, IsReadOnlyOnceTheValuesReadForWantOfItWouldHavePaidForIt) {
    const Xapian::Database db(db_path());
    const std::size_t price = (db.get_lastdocid() + 1) / TieRanks::kCostInValuesPerDocid;
    ASSERT_GT(price, 1u);
    TieRanks ranks;
    EXPECT_FALSE(ranks.of(db));
    ranks.note_values_read(price - 1);
    EXPECT_FALSE(ranks.of(db));
    ranks.note_values_read(1);
    ASSERT_TRUE(ranks.of(db));
    EXPECT_EQ(ranks.of(db)->docids(), db.get_lastdocid() + 1);
}

TEST(RankColumnOfAChangedDatabase, IsNotUsedUntilBuiltAgain) {
    test::TempDir dir;
    const std::string path = (dir / "db").string();
    build(path, {test::project_path("corpus/bbc.jsonl.zst")});
    TieRanks ranks;
    ranks.read_at_once();
    EXPECT_TRUE(ranks.of(Xapian::Database(path)));
    {
        // Another program adds two articles, one without a tie-break value: the column no
        // longer ranks every docid.
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        Xapian::Document without_value;
        without_value.add_term("Zgovern", 40);
        db.add_document(without_value);
        Xapian::Document doc;
        doc.add_value(schema::kTieBreakSlot, std::string(15, '\0'));  // before every article's key
        doc.add_term("Zgovern", 40);
        db.add_document(doc);
        db.commit();
    }
    EXPECT_FALSE(ranks.of(Xapian::Database(path)));
    SearchEngine engine(path);
    engine.read_rank_column_at_once();
    SearchRequest request;
    request.query = "government";
    request.snippets = false;
    EXPECT_FALSE(engine.search(request).ties_from_rank_column);
    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        build_top_postings(db);
    }
    const Xapian::Database rebuilt(path);
    const rank_column::Column* column = ranks.of(rebuilt);
    ASSERT_TRUE(column);
    // An empty value sorts first, then the zero key: as a tie sorted by its values.
    EXPECT_EQ(column->rank(rebuilt.get_lastdocid() - 1), 0u);
    EXPECT_EQ(column->rank(rebuilt.get_lastdocid()), 1u);
    SearchEngine rebuilt_engine(path);
    EXPECT_GT(expect_same_pages(rebuilt_engine, {"government", "government minister"}), 0u);
}

TEST(RankColumnFormat, RoundTripsAndDamagedBytesAreRejected) {
    const std::vector<std::string> keys = {"", "b", "a", "", "c", "b"};
    const rank_column::Column column = rank_column::make(keys);
    // Ascending keys, an empty one first (as its value sorts); the two "b" in docid order.
    const std::vector<std::uint32_t> expected = {rank_column::kNoArticle, 2, 1, 0, 4, 3};
    EXPECT_EQ(column.ranks, expected);
    const std::string bytes = rank_column::encode(column);
    const auto back = rank_column::decode(bytes, keys.size());
    ASSERT_TRUE(back);
    EXPECT_EQ(back->ranks, expected);
    EXPECT_FALSE(rank_column::decode(bytes, keys.size() + 1));  // of a database of another size
    EXPECT_FALSE(rank_column::decode(bytes.substr(0, bytes.size() - 1), keys.size()));
    EXPECT_FALSE(rank_column::decode("", keys.size()));
    std::string other_format = bytes;
    other_format[0] = 9;
    EXPECT_FALSE(rank_column::decode(other_format, keys.size()));
    std::string other_width = bytes;
    other_width[1] = 4;
    EXPECT_FALSE(rank_column::decode(other_width, keys.size()));
    // A rank past the docids (a stranger's bytes): not a place in this database's order.
    std::string past = bytes;
    past[2 + 3 * 2] = 6;
    EXPECT_FALSE(rank_column::decode(past, keys.size()));
}

TEST(RankColumnAtScale, OrdersTheNewsLargeQuerySetsAsReadingTheirValuesDoes) {
    NEWS_REQUIRE_SHARED("corpus/news-large.jsonl.zst");
    // Headlines tie by the dozen, even for rare words.
    test::TempDir dir;
    const fs::path sample = test::news_large_sample(dir.path(), 30000);
    const std::string path = (dir / "db").string();
    build(path, {sample});
    SearchEngine engine(path);
    const std::vector<std::string> queries =
        test::query_set("news-large", {"title", "single", "rare", "frequent", "phrase", "and"});
    EXPECT_GT(expect_same_pages(engine, queries), queries.size()) << queries.size() * 3 << " pages";
}

}  // namespace
}  // namespace news
