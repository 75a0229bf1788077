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

/// The listed docids of a word, as the boolean side of a filter.
class ListedPostings : public Xapian::PostingSource {
  public:
    explicit ListedPostings(std::shared_ptr<const std::vector<Xapian::docid>> docids) : docids_(std::move(docids)) {}

    Xapian::doccount get_termfreq_min() const override { return size(); }
    Xapian::doccount get_termfreq_est() const override { return size(); }
    Xapian::doccount get_termfreq_max() const override { return size(); }
    void init(const Xapian::Database&) override { pos_ = kBeforeStart; }
    void next(double) override { pos_ = pos_ == kBeforeStart ? 0 : pos_ + 1; }
    void skip_to(Xapian::docid did, double) override {
        const std::size_t from = pos_ == kBeforeStart ? 0 : pos_;
        pos_ =
            static_cast<std::size_t>(std::lower_bound(docids_->begin() + from, docids_->end(), did) - docids_->begin());
    }
    bool at_end() const override { return pos_ != kBeforeStart && pos_ >= docids_->size(); }
    Xapian::docid get_docid() const override { return (*docids_)[pos_]; }
    ListedPostings* clone() const override { return new ListedPostings(docids_); }  // Xapian owns clones
    std::string get_description() const override { return "ListedPostings(" + std::to_string(size()) + ")"; }

  private:
    static constexpr std::size_t kBeforeStart = static_cast<std::size_t>(-1);
    Xapian::doccount size() const { return static_cast<Xapian::doccount>(docids_->size()); }

    std::shared_ptr<const std::vector<Xapian::docid>> docids_;
    std::size_t pos_ = kBeforeStart;
};

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

/// The wdf of `term` in `doc` (0 when it does not hold it).
Xapian::termcount wdf_in(const Xapian::Document& doc, const std::string& term) {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    return t != doc.termlist_end() && *t == term ? t.get_wdf() : 0;
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
            word.listed = std::make_shared<const std::vector<Xapian::docid>>(std::move(list->docids));
            any_listed = true;
        }
        words.push_back(std::move(word));
    }
    if (!any_listed) return std::nullopt;
    const Bm25TermWeight first_weight(ranking, doccount, db.get_termfreq(terms.front()), average_length);
    return TopPostingsPlan(db, query, std::move(words), all_words.value_or(false), first_weight);
}

Xapian::Query TopPostingsPlan::candidates() const {
    std::vector<Xapian::Query> parts;
    for (const Word& w : words_)
        // The query keeps the source alive (Xapian's reference counting).
        parts.push_back(w.listed ? Xapian::Query((new ListedPostings(w.listed))->release()) : Xapian::Query(w.term));
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

Xapian::Query TopPostingsPlan::first_try() const {
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
    // weight is recomputed from its shape, so that it compares exactly with the group's
    // (Bm25TermWeight is Xapian's arithmetic; a check below guards that).
    if (words_.size() != 1 || !words_.front().listed || words_.front().cut_key.empty()) return false;
    const Word& word = words_.front();
    const Xapian::termcount wdf = wdf_in(last.document, word.term);
    const double weight = one_word_weight_(wdf, db_.get_doclength(last.document.get_docid()));
    if (std::abs(weight - last.weight) > kSumSlack * last.weight) return false;  // not the arithmetic assumed
    if (weight <= word.unlisted_bound) return false;
    return weight > word.cut_weight || (weight == word.cut_weight && last.tie_break < word.cut_key);
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
