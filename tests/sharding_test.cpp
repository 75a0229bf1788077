// Sharded databases: routing articles to shards on the indexing side, and searching the
// shards as one on the searching side.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <xapian.h>

#include "common/document_mapper.hpp"
#include "common/schema.hpp"
#include "indexer/shard_writers.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

TEST(ShardOf, IsTheStoredRoutingAndNeverChanges) {
    // Sharded databases on disk were built with these: a change would misroute their ids.
    EXPECT_EQ(shard_of("bbc/tech/001", 4), 3u);
    EXPECT_EQ(shard_of("seed/thehill-xi-cyber-dialogue", 4), 2u);
    EXPECT_EQ(shard_of("seed/thehill-xi-cyber-dialogue", 3), 2u);
    EXPECT_EQ(shard_of("a", 2), 0u);
    EXPECT_EQ(shard_of("b", 2), 1u);
    EXPECT_EQ(shard_of("anything", 1), 0u);
}

TEST(ShardWriters, RouteEachIdToItsShardAndTheLaterRecordOfARepeatedIdWins) {
    constexpr std::size_t kShards = 3;
    std::vector<Xapian::WritableDatabase> dbs;
    std::vector<std::unique_ptr<IndexBuilder>> builders;
    for (std::size_t i = 0; i < kShards; ++i) {
        dbs.push_back(test::in_memory_db());
        builders.push_back(std::make_unique<IndexBuilder>(dbs.back(), IndexOptions{}));
    }
    ShardWriters writers(std::move(builders), [](const RecordLocation& where, const std::string& reason) {
        ADD_FAILURE() << where.to_string() << ": " << reason;
    });
    for (int version = 0; version < 3; ++version)
        for (int i = 0; i < 100; ++i)
            writers.submit(test::article("a" + std::to_string(i), "version " + std::to_string(version), "text"), "",
                           RecordLocation{"mem", 1});
    writers.drain();
    const IndexCounts counts = writers.counts();
    EXPECT_EQ(counts.added, 100u);
    EXPECT_EQ(counts.updated, 200u);
    DocumentMapper mapper;
    Xapian::doccount total = 0;
    for (std::size_t shard = 0; shard < kShards; ++shard) {
        total += dbs[shard].get_doccount();
        for (auto t = dbs[shard].allterms_begin("Q"); t != dbs[shard].allterms_end("Q"); ++t) {
            const Article a = mapper.stored_article(dbs[shard].get_document(*dbs[shard].postlist_begin(*t)));
            EXPECT_EQ(shard_of(a.id, kShards), shard) << a.id;
            EXPECT_EQ(a.title, "version 2") << a.id;
        }
    }
    EXPECT_EQ(total, 100u);
}

}  // namespace
}  // namespace news
