/// @file sharded_build.hpp
/// @brief Builds a new database on several threads: one shard database per thread, merged
/// by Xapian's compactor at the end.
#pragma once

#include <xapian.h>

#include <memory>
#include <string>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"
#include "indexer/article_sink.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/shard_writers.hpp"

namespace news {

/// Xapian allows one writer per database and writing, not term generation, is most of
/// the cost of indexing news (docs/benchmarks.md), so a build from scratch scales
/// only if the writing is split: ShardWriters writes `shards` staging databases on as many
/// threads, and merge_into() merges them with the compactor into one compact database.
/// (A sharded database, sharded_database.hpp, keeps its shards instead.)
class ShardedBuild : public ArticleSink {
  public:
    /// Staging databases go in the work folder `staging_dir` (work_folder.hpp: created,
    /// removed by the destructor; a folder there that is not a work folder is an error, left
    /// untouched). When a build with as many shards was killed there before its merge, its
    /// shards are kept and the build resumes (resumed()). `on_failure` is called from shard
    /// threads, serialised.
    ShardedBuild(std::string staging_dir, unsigned shards, const IndexOptions& options, FailureHandler on_failure);
    /// Stops the threads; the staging folder is removed.
    ~ShardedBuild() override;
    ShardedBuild(const ShardedBuild&) = delete;
    ShardedBuild& operator=(const ShardedBuild&) = delete;

    void submit(Article&& article, std::string origin, RecordLocation where) override {
        writers_->submit(std::move(article), std::move(origin), std::move(where));
    }
    /// Waits until every queued article is written and commits every shard.
    void drain() override { writers_->drain(); }

    /// Merges the committed shards into `target_path` (compacted), swapped in atomically
    /// for the (empty) database `target` holds open, whose lock keeps other writers out.
    void merge_into(Xapian::WritableDatabase& target, const std::string& target_path);

    /// Counts over all shards so far (approximate while threads run).
    IndexCounts counts() const override { return writers_->counts(); }

    /// Articles a killed build had committed to the staging shards, kept for this one.
    Xapian::doccount resumed() const { return resumed_; }

  private:
    std::string staging_dir_;
    Xapian::doccount resumed_ = 0;
    std::unique_ptr<ShardWriters> writers_;
};

}  // namespace news
