#include "indexer/indexing_run.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "common/cli_support.hpp"
#include "common/document_mapper.hpp"
#include "common/indexing_run_record.hpp"
#include "common/readers/reader_support.hpp"
#include "common/record_dictionary.hpp"
#include "common/schema.hpp"
#include "common/top_postings.hpp"
#include "indexer/compaction.hpp"
#include "indexer/dictionary_training.hpp"
#include "indexer/duplicate_ids.hpp"
#include "indexer/parallel_indexer.hpp"
#include "indexer/rebuild.hpp"
#include "indexer/shard_writers.hpp"
#include "indexer/sharded_build.hpp"
#include "indexer/sharded_database.hpp"
#include "indexer/top_postings_builder.hpp"
#include "indexer/work_folder.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

std::string absolute_path(const fs::path& path) { return fs::absolute(path).lexically_normal().string(); }

/// Reads the inputs for a run: checks each article on its way to the sink, reports bad
/// records to the observer (serialised: writer threads report failures too), remembers
/// what could not be read for --delete-missing, and shows progress.
class RunReader : public CorpusVisitor {
  public:
    RunReader(const IndexRequest& request, IndexObserver& observer) : request_(request), observer_(observer) {}

    /// Reads every input into `sink`, then waits until the sink has written everything.
    void read_into(ArticleSink& sink) {
        sink_ = &sink;
        if (observer_.wants_total_bytes()) total_bytes_ = corpus_bytes(request_.inputs, request_.read_options);
        read_corpus(request_.inputs, *this, request_.read_options);
        sink.drain();
    }

    void on_article(Article&& article, const RecordLocation& where) override {
        if (where.id_from_content) {
            if (is_exact_copy(article, where)) return;
        } else if (repeats_an_earlier_id(article, where)) {
            return;
        }
        if (has_unindexed_words(article))
            on_warning(where, "more than " + std::to_string(kMaxIndexedWords) +
                                  " words: only the first are searchable, all are stored");
        if (article.source.empty()) article.source = request_.default_source;
        sink_->submit(std::move(article), origin_of(where.path), where);
        show_progress();
    }
    void on_skip(const RecordLocation& where, std::string_view reason) override {
        report(where, "skipped: " + std::string(reason));
        ++skipped_;
        // What exists but could not be read (a folder without permission, a file with a
        // malformed record) is not missing: --delete-missing keeps what it held.
        std::error_code ec;
        if (fs::exists(where.path, ec)) not_fully_read_.insert(origin_of(where.path));
    }
    void on_warning(const RecordLocation& where, std::string_view message) override {
        report(where, "warning: " + std::string(message));
    }
    /// Once the observer asks to stop, the run stays stopped. Called on the reading thread,
    /// and once on the run's thread after reading (when the reader may have missed the
    /// request: an open() that a signal interrupted ends the read without another poll).
    bool should_stop() override {
        if (!stopped_ && observer_.should_stop()) stopped_ = true;
        return stopped_;
    }
    void on_file_start(const std::string&, std::uintmax_t bytes) override {
        bytes_before_file_ += current_file_bytes_;
        current_file_bytes_ = bytes;
        bytes_in_file_ = 0;
        ++files_;
        show_progress();
    }
    void on_file_progress(std::uintmax_t bytes_done) override { bytes_in_file_ = bytes_done; }

    /// An article that could not be written; called from writer threads.
    void report_failure(const RecordLocation& where, const std::string& reason) {
        report(where, "failed: " + reason);
        ++failed_;
    }
    /// A handler for report_failure(), for the sinks.
    auto failure_handler() {
        return [this](const RecordLocation& where, const std::string& reason) { report_failure(where, reason); };
    }

    void note(std::string_view message) {
        std::lock_guard lock(mutex_);
        observer_.on_note(message);
    }
    void step(std::string_view what) {
        std::lock_guard lock(mutex_);
        observer_.on_step(what);
    }

