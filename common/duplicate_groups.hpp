/// @file duplicate_groups.hpp
/// @brief Groups of identical articles (the same duplicate key, schema::kDuplicateSlot, and
/// the same length), listed in the database's metadata when the top postings are built, so
/// that a query of words alone needs no collapsing: it leaves out every member of a group
/// but the first, and the first counts the rest.
///
/// Why: a search collapses identical articles into one hit, the first of them in ranking
/// order. They weigh the same for any query of words (same terms, same length), so the
/// first is the one of lowest tie-break key (schema.hpp), whatever the query. Collapsing at
/// search time reads the duplicate key of every tied match near the page; wire copy repeats
/// one headline thousands of times (news-large: 295,783 copies in 66,698 groups), and a query
/// that meets such a group read thousands of values (up to 170 ms on two million headlines).
/// Filters can tell the members apart (dates, ids, tags), so only queries of words use the
/// list. It describes the database as the top postings' fingerprint names
/// (top_postings::lists_are_current), and is rebuilt with them.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news::duplicate_groups {

struct Groups {
    /// Every member of a group but its first, ascending.
    std::vector<Xapian::docid> copies;
    /// Each group's first member and how many articles the group holds, ascending by docid.
    std::vector<std::pair<Xapian::docid, Xapian::doccount>> firsts;
    /// "Twins": every article but the copies whose duplicate key an article of another
    /// length has too, ascending. Once the copies are left out of a query, only these can
    /// still collapse with another match (and only when their weights tie, as with BM25's
    /// b = 0), so the searcher reads no other match's duplicate key. Kept under kTwinsKey.
    std::vector<Xapian::docid> twins;
};

inline constexpr std::string_view kKey = "news:duplicates";
inline constexpr std::string_view kTwinsKey = "news:twins";

/// The copies and firsts, for kKey.
std::string encode(const Groups& groups);
/// nullopt for bytes that are not encoded groups (a damaged or foreign database).
std::optional<Groups> decode(std::string_view bytes);

/// The twins, for kTwinsKey (never empty bytes, so that a list of none is told from a
/// database written before twins were listed).
std::string encode_twins(const std::vector<Xapian::docid>& twins);
/// nullopt for bytes that are not encoded twins.
std::optional<std::vector<Xapian::docid>> decode_twins(std::string_view bytes);

}  // namespace news::duplicate_groups
