/// @file index_builder.hpp
/// @brief Adds articles to a Xapian database: replace-by-id, unchanged detection, batched
/// atomic commits.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.hpp"
#include "common/document_mapper.hpp"
#include "common/stub_file.hpp"
#include "common/text_analysis.hpp"

namespace news {

struct IndexOptions {
    /// Articles per commit, at most. Each commit is atomic: after a crash the database opens
    /// at the last one.
    std::size_t commit_every = 10000;
    /// Title and body bytes per commit, at most. The writer keeps a batch in memory, and a
    /// large one outgrows the caches long before commits get costly; but each commit has a
    /// fixed cost, which many small articles must share (docs/benchmarks.md, "Measurements
    /// behind the defaults", has the batch sizes tried on each corpus); 1 MiB is
    /// about 5,000 headlines.
    std::size_t commit_bytes = 1 << 20;
    /// Its language is the one asked for (indexer --language), empty for the database's:
    /// IndexBuilder puts the language it writes in here (language_to_write()).
    AnalysisConfig analysis;
    /// Compresses stored records (record_dictionary.hpp); stored in the database's metadata
    /// at the first commit. None: plain zstd.
    std::shared_ptr<const ZstdDictionary> record_dictionary;
    /// Whether the database path may be a stub that runs a program (`remote :PROGRAM`,
    /// common/stub_file.hpp), which Xapian would start on opening it.
    StubPrograms stub_programs = StubPrograms::kRefuse;
    /// Whether a database this builder creates keeps a term list per document (Xapian's
    /// termlist table). Without one (Xapian::DB_NO_TERMLIST) the database is about 29%
    /// smaller and faster to build (docs/benchmarks.md, issue 15 study), and Xapian cannot
    /// replace or delete a document in place: the builder then stages changed articles and
    /// indexes the database again from its records at finish() (rebuild.hpp). An existing
    /// database keeps the layout it has.
    bool termlist = kNewDatabasesKeepTermlist;
    /// Whether a database this builder creates keeps its word positions in one value an
    /// article (schema::kPositionsKey, schema 11) rather than in Xapian's position table:
    /// 28% smaller on full text, but a phrase is checked by reading each candidate's whole
    /// value, about 3x slower (docs/benchmarks.md), and xapian-tcpsrv cannot check it. An
    /// existing database keeps the layout it has.
    bool compact_positions = false;
    /// Threads preparing documents when finish() rebuilds a database without a term list.
    unsigned rebuild_threads = 1;

    static constexpr bool kNewDatabasesKeepTermlist = true;
};

/// Xapian's flags to open, or create, a database folder for writing: a new database has a
/// term list per document only when `termlist` (IndexOptions::termlist); an existing one
/// opens as it is (Xapian::DB_NO_TERMLIST only stops Xapian creating the table, and a
/// database without one opens only with that flag).
int database_open_flags(const std::string& path, bool termlist);

enum class AddOutcome { kAdded, kUpdated, kUnchanged };

/// An article turned into its Xapian document, ready to be written. Preparing (term
/// generation, compression) needs no database, so it can run on any thread.
struct PreparedArticle {
    std::string id_term;
    Xapian::Document document;
    std::size_t text_bytes = 0;  ///< title and body, for IndexOptions::commit_bytes
};

/// The CPU-heavy half of adding an article; `mapper` belongs to the calling thread.
PreparedArticle prepare_article(DocumentMapper& mapper, const Article& article, std::string_view origin);

struct IndexCounts {
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t deleted = 0;

    IndexCounts& operator+=(const IndexCounts& other) {
        added += other.added;
        updated += other.updated;
        unchanged += other.unchanged;
        deleted += other.deleted;
        return *this;
    }
};

/// Owns a WritableDatabase for one indexing run. add() replaces any document with the same
/// id (so re-indexing never duplicates) and leaves an unchanged one untouched; finish()
/// commits. If finish() is never called (exception, crash), only whole batches committed
/// earlier are in the database.
class IndexBuilder {
  public:
    /// Opens or creates the database at `db_path`. Throws Xapian::DatabaseLockError when
    /// another writer holds it, std::runtime_error when `db_path` is a folder that holds
    /// other files but no database (a new one is never created among them), and
    /// StubProgramError, before opening anything, when `db_path` is a stub that would run a
    /// program and options.stub_programs does not allow it.
    IndexBuilder(const std::string& db_path, IndexOptions options);
    /// A database has one language (schema::kLanguageKey): when options.analysis.language
    /// names another than the one `db_path` holds articles in, throws UsageError before
    /// writing anything; std::invalid_argument when it names no language Xapian stems.
    /// Opens an existing database object (e.g. in-memory, for tests).
    IndexBuilder(Xapian::WritableDatabase db, IndexOptions options);
    /// The database object `db` open on the folder `db_path` (as database_open_flags() opens
    /// it), which a database without a term list needs for its rebuilds.
    IndexBuilder(Xapian::WritableDatabase db, const std::string& db_path, IndexOptions options);

