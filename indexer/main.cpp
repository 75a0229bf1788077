// indexer: reads article corpora and adds them to a Xapian database.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <stdexcept>
#include <mutex>
#include <set>
#include <thread>
#include <string>
#include <vector>

#include <unistd.h>

#include <boost/program_options.hpp>

#include "common/cli_support.hpp"
#include "common/corpus_reader.hpp"
#include "common/record_dictionary.hpp"
#include "common/terminal_text.hpp"
#include "indexer/compaction.hpp"
#include "indexer/dictionary_training.hpp"
#include "indexer/duplicate_ids.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/parallel_indexer.hpp"
#include "indexer/shard_writers.hpp"
#include "indexer/sharded_build.hpp"
#include "indexer/sharded_database.hpp"
#include "indexer/work_folder.hpp"

namespace po = boost::program_options;

namespace {

struct IndexerArgs {
    std::string program = "indexer";  ///< the name it was started under, for messages
    std::string db;
    std::vector<std::string> inputs;
    std::string source;
    std::string format;               ///< --format: a corpus format name
    std::vector<std::string> fields;  ///< --field FIELD=KEY assignments
    news::ReadOptions read_options;   ///< the two above, parsed
    std::size_t commit_every = 0;
    bool strict = false;
    bool quiet = false;
    bool compact = false;
    bool no_compact = false;
    bool delete_missing = false;
    bool delete_ids = false;  ///< the positional arguments are ids to delete, not paths
    bool allow_stub_programs = false;
    unsigned threads = 0;
    unsigned shards = 0;  ///< --shards: 0 unless given
};

std::atomic<bool> g_stop_requested{false};

extern "C" void request_stop(int) { g_stop_requested = true; }

/// The first `signal` asks the run to stop (what was read is committed); a second one ends
/// the process at once, as if unhandled (the database is still whole: commits are atomic).
/// No SA_RESTART: a call waiting for input that may never come, such as opening a FIFO no
/// one writes to, is interrupted rather than resumed.
void on_first_stop_signal(int signal) {
    struct sigaction action = {};
    action.sa_handler = request_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    ::sigaction(signal, &action, nullptr);
}

unsigned default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

po::options_description visible_options(IndexerArgs& args) {
    po::options_description opts("Options");
    opts.add_options()
        ("help,h", "print this help and exit")
        ("version", "print version information and exit")
        ("db,d", po::value(&args.db)->value_name("DIR"),
         "database folder (created if missing); default: $NEWS_SEARCH_DB, else "
         "$XDG_DATA_HOME/news-search/db, else ~/.local/share/news-search/db")
        ("source", po::value(&args.source)->value_name("NAME"),
         "source name for articles that carry none (e.g. plain-text folders)")
        ("format", po::value(&args.format)->value_name("FORMAT")->default_value("auto"),
         "read every input (and every file in the folders given) as FORMAT: auto (by extension), "
         "text, jsonl, csv, tsv, reuters, trec")
        ("field", po::value(&args.fields)->value_name("FIELD=KEY")->composing(),
         "read article FIELD (id, title, body, date, url, source, category, tags) from key KEY "
         "(JSON Lines) or column KEY (CSV, TSV), e.g. --field title=headline; repeatable")
        ("commit-every", po::value(&args.commit_every)->value_name("N")->default_value(news::IndexOptions{}.commit_every),
         ("commit after at most N added or changed articles, and at most " +
          std::to_string(news::IndexOptions{}.commit_bytes >> 20) +
          " MiB of their title and body text (each commit is atomic)")
             .c_str())
        ("delete-missing", po::bool_switch(&args.delete_missing),
         "after reading, delete the articles that came from the given files and folders but were not "
         "found this time (their file is gone, or the record left its file); files with skipped "
         "records keep their old articles")
        ("delete", po::bool_switch(&args.delete_ids), "delete the articles whose ids are given instead of paths")
        ("shards", po::value(&args.shards)->value_name("N"),
         "keep the database as N shards in the --db folder, written by N threads and searched as one "
         "(docs/scaling.md); later runs find the shards without this option")
        ("threads,j", po::value(&args.threads)->value_name("N")->default_value(default_threads(), "cores"),
         "threads preparing documents (term generation, compression); 1 does everything on the "
         "main thread; default: the number of cores")
        ("allow-stub-programs", po::bool_switch(&args.allow_stub_programs),
         "let a stub line 'remote :PROGRAM ARGS' in the database folder run PROGRAM; refused by "
         "default, since a database folder from someone else could run any command")
        ("strict", po::bool_switch(&args.strict), "exit 1 if any record was skipped or failed")
        ("compact", po::bool_switch(&args.compact),
         "compact the database at the end (into a new folder swapped in atomically); done by default "
         "when the run started from an empty database")
        ("no-compact", po::bool_switch(&args.no_compact), "do not compact, not even after a build from scratch")
        ("quiet,q", po::bool_switch(&args.quiet), "no progress line and no summary");
    return opts;
}

void print_help(const std::string& program, const po::options_description& opts) {
    std::cout << "Usage: " << program << " [OPTIONS] PATH...\n"
              << "  or:  " << program << " [OPTIONS] --delete ID...\n"
              << "Index news articles from files and folders (searched recursively) into a Xapian database.\n\n"
                 "Formats, by extension (or as --format says):\n"
                 "  .txt                      one article: first non-empty line is the title, then the body;\n"
                 "                            scraping debris ({markers}, Copyright line and what follows)\n"
                 "                            is dropped and a trailing 'Tags ...' line becomes the tags\n"
                 "  .jsonl .ndjson [.zst]     one JSON object per line: id, title, body, and optional\n"
                 "                            date, url, source, category, tags; other keys are ignored\n"
                 "  .csv .tsv [.zst]          a header row naming the columns (the JSON key names), then\n"
                 "                            one record per row; RFC 4180 quotes (fields may span lines)\n"
                 "  .sgm [.zst]               Reuters-21578 SGML: one article per <REUTERS> element\n"
                 "  .trec [.zst]              TREC SGML: <DOC> with <DOCNO>, <HEADLINE> or <TITLE>, <TEXT>\n\n"
              << opts
              << "\nRe-running on the same input adds nothing: articles are keyed by id (else url, else\n"
                 "path), changed ones are replaced, unchanged ones skipped. Malformed records are reported\n"
                 "as 'file:line: reason' and skipped. Ctrl-C commits what was read and stops (exit 130).\n\n"
                 "Exit status: 0 on success; 1 on a runtime error, when nothing could be indexed, or with\n"
                 "--strict when a record was skipped; 2 on a usage error; 130 when interrupted.\n";
}

IndexerArgs parse_args(int argc, char* argv[], bool& exit_now) {
    IndexerArgs args;
    args.program = news::program_name(argv[0], args.program);
    po::options_description opts = visible_options(args);
    po::options_description all;
    all.add(opts).add_options()("input", po::value(&args.inputs));
    po::positional_options_description positional;
    positional.add("input", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw news::UsageError(e.what());
    }
    exit_now = true;
    if (vm.count("help")) {
        print_help(args.program, opts);
        return args;
    }
    if (vm.count("version")) {
        std::cout << news::version_text(args.program);
        return args;
    }
    exit_now = false;
    if (args.inputs.empty())
        throw news::UsageError(args.delete_ids ? "no ids given to --delete" : "no input: give at least one file or folder to index");
    if (args.compact && args.no_compact) throw news::UsageError("--compact and --no-compact contradict each other");
    if (args.delete_ids && args.delete_missing) throw news::UsageError("--delete and --delete-missing do not go together");
    if (args.commit_every == 0) throw news::UsageError("--commit-every must be at least 1");
    if (args.threads == 0 || args.threads > 256) throw news::UsageError("--threads must be between 1 and 256");
    if (vm.count("shards") && (args.shards == 0 || args.shards > 256)) throw news::UsageError("--shards must be between 1 and 256");
    args.db = news::normalize_database_path(args.db.empty() ? news::default_database_path() : args.db);
    try {
        args.read_options.format = news::parse_format_name(args.format);
    } catch (const std::invalid_argument& e) {
        throw news::UsageError(std::string("--format: ") + e.what());
    }
    for (const std::string& assignment : args.fields) {
        try {
            args.read_options.fields.assign(assignment);
        } catch (const std::invalid_argument& e) {
            throw news::UsageError(std::string("--field: ") + e.what());
        }
    }
    return args;
}

std::string absolute_path(const std::string& path) {
    return std::filesystem::absolute(path).lexically_normal().string();
}

/// Feeds articles from the readers into the builder, reports bad records, shows progress.
class IndexingVisitor : public news::CorpusVisitor {
  public:
    explicit IndexingVisitor(const IndexerArgs& args) : args_(args), progress_(!args.quiet) {}