    /// True when this file (absolute path), or a folder above it, exists but was not
    /// wholly read in this run: unreadable, or with a record skipped.
    bool not_fully_read(const std::string& origin) const {
        for (fs::path p = origin; !p.empty(); p = p.parent_path()) {
            if (not_fully_read_.count(p.string()) > 0) return true;
            if (p == p.root_path()) break;
        }
        return false;
    }
    std::size_t skipped() const { return skipped_; }
    std::size_t failed() const { return failed_; }
    std::size_t ids_from_content() const { return ids_from_content_; }
    std::size_t exact_copies() const { return exact_copies_; }
    /// The files (absolute paths) wholly read in this run that gave records ids from their
    /// content.
    std::vector<std::string> files_with_content_ids() const {
        std::vector<std::string> files;
        for (const std::string& origin : content_id_files_)
            if (!not_fully_read(origin)) files.push_back(origin);
        return files;
    }

  private:
    /// Ids made from source, title and date (content_id()) are equal for wire copies of a
    /// headline. A record whose content id an earlier record of its file has gets the id
    /// with its body hashed too: different articles are not lost. Is that taken as well, it
    /// is an exact copy (source, title, date and body) of that record: one article, read
    /// twice, counted (exact_copies()) and not indexed again. The first record keeps the
    /// short id, so ids stay stable while a file only grows or gains lines; the id of a copy
    /// with another body follows the order of the two, and --delete-missing removes what a
    /// reordering leaves behind. Also counts the ids made from content and remembers the
    /// file for remove_unseen_line_ids().
    bool is_exact_copy(Article& article, const RecordLocation& where) {
        ++ids_from_content_;
        if (where.path != content_ids_path_) {
            content_ids_path_ = where.path;
            // Standard input is no file: what an earlier stream gave is not its old version.
            std::error_code ec;
            if (where.path != "/dev/stdin" && fs::is_regular_file(where.path, ec))
                content_id_files_.insert(origin_of(where.path));
        }
        if (where.line == 0) return false;  // a whole file is one record
        if (where.path != ids_path_) {
            ids_path_ = where.path;
            ids_in_file_.clear();
        }
        const std::string with_body = content_id_with_body(article);
        const std::size_t first = ids_in_file_.first_line(article.id, where.line);
        const std::size_t first_with_body = ids_in_file_.first_line(with_body, where.line);
        if (first == 0) return false;
        if (first_with_body == 0) {
            article.id = with_body;
            return false;
        }
        ++exact_copies_;
        return true;
    }

    /// A record that repeats the id of an earlier record of its file would silently
    /// replace it: reported and skipped instead, the first one kept. (Records of different
    /// files with one id are updates: the later file wins.)
    bool repeats_an_earlier_id(const Article& article, const RecordLocation& where) {
        if (where.line == 0) return false;  // a whole file is one record
        if (where.path != ids_path_) {
            ids_path_ = where.path;
            ids_in_file_.clear();
        }
        const std::size_t first = ids_in_file_.first_line(article.id, where.line);
        if (first == 0) return false;
        on_skip(where, "duplicate id " + article.id + " (first at line " + std::to_string(first) + ")");
        return true;
    }

    /// The absolute path stored as an article's origin; cached because consecutive records
    /// mostly come from the same file.
    const std::string& origin_of(const std::string& path) {
        if (path != last_path_) {
            last_path_ = path;
            last_origin_ = absolute_path(path);
        }
        return last_origin_;
    }

    void report(const RecordLocation& where, const std::string& what) {
        std::lock_guard lock(mutex_);
        observer_.on_record(where, what);
    }

    /// Cheap per article: the sink's counts (a lock) are taken a few times a second only.
    void show_progress() {
        const auto now = std::chrono::steady_clock::now();
        if (now < next_progress_) return;
        next_progress_ = now + std::chrono::milliseconds(200);
        IndexProgress progress;
        progress.files = files_;
        progress.counts = sink_->counts();
        progress.bytes_read = bytes_before_file_ + bytes_in_file_;
        progress.total_bytes = total_bytes_;
        progress.elapsed = now - start_;
        std::lock_guard lock(mutex_);
        observer_.on_progress(progress);
    }

