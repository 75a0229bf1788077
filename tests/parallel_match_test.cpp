// One query matched on several cores (searcher/parallel_match.hpp): the page is the page one
// thread gives, ids, order and scores, and ties a range gave up on are never guessed at.
#include "searcher/parallel_match.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

SearchRequest page_request(const std::string& query, Xapian::doccount offset, Xapian::doccount limit, bool collapse) {
    SearchRequest request = test::page_request(query, offset, limit);
    request.collapse_duplicates = collapse;
    return request;
}

/// Searches each query in one thread and in `threads`, every query split however few its
/// postings, for pages at the start and further in; expects the same pages and, where one
/// thread counts exactly, the same count. Returns how many pages were compared.
///
/// One thread is not always the truth: Xapian 1.4 can leave out of a small page a match
/// that weighs exactly what another on it weighs, and show it on a larger page ("avalon
/// third quarter" in the news-large sample: 10 hits miss a second headline at 16.671,
/// 40 hits show it). The larger page is then the reference.
std::size_t expect_same_pages_in_threads(const std::string& db_path, const std::vector<std::string>& queries,
                                         unsigned threads) {
    SearchEngine one(db_path);
    SearchEngine many(db_path);
    many.set_match_threads(threads, 0);
    std::size_t pages = 0;
    for (const std::string& q : queries) {
        for (const auto& [offset, limit] : {std::pair{0u, 10u}, {7u, 3u}, {0u, 40u}}) {
            // Without collapsing, the page is the ranges' own; with it, copies that leave a
            // page short send it down the one-thread fallbacks.
            for (const bool collapse : {false, true}) {
                const SearchResult a = one.search(page_request(q, offset, limit, collapse));
                const SearchResult b = many.search(page_request(q, offset, limit, collapse));
                auto expected = test::ranking_of(a);
                if (test::ranking_of(b) != expected) {
                    auto larger = test::ranking_of(one.search(page_request(q, 0, offset + limit + 100, collapse)));
                    larger.erase(larger.begin(), larger.begin() + std::min<std::size_t>(offset, larger.size()));
                    if (larger.size() > limit) larger.resize(limit);
                    expected = larger;
                }
                EXPECT_EQ(test::ranking_of(b), expected) << q << " (offset " << offset << ", " << limit << " hits)";
                if (a.matches_lower_bound == a.matches_upper_bound) {  // exact in one thread: exact in several
                    EXPECT_EQ(b.matches_lower_bound, a.matches_lower_bound) << q;
                }
                ++pages;
            }
        }
    }
    return pages;
}

/// The bundled corpus, indexed once.
class ParallelMatch : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        Xapian::WritableDatabase db(db_path().string(), Xapian::DB_CREATE_OR_OPEN);
        test::index_into(db, {test::project_path("corpus")});
    }
    static void TearDownTestSuite() { dir_.reset(); }
    static fs::path db_path() { return *dir_ / "bbc"; }

    static inline std::unique_ptr<test::TempDir> dir_;
};

TEST_F(ParallelMatch, RanksTheBbcQuerySetsAsOneThreadDoes) {
    const auto queries = test::query_set("bbc", {"title", "single", "frequent", "rare", "phrase", "and"});
    EXPECT_GT(expect_same_pages_in_threads(db_path().string(), queries, 2), 0U);
    // Three ranges do not divide the docids evenly.
    expect_same_pages_in_threads(db_path().string(), test::query_set("bbc", {"title"}), 3);
}

TEST(ParallelMatchAtScale, RanksTheNewsLargeQuerySetsAsOneThreadDoes) {
    NEWS_REQUIRE_SHARED("corpus/news-large.jsonl.zst");
    test::TempDir dir;
    const fs::path sample = test::news_large_sample(dir.path(), 20000);
    {
        Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE_OR_OPEN);
        test::index_into(db, {sample});
    }
    // Headlines tie by the hundred: the boundary ties are split over the ranges too.
    expect_same_pages_in_threads((dir / "db").string(), test::query_set("news-large", {"title", "phrase"}), 2);
}

TopWithTies::Kept kept(std::vector<TopWithTies::Candidate> candidates, std::optional<double> given_up = {}) {
    return {std::move(candidates), given_up};
}

TEST(BestOf, IsWhatOneSpyOverTheWholeKeeps) {
    const auto best = best_of({kept({{1, 5.0}, {3, 2.0}, {4, 2.0}}), kept({{10, 3.0}, {12, 2.0}})}, 2);
    ASSERT_TRUE(best);
    // The two heaviest, and every match tied with the second (2.0 is below it: left out).
    ASSERT_EQ(best->size(), 2U);
    EXPECT_EQ((*best)[0].docid, 1U);
    EXPECT_EQ((*best)[1].docid, 10U);
    const auto tied = best_of({kept({{1, 5.0}, {3, 2.0}, {4, 2.0}}), kept({{12, 2.0}})}, 2);
    ASSERT_TRUE(tied);
    EXPECT_EQ(tied->size(), 4U);  // 5.0 and the three at 2.0, in docid order
    EXPECT_EQ(tied->back().docid, 12U);
}

TEST(BestOf, ATieGivenUpOnAtTheBoundaryIsNotGuessedAt) {
    // One range gave up on a tie at 2.0 (it held more than its spy's limit) and kept only 5.0.
    EXPECT_FALSE(best_of({kept({{1, 5.0}}, 2.0), kept({{10, 2.0}})}, 2));
    // Another range outweighs it: the page is 5.0 and 4.0, and that tie cannot reach it.
    const auto best = best_of({kept({{1, 5.0}}, 2.0), kept({{10, 4.0}})}, 2);
    ASSERT_TRUE(best);
    EXPECT_EQ(best->size(), 2U);
    // Too few kept in all for the page: the tie given up on might be part of it.
    EXPECT_FALSE(best_of({kept({{1, 5.0}}, 2.0), kept({})}, 3));
}

}  // namespace
}  // namespace news
