/// @file ranking.hpp
/// @brief How matches are ranked: the weighting scheme and any query expansion, in one
/// place shared by the searcher, the benchmarks and the evaluation.
#pragma once

#include <xapian.h>

namespace news {

/// Ranking settings. The defaults are the project's chosen ranking (see docs/relevance.md).
struct RankingConfig {
    double bm25_k1 = 1.0;  ///< Xapian's BM25Weight defaults
    double bm25_b = 0.5;
};

/// Prepares `enquire` to rank `query`: sets the weighting scheme and the query to run
/// (which may be an expanded form of `query`).
void configure_ranking(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingConfig& config);

}  // namespace news
