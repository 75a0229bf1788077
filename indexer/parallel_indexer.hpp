/// @file parallel_indexer.hpp
/// @brief Prepares articles (term generation, compression) on worker threads and writes
/// them through one IndexBuilder, in submission order.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"
#include "indexer/article_sink.hpp"
#include "indexer/index_builder.hpp"

namespace news {

/// Xapian allows one writer per database, so parallelism goes into preparing documents:
/// `threads` workers each own a DocumentMapper; the submitting thread writes finished
/// documents in the order they were submitted (so when one id occurs twice in a run, the
/// later record wins, exactly as with one thread). At most `max_in_flight` articles, and
/// 16 MiB of their text or one article, are held at once, which bounds memory on any input.
class ParallelIndexer : public ArticleSink {
  public:
    /// With threads == 0 everything runs on the calling thread (no workers). Documents are
    /// prepared as `builder` prepares them (IndexBuilder::make_mapper()). `on_failure` is
    /// called on the submitting thread.
    ParallelIndexer(IndexBuilder& builder, unsigned threads, FailureHandler on_failure, std::size_t max_in_flight = 0);
    /// Finishes the work in flight (like drain()) unless an exception is propagating.
    ~ParallelIndexer() override;
    ParallelIndexer(const ParallelIndexer&) = delete;
    ParallelIndexer& operator=(const ParallelIndexer&) = delete;

    /// Queues one article; may write earlier ones, and blocks while the window is full.
    void submit(Article&& article, std::string origin, RecordLocation where) override;
    /// Waits for every submitted article and writes it.
    void drain() override;
    IndexCounts counts() const override { return builder_.counts(); }

  private:
    struct Slot {
        std::uint64_t sequence = 0;
        Article article;
        std::string origin;
        RecordLocation where;
        std::optional<PreparedArticle> prepared;
        std::string error;         ///< an InvalidArgumentError's message
        std::exception_ptr fatal;  ///< anything else: rethrown on the writing thread
        bool ready = false;
        std::size_t text_bytes = 0;  ///< the article's title and body
    };

    void work(DocumentMapper& mapper);
    void write_ready(bool wait_for_one);
    void write(Slot& slot);

    IndexBuilder& builder_;
    FailureHandler on_failure_;
    std::vector<Slot> ring_;                ///< slot i % size holds sequence i
    std::uint64_t submitted_ = 0;           ///< next sequence to hand out
    std::uint64_t claimed_ = 0;             ///< next sequence a worker will take
    std::uint64_t written_ = 0;             ///< next sequence to write
    std::size_t in_flight_text_bytes_ = 0;  ///< of the articles submitted and not yet written
    bool stopping_ = false;
    std::mutex mutex_;
    std::condition_variable work_available_;
    std::condition_variable slot_ready_;
    std::vector<std::thread> workers_;
    std::optional<DocumentMapper> inline_mapper_;  ///< threads == 0
};

}  // namespace news
