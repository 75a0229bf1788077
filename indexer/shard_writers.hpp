/// @file shard_writers.hpp
/// @brief One writer thread per database, articles routed to them by a stable hash of
/// their id: the parallel half of both the merged build (ShardedBuild) and the sharded
/// database (sharded_database.hpp).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"
#include "indexer/article_sink.hpp"
#include "indexer/index_builder.hpp"

namespace news {

/// The shard, among `shards`, that the article with this id belongs to: FNV-1a of the id
/// modulo the count. Sharded databases on disk depend on it: changing it would send
/// re-indexed and deleted ids to the wrong shard.
std::size_t shard_of(std::string_view article_id, std::size_t shards);

/// Xapian allows one writer per database, so writing, most of the cost of indexing, only
/// runs in parallel over several databases. Each builder gets a thread that prepares
/// (term generation, compression) and writes the articles routed to it by shard_of(), so a
/// repeated id always meets its earlier version, in order, on the same thread.
class ShardWriters : public ArticleSink {
  public:
    /// `on_failure` is called from the shard threads, serialised by this class, for an
    /// article Xapian rejected (InvalidArgumentError); other errors are fatal.
    ShardWriters(std::vector<std::unique_ptr<IndexBuilder>> builders, FailureHandler on_failure);
    /// Writes what is queued, then stops the threads; commits nothing (see drain()).
    ~ShardWriters() override;
    ShardWriters(const ShardWriters&) = delete;
    ShardWriters& operator=(const ShardWriters&) = delete;

    /// Queues one article for its shard; blocks while that shard's queue is full. Rethrows
    /// a fatal error (e.g. disk full) a shard thread met.
    void submit(Article&& article, std::string origin, RecordLocation where) override;

    /// Waits until every queued article is written and commits every shard.
    void drain() override;

    /// Runs `task` on every shard at once, one thread each, and waits for them all: for
    /// work after drain() such as deleting missing articles or compacting. Rethrows the
    /// first exception a task threw.
    void for_each_shard(const std::function<void(std::size_t shard, IndexBuilder&)>& task);

    /// Counts over all shards so far (approximate while threads run).
    IndexCounts counts() const override;

    std::size_t size() const { return shards_.size(); }
    /// A shard's builder: use it only while the threads are idle (after drain()).
    IndexBuilder& builder(std::size_t shard) { return *shards_[shard]->builder; }

  private:
    struct Job {
        Article article;
        std::string origin;
        RecordLocation where;
    };
    struct Shard {
        std::unique_ptr<IndexBuilder> builder;
        std::deque<Job> queue;
        std::size_t queued_text_bytes = 0;  ///< title and body bytes of the queued jobs
        std::condition_variable changed;    ///< a job was queued or taken, or stopping
        bool busy = false;                  ///< a job is being written
        IndexCounts counts;                 ///< the builder's counts after its last job
        std::thread thread;
    };

    void run_shard(Shard& shard);
    void rethrow_if_failed();

    FailureHandler on_failure_;
    std::mutex failure_mutex_;
    mutable std::mutex mutex_;  ///< guards queues, busy flags, counts, stopping_, fatal_
    std::vector<std::unique_ptr<Shard>> shards_;
    bool stopping_ = false;
    std::exception_ptr fatal_;
};

}  // namespace news
