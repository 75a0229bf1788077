/// @file indexing_run.hpp
/// @brief One indexing run as one library call. Every decision about how a run indexes is
/// made here: the layout (one database, a sharded one), a build from scratch on staging
/// shards merged at the end or updates in place, the stored-record dictionary, compaction,
/// --delete-missing, the work folders beside the database, and stopping early.
///
/// The indexer's main only turns options into an IndexRequest and shows what its
/// IndexObserver hears, as zstd's CLI fills preferences and makes one call into fileio.c.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/readers/corpus_reader.hpp"
#include "common/stub_file.hpp"
#include "indexer/index_builder.hpp"

namespace news {

/// When a run compacts the database at its end.
enum class Compaction {
    kByDefault,  ///< after a build from an empty database, or to finish a killed compaction
    kAlways,     ///< --compact
    kNever,      ///< --no-compact: not even by merging staging shards
};

/// What to index, where, and how.
struct IndexRequest {
    /// The database folder: absolute and normalised (normalize_database_path()).
    std::string db;
    std::vector<std::filesystem::path> inputs;
    ReadOptions read_options;
    /// Source name for articles that carry none.
    std::string default_source;
    /// The language to stem words in and record (schema::kLanguageKey): a Xapian::Stem
    /// name or code. Empty: the database's, English for a new one. Another than the one a
    /// database is in is a UsageError (IndexBuilder).
    std::string language;
    std::size_t commit_every = IndexOptions{}.commit_every;
    /// Threads preparing and writing documents; 1 does everything on the calling thread.
    unsigned threads = 1;
    /// Keep the database as this many shards (sharded_database.hpp); 0: as the database is
    /// (sharded or not), a single database when new.
    unsigned shards = 0;
    Compaction compaction = Compaction::kByDefault;
    /// After reading, delete the articles of the inputs that were not found this time.
    bool delete_missing = false;
    StubPrograms stub_programs = StubPrograms::kRefuse;
    /// Whether a new database keeps a term list per document (IndexOptions::termlist).
    bool termlist = IndexOptions::kNewDatabasesKeepTermlist;
    /// Whether a new database keeps its positions in a value (IndexOptions::compact_positions).
    bool compact_positions = false;
};

/// Where a run stands, for a progress display.
struct IndexProgress {
    std::size_t files = 0;  ///< files started
    IndexCounts counts;     ///< added, updated and unchanged so far
    std::uintmax_t bytes_read = 0;
    std::uintmax_t total_bytes = 0;  ///< 0 unless IndexObserver::wants_total_bytes()
    std::chrono::steady_clock::duration elapsed{};
};

/// What a run tells its caller as it goes. Calls are serialised by the run (writer threads
/// report too), so an implementation needs no lock of its own.
class IndexObserver {
  public:
    virtual ~IndexObserver() = default;
    /// A record (or file) that was skipped, failed, or was indexed with a warning: `what`
    /// is "skipped: REASON", "failed: REASON" or "warning: MESSAGE".
    virtual void on_record(const RecordLocation& /*where*/, std::string_view /*what*/) {}
    /// Something about the run as a whole, e.g. "resuming an interrupted build: ...".
    virtual void on_note(std::string_view /*message*/) {}
    /// The run begins a long step that shows no progress: "merging shards", "compacting".
    virtual void on_step(std::string_view /*step*/) {}
    /// At most a few times a second while reading.
    virtual void on_progress(const IndexProgress& /*progress*/) {}
    /// Whether progress should carry the total input size, which costs a walk of the
    /// inputs before reading (worth it for an ETA on a terminal).
    virtual bool wants_total_bytes() const { return false; }
    /// Polled between records and between chunks of input; true asks the run to stop early:
    /// what was read is committed, and nothing is deleted or compacted.
    virtual bool should_stop() { return false; }
};

/// What a run did.
struct IndexReport {
    IndexCounts counts;
    std::size_t skipped = 0;
    std::size_t failed = 0;
    /// Records that had neither an id nor a url, and got an id from their content
    /// (content_id() in common/readers/reader_support.hpp); exact_copies of them were
    /// exact copies of an earlier record of their file (source, title, date and body), each
    /// indexed once.
    std::size_t ids_from_content = 0;
    std::size_t exact_copies = 0;
    /// Articles an older indexer had given `file:line` ids, deleted because their records
    /// now have ids from their content (also counted as deleted).
    std::size_t line_ids_replaced = 0;
    /// Articles --delete-missing kept because their file or folder exists but could not be
    /// wholly read.
    std::size_t kept_unread = 0;
    /// Articles a killed build had already written to its staging shards.
    std::size_t resumed = 0;
    /// The observer asked to stop before everything was read.
    bool interrupted = false;
    /// The run created the database, indexed nothing into it and removed it again.
    bool database_removed = false;
};

/// Indexes `request.inputs` into `request.db`, creating it (and its parent folders) when
/// missing. Bad records go to the observer and are skipped; they never throw. Throws
/// UsageError when the request contradicts the database (a shard count it does not have),
/// Xapian::DatabaseLockError when another writer holds it, std::runtime_error when a folder
/// the run needs is taken by something it did not make, and what Xapian throws on I/O
/// errors; the database is then as its last commit left it. A database the run created
/// and indexed nothing into is removed again. A run that changed the database records
/// itself in its metadata (schema::kLastIndexingRunKey, indexing_run_record.hpp).
IndexReport run_indexing(const IndexRequest& request, IndexObserver& observer);

/// What delete_articles() did.
struct DeleteReport {
    IndexCounts counts;                    ///< deleted
    std::vector<std::string> unknown_ids;  ///< ids no article has
};

/// Deletes the articles with these ids from the database (or sharded database) at `db`,
/// each from the shard its id is routed to. Throws as run_indexing() does.
DeleteReport delete_articles(const std::string& db, const std::vector<std::string>& ids,
                             StubPrograms stub_programs = StubPrograms::kRefuse);

/// What rebuild_from_records() did.
struct RebuildSummary {
    std::size_t articles = 0;
    int schema_before = 0;  ///< of the first database rebuilt
    int schema_after = 0;
};

/// `indexer --rebuild`: re-indexes the database (or every shard of the sharded database) at
/// `db` from its stored records in the current schema, each swapped in atomically
/// (rebuild.hpp), then lists its top postings again. Each keeps its term list or its lack
/// of one, unless `drop_termlist`. Failed records go to the observer; any failure leaves
/// that database as it was and throws. Throws as run_indexing() does.
RebuildSummary rebuild_from_records(const std::string& db, unsigned threads, StubPrograms stub_programs,
                                    IndexObserver& observer, bool drop_termlist = false);

}  // namespace news
