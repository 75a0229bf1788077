/// @file ranking.hpp
/// @brief How matches are ranked: the weighting scheme and any query expansion, in one
/// place shared by the searcher, the benchmarks and the evaluation.
#pragma once

#include <xapian.h>

namespace news {

class DocumentTerms;  // document_terms.hpp

/// Ranking settings. The defaults are the project's chosen ranking; docs/relevance.md has
/// the measurements behind them, including the settings that were tried and not taken.
struct RankingConfig {
    /// BM25's term-frequency saturation and length normalisation: Robertson and Walker's
    /// values from the TREC newswire experiments (Okapi at TREC-3), also Lucene's and SQLite
    /// FTS5's defaults. Xapian's own defaults (1.0, 0.5) ranked worse on Cranfield.
    double bm25_k1 = 1.2;
    double bm25_b = 0.75;

    /// Pseudo-relevance feedback, off when 0: the `feedback_docs` best matches are taken as
    /// relevant, Xapian's expand weighting picks their `feedback_terms` most telling words
    /// (stemmed, from title and body), and those words re-rank the matches with a weight of
    /// `feedback_weight`, each in proportion to its expand weight. It never changes which
    /// articles match. Off by default: it runs the query twice (see docs/relevance.md).
    /// 10 documents, 10 terms, 0.5: the usual RM3 starting point (e.g. Anserini's defaults).
    Xapian::doccount feedback_docs = 0;
    Xapian::termcount feedback_terms = 10;
    double feedback_weight = 0.5;
};

/// Prepares `enquire` to rank `query`: sets the weighting scheme and the query to run
/// (`query` itself, or with feedback a form of it that matches the same articles). With
/// feedback on this runs a search of its own on `enquire`; Enquire settings that decide the
/// order or the grouping of results (sorting, collapsing) are best set after this call.
/// Feedback reads the terms of the best matches: through `documents` when given, which
/// works on a database without termlists too (document_terms.hpp; the same words and
/// weights), else through Xapian's termlists (Xapian::FeatureUnavailableError without).
void configure_ranking(Xapian::Enquire& enquire, const Xapian::Query& query, const RankingConfig& config,
                       DocumentTerms* documents = nullptr);

/// The weight the ranking of configure_ranking() gives one query word in a document:
/// Xapian 1.4's BM25Weight::init() and get_sumpart(), step for step, so that bounds
/// computed with it (top_postings.hpp) and the contributions --explain shows
/// (searcher/explain.hpp) are the weights the matcher computes. Xapian does not expose the
/// weight of a posting outside a match. `wqf` is the word's within-query frequency and
/// `factor` the product of the OP_SCALE_WEIGHT factors above it (1 and 1 for a word typed
/// once, as the feedback-free ranking has them); a factor of 0 is a filter, which Xapian
/// weighs with BoolWeight instead (0 everywhere).
class Bm25TermWeight {
  public:
    Bm25TermWeight(const RankingConfig& config, Xapian::doccount collection_size, Xapian::doccount termfreq,
                   double average_length, Xapian::termcount wqf = 1, double factor = 1);
    double operator()(Xapian::termcount wdf, Xapian::termcount length) const;

  private:
    double k1_, b_;
    double termweight_ = 0;
    double len_factor_ = 0;
};

}  // namespace news
