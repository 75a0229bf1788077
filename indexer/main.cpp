// indexer: reads article corpora and adds them to a Xapian database.
#include <algorithm>
#include <boost/program_options.hpp>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "common/cli_app.hpp"
#include "common/cli_support.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/terminal_text.hpp"
#include "common/text_analysis.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/indexing_run.hpp"
#include "indexer/terminal_observer.hpp"

namespace po = boost::program_options;

namespace {

struct IndexerArgs {
    std::string program;  ///< the name it was started under, for messages
    std::string db;
    std::vector<std::string> inputs;
    std::string source;
    std::string language;             ///< --language, canonical; empty: the database's
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
    bool rebuild = false;     ///< re-index the database from its stored records; no inputs
    bool no_termlist = false;
    bool compact_positions = false;
    bool allow_stub_programs = false;
    unsigned threads = 0;
    unsigned shards = 0;  ///< --shards: 0 unless given
};

unsigned default_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

po::options_description visible_options(IndexerArgs& args) {
    po::options_description opts = news::cli::standard_options();
    news::cli::add_database_option(opts, args.db, "DIR", "database folder (created if missing)");
    opts.add_options()("source", po::value(&args.source)->value_name("NAME"),
                       "source name for articles that carry none (e.g. plain-text folders)")(
        "language", po::value(&args.language)->value_name("LANG"),
        "stem words and take stopwords in LANG: english, german, french, spanish, italian, dutch, "
        "portuguese, russian, swedish, ... or an ISO code (de, fr, es); any language Xapian stems, "
        "or none. Recorded in the database, whose later runs take it from there and refuse another; "
        "default: the database's, english for a new one. An article's own language field (JSON Lines "
        "language or lang, a CSV/TSV column) overrides it for that article")(
        "date-from-mtime", po::bool_switch(&args.read_options.date_from_mtime),
        "date a .txt article without a Date: line, or an .html page without a date, by its file's modification time "
        "(local time)")("format", po::value(&args.format)->value_name("FORMAT")->default_value("auto"),
                        "read every input (and every file in the folders given) as FORMAT: auto (by extension), "
                        "text, jsonl, csv, tsv, reuters, trec, html")(
        "field", po::value(&args.fields)->value_name("FIELD=KEY")->composing(),
        "read article FIELD (id, title, body, date, url, source, category, tags, language) from key KEY "
        "(JSON Lines) or column KEY (CSV, TSV), e.g. --field title=headline; repeatable")(
        "commit-every",
        po::value(&args.commit_every)->value_name("N")->default_value(news::IndexOptions{}.commit_every),
        ("commit after at most N added or changed articles, and at most " +
         std::to_string(news::IndexOptions{}.commit_bytes >> 20) +
         " MiB of their title and body text (each commit is atomic)")
            .c_str())("delete-missing", po::bool_switch(&args.delete_missing),
                      "after reading, delete the articles that came from the given files and folders but were not "
                      "found this time (their file is gone, or the record left its file); files with skipped "
                      "records keep their old articles")("delete", po::bool_switch(&args.delete_ids),
                                                         "delete the articles whose ids are given instead of paths")(
        "rebuild", po::bool_switch(&args.rebuild),
        "index the database again from the articles it stores, in the current schema (no input "
        "files needed; swapped in atomically): after an upgrade that changed the schema, for a "
        "smaller and faster database")(
        "no-termlist", po::bool_switch(&args.no_termlist),
        "create the database without a term list per document: 20-30% smaller and faster to "
        "build; changing or deleting articles then indexes it again from its stored articles "
        "at the end of the run (a database keeps the layout it was created with; with --rebuild, "
        "drops an existing database's term list)")(
        "compact-positions", po::bool_switch(&args.compact_positions),
        "create the database with the word positions of each article in one compact value instead "
        "of Xapian's position table: about 28% smaller on full text, but phrase and NEAR searches "
        "read each candidate's whole value (about 3x slower), and a remote shard (xapian-tcpsrv) "
        "cannot match them; a database keeps the layout it was created with")(
        "shards", po::value(&args.shards)->value_name("N"),
        "keep the database as N shards in the --db folder, written by N threads and searched as one "
        "(docs/scaling.md); later runs find the shards without this option")(
        "threads,j", po::value(&args.threads)->value_name("N")->default_value(default_threads(), "cores"),
        "threads preparing documents (term generation, compression); 1 does everything on the "
        "main thread; default: the number of cores")(
        "allow-stub-programs", po::bool_switch(&args.allow_stub_programs),
        "let a stub line 'remote :PROGRAM ARGS' in the database folder run PROGRAM; refused by "
        "default, since a database folder from someone else could run any command")(
        "strict", po::bool_switch(&args.strict), "exit 1 if any record was skipped or failed")(
        "compact", po::bool_switch(&args.compact),
        "compact the database at the end (into a new folder swapped in atomically); done by default "
        "when the run started from an empty database")("no-compact", po::bool_switch(&args.no_compact),
                                                       "do not compact, not even after a build from scratch")(
        "quiet,q", po::bool_switch(&args.quiet), "no progress line and no summary");
    return opts;
}

void print_help(const std::string& program, const po::options_description& opts) {
    std::cout << "Usage: " << program << " [OPTIONS] PATH...\n"
              << "  or:  " << program << " [OPTIONS] --delete ID...\n"
              << "  or:  " << program << " [OPTIONS] --rebuild\n"
              << "Index news articles from files and folders (searched recursively) into a Xapian database.\n"
                 "A PATH of '-' is standard input, read as JSON Lines unless --format says otherwise.\n\n"
                 "Formats, by extension (or as --format says):\n"
                 "  .txt                      one article: first non-empty line is the title, then the body;\n"
                 "                            scraping debris ({markers}, Copyright line and what follows)\n"
                 "                            is dropped and a trailing 'Tags ...' line becomes the tags;\n"
                 "                            a 'Date: 2023-05-01' or 'Published: ...' line above or right\n"
                 "                            below the title is the date\n"
                 "  .jsonl .ndjson [.zst]     one JSON object per line: id, title, body, and optional\n"
                 "                            date, url, source, category, tags, language (or lang: a name\n"
                 "                            or ISO code, stemmed in it); other keys are ignored\n"
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

/// The arguments, or nullopt when --help or --version was answered.
std::optional<IndexerArgs> parse_args(int argc, char* argv[], const std::string& program) {
    IndexerArgs args;
    args.program = program;
    const auto vm = news::cli::parse_command_line(argc, argv,
                                                  {.program = program,
                                                   .options = visible_options(args),
                                                   .positional_name = "input",
                                                   .positionals = &args.inputs,
                                                   .print_help = print_help});
    if (!vm) return std::nullopt;
    if (args.rebuild) {
        if (!args.inputs.empty()) throw news::UsageError("--rebuild reads the database's own articles: give no inputs");
        if (args.delete_ids || args.delete_missing || vm->count("shards") || vm->count("language"))
            throw news::UsageError(
                "--rebuild keeps the database's articles, shards and language: it takes no --delete, "
                "--delete-missing, --shards or --language");
        if (args.compact_positions)
            throw news::UsageError(
                "--compact-positions sets the layout of a new database; a rebuild keeps its database's: "
                "index into a new folder with --compact-positions instead");
    } else if (args.inputs.empty())
        throw news::UsageError(args.delete_ids ? "no ids given to --delete"
                                               : "no input: give at least one file or folder to index");
    if (args.compact && args.no_compact) throw news::UsageError("--compact and --no-compact contradict each other");
    if (std::count(args.inputs.begin(), args.inputs.end(), "-") > 1 && !args.delete_ids)
        throw news::UsageError("standard input ('-') can be read once only");
    if (args.delete_missing && std::find(args.inputs.begin(), args.inputs.end(), "-") != args.inputs.end())
        throw news::UsageError("--delete-missing cannot tell what standard input ('-') no longer holds");
    if (args.delete_ids && args.delete_missing)
        throw news::UsageError("--delete and --delete-missing do not go together");
    if (args.commit_every == 0) throw news::UsageError("--commit-every must be at least 1");
    if (args.threads == 0 || args.threads > 256) throw news::UsageError("--threads must be between 1 and 256");
    if (vm->count("shards") && (args.shards == 0 || args.shards > 256))
        throw news::UsageError("--shards must be between 1 and 256");
    if (vm->count("language")) {
        try {
            args.language = news::canonical_language(args.language);
        } catch (const std::invalid_argument& e) {
            throw news::UsageError(std::string("--language: ") + e.what());
        }
    }
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

/// The run's one line: its counts, and how many records had no id of their own (nor url),
/// the exact copies among them said when there were any (indexed once).
void print_summary(const IndexerArgs& args, const news::IndexCounts& c, std::size_t skipped, std::size_t failed,
                   double seconds, std::size_t without_id = 0, std::size_t exact_copies = 0) {
    if (args.quiet) return;
    const std::size_t processed = c.added + c.updated + c.unchanged;
    const std::string copies =
        exact_copies > 0 ? " (" + std::to_string(exact_copies) + " exact copies, indexed once)" : std::string();
    std::printf(
        "%zu added, %zu updated, %zu unchanged, %zu deleted, %zu skipped, %zu failed, %zu without id%s in %.2f s "
        "(%.0f docs/s) -> %s\n",
        c.added, c.updated, c.unchanged, c.deleted, skipped, failed, without_id, copies.c_str(), seconds,
        seconds > 0 ? static_cast<double>(processed) / seconds : 0.0, args.db.c_str());
}

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

news::StubPrograms stub_programs(const IndexerArgs& args) {
    return args.allow_stub_programs ? news::StubPrograms::kAllow : news::StubPrograms::kRefuse;
}

int delete_command(const IndexerArgs& args) {
    const auto start = std::chrono::steady_clock::now();
    const news::DeleteReport report = news::delete_articles(args.db, args.inputs, stub_programs(args));
    for (const std::string& id : report.unknown_ids)
        std::cerr << args.program << ": no article with id '" << news::escape_for_message(id) << "'\n";
    print_summary(args, report.counts, report.unknown_ids.size(), 0, seconds_since(start));
    return !report.unknown_ids.empty() && args.strict ? news::kExitRuntimeError : news::kExitOk;
}

int rebuild_command(const IndexerArgs& args) {
    const auto start = std::chrono::steady_clock::now();
    news::TerminalObserver observer(args.program, args.quiet);
    const news::RebuildSummary summary =
        news::rebuild_from_records(args.db, args.threads, stub_programs(args), observer, args.no_termlist);
    observer.clear();
    if (!args.quiet)
        std::printf("%zu articles rebuilt from their stored records, schema %d -> %d, in %.2f s -> %s\n",
                    summary.articles, summary.schema_before, summary.schema_after, seconds_since(start),
                    args.db.c_str());
    return news::kExitOk;
}

news::IndexRequest index_request(const IndexerArgs& args) {
    news::IndexRequest request;
    request.db = args.db;
    request.inputs.assign(args.inputs.begin(), args.inputs.end());
    request.read_options = args.read_options;
    request.default_source = args.source;
    request.language = args.language;
    request.commit_every = args.commit_every;
    request.threads = args.threads;
    request.shards = args.shards;
    request.compaction = args.no_compact ? news::Compaction::kNever
                         : args.compact  ? news::Compaction::kAlways
                                         : news::Compaction::kByDefault;
    request.delete_missing = args.delete_missing;
    request.stub_programs = stub_programs(args);
    if (args.no_termlist) request.termlist = false;
    request.compact_positions = args.compact_positions;
    return request;
}

int index_command(const IndexerArgs& args) {
    const auto start = std::chrono::steady_clock::now();
    news::stop_on_first_signal();
    news::TerminalObserver observer(args.program, args.quiet);
    const news::IndexReport report = news::run_indexing(index_request(args), observer);
    observer.clear();

    const news::IndexCounts& c = report.counts;
    print_summary(args, c, report.skipped, report.failed, seconds_since(start), report.ids_from_content,
                  report.exact_copies);
    if (report.line_ids_replaced > 0 && !args.quiet)
        std::cerr << args.program << ": replaced " << report.line_ids_replaced
                  << " articles indexed under file:line ids by an older indexer (their records now have ids from "
                     "their source, title and date; counted as deleted)\n";
    if (report.kept_unread > 0)
        std::cerr << args.program << ": --delete-missing kept " << report.kept_unread
                  << " articles of files or folders that exist but could not be wholly read (reported above)\n";
    if (report.interrupted) {
        std::cerr << args.program << ": interrupted; everything read so far is committed\n";
        return news::kExitInterrupted;
    }
    if (c.added + c.updated + c.unchanged + c.deleted == 0) {
        std::cerr << args.program << ": nothing could be indexed"
                  << (report.database_removed ? "; no database was created" : "") << '\n';
        return news::kExitRuntimeError;
    }
    if (args.strict && (report.skipped > 0 || report.failed > 0)) return news::kExitRuntimeError;
    return news::kExitOk;
}

}  // namespace

int main(int argc, char* argv[]) {
    return news::cli::run_program(argv[0], "indexer", [&](const std::string& program) -> int {
        const std::optional<IndexerArgs> args = parse_args(argc, argv, program);
        if (!args) return news::kExitOk;
        if (args->rebuild) return rebuild_command(*args);
        return args->delete_ids ? delete_command(*args) : index_command(*args);
    });
}
