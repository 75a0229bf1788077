#include "indexer/sharded_build.hpp"

#include <filesystem>
#include <utility>

#include "common/hash.hpp"
#include "indexer/compaction.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {
// Articles waiting per shard: enough to keep a shard busy while the reader parses the next
// ones, small enough to bound memory on 64 MiB records.
constexpr std::size_t kQueueCapacity = 256;

std::string shard_path(const std::string& staging_dir, std::size_t i) {
    return (fs::path(staging_dir) / ("shard" + std::to_string(i))).string();
}
}  // namespace

ShardedBuild::ShardedBuild(std::string staging_dir, unsigned shards, const IndexOptions& options,
                           FailureHandler on_failure)
    : staging_dir_(std::move(staging_dir)), on_failure_(std::move(on_failure)) {
    fs::remove_all(staging_dir_);  // debris of a killed run
    fs::create_directories(staging_dir_);
    for (unsigned i = 0; i < shards; ++i) {
        auto shard = std::make_unique<Shard>();
        shard->builder = std::make_unique<IndexBuilder>(shard_path(staging_dir_, i), options);
        shards_.push_back(std::move(shard));
    }
    for (auto& shard : shards_) shard->thread = std::thread([this, s = shard.get()] { run_shard(*s); });
}

ShardedBuild::~ShardedBuild() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    for (auto& shard : shards_) shard->changed.notify_all();
    for (auto& shard : shards_)
        if (shard->thread.joinable()) shard->thread.join();
    shards_.clear();  // closes the staging databases before their folder goes
    std::error_code ec;
    fs::remove_all(staging_dir_, ec);
}

void ShardedBuild::submit(Article&& article, std::string origin, RecordLocation where) {
    Shard& shard = *shards_[fnv1a64(article.id) % shards_.size()];
    std::unique_lock lock(mutex_);
    shard.changed.wait(lock, [&] { return shard.queue.size() < kQueueCapacity || fatal_; });
    if (fatal_) std::rethrow_exception(fatal_);
    shard.queue.push_back({std::move(article), std::move(origin), std::move(where)});
    shard.changed.notify_all();
}

void ShardedBuild::run_shard(Shard& shard) {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            shard.changed.wait(lock, [&] { return stopping_ || !shard.queue.empty(); });
            if (shard.queue.empty()) return;  // stopping and nothing left
            job = std::move(shard.queue.front());
            shard.queue.pop_front();
            shard.busy = true;
        }
        shard.changed.notify_all();  // room in the queue
        try {
            shard.builder->add(job.article, job.origin);
        } catch (const Xapian::InvalidArgumentError& e) {
            std::lock_guard failure_lock(failure_mutex_);
            on_failure_(job.where, e.get_msg());
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (!fatal_) fatal_ = std::current_exception();
        }
        {
            std::lock_guard lock(mutex_);
            shard.busy = false;
            shard.counts = shard.builder->counts();
        }
        shard.changed.notify_all();
    }
}

void ShardedBuild::rethrow_if_failed() {
    std::lock_guard lock(mutex_);
    if (fatal_) std::rethrow_exception(fatal_);
}

void ShardedBuild::drain() {
    for (auto& shard : shards_) {
        std::unique_lock lock(mutex_);
        shard->changed.wait(lock, [&] { return (shard->queue.empty() && !shard->busy) || fatal_; });
    }
    rethrow_if_failed();
    // The threads are idle now; committing from here does not race with them.
    for (auto& shard : shards_) shard->builder->finish();
}

void ShardedBuild::merge_into(Xapian::WritableDatabase& target, const std::string& target_path) {
    Xapian::Database all;
    for (auto& shard : shards_) all.add_database(shard->builder->database());
    const fs::path merged = fs::path(staging_dir_) / "merged";
    all.compact(merged.string());
    target.commit();
    replace_database(merged.string(), target_path);
}

IndexCounts ShardedBuild::counts() const {
    std::lock_guard lock(mutex_);
    IndexCounts total;
    for (const auto& shard : shards_) {
        const IndexCounts& c = shard->counts;
        total.added += c.added;
        total.updated += c.updated;
        total.unchanged += c.unchanged;
        total.deleted += c.deleted;
    }
    return total;
}

}  // namespace news
