/// @file top_with_ties.hpp
/// @brief The best matches of a search together with every match tied with the last of
/// them, collected during Xapian's own pass over the matches.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <optional>
#include <vector>

namespace news {

/// A match spy that keeps, of the documents Xapian weighs, the `count` heaviest and every
/// one that weighs the same as the lightest of those.
///
/// Why: Xapian orders equal weights by docid, which depends on how articles were spread
/// over databases, so the searcher breaks ties itself and must see the whole tie at the
/// page boundary. Xapian shows a spy every candidate that can still reach its top `count`:
/// it skips only documents weighing less than the lightest of its current top, which is
/// never more than the final `count`-th weight. So after get_mset(0, count) this spy holds
/// the page and its whole boundary tie, and no second search is needed to find them
/// (one was needed for 23% of single-word queries, at up to twice the cost of the first).
///
/// Exceptions the caller handles: when every match weighs 0 (a query of filters only)
/// Xapian stops at `count` matches, so a tie at weight 0 is not complete; a tie of more
/// than `limit` documents at the final boundary is not kept (one that heavier matches
/// later push below the page is forgotten). Only for a single local database: a spy of our own
/// cannot run on a remote shard (xapian-tcpsrv only knows Xapian's own spies), and over
/// several shards it is shown each shard's docids, not the combined ones.
class TopWithTies : public Xapian::MatchSpy {
  public:
    struct Candidate {
        Xapian::docid docid;
        double weight;
    };

    TopWithTies(Xapian::doccount count, std::size_t limit);

    void operator()(const Xapian::Document& doc, double weight) override;

    /// The documents kept, heaviest first (equal weights in docid order); nullopt when
    /// there were more than `limit` of them.
    std::optional<std::vector<Candidate>> best();

  private:
    /// Drops the documents lighter than the `count`-th heaviest kept.
    void prune();

    Xapian::doccount count_;
    std::size_t limit_;
    std::vector<Candidate> kept_;
    double threshold_ = 0;
    bool has_threshold_ = false;
    bool overflowed_ = false;
};

}  // namespace news
