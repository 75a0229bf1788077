/// @file dictionary_training.hpp
/// @brief The stored-record dictionary of a new database, trained on the corpus itself as
/// it is read, in the same single pass as the indexing.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <vector>

#include "common/zstd_codec.hpp"
#include "indexer/article_sink.hpp"

namespace news {

/// Holds the first articles of a database that has no record dictionary yet, up to
/// kSampleBytes of records, trains the dictionary on them, and then hands them and every
/// later article to the sink that `open_sink` makes for that dictionary. So the input is
/// read once: a pipe or standard input cannot be read twice, and a file need not be.
///
/// zstd advises samples of about 100 times the dictionary; a third of that compresses the
/// BBC records as well. With less than kMinSampleBytes of records in the whole run the
/// dictionary is nullptr (plain zstd): one learnt from a handful of articles would be kept
/// for every later one, so a small first run stores plain zstd and a later, larger one
/// trains.
class DictionaryTrainingSink : public ArticleSink {
  public:
    /// Makes the sink that writes the articles, compressing their records with
    /// `dictionary` (nullptr: none); called once. The sink must outlive this object.
    using SinkFactory = std::function<ArticleSink&(std::shared_ptr<const ZstdDictionary> dictionary)>;

    explicit DictionaryTrainingSink(SinkFactory open_sink) : open_sink_(std::move(open_sink)) {}

    void submit(Article&& article, std::string origin, RecordLocation where) override;
    /// Trains on what is held if that has not happened yet, then drains the sink.
    void drain() override;
    /// The sink's counts; none while articles are held for training.
    IndexCounts counts() const override { return sink_ ? sink_->counts() : IndexCounts{}; }

    static constexpr std::size_t kSampleBytes = 4 << 20;
    static constexpr std::size_t kMinSampleBytes = 512 << 10;

  private:
    struct Held {
        std::string origin;
        RecordLocation where;
    };
    void train_and_open_sink();

    SinkFactory open_sink_;
    ArticleSink* sink_ = nullptr;
    std::vector<Article> held_;
    std::vector<Held> held_where_;  ///< parallel to held_
    std::size_t held_bytes_ = 0;
};

}  // namespace news
