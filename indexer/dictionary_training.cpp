#include "indexer/dictionary_training.hpp"

#include "common/stored_record.hpp"

namespace news {

namespace {

class SampleCollector : public CorpusVisitor {
  public:
    void on_article(Article&& article, const RecordLocation&) override {
        bytes_ += record_payload(article).size();
        sample_.push_back(std::move(article));
    }
    void on_skip(const RecordLocation&, std::string_view) override {}
    void on_warning(const RecordLocation&, std::string_view) override {}
    bool should_stop() override { return bytes_ >= kSampleBytes; }

    std::size_t bytes() const { return bytes_; }
    const std::vector<Article>& sample() const { return sample_; }

  private:
    std::vector<Article> sample_;
    std::size_t bytes_ = 0;
};

}  // namespace

std::shared_ptr<const ZstdDictionary> train_dictionary_on(const std::vector<std::filesystem::path>& inputs,
                                                          const ReadOptions& options) {
    SampleCollector collector;
    read_corpus(inputs, collector, options);
    if (collector.bytes() < kMinSampleBytes) return nullptr;
    return train_record_dictionary(collector.sample());
}

}  // namespace news
