#include "indexer/shard_writers.hpp"

#include <xapian.h>

#include <utility>

#include "common/hash.hpp"

namespace news {

namespace {
// Articles waiting per shard: enough to keep a shard busy while the reader parses the next
// ones; and at most this much of their text (or one article), so that huge records cannot
// pile up 256 deep.
constexpr std::size_t kQueueCapacity = 256;
constexpr std::size_t kQueueTextBytes = 16u << 20;

std::size_t text_bytes(const Article& article) { return article.title.size() + article.body.size(); }
}  // namespace

std::size_t shard_of(std::string_view article_id, std::size_t shards) { return fnv1a64(article_id) % shards; }

ShardWriters::ShardWriters(std::vector<std::unique_ptr<IndexBuilder>> builders, FailureHandler on_failure)
    : on_failure_(std::move(on_failure)) {
    for (auto& builder : builders) {
        auto shard = std::make_unique<Shard>();
        shard->builder = std::move(builder);
        shards_.push_back(std::move(shard));
    }
    for (auto& shard : shards_) shard->thread = std::thread([this, s = shard.get()] { run_shard(*s); });
}

ShardWriters::~ShardWriters() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    for (auto& shard : shards_) shard->changed.notify_all();
    for (auto& shard : shards_)
        if (shard->thread.joinable()) shard->thread.join();
}

void ShardWriters::submit(Article&& article, std::string origin, RecordLocation where) {
    Shard& shard = *shards_[shard_of(article.id, shards_.size())];
    std::unique_lock lock(mutex_);
    shard.changed.wait(lock, [&] {
        const bool room = shard.queue.size() < kQueueCapacity && shard.queued_text_bytes < kQueueTextBytes;
        return room || shard.queue.empty() || fatal_;
    });
    if (fatal_) std::rethrow_exception(fatal_);
    shard.queued_text_bytes += text_bytes(article);
    shard.queue.push_back({std::move(article), std::move(origin), std::move(where)});
    shard.changed.notify_all();
}

void ShardWriters::run_shard(Shard& shard) {
    for (;;) {
        Job job;
        {
            std::unique_lock lock(mutex_);
            shard.changed.wait(lock, [&] { return stopping_ || !shard.queue.empty(); });
            if (shard.queue.empty()) return;  // stopping and nothing left
            job = std::move(shard.queue.front());
            shard.queue.pop_front();
            shard.queued_text_bytes -= text_bytes(job.article);
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

void ShardWriters::rethrow_if_failed() {
    std::lock_guard lock(mutex_);
    if (fatal_) std::rethrow_exception(fatal_);
}

void ShardWriters::drain() {
    for (auto& shard : shards_) {
        std::unique_lock lock(mutex_);
        shard->changed.wait(lock, [&] { return (shard->queue.empty() && !shard->busy) || fatal_; });
    }
    rethrow_if_failed();
    // The threads are idle now; committing from here does not race with them.
    for (auto& shard : shards_) shard->builder->finish();
}

void ShardWriters::for_each_shard(const std::function<void(std::size_t, IndexBuilder&)>& task) {
    std::vector<std::exception_ptr> errors(shards_.size());
    std::vector<std::thread> threads;
    threads.reserve(shards_.size());
    for (std::size_t i = 0; i < shards_.size(); ++i)
        threads.emplace_back([&, i] {
            try {
                task(i, *shards_[i]->builder);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        });
    for (auto& t : threads) t.join();
    {
        std::lock_guard lock(mutex_);
        for (auto& shard : shards_) shard->counts = shard->builder->counts();
    }
    for (const auto& e : errors)
        if (e) std::rethrow_exception(e);
}

IndexCounts ShardWriters::counts() const {
    std::lock_guard lock(mutex_);
    IndexCounts total;
    for (const auto& shard : shards_) total += shard->counts;
    return total;
}

}  // namespace news
