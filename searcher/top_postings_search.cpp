#include "searcher/top_postings_search.hpp"

#include <algorithm>
#include <utility>

namespace news {

namespace {

/// Relative slack for comparing a sum of weights with Xapian's: both add the same
/// per-word weights, perhaps in another order, so they differ by a few units in the last
/// place, never by a billionth.
constexpr double kSumSlack = 1e-9;
/// Groups of words are enumerated for the second try up to this many frequent words.
constexpr std::size_t kMostListedWords = 8;

/// The listed docids of a word: unweighted, as the boolean side of a filter; or weighted
/// with the weights the word gives them (parallel to the docids), as the word itself.
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
        set_maxweight(weights_ && !weights_->empty() ? *std::max_element(weights_->begin(), weights_->end()) : 0);
    }
    void next(double) override { pos_ = pos_ == kBeforeStart ? 0 : pos_ + 1; }
    void skip_to(Xapian::docid did, double) override {
        const std::size_t from = pos_ == kBeforeStart ? 0 : pos_;
        pos_ =
            static_cast<std::size_t>(std::lower_bound(docids_->begin() + from, docids_->end(), did) - docids_->begin());
    }
    bool at_end() const override { return pos_ != kBeforeStart && pos_ >= docids_->size(); }
    Xapian::docid get_docid() const override { return (*docids_)[pos_]; }
    double get_weight() const override { return weights_ ? (*weights_)[pos_] : 0; }
    ListedPostings* clone() const override { return new ListedPostings(docids_, weights_); }  // Xapian owns clones
    std::string get_description() const override { return "ListedPostings(" + std::to_string(size()) + ")"; }

  private:
    static constexpr std::size_t kBeforeStart = static_cast<std::size_t>(-1);
    Xapian::doccount size() const { return static_cast<Xapian::doccount>(docids_->size()); }

    std::shared_ptr<const std::vector<Xapian::docid>> docids_;
    std::shared_ptr<const std::vector<double>> weights_;
    std::size_t pos_ = kBeforeStart;
};

/// `query` with the leaf of `term` made `by` (the query is of the shapes collect_words takes).
Xapian::Query with_word_replaced(const Xapian::Query& query, const std::string& term, const Xapian::Query& by) {
    if (query.get_type() == Xapian::Query::LEAF_TERM) return *query.get_terms_begin() == term ? by : query;
    std::vector<Xapian::Query> subqueries;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        subqueries.push_back(i == 0 || query.get_type() == Xapian::Query::OP_OR ||
                                     query.get_type() == Xapian::Query::OP_AND
                                 ? with_word_replaced(query.get_subquery(i), term, by)
                                 : query.get_subquery(i));
    return Xapian::Query(query.get_type(), subqueries.begin(), subqueries.end());
}

/// The words of a query that are plain words joined by one operator (OR, or AND with
/// `all_words`), under any filters; false for any other query.
bool collect_words(const Xapian::Query& query, std::vector<std::string>& terms, std::optional<bool>& all_words) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
            terms.push_back(*query.get_terms_begin());
            return true;
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND: {
            const bool all = query.get_type() == Xapian::Query::OP_AND;
            if (all_words && *all_words != all) return false;
            all_words = all;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
                const Xapian::Query sub = query.get_subquery(i);
                if (sub.get_type() != Xapian::Query::LEAF_TERM && sub.get_type() != query.get_type()) return false;
                if (!collect_words(sub, terms, all_words)) return false;
            }
            return true;
        }
        // The other subqueries of these add no weight: filters, exclusions.
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_AND_NOT:
            return query.get_num_subqueries() > 0 && collect_words(query.get_subquery(0), terms, all_words);
        default:
            return false;
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
    std::vector<std::string> terms;
    std::optional<bool> all_words;
    if (!collect_words(query, terms, all_words) || terms.empty()) return std::nullopt;
    // A repeated word weighs more than once (Xapian's wqf), which the bounds do not model.
    std::vector<std::string> sorted = terms;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) return std::nullopt;
    if (!top_postings::lists_are_current(db)) return std::nullopt;

    const Xapian::doccount doccount = db.get_doccount();
    const double average_length = db.get_avlength();
    std::vector<Word> words;
    bool any_listed = false;
    for (const std::string& term : terms) {
        Word word;
        word.term = term;
        const auto key = top_postings::list_key(term);
        std::optional<top_postings::TermList> list;
        if (key) list = top_postings::decode(db.get_metadata(*key));
        if (list) {
            const Bm25TermWeight weight(ranking, doccount, db.get_termfreq(term), average_length);
            word.unlisted_bound = heaviest(list->unlisted, weight);
            word.cut_weight = heaviest(list->cut_group, weight);
            word.cut_key = std::move(list->cut_key);
            if (terms.size() == 1) {  // ranked from the list alone: each listed posting's weight
                auto weights = std::make_shared<std::vector<double>>();
                weights->reserve(list->shapes.size());
                for (const auto& shape : list->shapes) weights->push_back(weight(shape.wdf, shape.length));
                word.weights = std::move(weights);
            }
            word.listed = std::make_shared<const std::vector<Xapian::docid>>(std::move(list->docids));
            any_listed = true;
        }
        words.push_back(std::move(word));
    }
    if (!any_listed) return std::nullopt;
    return TopPostingsPlan(query, std::move(words), all_words.value_or(false));
}

