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

/// `query` with the leaf of `term` made `by`. The query is of the shapes only_word() takes:
/// the word, or a filter or exclusion whose first subquery holds it.
Xapian::Query with_word_replaced(const Xapian::Query& query, const std::string& term, const Xapian::Query& by) {
    if (query.get_type() == Xapian::Query::LEAF_TERM) return *query.get_terms_begin() == term ? by : query;
    std::vector<Xapian::Query> subqueries;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        subqueries.push_back(i == 0 ? with_word_replaced(query.get_subquery(i), term, by) : query.get_subquery(i));
    return Xapian::Query(query.get_type(), subqueries.begin(), subqueries.end());
}

/// The one word of a query that is a word under any filters or exclusions; nullopt for
/// any other query.
std::optional<std::string> only_word(const Xapian::Query& query) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
            return *query.get_terms_begin();
        // The other subqueries of these add no weight: filters, exclusions.
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            return query.get_num_subqueries() > 0 ? only_word(query.get_subquery(0)) : std::nullopt;
        default:
            return std::nullopt;
    }
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
    const std::optional<std::string> term = only_word(query);
    if (!term) return std::nullopt;
    const auto key = top_postings::list_key(*term);
    if (!key || !top_postings::lists_are_current(db)) return std::nullopt;
    std::optional<top_postings::TermList> list = top_postings::decode(db.get_metadata(*key));
    if (!list) return std::nullopt;

    const Bm25TermWeight weight(ranking, db.get_doccount(), db.get_termfreq(*term), db.get_avlength());
    auto weights = std::make_shared<std::vector<double>>();
    weights->reserve(list->shapes.size());
    for (const auto& shape : list->shapes) weights->push_back(weight(shape.wdf, shape.length));
    TopPostingsPlan plan;
    plan.query_ = query;
    plan.term_ = *term;
    plan.docids_ = std::make_shared<const std::vector<Xapian::docid>>(std::move(list->docids));
    plan.weights_ = std::move(weights);
    plan.unlisted_bound_ = heaviest(list->unlisted, weight);
    plan.cut_weight_ = heaviest(list->cut_group, weight);
    plan.cut_key_ = std::move(list->cut_key);
    return plan;
}

Xapian::Query TopPostingsPlan::listed_query() const {
    return with_word_replaced(query_, term_, Xapian::Query((new ListedPostings(docids_, weights_))->release()));
}

bool TopPostingsPlan::proves(const PageBoundary& last) const {
    // The last hit's weight was computed from its shape as the bounds were (Bm25TermWeight,
    // which is Xapian's arithmetic), so the three compare exactly.
    if (last.weight <= unlisted_bound_) return false;
    if (last.weight > cut_weight_) return true;
    return !cut_key_.empty() && last.weight == cut_weight_ && last.tie_break < cut_key_;
}

}  // namespace news
