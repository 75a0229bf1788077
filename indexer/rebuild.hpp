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
RecordsRead read_stored_articles(const Xapian::Database& db, const std::string& db_name, ArticleSink& sink);

/// What rebuild_database() did.
struct RebuildReport {
    std::size_t articles = 0;
    int schema_before = 0;
    int schema_after = 0;
};

/// Re-indexes the database at `db_path` (one local database folder, absolute and
/// normalised) from its stored records into a new one in the current schema, with its
/// language, record dictionary and shard metadata, compacts that and swaps it in with one
/// atomic rename (compaction.hpp): readers see the old database or the new one, never half
/// of either. Holds the old database's write lock throughout, so no writer changes it
/// meanwhile; a kill leaves it as it was, and a marked work folder (DB.rebuilding) that the
/// next rebuild removes. `threads` prepare documents (ParallelIndexer). Derived lists
/// (top postings, facet columns, duplicate groups) are left to the caller to build again.
RebuildReport rebuild_database(const std::string& db_path, unsigned threads, const FailureHandler& on_failure);

}  // namespace news
