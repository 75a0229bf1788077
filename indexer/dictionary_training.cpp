#include "indexer/dictionary_training.hpp"

#include <utility>

#include "common/stored_record.hpp"

namespace news {

void DictionaryTrainingSink::submit(Article&& article, std::string origin, RecordLocation where) {
    if (sink_) return sink_->submit(std::move(article), std::move(origin), std::move(where));
    held_bytes_ += record_payload(article).size();
    held_.push_back(std::move(article));
    held_where_.push_back({std::move(origin), std::move(where)});
    if (held_bytes_ >= kSampleBytes) train_and_open_sink();
}

void DictionaryTrainingSink::drain() {
    if (!sink_) train_and_open_sink();
    sink_->drain();
}

void DictionaryTrainingSink::train_and_open_sink() {
    sink_ = &open_sink_(held_bytes_ >= kMinSampleBytes ? train_record_dictionary(held_) : nullptr);
    for (std::size_t i = 0; i < held_.size(); ++i)
        sink_->submit(std::move(held_[i]), std::move(held_where_[i].origin), std::move(held_where_[i].where));
    held_ = {};
    held_where_ = {};
}

}  // namespace news