    const IndexRequest& request_;
    IndexObserver& observer_;
    ArticleSink* sink_ = nullptr;
    std::mutex mutex_;  ///< serialises calls to the observer
    bool stopped_ = false;
    std::size_t skipped_ = 0;
    std::atomic<std::size_t> failed_ = 0;
    std::size_t ids_from_content_ = 0;
    std::size_t exact_copies_ = 0;
    std::set<std::string> content_id_files_;  ///< absolute paths
    std::string content_ids_path_;
    std::size_t files_ = 0;
    std::uintmax_t total_bytes_ = 0;
    std::uintmax_t bytes_before_file_ = 0;  ///< size of the files finished
    std::uintmax_t current_file_bytes_ = 0;
    std::uintmax_t bytes_in_file_ = 0;
    std::set<std::string> not_fully_read_;  ///< absolute paths of files and folders
    std::string last_path_, last_origin_;
    FirstLineById ids_in_file_;  ///< of the file ids_path_
    std::string ids_path_;
    const std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point next_progress_ = start_;
};

/// How many shards the database has or is to have: request.shards, else the count of the
/// sharded database already there; 0 for a single database. request.shards may not
/// contradict what is there.
unsigned shard_count(const IndexRequest& request) {
    const std::optional<unsigned> existing = sharded_database_shards(request.db, request.stub_programs);
    if (request.shards == 0) return existing.value_or(0);
    if (existing && *existing != request.shards)
        throw UsageError("--shards " + std::to_string(request.shards) + ": " + request.db + " has " +
                         std::to_string(*existing) +
                         " shards, and articles are routed by that count: index into a new folder to change it");
    if (!existing && fs::exists(request.db) && !(fs::is_directory(request.db) && fs::is_empty(request.db)))
        throw UsageError("--shards: " + request.db +
                         " holds a single database (or other files): index into a new folder to shard it");
    return request.shards;
}

IndexOptions writer_options(const IndexRequest& request) {
    IndexOptions options;
    options.commit_every = request.commit_every;
    options.stub_programs = request.stub_programs;
    options.analysis.language = request.language;
    options.termlist = request.termlist;
    options.compact_positions = request.compact_positions;
    options.rebuild_threads = request.threads;
    return options;
}

/// One run: reads the inputs into the database through the layout it has or is to have.
class IndexingRun {
  public:
    IndexingRun(const IndexRequest& request, IndexObserver& observer)
        : request_(request), reader_(request, observer), options_(writer_options(request)) {}

    IndexReport run() {
        const unsigned shards = shard_count(request_);
        if (const fs::path parent = fs::path(request_.db).parent_path(); !parent.empty())
            fs::create_directories(parent);
        const IndexCounts counts = shards > 0 ? into_shards(shards) : into_one_database();
        IndexReport report;
        report.counts = counts;
        report.skipped = reader_.skipped();
        report.failed = reader_.failed();
        report.ids_from_content = reader_.ids_from_content();
        report.exact_copies = reader_.exact_copies();
        report.line_ids_replaced = line_ids_replaced_;
        report.kept_unread = kept_unread_;
        report.resumed = resumed_;
        report.interrupted = reader_.should_stop();
        return report;
    }

  private:
    /// Reads the inputs into the sink `open_sink` makes: with the record dictionary of `db`
    /// when it has one, else with one trained on the first articles read (in the same pass,
    /// so that a stream is read once).
    void read_inputs(const Xapian::Database& db, const DictionaryTrainingSink::SinkFactory& open_sink) {
        if (auto existing = current_record_dictionary(db)) return reader_.read_into(open_sink(existing));
        DictionaryTrainingSink training(open_sink);
        reader_.read_into(training);
    }

