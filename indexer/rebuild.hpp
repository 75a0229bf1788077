/// @file rebuild.hpp
/// @brief Re-indexes a database from its own stored records, in the current schema.
///
/// Every document stores its whole article (common/stored_record.hpp), and term generation
/// is deterministic, so a database can be indexed again without the files it was read
/// from: to move it to a newer schema (smaller and faster, docs/database.md), or to
/// recover from a layout that cannot change documents in place.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

#include "common/stored_record.hpp"
#include "indexer/article_sink.hpp"

namespace news {

/// What reading a database's records found.
struct RecordsRead {
    std::size_t articles = 0;
};

/// Sends every article of `db` (one local database, not sharded) to `sink`, in docid order,
/// with the file it was read from (its origin term, schema::kOriginPrefix; "" when it has
/// none; the term's own text when the path was too long to keep whole, so that the rebuilt
/// article has the same origin term). `where` of each is `db_name` and the docid. Throws
/// CorruptRecordError naming the docid when a record cannot be decoded: an article that
/// cannot be read back would be lost, so nothing is rebuilt then.
/// Documents listed in `skip` (sorted) are left out; records are decoded with the
/// dictionaries `lookup` finds (by default, those of `db`).
RecordsRead read_stored_articles(const Xapian::Database& db, const std::string& db_name, ArticleSink& sink,
                                 const std::vector<Xapian::docid>& skip = {}, DictionaryLookup lookup = nullptr);

/// What rebuild_database() did.
struct RebuildReport {
    std::size_t articles = 0;
    int schema_before = 0;
    int schema_after = 0;
};

/// What a rebuild changes besides the schema: old versions left out, new ones added.
struct RebuildChanges {
    std::vector<Xapian::docid> dropped;  ///< documents of the database not to keep (sorted)
    std::string added_from;              ///< a database whose articles are added after the rest ("": none)
};

/// Re-indexes the database at `db_path` (one local database folder, absolute and
/// normalised; `writer` is open on it, and its lock keeps other writers out throughout)
/// from its stored records into a new one in the current schema, with its language, record
/// dictionary and shard metadata, and with a term list per document when `termlist`;
/// compacts that and swaps it in with one atomic rename (compaction.hpp): readers see the
/// old database or the new one, never half of either. A kill leaves the old one as it was,
/// and a marked work folder (DB.rebuilding) that the next rebuild removes. `threads`
/// prepare documents (ParallelIndexer). An article that fails to index again, or a record
/// that cannot be read, throws before anything is swapped. `writer` then still refers to
/// the old database, now gone: reopen the path. Derived lists (top postings, facet
/// columns, duplicate groups) are left to the caller to build again.
RebuildReport rebuild_database(Xapian::WritableDatabase& writer, const std::string& db_path, unsigned threads,
                               bool termlist, const FailureHandler& on_failure, const RebuildChanges& changes = {});

}  // namespace news
