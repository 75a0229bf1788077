/// @file article_sink.hpp
/// @brief Where the indexer sends the articles it reads.
#pragma once

#include <functional>
#include <string>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"
#include "indexer/index_builder.hpp"

namespace news {

/// Told of an article Xapian rejected (an InvalidArgumentError, e.g. an unusable term): its
/// record is counted as failed. Each sink says from which thread it calls it.
using FailureHandler = std::function<void(const RecordLocation&, const std::string& reason)>;

/// Accepts articles for indexing: ParallelIndexer (updates one database), ShardedBuild
/// (builds a new one on several writers), ShardWriters (writes a sharded database, one
/// writer thread per shard), or DictionaryTrainingSink (holds the first articles until the
/// record dictionary is trained, then hands everything to one of those).
class ArticleSink {
  public:
    virtual ~ArticleSink() = default;
    /// Queues one article read from the file `origin` (absolute path) at `where`.
    virtual void submit(Article&& article, std::string origin, RecordLocation where) = 0;
    /// Waits until everything submitted is written.
    virtual void drain() = 0;
    /// Added, updated and unchanged so far.
    virtual IndexCounts counts() const = 0;
};

}  // namespace news
