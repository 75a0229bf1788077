/// @file listed_copies.hpp
/// @brief The copies of identical articles the indexer listed (common/duplicate_groups.hpp),
/// left out of a query of words so that its matches need no collapsing.
#pragma once

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>

#include "common/duplicate_groups.hpp"

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

  private:
    explicit ListedCopies(std::shared_ptr<const duplicate_groups::Groups> groups) : groups_(std::move(groups)) {}
    std::shared_ptr<const duplicate_groups::Groups> groups_;
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
    std::string fingerprint_;  ///< the fingerprint copies_ was read under
    std::optional<ListedCopies> copies_;
};

/// True when every leaf of `query` is a word of the title, the body or both (not a filter,
/// a date or value range, an id or a posting source): identical articles then match it
/// alike and weigh the same.
bool is_of_words_alone(const Xapian::Query& query);

}  // namespace news
