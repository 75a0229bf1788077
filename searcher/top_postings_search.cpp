#include "searcher/top_postings_search.hpp"

#include <algorithm>
#include <utility>

#include "common/top_postings.hpp"

namespace news {

namespace {

/// The listed docids of a word, each with the weight the word gives it (parallel to the
/// docids): the word itself, as far as its listed articles go.
class ListedPostings : public Xapian::PostingSource {
  public:
    ListedPostings(std::shared_ptr<const std::vector<Xapian::docid>> docids,
                   std::shared_ptr<const std::vector<double>> weights)
        : docids_(std::move(docids)), weights_(std::move(weights)) {}

    Xapian::doccount get_termfreq_min() const override { return size(); }
    Xapian::doccount get_termfreq_est() const override { return size(); }
    Xapian::doccount get_termfreq_max() const override { return size(); }
    void init(const Xapian::Database&) override {
        pos_ = kBeforeStart;
        set_maxweight(weights_->empty() ? 0 : *std::max_element(weights_->begin(), weights_->end()));
    }
    void next(double) override { pos_ = pos_ == kBeforeStart ? 0 : pos_ + 1; }
    void skip_to(Xapian::docid did, double) override {
        const std::size_t from = pos_ == kBeforeStart ? 0 : pos_;
        pos_ =
            static_cast<std::size_t>(std::lower_bound(docids_->begin() + from, docids_->end(), did) - docids_->begin());
    }
    bool at_end() const override { return pos_ != kBeforeStart && pos_ >= docids_->size(); }
    Xapian::docid get_docid() const override { return (*docids_)[pos_]; }
    double get_weight() const override { return (*weights_)[pos_]; }
    ListedPostings* clone() const override { return new ListedPostings(docids_, weights_); }  // Xapian owns clones
    std::string get_description() const override { return "ListedPostings(" + std::to_string(size()) + ")"; }

  private:
    static constexpr std::size_t kBeforeStart = static_cast<std::size_t>(-1);
    Xapian::doccount size() const { return static_cast<Xapian::doccount>(docids_->size()); }

    std::shared_ptr<const std::vector<Xapian::docid>> docids_;
    std::shared_ptr<const std::vector<double>> weights_;
    std::size_t pos_ = kBeforeStart;
};

/// The subquery of `query` that weighs its matches: `query` itself, or under filters and
/// exclusions (whose other subqueries add no weight) their first subquery's.
Xapian::Query weighed_part(const Xapian::Query& query) {
    switch (query.get_type()) {
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            return query.get_num_subqueries() > 0 ? weighed_part(query.get_subquery(0)) : query;
        default:
            return query;
    }
}

/// `query` with its weighed_part() made `by`.
Xapian::Query with_weighed_part_replaced(const Xapian::Query& query, const Xapian::Query& by) {
    switch (query.get_type()) {
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT: {
            if (query.get_num_subqueries() == 0) return by;
            std::vector<Xapian::Query> subqueries;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
                subqueries.push_back(i == 0 ? with_weighed_part_replaced(query.get_subquery(i), by)
                                            : query.get_subquery(i));
            return Xapian::Query(query.get_type(), subqueries.begin(), subqueries.end());
        }
        default:
            return by;
    }
}

bool is_word(const Xapian::Query& query) { return query.get_type() == Xapian::Query::LEAF_TERM; }
std::string word_of(const Xapian::Query& query) { return *query.get_terms_begin(); }

/// How many articles `query` can match at most, by Xapian's bounds, without matching.
Xapian::doccount most_matches(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0).get_matches_upper_bound();
}

/// What a plan ranks from a list: the listed word, and the rest of an OR of words with it.
struct ListedWord {
    std::string term;
    Xapian::Query rest;  ///< empty when the word is the whole weighed query
};

/// The word whose list ranks `weighed` (a weighed_part()): the word itself, or, in an OR,
/// the most frequent word, when the rest can match no more than `most_rest` articles (the
/// rest is weighed in full: see listed_query()). Xapian weighs each leaf of a query with
/// its own query frequency, so the word may occur in the rest too (in a phrase, say).
std::optional<ListedWord> listed_word(const Xapian::Database& db, const Xapian::Query& weighed,
                                      Xapian::doccount most_rest) {
    if (is_word(weighed)) return ListedWord{word_of(weighed), {}};
    if (weighed.get_type() != Xapian::Query::OP_OR || weighed.get_num_subqueries() < 2) return std::nullopt;
    std::size_t chosen = 0;
    Xapian::doccount most_frequent = 0;
    for (std::size_t i = 0; i < weighed.get_num_subqueries(); ++i) {
        const Xapian::Query sub = weighed.get_subquery(i);
        if (!is_word(sub)) continue;
        const Xapian::doccount frequency = db.get_termfreq(word_of(sub));
        if (frequency > most_frequent) {
            most_frequent = frequency;
            chosen = i;
        }
    }
    if (most_frequent == 0) return std::nullopt;
    const std::string term = word_of(weighed.get_subquery(chosen));
    std::vector<Xapian::Query> others;
    for (std::size_t i = 0; i < weighed.get_num_subqueries(); ++i)
        if (i != chosen) others.push_back(weighed.get_subquery(i));
    Xapian::Query rest(Xapian::Query::OP_OR, others.begin(), others.end());
    if (most_matches(db, rest) > most_rest) return std::nullopt;
    return ListedWord{term, std::move(rest)};
}

/// The heaviest weight `weight` gives any of `shapes` (0 for none).
double heaviest(const std::vector<top_postings::Shape>& shapes, const Bm25TermWeight& weight) {
    double most = 0;
    for (const auto& s : shapes) most = std::max(most, weight(s.wdf, s.length));
    return most;
}

}  // namespace