    /// Indexes into one database: a new one on one writer per thread, merged at the end
    /// (writing dominates indexing), an existing one through one writer.
    IndexCounts into_one_database() {
        const fs::path staging = work_folder_path(request_.db, "staging");
        // Folders of these names that the indexer did not make stop the run before anything
        // is written; its own are only touched under the database's write lock.
        require_no_foreign_folder(staging);
        require_no_foreign_folder(compaction_folder(request_.db));
        IndexBuilder builder(request_.db, options_);  // also holds the write lock throughout
        const bool from_scratch = builder.database().get_doccount() == 0;
        const bool compaction_was_killed = finish_killed_compaction(request_.db);
        // Merging staging shards compacts, so --no-compact keeps the single writer.
        const bool merged_build = from_scratch && request_.threads > 1 && request_.compaction != Compaction::kNever &&
                                  !request_.delete_missing;
        if (merged_build) return build_merged(builder);
        // Staging shards of a killed merged build are of no use to this run.
        remove_work_folder(staging);
        return update_in_place(builder, from_scratch || compaction_was_killed);
    }

    /// A new database on one staging shard per thread, merged (and so compacted) at the
    /// end. Also after an interruption: what was read is kept.
    IndexCounts build_merged(IndexBuilder& target) {
        std::optional<ShardedBuild> build;
        read_inputs(target.database(), [&](auto dictionary) -> ArticleSink& {
            IndexOptions options = options_;
            options.record_dictionary = dictionary;
            target.use_record_dictionary(dictionary);
            build.emplace(work_folder_path(request_.db, "staging"), request_.threads, options,
                          reader_.failure_handler());
            resumed_ = build->resumed();
            if (resumed_ > 0)
                reader_.note("resuming an interrupted build: " + std::to_string(resumed_) +
                             " articles were already written");
            return *build;
        });
        reader_.step("merging shards");
        const IndexCounts counts = build->counts();
        if (counts.added + counts.updated + resumed_ > 0) build->merge_into(target.database(), request_.db);
        return counts;
    }

    /// Updates (or builds) the database through one writer, with documents prepared on
    /// worker threads.
    IndexCounts update_in_place(IndexBuilder& builder, bool compact_by_default) {
        {
            std::optional<ParallelIndexer> pipeline;
            read_inputs(builder.database(), [&](auto dictionary) -> ArticleSink& {
                builder.use_record_dictionary(dictionary);
                return pipeline.emplace(builder, request_.threads > 1 ? request_.threads : 0,
                                        reader_.failure_handler());
            });
        }
        const bool complete = !reader_.should_stop();
        if (complete) line_ids_replaced_ += remove_unseen_line_ids(builder);
        if (complete && request_.delete_missing) kept_unread_ += delete_missing(builder);
        builder.finish();
        if (complete && compacts(compact_by_default) && builder.database().get_doccount() > 0) {
            reader_.step("compacting");
            compact_in_place(builder.database(), request_.db);
        }
        return builder.counts();
    }

    /// Indexes into a sharded database (sharded_database.hpp), one writer thread per
    /// shard; then, on every shard at once, deletes what --delete-missing asks and compacts
    /// as a single database would be compacted.
    IndexCounts into_shards(unsigned shards) {
        for (unsigned i = 0; i < shards; ++i) require_no_foreign_folder(compaction_folder(shard_path(request_.db, i)));
        std::vector<std::unique_ptr<IndexBuilder>> databases = open_sharded_database(request_.db, shards, options_);
        bool compaction_was_killed = false;
        for (unsigned i = 0; i < shards; ++i)
            compaction_was_killed = finish_killed_compaction(shard_path(request_.db, i)) || compaction_was_killed;
        Xapian::doccount before = 0;
        for (const auto& database : databases) before += database->database().get_doccount();
        const Xapian::Database first_shard = databases.front()->database();
        std::optional<ShardWriters> writers;
        read_inputs(first_shard, [&](auto dictionary) -> ArticleSink& {
            // Shards share one dictionary, so any shard's metadata decodes any record.
            for (auto& database : databases) database->use_record_dictionary(dictionary);
            return writers.emplace(std::move(databases), reader_.failure_handler());
        });
        const bool complete = !reader_.should_stop();
        const bool compact = complete && compacts(before == 0 || compaction_was_killed);
        if (compact) reader_.step("compacting shards");
        std::atomic<std::size_t> kept = 0, replaced = 0;
        writers->for_each_shard([&](std::size_t i, IndexBuilder& shard) {
            if (complete) replaced += remove_unseen_line_ids(shard);
            if (complete && request_.delete_missing) kept += delete_missing(shard);
            shard.finish();
            if (compact && shard.database().get_doccount() > 0)
                compact_in_place(shard.database(), shard_path(request_.db, i));
        });
        kept_unread_ += kept;
        line_ids_replaced_ += replaced;
        return writers->counts();
    }

