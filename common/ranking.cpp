#include "common/ranking.hpp"

namespace news {

void configure_ranking(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingConfig& config) {
    // k2, k3, min_normlen: Xapian's defaults.
    enquire.set_weighting_scheme(Xapian::BM25Weight(config.bm25_k1, 0, 1, config.bm25_b, 0.5));
    enquire.set_query(query);
}

}  // namespace news