    /// Adds or replaces `article`, read from the file `origin` (absolute path, or empty).
    AddOutcome add(const Article& article, std::string_view origin = {});
    /// The writing half of add(), for articles prepared on other threads.
    AddOutcome add(PreparedArticle&& prepared);

    /// Deletes the article with this id; false when there is none.
    bool remove(std::string_view article_id);

    /// What remove_unseen() did.
    struct Unseen {
        std::size_t deleted = 0;
        std::size_t kept = 0;  ///< unseen, but their file was one `keep` named
    };
    /// Deletes the articles read from `origin` that this run has not added, updated or
    /// found unchanged: from every file below it when it is an absolute folder path ending
    /// in '/', else from that one file (never from "feed.jsonl.zst" for "feed.jsonl").
    /// Those whose origin file `keep` names stay (e.g. a file that could not be read, or had
    /// records skipped as malformed: its old versions stay).
    Unseen remove_unseen(std::string_view origin, const std::function<bool(const std::string&)>& keep);
    /// Deletes the articles read from the file `origin` (absolute path) that this run has
    /// not added, updated or found unchanged and whose id ends in ':' and a line number: what
    /// indexers before ids from content (content_id() in common/readers/reader_support.hpp)
    /// gave records without id or url. For a file whose records now get ids from content,
    /// read whole: those articles are now indexed under the new ids. Returns how many.
    std::size_t remove_unseen_line_ids(std::string_view origin);
    /// Commits what is pending; throws on failure. Safe to call more than once.
    void commit();
    /// The final commit. Its failure is an error (never swallowed as in the destructor).
    /// On a database without a term list that this run changed or deleted articles of, then
    /// indexes it again from its records without the old versions and with the new ones
    /// (rebuild.hpp), swapped in atomically; the builder writes to the new one afterwards.
    /// Until then those changes are only in a staging database beside it (DB.updates), so
    /// an interrupted run leaves the database as its commits left it, old versions whole.
    void finish();
    /// Whether the database has a term list per document (IndexOptions::termlist).
    bool has_termlist() const { return has_termlist_; }

    const IndexCounts& counts() const { return counts_; }
    Xapian::WritableDatabase& database() { return db_; }
    const IndexOptions& options() const { return options_; }
    /// The schema of the documents this builder writes: the current one, except that a
    /// database of an older schema with articles keeps schema 4's tie-break keys (schema.hpp).
    int schema_version() const { return schema_version_; }
    /// A mapper that prepares documents as this builder's own does (its analysis, record
    /// dictionary and schema), for preparing them on other threads.
    DocumentMapper make_mapper() const;

    /// Compresses the records of articles added from now on with `dictionary`, and makes
    /// it the database's (record_dictionary.hpp) at the next commit.
    void use_record_dictionary(std::shared_ptr<const ZstdDictionary> dictionary);

  private:
    /// A changed or deleted article of a database without a term list: staged.
    void stage_change(Xapian::docid old_version, const PreparedArticle* new_version);
    Xapian::WritableDatabase& staged_updates();

    std::string path_;  ///< empty when opened from a database object
    Xapian::WritableDatabase db_;
    IndexOptions options_;
    bool has_termlist_ = true;
    std::vector<Xapian::docid> dropped_;              ///< old versions to leave out at finish()
    std::optional<Xapian::WritableDatabase> staged_;  ///< new versions, in DB.updates
    int schema_version_;
    bool positions_in_value_;  ///< schema::positions_in_value() of the database written
    DocumentMapper mapper_;
    void mark_seen(Xapian::docid id);
    void count_change(std::size_t text_bytes = 0);

    IndexCounts counts_;
    std::size_t pending_ = 0;        ///< changes since the last commit
    std::size_t pending_bytes_ = 0;  ///< their title and body bytes
    bool dictionary_stored_ = false;
    std::vector<bool> seen_;  ///< by docid: touched by this run (for remove_unseen)
};

}  // namespace news
