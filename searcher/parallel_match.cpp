#include "searcher/parallel_match.hpp"

#include <algorithm>
#include <future>
#include <string>

namespace news {

namespace {

/// Every docid in [first, last] (those of deleted documents too: it only ever filters).
class DocidRange : public Xapian::PostingSource {
  public:
    DocidRange(Xapian::docid first, Xapian::docid last) : first_(first), last_(last) {}

    void init(const Xapian::Database& db) override {
        end_ = std::min(last_, db.get_lastdocid());
        current_ = 0;
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return size(); }
    Xapian::doccount get_termfreq_max() const override { return size(); }
    void next(double) override { current_ = current_ == 0 ? first_ : current_ + 1; }
    void skip_to(Xapian::docid did, double) override { current_ = std::max({current_, did, first_}); }
    bool check(Xapian::docid did, double min_wt) override {
        skip_to(did, min_wt);
        return true;
    }
    bool at_end() const override { return current_ > end_; }
    Xapian::docid get_docid() const override { return current_; }
    DocidRange* clone() const override { return new DocidRange(first_, last_); }  // Xapian owns clones
    std::string get_description() const override {
        return "DocidRange(" + std::to_string(first_) + ".." + std::to_string(last_) + ")";
    }

  private:
    Xapian::doccount size() const { return end_ >= first_ ? end_ - first_ + 1 : 0; }

    Xapian::docid first_;
    Xapian::docid last_;
    Xapian::docid end_ = 0;
    Xapian::docid current_ = 0;  ///< 0: not started
};

/// Matches `query`, which only this thread holds, over `db`.
RangeMatch match_range(const Xapian::Database& db, Xapian::Query query, const RankingConfig& ranking,
                       Xapian::doccount count, std::size_t tie_limit, Xapian::doccount check_at_least) {
    Xapian::Enquire enquire(db);
    configure_ranking(enquire, query, ranking, nullptr);
    TopWithTies top(count, tie_limit);
    enquire.add_matchspy(&top);
    const Xapian::MSet mset = enquire.get_mset(0, count, check_at_least);
    RangeMatch match;
    match.kept = top.kept();
    match.size = mset.size();
    match.lightest = mset.empty() ? 0 : mset.back().get_weight();
    match.lower = mset.get_matches_lower_bound();
    match.estimated = mset.get_matches_estimated();
    match.upper = mset.get_matches_upper_bound();
    return match;
}

}  // namespace

Xapian::Query within_docids(const Xapian::Query& query, Xapian::docid first, Xapian::docid last) {
    return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query((new DocidRange(first, last))->release()));
}

std::vector<RangeMatch> match_in_ranges(const Xapian::Database& db, const std::vector<Xapian::Database>& others,
                                        const Xapian::Query& query, const RankingConfig& ranking,
                                        Xapian::doccount count, std::size_t tie_limit,
                                        Xapian::doccount check_at_least) {
    RankingConfig without_feedback = ranking;
    without_feedback.feedback_docs = 0;
    const Xapian::docid last = db.get_lastdocid();
    const std::size_t ranges = others.size() + 1;
    const auto range_start = [&](std::size_t i) {
        return static_cast<Xapian::docid>(1 + static_cast<unsigned long long>(last) * i / ranges);
    };
    // Copies of a Xapian::Query share its parts, counted without locks: each thread gets a
    // query of its own, rebuilt from the serialised form, never a copy.
    const std::string serialised = query.serialise();
    const auto range_query = [&](std::size_t i) {
        return within_docids(Xapian::Query::unserialise(serialised), range_start(i), range_start(i + 1) - 1);
    };
    std::vector<std::future<RangeMatch>> running;
    for (std::size_t i = 1; i < ranges; ++i)
        running.push_back(std::async(std::launch::async, match_range, std::cref(others[i - 1]), range_query(i),
                                     std::cref(without_feedback), count, tie_limit, check_at_least));
    std::vector<RangeMatch> matches;
    matches.push_back(match_range(db, range_query(0), without_feedback, count, tie_limit, check_at_least));
    for (auto& r : running) matches.push_back(r.get());
    return matches;
}

bool worth_splitting(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount postings) {
    unsigned long long total = 0;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end() && total < postings; ++t)
        total += db.get_termfreq(*t);
    if (total < postings) return false;
    try {
        // Each thread's query is rebuilt from this (match_in_ranges()); a posting source of
        // our own (not registered with Xapian) cannot be.
        static_cast<void>(Xapian::Query::unserialise(query.serialise()));
        return true;
    } catch (const Xapian::Error&) {
        return false;
    }
}

}  // namespace news
