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

    /// What a pass kept, for combining passes over parts of a database (best_of()): the
    /// documents best() gives, or when the boundary tie was more than `limit`, those that
    /// outweigh it and the weight it was given up at.
    struct Kept {
        std::vector<Candidate> candidates;
        std::optional<double> tie_given_up_at;
    };
    Kept kept();

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

/// The `count` heaviest of several passes' Kept over disjoint parts of one database, with
/// every one tied with the last of them, heaviest first (equal weights in docid order):
/// what one TopWithTies over the whole would keep. nullopt when a tie a part gave up on may
/// reach them.
std::optional<std::vector<TopWithTies::Candidate>> best_of(std::vector<TopWithTies::Kept> parts,
                                                           Xapian::doccount count);

}  // namespace news
