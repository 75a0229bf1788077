/// @file dictionary_training.hpp
/// @brief The stored-record dictionary of a new database, trained on the corpus itself.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <vector>

#include "common/corpus_reader.hpp"
#include "common/zstd_codec.hpp"

namespace news {

/// Trained on the first articles of `inputs`, up to kSampleBytes of records: zstd advises
/// samples of about 100 times the dictionary; a third of that compresses the BBC records
/// as well. nullptr when the inputs hold less than kMinSampleBytes: a dictionary learnt from
/// a handful of articles would be kept for every later one, so a small first run stores
/// plain zstd and a later, larger one trains. Reads quietly: the indexing pass that follows
/// reports bad records.
std::shared_ptr<const ZstdDictionary> train_dictionary_on(const std::vector<std::filesystem::path>& inputs,
                                                          const ReadOptions& options);

inline constexpr std::size_t kSampleBytes = 4 << 20;
inline constexpr std::size_t kMinSampleBytes = 512 << 10;

}  // namespace news
