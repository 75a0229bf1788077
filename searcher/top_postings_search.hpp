/// @file top_postings_search.hpp
/// @brief Ranks a one-word query from the top postings of its word (common/top_postings.hpp)
/// when a bound proves the page the same as ranking every match would give; says when it
/// cannot.
///
/// The idea (Fagin's threshold algorithm, on champion lists): the word's listed postings
/// are ranked alone, each weighed from the shape stored with it, without reading the
/// word's posting list. An article that is not listed weighs at most the bound of the
/// unlisted ones, or belongs to the group of equal weight the list ends in and follows
/// its listed members in tie-break order; so when the last hit of the page outweighs that
/// bound, or ties that group and precedes its first unlisted member, no article left out
/// could have reached the page. Otherwise the caller ranks every match.
///
/// A query of several words (an OR) is ranked from the list of its most frequent word when
/// the others are rare: together they match no more articles than a word needs to have a
/// list. An article they match is weighed in full (its posting of the frequent word is read
/// for it alone); any other weighs what the frequent word gives it, so the same bound proves
/// the page. Queries of several frequent words are ranked in full: restricting them to
/// listed postings means weighing each candidate's other words from their posting lists,
/// one skip at a time, and at two million headlines that took longer than Xapian's own
/// pass (docs/benchmarks.md, "Top postings"); and on headlines, whose weights are nearly
/// flat, no bound of unlisted postings proves such a page.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/ranking.hpp"

namespace news {

/// The last hit of a page ranked from the list: what the bound is tested against.
struct PageBoundary {
    double weight = 0;
    std::string tie_break;  ///< its kTieBreakSlot value
};

class TopPostingsPlan {
  public:
    /// nullopt when `query` cannot be ranked from top postings on `db`: several databases,
    /// lists missing or older than the database, feedback, or a query other than one word
    /// with a list, or an OR of such a word and rare ones (under any filters).
    static std::optional<TopPostingsPlan> make(const Xapian::Database& db, const Xapian::Query& query,
                                               const RankingConfig& ranking);

    /// `query` with its word replaced by the word's listed postings, weighed (and by the word
    /// itself where the rare words of an OR match).
    Xapian::Query listed_query() const;
    /// True when no article left out of the list can rank before `last`.
    bool proves(const PageBoundary& last) const;

  private:
    TopPostingsPlan() = default;

    Xapian::Query query_;
    std::string term_;
    Xapian::Query rest_;  ///< the other words of an OR with term_, weighed in full; empty for one word
    std::shared_ptr<const std::vector<Xapian::docid>> docids_;  ///< listed, ascending
    std::shared_ptr<const std::vector<double>> weights_;        ///< of each listed posting
    double unlisted_bound_ = 0;  ///< heaviest weight of a posting neither listed nor in the cut group
    double cut_weight_ = 0;      ///< weight of the group the list ends in; 0 when it ends between groups
    std::string cut_key_;        ///< tie-break key of that group's first unlisted member
};

}  // namespace news