std::optional<TopPostingsPlan> TopPostingsPlan::make(const Xapian::Database& db, const Xapian::Query& query,
                                                     const RankingConfig& ranking) {
    if (db.size() != 1 || ranking.feedback_docs > 0 || query.empty()) return std::nullopt;
    const auto fingerprint = top_postings::current_fingerprint(db);
    if (!fingerprint) return std::nullopt;
    // The rest of an OR is weighed in full, article by article: worth it while it matches
    // fewer articles than a listed word does.
    std::optional<ListedWord> word = listed_word(db, weighed_part(query), fingerprint->min_termfreq);
    if (!word) return std::nullopt;
    const auto key = top_postings::list_key(word->term);
    if (!key) return std::nullopt;
    std::optional<top_postings::TermList> list = top_postings::decode(db.get_metadata(*key));
    if (!list) return std::nullopt;

    const Bm25TermWeight weight(ranking, db.get_doccount(), db.get_termfreq(word->term), db.get_avlength());
    auto weights = std::make_shared<std::vector<double>>();
    weights->reserve(list->shapes.size());
    for (const auto& shape : list->shapes) weights->push_back(weight(shape.wdf, shape.length));
    TopPostingsPlan plan;
    plan.query_ = query;
    plan.term_ = std::move(word->term);
    plan.rest_ = std::move(word->rest);
    plan.docids_ = std::make_shared<const std::vector<Xapian::docid>>(std::move(list->docids));
    plan.weights_ = std::move(weights);
    plan.unlisted_bound_ = heaviest(list->unlisted, weight);
    plan.cut_weight_ = heaviest(list->cut_group, weight);
    plan.cut_key_ = std::move(list->cut_key);
    return plan;
}

Xapian::Query TopPostingsPlan::listed_query() const {
    const Xapian::Query listed((new ListedPostings(docids_, weights_))->release());
    if (rest_.empty()) return with_weighed_part_replaced(query_, listed);
    // An article the rest matches gets the word's weight from its posting (AND_MAYBE
    // reads only the postings of those articles); any other weighs what the word gives
    // it, which the list has when the article is among the listed.
    const Xapian::Query with_rest(Xapian::Query::OP_AND_MAYBE, rest_, Xapian::Query(term_));
    const Xapian::Query listed_without_rest(Xapian::Query::OP_AND_NOT, listed, rest_);
    return with_weighed_part_replaced(query_, Xapian::Query(Xapian::Query::OP_OR, with_rest, listed_without_rest));
}

bool TopPostingsPlan::proves(const PageBoundary& last) const {
    // The last hit's weight was computed from its shape as the bounds were (Bm25TermWeight,
    // which is Xapian's arithmetic), so the three compare exactly.
    if (last.weight <= unlisted_bound_) return false;
    if (last.weight > cut_weight_) return true;
    return !cut_key_.empty() && last.weight == cut_weight_ && last.tie_break < cut_key_;
}

}  // namespace news
