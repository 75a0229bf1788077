/// @file sharded_build.hpp
/// @brief Builds a new database on several threads: one shard database per thread, merged
/// by Xapian's compactor at the end.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "common/article.hpp"
#include "common/corpus_reader.hpp"
#include "indexer/article_sink.hpp"
#include "indexer/index_builder.hpp"

namespace news {

/// Xapian allows one writer per database and writing, not term generation, is most of
/// the cost of indexing news (about 80% on news-fulltext), so a build from scratch scales
/// only if the writing is split: each of `shards` threads owns an IndexBuilder on its own
/// staging database, articles are routed by a hash of their id (so a repeated id always
/// meets its earlier version, in order, in the same shard), and finish() merges the
/// shards with the compactor into one compact database.
class ShardedBuild : public ArticleSink {
  public:
    using FailureHandler = std::function<void(const RecordLocation&, const std::string& reason)>;

    /// Staging databases go in `staging_dir` (created; removed by the destructor).
    /// `on_failure` is called from shard threads, serialised by this class.
    ShardedBuild(std::string staging_dir, unsigned shards, const IndexOptions& options, FailureHandler on_failure);
    /// Stops the threads; the staging folder is removed.
    ~ShardedBuild() override;
    ShardedBuild(const ShardedBuild&) = delete;
    ShardedBuild& operator=(const ShardedBuild&) = delete;

    /// Queues one article for its shard; blocks while that shard's queue is full. Rethrows
    /// a fatal error (e.g. disk full) a shard thread met.
    void submit(Article&& article, std::string origin, RecordLocation where) override;

    /// Waits until every queued article is written and commits every shard.
    void drain() override;

    /// Merges the committed shards into `target_path` (compacted), swapped in atomically
    /// for the (empty) database `target` holds open, whose lock keeps other writers out.
    void merge_into(Xapian::WritableDatabase& target, const std::string& target_path);

    /// Counts over all shards so far (approximate while threads run).
    IndexCounts counts() const override;

  private:
    struct Job {
        Article article;
        std::string origin;
        RecordLocation where;
    };
    struct Shard {
        std::unique_ptr<IndexBuilder> builder;
        std::deque<Job> queue;
        std::condition_variable changed;  ///< a job was queued or taken, or stopping
        bool busy = false;                ///< a job is being written
        IndexCounts counts;               ///< the builder's counts after its last job
        std::thread thread;
    };

    void run_shard(Shard& shard);
    void rethrow_if_failed();

    std::string staging_dir_;
    FailureHandler on_failure_;
    std::mutex failure_mutex_;
    mutable std::mutex mutex_;  ///< guards queues, busy flags, stopping_, fatal_
    std::vector<std::unique_ptr<Shard>> shards_;
    bool stopping_ = false;
    std::exception_ptr fatal_;
};

}  // namespace news
