/// @file top_postings_search.hpp
/// @brief Ranks a query from the top postings of its words (common/top_postings.hpp) when a
/// bound proves the page the same as ranking every match would give; says when it cannot.
///
/// The idea (Fagin's threshold algorithm, on champion lists): rank only the candidates,
/// the listed postings of each frequent word plus every posting of the other words. An
/// article that is no candidate has, for each frequent word it contains, at most that
/// word's unlisted weight; so when the last hit of the page outweighs the sum of those
/// bounds, no article left out could have reached the page. A one-word query is ranked
/// from its list alone, weighed from the shapes stored with it, and its ties are decided
/// too: the list ends inside a group of equal weight in tie-break order.
/// When the sum is too high, a second try adds the articles that contain enough of the
/// frequent words together to reach the page (each group of words whose bounds add up to
/// the last hit's weight, as a conjunction, which Xapian matches by skipping); when a single
/// word's bound reaches it, only the full ranking is exact, and the caller does that.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/ranking.hpp"
#include "common/top_postings.hpp"

namespace news {

/// The last hit of a page ranked from candidates: what the bound is tested against.
struct PageBoundary {
    Xapian::Document document;
    double weight = 0;
    std::string tie_break;  ///< its kTieBreakSlot value
};

class TopPostingsPlan {
  public:
    /// nullopt when `query` cannot be ranked from top postings on `db`: several databases,
    /// lists missing or older than the database, a query other than words joined by OR or
    /// AND (with filters), a word repeated, or no word with a list.
    static std::optional<TopPostingsPlan> make(const Xapian::Database& db, const Xapian::Query& query,
                                               const RankingConfig& ranking);

    /// `query` restricted to the candidates.
    Xapian::Query first_try() const;
    /// True when no article outside the candidates can rank before `last`.
    bool proves(const PageBoundary& last) const;
    /// `query` restricted to the candidates plus every article holding a group of words
    /// whose bounds reach `weight` (the last hit's of the first try); nullopt when one
    /// word's bound does, or the query needs every word (AND: no better bound then).
    std::optional<Xapian::Query> second_try(double weight) const;

  private:
    struct Word {
        std::string term;
        /// Listed docids, ascending; null when the word has no list (all its postings
        /// are candidates, and it adds nothing to the bound).
        std::shared_ptr<const std::vector<Xapian::docid>> listed;
        /// The weight of each listed posting, when the word is the query's only one.
        std::shared_ptr<const std::vector<double>> weights;
        double unlisted_bound = 0;  ///< heaviest weight of a posting neither listed nor in the cut group
        double cut_weight = 0;      ///< weight of the cut group; 0 when there is none
        std::string cut_key;
        double bound() const { return std::max(unlisted_bound, cut_weight); }
    };

    TopPostingsPlan(Xapian::Query query, std::vector<Word> words, bool all_words)
        : query_(std::move(query)), words_(std::move(words)), all_words_(all_words) {}
    Xapian::Query candidates() const;
    bool proves_tie_of_one_word(const PageBoundary& last) const;

    Xapian::Query query_;
    std::vector<Word> words_;
    bool all_words_ = false;
};

}  // namespace news
