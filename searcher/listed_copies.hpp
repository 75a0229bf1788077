/// @file listed_copies.hpp
/// @brief The copies of identical articles the indexer listed (common/duplicate_groups.hpp),
/// left out of a query of words so that its matches need no collapsing.
#pragma once

#include <xapian.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/duplicate_groups.hpp"
#include "common/top_postings.hpp"

namespace news {

class ListedCopies {
  public:
    /// The groups listed for `db` as it is now; nullopt when it has none, or they are out of
    /// date (the top postings' fingerprint), damaged, or `db` is not one local database.
    static std::optional<ListedCopies> load(const Xapian::Database& db);

    /// `query` without the copies: each group is left with its first member, which ranks
    /// before the others for any query of words (duplicate_groups.hpp).
    Xapian::Query without_copies(const Xapian::Query& query) const;

    /// How many articles the group `docid` leads holds (1: it leads none).
    Xapian::doccount group_size(Xapian::docid docid) const;

    /// Whether `docid` is listed as a copy: a member of a group other than its first.
    bool is_copy(Xapian::docid docid) const { return docid < is_copy_->size() && (*is_copy_)[docid]; }

    /// Whether `docid`, not a copy, may share its duplicate key with another match of a
    /// query that leaves the copies out: it is a twin (duplicate_groups::Groups::twins), or
    /// the database lists no twins (written before they were listed).
    bool may_have_twin(Xapian::docid docid) const {
        return !twins_ || std::binary_search(twins_->begin(), twins_->end(), docid);
    }

  private:
    ListedCopies(std::shared_ptr<const duplicate_groups::Groups> groups,
                 std::shared_ptr<const std::vector<Xapian::docid>> twins);
    std::shared_ptr<const duplicate_groups::Groups> groups_;
    std::shared_ptr<const std::vector<Xapian::docid>> twins_;  ///< null: not listed
    /// groups_->copies by docid, for is_copy() at every candidate of a match (a bit each).
    std::shared_ptr<const std::vector<bool>> is_copy_;
};

/// A match decider that refuses the listed copies, and counts the candidates Xapian showed
/// it and those it refused, so that the match counts of the query with its copies can be
/// told from those of the pass (record_counts_with_refused(), match_count.hpp).
///
/// Why a decider rather than ListedCopies::without_copies(): Xapian asks a decider only
/// about a candidate whose weight can still reach its top, and a refused one never enters
/// that top, so the pass ranks as the query without the copies does, at a bit test a
/// candidate where AND_NOT skips through the list. And one pass: the pass with the copies
/// that comes first otherwise is wasted whenever they make the tie at the page boundary
/// too big to keep (docs/benchmarks.md, "Copies refused in the first pass").
class CopiesRefused : public Xapian::MatchDecider {
  public:
    explicit CopiesRefused(const ListedCopies& copies) : copies_(copies) {}
    bool operator()(const Xapian::Document& doc) const override;

    /// How many candidates Xapian showed the decider, and how many of them it refused.
    Xapian::doccount shown() const { return shown_; }
    Xapian::doccount refused() const { return refused_; }

  private:
    const ListedCopies& copies_;
    mutable Xapian::doccount shown_ = 0;  // Xapian's decider interface is const
    mutable Xapian::doccount refused_ = 0;
};

/// The copies listed for a database, decoded on first use and kept while it stays as its top
/// postings' fingerprint names it (as FacetColumns keeps facet columns): a batch, the prompt
/// or a benchmark decodes them once, not at every query that needs them (1.6 ms on two
/// million headlines).
class ListedCopiesCache {
  public:
    /// The copies listed for `db` as it is now (ListedCopies::load()); null when none.
    const ListedCopies* of(const Xapian::Database& db);

  private:
    top_postings::FingerprintMemo fingerprint_;
    std::optional<top_postings::Fingerprint> read_for_;  ///< the state copies_ was read for
    std::optional<ListedCopies> copies_;
};

/// True when every leaf of `query` is a word of the title, the body or both (not a filter,
/// a date or value range, an id or a posting source): identical articles then match it
/// alike and weigh the same.
bool is_of_words_alone(const Xapian::Query& query);

}  // namespace news
