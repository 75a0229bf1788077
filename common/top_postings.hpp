/// @file top_postings.hpp
/// @brief Top postings: for each frequent term, the articles it weighs most in, kept in
/// the database's metadata so that a query can be ranked from them alone when a bound
/// proves that no other article can reach the page (champion lists, Manning et al.,
/// "Introduction to IR" §7.1, with Fagin's threshold test to make them exact).
///
/// What is stored, per term with at least TopPostingsSettings::min_termfreq articles
/// (indexer/top_postings_builder.hpp):
/// - the listed postings (docid, wdf, document length): the term's postings of highest BM25
///   weight, as many as TopPostingsSettings::list_size, ties in weight taken in tie-break order
///   (schema.hpp);
/// - the bound of the rest: the (wdf, document length) pairs that no other unlisted
///   posting beats in both (a Pareto frontier). BM25 grows with wdf and falls with length,
///   so the heaviest unlisted posting is one of these, whatever the collection statistics
///   are at query time;
/// - when the list ends inside a group of postings of equal weight (headlines tie often),
///   that group's (wdf, length) pairs and the tie-break key of its first unlisted member:
///   every unlisted member of the group ranks after the listed ones, ties and all.
/// The lists describe the database as it was when they were built: the fingerprint
/// (kFingerprintKey) names that state, and a database that has changed since is ranked
/// exhaustively until the indexer builds them again (it does at the end of every run).
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::top_postings {

/// A posting's shape as far as BM25 is concerned.
struct Shape {
    Xapian::termcount wdf = 0;
    Xapian::termcount length = 0;  ///< the document's length
    bool operator==(const Shape& other) const { return wdf == other.wdf && length == other.length; }
};

/// What the database holds for one term.
struct TermList {
    std::vector<Xapian::docid> docids;  ///< ascending
    /// The shape of each listed posting (parallel to docids): enough to weigh it without
    /// reading the posting list, so a one-word query is ranked from the list alone.
    std::vector<Shape> shapes;
    std::vector<Shape> unlisted;   ///< frontier of the postings neither listed nor in the cut group
    std::vector<Shape> cut_group;  ///< shapes of the group of equal weight the list ends in
    std::string cut_key;           ///< tie-break key of its first unlisted member; empty: no such group
};

std::string encode(const TermList& list);
/// nullopt for bytes that are not an encoded list (a damaged or foreign database).
std::optional<TermList> decode(std::string_view bytes);

/// The metadata key of a term's list; nullopt for terms too long to make a key of.
std::optional<std::string> list_key(std::string_view term);
/// The prefix of every list key, to find them all.
inline constexpr std::string_view kListKeyPrefix = "news:top:";

/// The state of the database the lists were built for, and how they were built.
struct Fingerprint {
    Xapian::doccount doccount = 0;
    Xapian::docid last_docid = 0;
    Xapian::rev revision = 0;
    Xapian::doccount min_termfreq = 0;
    Xapian::doccount list_size = 0;

    bool operator==(const Fingerprint&) const = default;
};
inline constexpr std::string_view kFingerprintKey = "news:top-postings";
std::string encode(const Fingerprint& fingerprint);
std::optional<Fingerprint> decode_fingerprint(std::string_view bytes);

/// True when `db` (one database, not a set of shards) has lists built for its current
/// state: same articles, same revision.
bool lists_are_current(const Xapian::Database& db);
/// The fingerprint of `db`'s lists when they are current (lists_are_current()), else nullopt.
std::optional<Fingerprint> current_fingerprint(const Xapian::Database& db);

/// current_fingerprint() of the database last asked about, read again only for another
/// database (its uuid) or another revision of it, which alone can change the answer. A
/// search asks for it several times (lists, columns, copies), and each read is a lookup in
/// the postlist table: five of them were a tenth of a rare word's search on two million
/// headlines.
class FingerprintMemo {
  public:
    std::optional<Fingerprint> current(const Xapian::Database& db);

  private:
    bool read_ = false;  ///< uuid_, revision_ and fingerprint_ hold an answer
    std::string uuid_;
    Xapian::rev revision_ = 0;
    std::optional<Fingerprint> fingerprint_;
};

}  // namespace news::top_postings