    /// Where articles go; must be set before reading.
    void set_sink(news::ArticleSink& sink) { sink_ = &sink; }

    void on_article(news::Article&& article, const news::RecordLocation& where) override {
        if (repeats_an_earlier_id(article, where)) return;
        if (news::has_unindexed_words(article))
            on_warning(where, "more than " + std::to_string(news::kMaxIndexedWords) +
                                  " words: only the first are searchable, all are stored");
        if (article.source.empty()) article.source = args_.source;
        sink_->submit(std::move(article), origin_of(where.path), where);
        progress_.update([&] { return progress_text(); });
    }
    /// An article that could not be indexed; may be called from writer threads.
    void report_failure(const news::RecordLocation& where, const std::string& reason) {
        report(where, "failed: " + reason);
        ++failed_;
    }

    /// The total input size, for the ETA; unknown (0) unless set.
    void set_total_bytes(std::uintmax_t bytes) { total_bytes_ = bytes; }
    void on_file_start(const std::string&, std::uintmax_t bytes) override {
        bytes_before_file_ += current_file_bytes_;
        current_file_bytes_ = bytes;
        bytes_in_file_ = 0;
        ++files_;
        progress_.update([&] { return progress_text(); });
    }
    void on_file_progress(std::uintmax_t bytes_done) override { bytes_in_file_ = bytes_done; }
    void on_skip(const news::RecordLocation& where, std::string_view reason) override {
        report(where, "skipped: " + std::string(reason));
        ++skipped_;
        // What exists but could not be read (a folder without permission, a file with a
        // malformed record) is not missing: --delete-missing keeps what it held.
        std::error_code ec;
        if (std::filesystem::exists(where.path, ec)) not_fully_read_.insert(origin_of(where.path));
    }
    void on_warning(const news::RecordLocation& where, std::string_view message) override {
        report(where, "warning: " + std::string(message));
    }
    bool should_stop() override { return g_stop_requested.load(std::memory_order_relaxed); }