    // After reading, `complete` says whether the run saw everything: an interrupted run
    // deletes no "missing" articles (it has not seen them all) and does not compact (the
    // next run finishes it first).

    /// Compaction makes the database smaller and faster to search: worth its time after a
    /// full build, and on request after updates.
    bool compacts(bool by_default) const {
        if (request_.compaction == Compaction::kNever) return false;
        return request_.compaction == Compaction::kAlways || by_default;
    }

    /// Removes what a compaction of the database at `db_path` that was killed left behind
    /// (the database itself is whole, only not compacted); true when there was such a
    /// compaction, which this run then does again. Call with the database's write lock held.
    bool finish_killed_compaction(const std::string& db_path) {
        if (!remove_work_folder(compaction_folder(db_path))) return false;
        if (request_.compaction != Compaction::kNever)
            reader_.note(db_path + ": an earlier compaction was interrupted; compacting again at the end");
        return true;
    }

    /// Articles an older indexer gave `PREFIX:LINE` ids, of files that now gave their records
    /// ids from content: deleted when this run did not see them (and read the file whole),
    /// since their records are now indexed under the new ids. Without this every such
    /// article would be in the database twice after the first run of this version.
    std::size_t remove_unseen_line_ids(IndexBuilder& builder) const {
        std::size_t deleted = 0;
        for (const std::string& origin : reader_.files_with_content_ids())
            deleted += builder.remove_unseen_line_ids(origin);
        return deleted;
    }

    /// --delete-missing: drops what the inputs no longer hold, but not what they hold and
    /// could not be read. Returns how many articles were kept for that reason.
    std::size_t delete_missing(IndexBuilder& builder) const {
        std::size_t kept = 0;
        const auto keep = [&](const std::string& file) { return reader_.not_fully_read(file); };
        for (const fs::path& input : request_.inputs) {
            const std::string origin = absolute_path(input);
            // A folder's articles are those of the files below it, and no sibling's; an input
            // that is gone may have been either.
            std::error_code ec;
            const fs::file_type type = fs::status(input, ec).type();
            if (type != fs::file_type::directory) kept += builder.remove_unseen(origin, keep).kept;
            if (type == fs::file_type::directory || type == fs::file_type::not_found)
                kept += builder.remove_unseen(origin.ends_with('/') ? origin : origin + '/', keep).kept;
        }
        return kept;
    }

    const IndexRequest& request_;
    RunReader reader_;
    const IndexOptions options_;
    std::size_t kept_unread_ = 0;
    std::size_t resumed_ = 0;
    std::size_t line_ids_replaced_ = 0;
};

/// Writers on every database `db` names: the one database, or each shard of a sharded one.
std::vector<std::unique_ptr<IndexBuilder>> open_databases(const std::string& db, StubPrograms stub_programs) {
    IndexOptions options;
    options.stub_programs = stub_programs;
    if (const auto shards = sharded_database_shards(db, stub_programs))
        return open_sharded_database(db, *shards, options);
    std::vector<std::unique_ptr<IndexBuilder>> one;
    one.push_back(std::make_unique<IndexBuilder>(db, options));
    return one;
}

IndexingRunRecord indexing_run_record(const IndexReport& report, double seconds) {
    IndexingRunRecord record;
    record.finished = utc_now();
    record.added = report.counts.added;
    record.updated = report.counts.updated;
    record.unchanged = report.counts.unchanged;
    record.deleted = report.counts.deleted;
    record.skipped = report.skipped;
    record.failed = report.failed;
    record.seconds = seconds;
    return record;
}

