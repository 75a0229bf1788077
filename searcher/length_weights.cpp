#include "searcher/length_weights.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/top_postings.hpp"
#include "searcher/query_parts.hpp"

namespace news {

namespace {

using Q = Xapian::Query;

/// One word's postings, each weighed by BM25 from its wdf and the length column.
class ColumnBm25Source : public Xapian::PostingSource {
  public:
    ColumnBm25Source(std::string term, Xapian::doccount termfreq, const Bm25TermWeight& weight, double max_weight,
                     std::shared_ptr<const length_column::Column> column)
        : term_(std::move(term)),
          termfreq_(termfreq),
          weight_(weight),
          max_weight_(max_weight),
          column_(std::move(column)) {}

    Xapian::doccount get_termfreq_min() const override { return termfreq_; }
    Xapian::doccount get_termfreq_est() const override { return termfreq_; }
    Xapian::doccount get_termfreq_max() const override { return termfreq_; }

    void init(const Xapian::Database& db) override {
        db_ = db;
        posting_ = db.postlist_begin(term_);
        end_ = db.postlist_end(term_);
        started_ = false;
        set_maxweight(max_weight_);
    }
    // The iterator starts on the first posting; the matcher asks for next() before reading.
    void next(double) override {
        if (started_) ++posting_;
        started_ = true;
    }
    void skip_to(Xapian::docid docid, double) override {
        started_ = true;
        posting_.skip_to(docid);
    }
    bool at_end() const override { return posting_ == end_; }
    Xapian::docid get_docid() const override { return *posting_; }
    double get_weight() const override {
        const Xapian::docid docid = *posting_;
        // The column covers every docid of the database it was checked against; anything
        // else (never expected) is looked up as Xapian would.
        const Xapian::termcount length = docid < column_->docids() ? column_->length(docid) : db_.get_doclength(docid);
        return weight_(posting_.get_wdf(), length);
    }
    ColumnBm25Source* clone() const override {
        return std::make_unique<ColumnBm25Source>(term_, termfreq_, weight_, max_weight_, column_).release();
    }
    std::string get_description() const override { return "ColumnBm25Source(" + term_ + ")"; }

