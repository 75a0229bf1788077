/// @file document_terms.hpp
/// @brief A document's terms and their wdfs, from Xapian's termlist when the database keeps
/// one, else made again from the article the document stores.
///
/// A database created with Xapian::DB_NO_TERMLIST has no termlist table: a third less disk
/// (docs/benchmarks.md, issue 15 study), and Document::termlist_begin(), Enquire::get_eset()
/// and everything else that reads a document's terms throw Xapian::FeatureUnavailableError.
/// Every document stores its whole article (stored_record.hpp) and DocumentMapper makes its
/// terms deterministically from it, so the terms can be had again: by decoding the record
/// and analysing it as the indexer did, in the database's schema version and language.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/document_mapper.hpp"

namespace news {

struct TermWdf {
    std::string term;
    Xapian::termcount wdf = 0;
};

/// The terms of one document, as its termlist would list them.
struct TermVector {
    Xapian::docid docid = 0;  ///< in the database the vector was read from
    /// In Xapian's order (bytes compared as unsigned), with their wdfs (0 for boolean terms).
    std::vector<TermWdf> terms;
    /// How many terms the document has (Xapian's termlist_count()). More than terms.size()
    /// when re-analysis cannot make them all: the origin term (schema::kOriginPrefix) names
    /// the file the article was read from, which the stored record does not hold; it is
    /// counted (told by the content hash, which does depend on the path) but not listed.
    Xapian::termcount unique_terms = 0;
    Xapian::termcount length = 0;  ///< the document's length (Database::get_doclength)
    bool from_termlist = false;    ///< read from Xapian's termlist, not re-analysed

    /// The wdf of `term`; nullopt when the document does not have it (or it is not listed).
    std::optional<Xapian::termcount> wdf(std::string_view term) const;
};

/// Where term vectors come from.
enum class TermSource {
    kTermlistWhenKept,  ///< Xapian's termlist when the document's shard has one, else the stored article
    kStoredArticle,     ///< always the stored article (for tests and measurements)
};

/// Reads the term vectors of the documents of one database, of one or several shards (their
/// docids interleaved, as Xapian combines them), local or remote. Not thread-safe: keep one
/// per thread (it reuses a DocumentMapper, which reuses zstd and TermGenerator state).
class DocumentTerms {
  public:
    /// `shards`: the databases `db` was combined from, one by one, when there are several
    /// (ShardSet::shards(); each may itself combine several): the record dictionaries,
    /// schema version and language of a shard are read from its own metadata, where Xapian
    /// reads a combined database's from its first shard only. Empty: `db`'s.
    /// `remote`: for each of `shards`, whether another process serves it (xapian-tcpsrv).
    /// A remote shard's termlist is always read, never probed (an error from the server
    /// leaves Xapian 1.4's connection out of step), so of() on a remote shard without one
    /// throws Xapian::FeatureUnavailableError saying so. (xapian-tcpsrv 1.4 cannot serve a
    /// database without termlists anyway: its get_document reads the table.)
    explicit DocumentTerms(Xapian::Database db, std::vector<Xapian::Database> shards = {},
                           TermSource source = TermSource::kTermlistWhenKept, std::vector<bool> remote = {});

    /// The terms of document `docid`. Throws Xapian::DocNotFoundError when there is none,
    /// CorruptRecordError when it must be re-analysed and its stored record is damaged, and
    /// Xapian::FeatureUnavailableError for a remote shard without a termlist (see above).
    TermVector of(Xapian::docid docid);
    /// of(docid) listing only the terms `keep` accepts (all when null); unique_terms and
    /// length are still the whole document's. Cheaper when `keep` rejects most terms: the
    /// others are never copied (expand_set(), ExpandOptions::accepted_terms_only).
    TermVector of(Xapian::docid docid, const Xapian::ExpandDecider* keep);

    /// The wdf in document `docid` of each of `terms` it holds (others are left out): from
    /// its termlist when of() would read that, else from each term's posting list, which is
    /// exact and, for a few terms (a query's), far cheaper than re-analysing the article.
    std::map<std::string, Xapian::termcount> wdfs(Xapian::docid docid, const std::vector<std::string>& terms);

    /// The unique-id term (schema::kIdPrefix) of document `docid`: from its termlist when
    /// of() would read that, else made from its stored record's id; "" when it has none or
    /// the record is damaged.
    std::string id_term(Xapian::docid docid);

    /// Whether of() reads `docid` from Xapian's termlist (its shard keeps one, and the
    /// source allows it). The first call for a shard opens a termlist to find out.
    bool from_termlist(Xapian::docid docid);
    /// Whether of() reads every one of `docids` from Xapian's termlist.
    bool from_termlist(const std::vector<Xapian::docid>& docids);

    const Xapian::Database& database() const { return db_; }
    /// The databases `db` was combined from as given (`db` itself when none were given).
    const std::vector<Xapian::Database>& shards() const { return shards_; }
    /// Which of shards() holds `docid` of database().
    std::size_t shard_of(Xapian::docid docid) const;

  private:
    TermVector from_stored_article(Xapian::docid docid, std::size_t shard);
    /// db_.termlist_begin(docid), with a remote shard's lack of one said plainly.
    Xapian::TermIterator termlist(Xapian::docid docid) const;
    DocumentMapper& mapper_of(std::size_t shard);

    Xapian::Database db_;
    std::vector<Xapian::Database> shards_;
    std::vector<bool> remote_;  ///< per shard
    TermSource source_;
    /// shards_ index of each of db_'s sub-databases (Database::size() of them).
    std::vector<std::size_t> shard_of_subdatabase_;
    std::vector<std::optional<bool>> has_termlist_;       ///< per sub-database, once probed
    std::vector<std::optional<DocumentMapper>> mappers_;  ///< per shard, made when first needed
    std::vector<int> schema_versions_;                    ///< per shard, with its mapper
    DictionaryLookup dictionaries_;
};

}  // namespace news
