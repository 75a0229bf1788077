#include "common/ranking.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common/expansion.hpp"
#include "common/schema.hpp"

namespace news {

namespace {

// BM25's other parameters: Xapian's defaults (no k2 document-length correction, k3 = 1 for
// repeated query words, normalised lengths floored at 0.5).
constexpr double kBm25K2 = 0;
constexpr double kBm25K3 = 1;
constexpr double kBm25MinNormlen = 0.5;

/// Feedback words come from the stemmed terms of the combined title-and-body field, the
/// terms unqualified query words are matched on: one term per word, whatever its form, and
/// never a field's copy or a filter's term.
class CombinedFieldStems : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string& term) const override {
        return term.size() > 1 && term.front() == 'Z' && schema::is_combined_term(term);
    }
};

/// The query of `enquire` re-ranked by pseudo-relevance feedback; `query` if there is
/// nothing to learn from (no match, or only boolean matches with no weight). The best
/// matches' terms are read by `documents` when given (a database without termlists), else
/// by Xapian.
Xapian::Query with_feedback(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingConfig& config,
                            DocumentTerms* documents) {
    const Xapian::MSet top = enquire.get_mset(0, config.feedback_docs);
    if (top.empty() || top.begin().get_weight() <= 0) return query;
    const CombinedFieldStems decider;
    // Xapian leaves the query's own terms out of the ESet by default: only new words come.
    // Exact term frequencies, or over shards the words would depend on the sharding.
    std::vector<std::pair<std::string, double>> eset;
    if (documents) {
        std::vector<Xapian::docid> rset(top.begin(), top.end());
        ExpandOptions options;
        options.exact_termfreq = true;
        options.excluded.assign(query.get_terms_begin(), query.get_terms_end());
        options.decider = &decider;
        // The combined field's stems are a quarter of a document's terms: weigh only them.
        options.accepted_terms_only = true;
        for (ExpandTerm& t : expand_set(*documents, rset, config.feedback_terms, options).terms)
            eset.emplace_back(std::move(t.term), t.weight);
    } else {
        Xapian::RSet rset;
        for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
        const Xapian::ESet xapian_eset =
            enquire.get_eset(config.feedback_terms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
        for (auto t = xapian_eset.begin(); t != xapian_eset.end(); ++t) eset.emplace_back(*t, t.get_weight());
    }
    if (eset.empty()) return query;
    const double top_weight = eset.front().second;
    std::vector<Xapian::Query> words;
    words.reserve(eset.size());
    for (const auto& [term, weight] : eset)
        words.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight / top_weight);
    const Xapian::Query expansion(Xapian::Query::OP_OR, words.begin(), words.end());
    // AND_MAYBE: the words add weight to the articles that match, never new matches, so
    // filters and AND queries keep their meaning.
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, config.feedback_weight));
}

}  // namespace

void configure_ranking(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingConfig& config,
                       DocumentTerms* documents) {
    enquire.set_weighting_scheme(Xapian::BM25Weight(config.bm25_k1, kBm25K2, kBm25K3, config.bm25_b, kBm25MinNormlen));
    enquire.set_query(query);
    if (config.feedback_docs > 0 && !query.empty()) enquire.set_query(with_feedback(enquire, query, config, documents));
}

Bm25TermWeight::Bm25TermWeight(const RankingConfig& config, Xapian::doccount collection_size, Xapian::doccount termfreq,
                               double average_length, Xapian::termcount wqf, double factor)
    : k1_(config.bm25_k1), b_(config.bm25_b) {
    // BM25Weight::init() without a relevance set.
    double tw = (collection_size - termfreq + 0.5) / (termfreq + 0.5);
    if (tw < 2) tw = tw * 0.5 + 1;
    termweight_ = std::log(tw) * factor;
    if (kBm25K3 != 0) {
        const double wqf_double = wqf;
        termweight_ *= (kBm25K3 + 1) * wqf_double / (kBm25K3 + wqf_double);
    }
    termweight_ *= (k1_ + 1);
    if (kBm25K2 == 0 && (b_ == 0 || k1_ == 0)) {
        len_factor_ = 0;
    } else {
        len_factor_ = average_length;
        if (len_factor_ != 0) len_factor_ = 1 / len_factor_;
    }
}

double Bm25TermWeight::operator()(Xapian::termcount wdf, Xapian::termcount length) const {
    // BM25Weight::get_sumpart().
    const double normlen = std::max(length * len_factor_, kBm25MinNormlen);
    const double wdf_double(wdf);
    const double denom = k1_ * (normlen * b_ + (1 - b_)) + wdf_double;
    return termweight_ * (wdf_double / denom);
}

}  // namespace news
