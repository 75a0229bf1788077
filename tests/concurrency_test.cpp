// A searcher reading an on-disk database while an indexer commits to it: the searcher must
// never fail, and must see every commit without being restarted.
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

/// Text long enough that stored records span blocks, so that commits rewrite what readers
/// are in the middle of reading (what makes Xapian raise DatabaseModifiedError).
std::string body_text(int n, int version) {
    std::string body;
    for (int i = 0; i < 40; ++i)
        body += "Common report " + std::to_string(n) + " version " + std::to_string(version) + " paragraph " +
                std::to_string(i) + " about markets, budgets and elections.\n\n";
    return body;
}

Article numbered(int n, int version = 0) {
    return test::article("doc/" + std::to_string(n), "Common headline " + std::to_string(n), body_text(n, version));
}

SearchRequest common_query() {
    SearchRequest request;
    request.query = "common report";
    request.limit = 20;
    request.facets = {"source"};  // visits every match, reading more of the database
    return request;
}

/// A database on disk with one committed article, its writer still open, and an engine
/// that opened it after that commit.
class LiveDatabase : public ::testing::Test {
  protected:
    const std::string& commit_first_article() {
        builder_.add(numbered(1));
        builder_.commit();
        return db_;
    }

    test::TempDir dir_;
    const std::string db_ = (dir_ / "db").string();
    IndexBuilder builder_{db_, {}};
    SearchEngine engine_{commit_first_article()};
};

TEST_F(LiveDatabase, LongLivedEngineSeesEveryLaterCommit) {
    // The interactive prompt keeps one engine, refreshed before every search: otherwise it
    // would show the database as it was when the prompt started.
    engine_.set_refresh_interval({});
    EXPECT_EQ(engine_.search(common_query()).hits.size(), 1u);
    for (int n = 2; n <= 4; ++n) {
        builder_.add(numbered(n));
        builder_.commit();
        const SearchResult result = engine_.search(common_query());
        EXPECT_EQ(result.hits.size(), static_cast<std::size_t>(n));
        EXPECT_EQ(engine_.database().get_doccount(), static_cast<Xapian::doccount>(n));
    }
}

TEST_F(LiveDatabase, EngineSearchesItsSnapshotUntilTheRefreshIntervalHasPassed) {
    // A batch of queries looks for new commits once a refresh interval, not once a query;
    // a commit within the interval shows at the first search after it.
    engine_.set_refresh_interval(std::chrono::hours(1));
    EXPECT_EQ(engine_.search(common_query()).hits.size(), 1u);
    builder_.add(numbered(2));
    builder_.commit();
    EXPECT_EQ(engine_.search(common_query()).hits.size(), 1u);
    engine_.set_refresh_interval({});
    EXPECT_EQ(engine_.search(common_query()).hits.size(), 2u);
}

TEST(Concurrency, SearchesNeverFailWhileAnIndexerAddsReplacesAndCommits) {
    constexpr int kInitial = 20;
    constexpr int kRounds = 60;
    constexpr int kAddsPerRound = 4;
    constexpr int kFinal = kInitial + kRounds * kAddsPerRound;
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    {
        IndexBuilder builder(db, {});
        for (int n = 0; n < kInitial; ++n) builder.add(numbered(n));
        builder.finish();
    }
    SearchEngine engine(db);
    engine.set_refresh_interval({});  // looks at every commit, as the prompt does

    std::atomic<bool> writer_done{false};
    std::string writer_error;
    std::thread writer([&] {
        try {
            IndexBuilder builder(db, {});
            int next = kInitial;
            for (int round = 1; round <= kRounds; ++round) {
                for (int i = 0; i < kAddsPerRound; ++i) builder.add(numbered(next++));
                for (int i = 0; i < 3; ++i) builder.add(numbered((round * 7 + i) % kInitial, round));  // replaced
                builder.commit();
            }
        } catch (const std::exception& e) {
            writer_error = e.what();
        }
        writer_done = true;
    });

    std::vector<Xapian::doccount> counts;
    std::size_t searches = 0;
    std::string reader_error;
    while (true) {
        const bool last = writer_done.load();  // one more search after the writer finished
        try {
            const SearchResult result = engine.search(common_query());
            ++searches;
            for (const Hit& hit : result.hits) EXPECT_EQ(hit.error, "") << hit.article.id;
            const Xapian::doccount count = engine.database().get_doccount();
            if (counts.empty() || counts.back() != count) counts.push_back(count);
        } catch (const std::exception& e) {
            reader_error = e.what();
            break;
        } catch (const Xapian::Error& e) {
            reader_error = e.get_description();
            break;
        }
        if (last) break;
    }
    writer.join();
    ASSERT_EQ(writer_error, "");
    ASSERT_EQ(reader_error, "") << "after " << searches << " searches";
    // The count the searcher saw only grew, and reached what the writer committed last.
    for (std::size_t i = 1; i < counts.size(); ++i) EXPECT_LT(counts[i - 1], counts[i]);
    ASSERT_FALSE(counts.empty());
    EXPECT_EQ(counts.back(), static_cast<Xapian::doccount>(kFinal));
    // Not a proof of anything, but a run where the searcher saw no commit in between
    // tested little: say so in the log.
    std::cout << searches << " searches saw " << counts.size() << " distinct document counts\n";
}

}  // namespace
}  // namespace news