    std::size_t skipped() const { return skipped_; }
    /// True when this file (absolute path), or a folder above it, exists but was not
    /// wholly read in this run: unreadable, or with a record skipped.
    bool not_fully_read(const std::string& origin) const {
        for (std::filesystem::path p = origin; !p.empty(); p = p.parent_path()) {
            if (not_fully_read_.count(p.string()) > 0) return true;
            if (p == p.root_path()) break;
        }
        return false;
    }
    std::size_t failed() const { return failed_; }
    void clear_progress() { progress_.clear(); }

  private:
    /// A record that repeats the id of an earlier record of its file would silently
    /// replace it: reported and skipped instead, the first one kept. (Records of different
    /// files with one id are updates: the later file wins.)
    bool repeats_an_earlier_id(const news::Article& article, const news::RecordLocation& where) {
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

    void report(const news::RecordLocation& where, const std::string& what) {
        std::lock_guard lock(report_mutex_);
        progress_.clear();
        // File names and reasons quote the corpus: an escape sequence in them must not reach
        // the terminal, nor a line break split the message.
        std::cerr << news::escape_for_message(where.to_string() + ": " + what) << '\n';
    }
    std::string progress_text() const {
        const news::IndexCounts c = sink_->counts();
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        const std::size_t done = c.added + c.updated + c.unchanged;
        const std::uintmax_t bytes = bytes_before_file_ + bytes_in_file_;
        const double rate = seconds > 0 ? static_cast<double>(bytes) / seconds : 0.0;
        std::string eta;
        if (total_bytes_ > bytes && rate > 0) {
            const auto left = static_cast<long>(static_cast<double>(total_bytes_ - bytes) / rate);
            char buf[32];
            std::snprintf(buf, sizeof buf, ", ETA %ld:%02ld", left / 60, left % 60);
            eta = buf;
        }
        char line[200];
        std::snprintf(line, sizeof line, "indexing: %zu files, %zu articles (%zu added, %zu updated, %zu unchanged), %.1f MB/s, %.0f docs/s%s",
                      files_, done, c.added, c.updated, c.unchanged, rate / 1e6, seconds > 0 ? done / seconds : 0.0,
                      eta.c_str());
        return line;
    }

    const IndexerArgs& args_;
    news::ArticleSink* sink_ = nullptr;
    news::ProgressLine progress_;
    std::mutex report_mutex_;  ///< writer threads report failures too
    std::size_t skipped_ = 0;
    std::atomic<std::size_t> failed_ = 0;
    std::size_t files_ = 0;
    std::uintmax_t total_bytes_ = 0;
    std::uintmax_t bytes_before_file_ = 0;  ///< size of the files finished
    std::uintmax_t current_file_bytes_ = 0;
    std::uintmax_t bytes_in_file_ = 0;
    std::set<std::string> not_fully_read_;  ///< absolute paths of files and folders
    std::string last_path_, last_origin_;
    news::FirstLineById ids_in_file_;  ///< of the file ids_path_
    std::string ids_path_;
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

void print_summary(const IndexerArgs& args, const news::IndexCounts& c, std::size_t skipped, std::size_t failed,
                   double seconds) {
    if (args.quiet) return;
    const std::size_t processed = c.added + c.updated + c.unchanged;
    std::printf("%zu added, %zu updated, %zu unchanged, %zu deleted, %zu skipped, %zu failed in %.2f s (%.0f docs/s) -> %s\n",
                c.added, c.updated, c.unchanged, c.deleted, skipped, failed, seconds,
                seconds > 0 ? static_cast<double>(processed) / seconds : 0.0, args.db.c_str());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

news::StubPrograms stub_programs(const IndexerArgs& args) {
    return args.allow_stub_programs ? news::StubPrograms::kAllow : news::StubPrograms::kRefuse;
}

/// What every writer is opened with: the defaults, but for what the options say about stubs.
news::IndexOptions base_index_options(const IndexerArgs& args) {
    news::IndexOptions options;
    options.stub_programs = stub_programs(args);
    return options;
}

/// How many shards --db has or is to have: --shards, else the count of the sharded database
/// already there; 0 for a single database. --shards may not contradict what is there.
unsigned shard_count(const IndexerArgs& args) {
    const std::optional<unsigned> existing = news::sharded_database_shards(args.db, stub_programs(args));
    if (args.shards == 0) return existing.value_or(0);
    if (existing && *existing != args.shards)
        throw news::UsageError("--shards " + std::to_string(args.shards) + ": " + args.db + " has " +
                               std::to_string(*existing) +
                               " shards, and articles are routed by that count: index into a new folder to change it");
    namespace fs = std::filesystem;
    if (!existing && fs::exists(args.db) && !(fs::is_directory(args.db) && fs::is_empty(args.db)))
        throw news::UsageError("--shards: " + args.db +
                               " holds a single database (or other files): index into a new folder to shard it");
    return args.shards;
}

/// Writers on every database --db names: the one database, or each shard of a sharded one.
std::vector<std::unique_ptr<news::IndexBuilder>> open_databases(const IndexerArgs& args, unsigned shards,
                                                                const news::IndexOptions& options) {
    if (shards > 0) return news::open_sharded_database(args.db, shards, options);
    std::vector<std::unique_ptr<news::IndexBuilder>> one;
    one.push_back(std::make_unique<news::IndexBuilder>(args.db, options));
    return one;
}

int delete_command(const IndexerArgs& args) {
    const auto start = std::chrono::steady_clock::now();
    // Each id is deleted from the shard it was routed to (the only database when unsharded).
    const auto databases = open_databases(args, shard_count(args), base_index_options(args));
    std::size_t missing = 0;
    for (const std::string& id : args.inputs) {
        if (databases[news::shard_of(id, databases.size())]->remove(id)) continue;
        std::cerr << args.program << ": no article with id '" << news::escape_for_message(id) << "'\n";
        ++missing;
    }
    news::IndexCounts counts;
    for (const auto& database : databases) {
        database->finish();
        counts += database->counts();
    }
    print_summary(args, counts, missing, 0, seconds_since(start));
    return missing > 0 && args.strict ? news::kExitRuntimeError : news::kExitOk;
}

/// --delete-missing: drop what the given inputs no longer hold, but not what they hold and
/// could not be read. Returns how many articles were kept for that reason.
std::size_t delete_missing(const IndexerArgs& args, news::IndexBuilder& builder, const IndexingVisitor& visitor) {
    std::size_t kept = 0;
    const auto keep = [&](const std::string& file) { return visitor.not_fully_read(file); };
    for (const std::string& input : args.inputs) {
        const std::string origin = absolute_path(input);
        // A folder's articles are those of the files below it, and no sibling's; an input
        // that is gone may have been either.
        std::error_code ec;
        const auto type = std::filesystem::status(input, ec).type();
        if (type != std::filesystem::file_type::directory) kept += builder.remove_unseen(origin, keep).kept;
        if (type == std::filesystem::file_type::directory || type == std::filesystem::file_type::not_found)
            kept += builder.remove_unseen(origin.ends_with('/') ? origin : origin + '/', keep).kept;
    }
    return kept;
}

void report_kept(const IndexerArgs& args, std::size_t kept) {
    if (kept > 0)
        std::cerr << args.program << ": --delete-missing kept " << kept
                  << " articles of files or folders that exist but could not be wholly read (reported above)\n";
}

/// Reads the inputs into `sink`, with progress, stopping early on SIGINT/SIGTERM.
void read_inputs(const IndexerArgs& args, IndexingVisitor& visitor, news::ArticleSink& sink) {
    visitor.set_sink(sink);
    const std::vector<std::filesystem::path> inputs(args.inputs.begin(), args.inputs.end());
    if (!args.quiet && news::is_terminal(STDERR_FILENO)) visitor.set_total_bytes(news::corpus_bytes(inputs, args.read_options));
    news::read_corpus(inputs, visitor, args.read_options);
    sink.drain();
}

/// Reads the inputs into the sink `open_sink` makes: with the record dictionary of `db` when
/// it has one, else with one trained on the first articles read (in the same pass, so that
/// a stream is read once).
void read_inputs(const IndexerArgs& args, IndexingVisitor& visitor, const Xapian::Database& db,
                 const news::DictionaryTrainingSink::SinkFactory& open_sink) {
    if (auto existing = news::current_record_dictionary(db)) return read_inputs(args, visitor, open_sink(existing));
    news::DictionaryTrainingSink training(open_sink);
    read_inputs(args, visitor, training);
}

/// A new database on several writer threads, merged (and so compacted) at the end. Also
/// after an interruption: what was read is kept.
news::IndexCounts build_sharded(const IndexerArgs& args, IndexingVisitor& visitor, news::IndexBuilder& target,
                                news::IndexOptions options) {
    std::optional<news::ShardedBuild> build;
    read_inputs(args, visitor, target.database(), [&](auto dictionary) -> news::ArticleSink& {
        options.record_dictionary = dictionary;
        target.use_record_dictionary(dictionary);
        build.emplace(news::work_folder_path(args.db, "staging"), args.threads, options,
                      [&](const news::RecordLocation& where, const std::string& reason) {
                          visitor.report_failure(where, reason);
                      });
        if (build->resumed() > 0 && !args.quiet)
            std::cerr << args.program << ": resuming an interrupted build: " << build->resumed()
                      << " articles were already written\n";
        return *build;
    });
    visitor.clear_progress();
    if (!args.quiet && news::is_terminal(STDERR_FILENO)) std::cerr << "merging shards...\r" << std::flush;
    const news::IndexCounts counts = build->counts();
    if (counts.added + counts.updated + build->resumed() > 0) build->merge_into(target.database(), args.db);
    return counts;
}

/// Updates (or builds) the database through one writer, with documents prepared on
/// worker threads.
news::IndexCounts update_in_place(const IndexerArgs& args, IndexingVisitor& visitor, news::IndexBuilder& builder,
                                  bool compact_by_default) {
    {
        std::optional<news::ParallelIndexer> pipeline;
        read_inputs(args, visitor, builder.database(), [&](auto dictionary) -> news::ArticleSink& {
            builder.use_record_dictionary(dictionary);
            return pipeline.emplace(builder, args.threads > 1 ? args.threads : 0,
                                    [&](const news::RecordLocation& where, const std::string& reason) {
                                        visitor.report_failure(where, reason);
                                    });
        });
    }
    // An interrupted run has not seen everything: deleting "missing" articles would be wrong.
    if (args.delete_missing && !g_stop_requested) {
        visitor.clear_progress();
        report_kept(args, delete_missing(args, builder, visitor));
    }
    builder.finish();
    visitor.clear_progress();
    // Compaction makes the database smaller and faster to search; worth its time after a
    // full build, and on request after updates (an interrupted run is finished first).
    if (!g_stop_requested && !args.no_compact && (args.compact || compact_by_default) &&
        builder.database().get_doccount() > 0) {
        if (!args.quiet && news::is_terminal(STDERR_FILENO)) std::cerr << "compacting...\r" << std::flush;
        news::compact_in_place(builder.database(), args.db);
    }
    return builder.counts();
}

/// Removes what a compaction of the database at `db_path` that was killed left behind (the
/// database itself is whole, only not compacted); true when there was such a compaction,
/// which this run then does again. Call with the database's write lock held.
bool finish_killed_compaction(const IndexerArgs& args, const std::string& db_path) {
    if (!news::remove_work_folder(news::compaction_folder(db_path))) return false;
    if (!args.quiet && !args.no_compact)
        std::cerr << args.program << ": " << news::escape_for_message(db_path)
                  << ": an earlier compaction was interrupted; compacting again at the end\n";
    return true;
}

/// Indexes into one database: a new one on one writer per thread, merged at the end
/// (writing dominates indexing), an existing one through one writer.
news::IndexCounts index_into_database(const IndexerArgs& args, IndexingVisitor& visitor,
                                      news::IndexOptions options) {
    const std::filesystem::path staging = news::work_folder_path(args.db, "staging");
    // Folders of these names that the indexer did not make stop the run before anything
    // is written; its own are only touched under the database's write lock.
    news::require_no_foreign_folder(staging);
    news::require_no_foreign_folder(news::compaction_folder(args.db));
    news::IndexBuilder builder(args.db, options);  // also holds the write lock throughout
    const bool from_scratch = builder.database().get_doccount() == 0;
    const bool compaction_was_killed = finish_killed_compaction(args, args.db);
    // --no-compact keeps the single-writer path, since merging shards compacts.
    const bool merged_build = from_scratch && args.threads > 1 && !args.no_compact && !args.delete_missing;
    if (merged_build) return build_sharded(args, visitor, builder, options);
    // Staging shards of a killed merged build are of no use to this run.
    news::remove_work_folder(staging);
    return update_in_place(args, visitor, builder, from_scratch || compaction_was_killed);
}

/// Indexes into a sharded database (sharded_database.hpp), one writer thread per shard;
/// then, on every shard at once, deletes what --delete-missing asks and compacts as a
/// single database would be compacted.
news::IndexCounts index_into_shards(const IndexerArgs& args, IndexingVisitor& visitor, unsigned shards,
                                    const news::IndexOptions& options) {
    for (unsigned i = 0; i < shards; ++i) news::require_no_foreign_folder(news::compaction_folder(news::shard_path(args.db, i)));
    std::vector<std::unique_ptr<news::IndexBuilder>> databases = news::open_sharded_database(args.db, shards, options);
    bool compaction_was_killed = false;
    for (unsigned i = 0; i < shards; ++i)
        compaction_was_killed = finish_killed_compaction(args, news::shard_path(args.db, i)) || compaction_was_killed;
    Xapian::doccount before = 0;
    for (const auto& database : databases) before += database->database().get_doccount();
    const Xapian::Database first_shard = databases.front()->database();
    std::optional<news::ShardWriters> writers;
    read_inputs(args, visitor, first_shard, [&](auto dictionary) -> news::ArticleSink& {
        // Shards share one dictionary, so any shard's metadata decodes any record.
        for (auto& database : databases) database->use_record_dictionary(dictionary);
        return writers.emplace(std::move(databases), [&](const news::RecordLocation& where, const std::string& reason) {
            visitor.report_failure(where, reason);
        });
    });
    // An interrupted run has not seen everything: deleting "missing" articles would be wrong.
    const bool complete = !g_stop_requested;
    const bool compact = complete && !args.no_compact && (args.compact || before == 0 || compaction_was_killed);
    visitor.clear_progress();
    if (compact && !args.quiet && news::is_terminal(STDERR_FILENO)) std::cerr << "compacting shards...\r" << std::flush;
    std::atomic<std::size_t> kept = 0;
    writers->for_each_shard([&](std::size_t i, news::IndexBuilder& shard) {
        if (args.delete_missing && complete) kept += delete_missing(args, shard, visitor);
        shard.finish();
        if (compact && shard.database().get_doccount() > 0)
            news::compact_in_place(shard.database(), news::shard_path(args.db, i));
    });
    report_kept(args, kept);
    return writers->counts();
}

int index_command(const IndexerArgs& args) {
    const auto start = std::chrono::steady_clock::now();
    const unsigned shards = shard_count(args);
    const std::filesystem::path parent = std::filesystem::path(args.db).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    news::IndexOptions options = base_index_options(args);
    options.commit_every = args.commit_every;

    on_first_stop_signal(SIGINT);
    on_first_stop_signal(SIGTERM);
    IndexingVisitor visitor(args);
    const news::IndexCounts c = shards > 0 ? index_into_shards(args, visitor, shards, options)
                                           : index_into_database(args, visitor, options);

    print_summary(args, c, visitor.skipped(), visitor.failed(), seconds_since(start));
    if (g_stop_requested) {
        std::cerr << args.program << ": interrupted; everything read so far is committed\n";
        return news::kExitInterrupted;
    }
    if (c.added + c.updated + c.unchanged + c.deleted == 0) {
        std::cerr << args.program << ": nothing could be indexed\n";
        return news::kExitRuntimeError;
    }
    if (args.strict && (visitor.skipped() > 0 || visitor.failed() > 0)) return news::kExitRuntimeError;
    return news::kExitOk;
}

}  // namespace

int main(int argc, char* argv[]) {
    return news::run_main(news::program_name(argv[0], "indexer"), [&]() -> int {
        bool exit_now = false;
        const IndexerArgs args = parse_args(argc, argv, exit_now);
        if (exit_now) return news::kExitOk;
        return args.delete_ids ? delete_command(args) : index_command(args);
    });
}