Xapian::Query TopPostingsPlan::candidates() const {
    std::vector<Xapian::Query> parts;
    for (const Word& w : words_)
        // The query keeps the source alive (Xapian's reference counting).
        parts.push_back(w.listed ? Xapian::Query((new ListedPostings(w.listed, nullptr))->release())
                                 : Xapian::Query(w.term));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query TopPostingsPlan::first_try() const {
    // One word with a list: its listed postings, weighed from their shapes, stand for the
    // word itself, and its posting list is not read at all.
    if (words_.size() == 1 && words_.front().weights) {
        const Word& word = words_.front();
        return with_word_replaced(query_, word.term,
                                  Xapian::Query((new ListedPostings(word.listed, word.weights))->release()));
    }
    return Xapian::Query(Xapian::Query::OP_FILTER, query_, candidates());
}

bool TopPostingsPlan::proves(const PageBoundary& last) const {
    double bound = 0;
    for (const Word& w : words_) bound += w.bound();
    if (last.weight > bound * (1 + kSumSlack)) return true;
    return proves_tie_of_one_word(last);
}

bool TopPostingsPlan::proves_tie_of_one_word(const PageBoundary& last) const {
    // One word: an article left out either weighs at most the frontier's bound, or belongs
    // to the cut group and follows its listed members in tie-break order. The last hit's
    // weight was computed from its shape as the group's is (Bm25TermWeight, which is
    // Xapian's arithmetic), so the two compare exactly.
    if (words_.size() != 1 || !words_.front().weights || words_.front().cut_key.empty()) return false;
    const Word& word = words_.front();
    if (last.weight <= word.unlisted_bound) return false;
    return last.weight > word.cut_weight || (last.weight == word.cut_weight && last.tie_break < word.cut_key);
}

std::optional<Xapian::Query> TopPostingsPlan::second_try(double weight) const {
    if (all_words_) return std::nullopt;
    std::vector<const Word*> listed;
    for (const Word& w : words_)
        if (w.listed) listed.push_back(&w);
    if (listed.size() < 2 || listed.size() > kMostListedWords) return std::nullopt;
    const double reach = weight * (1 - kSumSlack);
    const auto bound_of = [&](unsigned group) {
        double sum = 0;
        for (std::size_t i = 0; i < listed.size(); ++i)
            if (group & (1u << i)) sum += listed[i]->bound();
        return sum;
    };
    std::vector<Xapian::Query> parts{candidates()};
    for (unsigned group = 1; group < (1u << listed.size()); ++group) {
        if (bound_of(group) < reach) continue;
        // Only the smallest groups: an article holding a larger one holds one of those.
        bool smallest = true;
        for (std::size_t i = 0; i < listed.size() && smallest; ++i)
            if ((group & (1u << i)) && bound_of(group & ~(1u << i)) >= reach) smallest = false;
        if (!smallest) continue;
        if ((group & (group - 1)) == 0) return std::nullopt;  // one word alone may reach the page
        std::vector<Xapian::Query> together;
        for (std::size_t i = 0; i < listed.size(); ++i)
            if (group & (1u << i)) together.emplace_back(listed[i]->term);
        parts.emplace_back(Xapian::Query::OP_AND, together.begin(), together.end());
    }
    return Xapian::Query(Xapian::Query::OP_FILTER, query_,
                         Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()));
}

}  // namespace news