  private:
    std::string term_;
    Xapian::doccount termfreq_;
    Bm25TermWeight weight_;
    double max_weight_;
    std::shared_ptr<const length_column::Column> column_;
    Xapian::Database db_;
    Xapian::PostingIterator posting_, end_;
    bool started_ = false;
};

/// How many of a query's first subqueries Xapian weighs as parts of its weight: every one
/// of an OR, AND or AND_MAYBE; the first of AND_NOT and FILTER; none of anything else,
/// whose words are weighed together (synonyms, phrases) or scaled.
std::size_t weighed_subqueries(const Q& query) {
    switch (query.get_type()) {
        case Q::OP_OR:
        case Q::OP_AND:
        case Q::OP_AND_MAYBE:
            return query.get_num_subqueries();
        case Q::OP_AND_NOT:
        case Q::OP_FILTER:
            return std::min<std::size_t>(query.get_num_subqueries(), 1);
        default:
            return 0;
    }
}

/// The word of a term query Xapian weighs by BM25 from its postings: in the database, with
/// a wdf (not a boolean filter term); empty otherwise.
std::string weighed_word(const Q& leaf, const Xapian::Database& db) {
    if (leaf.get_type() != Q::LEAF_TERM || leaf.get_terms_begin() == leaf.get_terms_end()) return {};
    std::string term = *leaf.get_terms_begin();
    if (term.empty() || db.get_termfreq(term) == 0 || db.get_wdf_upper_bound(term) == 0) return {};
    return term;
}

/// True when `query` reads a value slot at every candidate it tests (a value range).
bool reads_values(const Q& query) {
    switch (query.get_type()) {
        case Q::OP_VALUE_RANGE:
        case Q::OP_VALUE_GE:
        case Q::OP_VALUE_LE:
            return true;
        default:
            break;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (reads_values(query.get_subquery(i))) return true;
    return false;
}

// What a length lookup of Xapian's costs (length_lookups_saved_ns()).
constexpr double kNsALookup = 27;
constexpr double kNsADocidApart = 0.5;
constexpr double kMostNsALookup = 1000;

/// length_lookups_saved_ns() of `query`'s words weighed alone.
double lookups_ns(const Q& query, const Xapian::Database& db) {
    if (const std::string word = weighed_word(query, db); !word.empty()) {
        const double postings = db.get_termfreq(word);
        const double docids_apart = static_cast<double>(db.get_lastdocid()) / postings;
        return postings * std::min(kMostNsALookup, kNsALookup + kNsADocidApart * docids_apart);
    }
    double ns = 0;
    for (std::size_t i = 0; i < weighed_subqueries(query); ++i) ns += lookups_ns(query.get_subquery(i), db);
    return ns;
}

struct Rewrite {
    const Xapian::Database& db;
    const std::shared_ptr<const length_column::Column>& column;
    const RankingConfig& ranking;
    Xapian::doccount collection_size;
    double average_length;
    RankingConfig bound_ranking;  ///< ranking without feedback, which would run a search

    Q word(const Q& leaf, const std::string& term) const {
        const Xapian::doccount termfreq = db.get_termfreq(term);
        const Xapian::termcount wqf = wqf_of(leaf, term);
        const Bm25TermWeight weight(ranking, collection_size, termfreq, average_length, wqf);
        // The query owns the source (Xapian's reference counting, released to it).
        return Q(std::make_unique<ColumnBm25Source>(term, termfreq, weight, xapians_bound(term, wqf), column)
                     .release()
                     ->release());
    }

    /// The most the word can weigh as Xapian bounds it (BM25Weight::get_maxpart()), asked of
    /// Xapian itself: its formula is not the weight at the word's highest wdf in the
    /// shortest document, and only the same bound makes the matcher prune, and estimate
    /// the match count, exactly where it would.
    double xapians_bound(const std::string& term, Xapian::termcount wqf) const {
        Xapian::Enquire enquire(db);
        configure_ranking(enquire, Q(term, wqf), bound_ranking);
        return enquire.get_mset(0, 0).get_max_possible();
    }

    Q operator()(const Q& query) const {
        if (const std::string term = weighed_word(query, db); !term.empty()) return word(query, term);
        const std::size_t weighed = weighed_subqueries(query);
        if (weighed == 0) return query;
        std::vector<Q> parts;
        parts.reserve(query.get_num_subqueries());
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
            parts.push_back(i < weighed ? (*this)(query.get_subquery(i)) : query.get_subquery(i));
        return Q(query.get_type(), parts.begin(), parts.end());
    }
};

}  // namespace

std::shared_ptr<const length_column::Column> LengthColumns::of(const Xapian::Database& db, bool read) {
    const std::optional<top_postings::Fingerprint> fingerprint = fingerprint_.current(db);
    if (!fingerprint) return nullptr;
    if (fingerprint == read_for_) return column_;
    if (!read) return nullptr;
    column_.reset();
    if (auto decoded = length_column::decode(db.get_metadata(std::string(length_column::kKey)),
                                             std::size_t{db.get_lastdocid()} + 1))
        column_ = std::make_shared<const length_column::Column>(std::move(*decoded));
    read_for_ = fingerprint;  // null too: damaged bytes are not read again
    return column_;
}

double length_lookups_saved_ns(const Xapian::Query& query, const Xapian::Database& db) {
    return reads_values(query) ? 0 : lookups_ns(query, db);
}

Xapian::Query weighed_from_lengths(const Xapian::Query& query, const Xapian::Database& db,
                                   std::shared_ptr<const length_column::Column> column, const RankingConfig& ranking) {
    RankingConfig without_feedback = ranking;
    without_feedback.feedback_docs = 0;
    const Rewrite rewrite{db, column, ranking, db.get_doccount(), db.get_avlength(), without_feedback};
    return rewrite(query);
}

}  // namespace news
