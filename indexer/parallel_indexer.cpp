#include "indexer/parallel_indexer.hpp"

#include <xapian.h>

#include <utility>

namespace news {

namespace {
// Enough articles in flight to keep every worker busy while the writer flushes; and at most
// this much of their text (unless one article alone is larger), so that a run of huge
// records holds a few of them, not 64 a thread.
constexpr std::size_t kInFlightPerThread = 64;
constexpr std::size_t kMaxInFlightTextBytes = 16u << 20;
}  // namespace

ParallelIndexer::ParallelIndexer(IndexBuilder& builder, unsigned threads, FailureHandler on_failure,
                                 std::size_t max_in_flight)
    : builder_(builder), on_failure_(std::move(on_failure)) {
    if (threads == 0) {
        inline_mapper_.emplace(builder.make_mapper());
        return;
    }
    ring_.resize(max_in_flight > 0 ? max_in_flight : kInFlightPerThread * threads);
    workers_.reserve(threads);
    for (unsigned i = 0; i < threads; ++i)
        workers_.emplace_back([this, mapper = builder.make_mapper()]() mutable { work(mapper); });
}

ParallelIndexer::~ParallelIndexer() {
    if (std::uncaught_exceptions() == 0) {
        try {
            drain();
        } catch (...) {
            // A destructor must not throw; callers who care call drain() themselves.
        }
    }
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_available_.notify_all();
    for (auto& t : workers_) t.join();
}

void ParallelIndexer::submit(Article&& article, std::string origin, RecordLocation where) {
    if (inline_mapper_) {
        Slot slot;
        slot.where = std::move(where);
        try {
            slot.prepared = prepare_article(*inline_mapper_, article, origin);
        } catch (const Xapian::InvalidArgumentError& e) {
            slot.error = e.get_msg();
        }
        write(slot);
        return;
    }
    {
        std::unique_lock lock(mutex_);
        while (submitted_ - written_ == ring_.size() ||
               (submitted_ > written_ && in_flight_text_bytes_ >= kMaxInFlightTextBytes)) {
            lock.unlock();
            write_ready(/*wait_for_one=*/true);
            lock.lock();
        }
        Slot& slot = ring_[submitted_ % ring_.size()];
        slot = Slot{};
        slot.sequence = submitted_++;
        slot.text_bytes = article.title.size() + article.body.size();
        in_flight_text_bytes_ += slot.text_bytes;
        slot.article = std::move(article);
        slot.origin = std::move(origin);
        slot.where = std::move(where);
    }
    work_available_.notify_one();
    write_ready(/*wait_for_one=*/false);
}

void ParallelIndexer::drain() {
    if (inline_mapper_) return;
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (written_ == submitted_) return;
        }
        write_ready(/*wait_for_one=*/true);
    }
}

void ParallelIndexer::work(DocumentMapper& mapper) {
    for (;;) {
        Slot* slot = nullptr;
        {
            std::unique_lock lock(mutex_);
            work_available_.wait(lock, [&] { return stopping_ || claimed_ < submitted_; });
            if (claimed_ == submitted_) return;  // stopping, nothing left
            slot = &ring_[claimed_++ % ring_.size()];
        }
        // The slot is ours until `ready` is set: the writer never touches unready slots and
        // the submitter never reuses a slot before it is written.
        try {
            slot->prepared = prepare_article(mapper, slot->article, slot->origin);
        } catch (const Xapian::InvalidArgumentError& e) {
            slot->error = e.get_msg();
        } catch (...) {
            slot->fatal = std::current_exception();
        }
        slot->article = Article{};  // release the text early
        {
            std::lock_guard lock(mutex_);
            slot->ready = true;
        }
        slot_ready_.notify_all();
    }
}

void ParallelIndexer::write_ready(bool wait_for_one) {
    for (;;) {
        Slot* slot = nullptr;
        {
            std::unique_lock lock(mutex_);
            if (written_ == submitted_) return;
            Slot& next = ring_[written_ % ring_.size()];
            if (!next.ready) {
                if (!wait_for_one) return;
                slot_ready_.wait(lock, [&] { return next.ready; });
            }
            slot = &next;
        }
        write(*slot);  // the database is only touched from this thread
        {
            std::lock_guard lock(mutex_);
            slot->prepared.reset();
            slot->ready = false;
            in_flight_text_bytes_ -= slot->text_bytes;
            ++written_;
        }
        wait_for_one = false;  // one is written; now only take what is already done
    }
}

void ParallelIndexer::write(Slot& slot) {
    if (slot.fatal) std::rethrow_exception(slot.fatal);
    if (slot.error.empty()) {
        try {
            builder_.add(std::move(*slot.prepared));
            return;
        } catch (const Xapian::InvalidArgumentError& e) {
            slot.error = e.get_msg();
        }
    }
    on_failure_(slot.where, slot.error);
}

}  // namespace news