/// Lists the top postings of the database at `db_path` as it now is (common/top_postings.hpp):
/// a database that changed since its lists were built is searched without them. Only for a
/// local database folder (not a sharded one, nor a stub naming remote ones: the searcher
/// ranks those in full), and not when they are still current: a run that changed nothing
/// leaves the database untouched. After every other commit of the run, which would make
/// them stale.
void list_top_postings(const std::string& db_path, IndexObserver* observer = nullptr) {
    if (!fs::exists(fs::path(db_path) / "iamglass")) return;
    if (top_postings::lists_are_current(Xapian::Database(db_path))) return;
    if (observer) observer->on_step("listing top postings");
    Xapian::WritableDatabase db(db_path, Xapian::DB_OPEN | Xapian::DB_NO_TERMLIST);  // with a term list or not
    build_top_postings(db);
}

/// Writes `record` into the metadata of the database (of its shard 0 when sharded), in a
/// commit of its own after the run's last.
void record_indexing_run(const IndexRequest& request, const IndexingRunRecord& record) {
    const auto databases = open_databases(request.db, request.stub_programs);
    Xapian::WritableDatabase& db = databases.front()->database();
    db.set_metadata(std::string(schema::kLastIndexingRunKey), encode_indexing_run(record));
    db.commit();
}

}  // namespace

IndexReport run_indexing(const IndexRequest& request, IndexObserver& observer) {
    const auto start = std::chrono::steady_clock::now();
    std::error_code ec;
    const bool new_database = !fs::exists(request.db, ec) && !ec;
    IndexReport report = IndexingRun(request, observer).run();
    const IndexCounts& c = report.counts;
    // A run that indexed nothing into a database it created (every input missing, or
    // empty standard input) takes it away again: an empty database is no result.
    if (new_database && c.added + c.updated + c.unchanged + c.deleted + report.resumed == 0) {
        fs::remove_all(request.db);
        report.database_removed = true;
        return report;
    }
    // A run that changed nothing leaves the database as it was: only a run that changed it
    // is recorded.
    if (c.added + c.updated + c.deleted > 0) {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        record_indexing_run(request, indexing_run_record(report, seconds));
    }
    if (!report.interrupted) list_top_postings(request.db, &observer);
    return report;
}

RebuildSummary rebuild_from_records(const std::string& db, unsigned threads, StubPrograms stub_programs,
                                    IndexObserver& observer, bool drop_termlist) {
    std::vector<std::string> paths;
    if (const auto shards = sharded_database_shards(db, stub_programs)) {
        for (unsigned i = 0; i < *shards; ++i) paths.push_back(shard_path(db, i));
    } else {
        if (stub_programs == StubPrograms::kRefuse) refuse_stub_programs(db);
        if (!fs::exists(fs::path(db) / "iamglass"))
            throw std::runtime_error(db + ": no database here to rebuild (a local database folder is needed)");
        paths.push_back(db);
    }
    const FailureHandler report_failure = [&](const RecordLocation& where, const std::string& reason) {
        observer.on_record(where, "failed: " + reason);
    };
    RebuildSummary summary;
    for (const std::string& path : paths) {
        observer.on_step("rebuilding " + path);
        Xapian::WritableDatabase writer(path, Xapian::DB_OPEN | Xapian::DB_NO_TERMLIST);  // with a term list or not
        const bool termlist = !drop_termlist && fs::exists(fs::path(path) / "termlist.glass");
        const RebuildReport rebuilt = rebuild_database(writer, path, threads, termlist, report_failure);
        summary.articles += rebuilt.articles;
        if (summary.schema_before == 0) summary.schema_before = rebuilt.schema_before;
        summary.schema_after = rebuilt.schema_after;
    }
    list_top_postings(db, &observer);
    return summary;
}

DeleteReport delete_articles(const std::string& db, const std::vector<std::string>& ids, StubPrograms stub_programs) {
    // Each id is deleted from the shard it was routed to (the only database when unsharded).
    auto databases = open_databases(db, stub_programs);
    DeleteReport report;
    for (const std::string& id : ids)
        if (!databases[shard_of(id, databases.size())]->remove(id)) report.unknown_ids.push_back(id);
    for (const auto& database : databases) {
        database->finish();
        report.counts += database->counts();
    }
    databases.clear();  // releases the write lock, which listing takes again
    list_top_postings(db);
    return report;
}

}  // namespace news
