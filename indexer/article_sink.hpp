/// @file article_sink.hpp
/// @brief Where the indexer sends the articles it reads.
#pragma once

#include <string>

#include "common/article.hpp"
#include "common/corpus_reader.hpp"
#include "indexer/index_builder.hpp"

namespace news {

/// Accepts articles for indexing: ParallelIndexer (updates one database) or ShardedBuild
/// (builds a new one on several writers).
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
