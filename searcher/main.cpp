// searcher: ranked search over a news database built by indexer.
#include <unistd.h>

#include <algorithm>
#include <boost/program_options.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/cli_app.hpp"
#include "common/cli_support.hpp"
#include "common/text_analysis.hpp"
#include "searcher/database_stats.hpp"
#include "searcher/histogram.hpp"
#include "searcher/hit_formatter.hpp"
#include "searcher/interactive.hpp"
#include "searcher/kwic.hpp"
#include "searcher/match_count.hpp"
#include "searcher/plot.hpp"
#include "searcher/search_engine.hpp"
#include "searcher/search_settings.hpp"

namespace po = boost::program_options;

namespace {

/// In TREC batch mode evaluation tools want deep rankings, not a first page.
constexpr Xapian::doccount kTrecDefaultLimit = 1000;
/// A page is held in memory whole, stored articles and all: a million hits is already
/// gigabytes of text, and more than any ranking is read for.
constexpr Xapian::doccount kMaxLimit = 1'000'000;
/// Far beyond the articles of any database this tool is built for, and low enough that
/// the fetch sizes the engine derives from offset + limit (up to 8 times it) fit in
/// Xapian's 32-bit counts.
constexpr Xapian::doccount kMaxOffset = 100'000'000;
/// --top-terms: more words than anyone reads, fewer than an ESet makes slow.
constexpr Xapian::doccount kMaxTopTerms = 1'000;
constexpr Xapian::doccount kMaxThreads = 256;  ///< as the indexer's --threads
/// --kwic without -n: a screenful or two of lines, as a concordance is read.
constexpr Xapian::doccount kKwicDefaultLines = 100;
/// --kwic reads the matching articles a page at a time, the first this many, each next one
/// twice the last (each page is a search of its own, from the first match on).
constexpr Xapian::doccount kKwicFirstPage = 100;
constexpr Xapian::doccount kKwicLargestPage = 10'000;

struct SearcherArgs {
    std::string program;  ///< the name it was started under, for messages
    std::vector<std::string> dbs;
    bool allow_partial = false;
    bool allow_stub_programs = false;
    std::vector<std::string> words;
    std::string queries_file;
    std::string format_name = "text";
    news::OutputFormat format = news::OutputFormat::kText;
    std::string limit_text;  ///< -n as typed: read by parse_count, not by Boost (see there)
    std::string offset_text = "0";
    Xapian::doccount limit = 10;
    Xapian::doccount offset = 0;
    unsigned threads = 1;  ///< --threads, or its default
    std::string run_tag = "news-search";
    std::string sort_name = "relevance";
    std::string since, until;
    std::string facets;
    std::string histogram;       ///< --histogram as typed
    std::string top_terms_text;  ///< --top-terms as typed (parse_count reads it)
    std::string threads_text;    ///< --threads as typed (parse_count reads it); empty: the default
    std::string plot_file;       ///< --plot: the chart file, empty for none
    std::string show_id;
    std::string color_name = "auto";
    news::ColorChoice color = news::ColorChoice::kAuto;
    bool explain = false;
    bool kwic = false;
    bool stats = false;
    bool no_collapse = false;
    bool correct = false;
    bool feedback = false;
    std::string language;         ///< --language, canonical; empty: the database's
    news::SearchRequest request;  ///< everything but the query text, from the options
};

po::options_description visible_options(SearcherArgs& args) {
    po::options_description opts = news::cli::standard_options();
    news::cli::add_database_option(opts, args.dbs, "PATH",
                                   "database folder, sharded database folder or Xapian stub file (remote shards: "
                                   "docs/scaling.md); repeat to search several as one");
    opts.add_options()("allow-partial", po::bool_switch(&args.allow_partial),
                       "when some shards cannot be reached, search the others (with a warning naming each) "
                       "instead of failing")(
        "allow-stub-programs", po::bool_switch(&args.allow_stub_programs),
        "let a stub line 'remote :PROGRAM ARGS' run PROGRAM (e.g. xapian-progsrv); refused by "
        "default, since a database folder from someone else could run any command")(
        "limit,n", po::value(&args.limit_text)->value_name("N"),
        "number of hits to show, at most 1000000 (default 10; 1000 with --queries and --format trec); with "
        "--kwic, of lines (default 100)")("offset", po::value(&args.offset_text)->value_name("K")->default_value("0"),
                                          "skip the first K hits (paging), at most 100000000")(
        "all", po::bool_switch(&args.request.all_terms), "every word of the query is required (default: any)")(
        "sort", po::value(&args.sort_name)->value_name("ORDER")->default_value("relevance"),
        "relevance (ties: newer first), newest or oldest")(
        "since", po::value(&args.since)->value_name("DATE"),
        "only articles dated on or after DATE (2015-09-01, 2015-09, 2015)")(
        "until", po::value(&args.until)->value_name("DATE"), "only articles dated on or before DATE")(
        "facets", po::value(&args.facets)->value_name("LIST"),
        "count the whole result set by these fields, comma-separated: source, category, tag, year")(
        "top-terms", po::value(&args.top_terms_text)->value_name("N"),
        "the N words and two-word phrases most distinctive of the result set (Xapian's expand weight with "
        "Bo1: over-represented in the matches relative to the whole archive, not merely frequent), "
        "drawn from the best 1,000 matches by relevance, each with how many of them hold it")(
        "histogram", po::value(&args.histogram)->value_name("INTERVAL"),
        "count every matching article (the whole result set, not the page) per day, week, month or year of "
        "its date: weeks are ISO 8601 weeks (Monday to Sunday, named by their ISO year: 2015-W53), empty "
        "buckets between the first and the last are shown, undated articles are counted apart; bars in the "
        "text output, the series with --format json or csv; with --facets also per value of the first of "
        "source, category or tag listed, for its 5 most frequent values (a column each in csv, a series each "
        "with --plot)")("plot", po::value(&args.plot_file)->value_name("FILE"),
                        "with --histogram: also draw it into FILE.png or FILE.svg with gnuplot, one series per query "
                        "(--queries FILE compares several in one chart)")(
        "no-collapse", po::bool_switch(&args.no_collapse),
        "show every copy of identical articles (default: one hit per group, with a count)")(
        "threads,j", po::value(&args.threads_text)->value_name("N"),
        "threads that rank one query's matches, each over a range of the database (one local database; "
        "queries of 20,000 postings or more; the same hits either way): default the cores, at most 4, "
        "and 1 with --queries, where queries one after another keep the cores busy at less cost")(
        "exhaustive", po::bool_switch(&args.request.exhaustive),
        "rank or sort every match, never from the top postings the indexer lists or a date "
        "order read a span of days at a time (the same hits, slower; for checking: docs/benchmarks.md)")(
        "correct", po::bool_switch(&args.correct), "search the spelling suggestion instead of the query as typed")(
        "feedback", po::bool_switch(&args.feedback),
        "pseudo-relevance feedback: re-rank with the most telling words of the 10 best matches "
        "(better recall on vague queries, ~7x slower; never changes which articles match)")(
        "language", po::value(&args.language)->value_name("LANG"),
        "parse queries in LANG (stemmer and stopwords): any language the indexer takes; default: the "
        "language the database was indexed in (--stats shows it)")(
        "like", po::value(&args.request.like_id)->value_name("ID"),
        "articles related to article ID (from its most distinctive words), itself and its identical copies "
        "excluded")("stats", po::bool_switch(&args.stats),
                    "what the database holds: articles, date span, articles per source and per year, schema "
                    "version, size of each table, the last indexing run (text, or --format json)")(
        "show", po::value(&args.show_id)->value_name("ID"),
        "print the whole stored article ID (paged on a terminal); with --format json or markdown in that form")(
        "format,f", po::value(&args.format_name)->value_name("FMT")->default_value("text"),
        "text, json (one object per query per line), jsonl (one hit per line), trec (run lines) or tsv; "
        "for --show: text, json or markdown; for --histogram: text, json or csv (the series alone)")(
        "queries", po::value(&args.queries_file)->value_name("FILE"),
        ("batch mode: one query per line as 'qid<TAB>query' (or just the query: qid = line number); "
         "'-' reads standard input. A line longer than " +
         std::to_string(news::kMaxQueryBytes) + " bytes is reported as FILE:LINE: skipped")
            .c_str())("run-tag", po::value(&args.run_tag)->value_name("TAG")->default_value("news-search"),
                      "the tag column of --format trec output")(
        "explain", po::bool_switch(&args.explain),
        "print the parsed Xapian query (to stderr) before the results, and under each hit why it scores what it "
        "does: each matching term's BM25 weight (its field, wdf, document length and term frequency), which "
        "add up to the score, and its tie-break (date, then id order); with --format json an \"explain\" "
        "object per hit")(
        "kwic", po::bool_switch(&args.kwic),
        "keyword in context: every occurrence of the query's words and phrases in the matching articles "
        "(best first, or in --sort order; title, then body), one line each, aligned on the keyword, with "
        "the article's id and date; -n caps the lines; --format tsv gives rank, id, date, field, offset, "
        "left, keyword, right")(
        "color", po::value(&args.color_name)->value_name("WHEN")->default_value("auto"),
        "bold query words and titles, dim metadata: auto (on a terminal, unless NO_COLOR is set), always "
        "or never");
    return opts;
}

void print_help(const std::string& program, const po::options_description& opts) {
    std::cout << "Usage: " << program << " [OPTIONS] QUERY...\n"
              << "  or:  " << program << " [OPTIONS] --queries FILE\n"
              << "  or:  " << program << " [OPTIONS] --like ID | --show ID | --stats\n"
              << "  or:  " << program << " [OPTIONS]\n"
              << "Search a news database built by " << news::sibling_program(program, "searcher", "indexer")
              << "; best matches first.\n"
                 "Without a query, on a terminal: an interactive prompt ('help' lists its commands).\n\n"
                 "Query language:\n"
                 "  cyber dialogue China     any of the words; articles with more of them, and with\n"
                 "                           them in the title, rank higher (words are stemmed)\n"
                 "  \"cyber dialogue\"         a phrase: the words in this order\n"
                 "  +china -trade            a required word, an excluded word\n"
                 "  china AND cyber, OR, NOT, XOR, (...)   boolean operators (upper case)\n"
                 "  cyber NEAR china         both words within 10 words of each other\n"
                 "  hack*                    words starting with 'hack' (at most the 1024 most\n"
                 "                           frequent; a warning says when there are more)\n"
                 "  title:china body:cyber   words in one field\n"
                 "  tag:hacking source:bbc category:tech id:bbc/tech/001   exact filters\n"
                 "  language:de              articles in a language (a name or ISO code)\n"
                 "  date:2015-09-01..2015-09-30  date:2015-09-01..  date:..2004-12-31   date ranges\n"
                 "  year:2015  year:2004..2005  year:0..3000   years (0..3000: every dated article)\n"
                 "  *                        every article\n"
                 "Filters alone (*, source:bbc, or --since/--until without a query) list what they let\n"
                 "through, newest first.\n"
                 "A query with broken syntax (an unbalanced quote, a lone operator) is searched in the most\n"
                 "sensible relaxed form. Unknown words get a 'Did you mean' suggestion.\n\n"
              << opts
              << "\nExit status: 0 on success (also when nothing matches, or a --queries line was skipped), 1\n"
                 "on a runtime error (e.g. no database, or output that cannot be written), 2 on a usage error\n"
                 "(including an unknown facet or --like/--show id, a date in the query that cannot exist\n"
                 "(date:2015-99-99..), and a query longer than "
              << news::kMaxQueryBytes << " bytes).\n";
}

/// A setting read by `parse` (searcher/search_settings.hpp), its complaint a usage error
/// that starts with `prefix`.
template <class Parse>
auto parse_setting(const std::string& prefix, Parse parse) {
    try {
        return parse();
    } catch (const std::invalid_argument& e) {
        throw news::UsageError(prefix + e.what());
    }
}

/// A count given to `option`: digits only, at most `max`. Boost would read "-1" into an
/// unsigned as 4294967295 and let offset + limit wrap around to a page of nothing.
Xapian::doccount parse_count(const std::string& option, const std::string& text, Xapian::doccount max) {
    const bool negative = text.size() > 1 && text[0] == '-';
    const std::string_view digits = std::string_view(text).substr(negative ? 1 : 0);
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos)
        throw news::UsageError(option + ": expected a number, not '" + text + "'");
    unsigned long long value = 0;
    for (const char c : digits) {
        value = value * 10 + static_cast<unsigned>(c - '0');
        if (value > max) break;  // before it could overflow
    }
    if (negative || value > max)
        throw news::UsageError(option + ": " + text + " is out of range (0 to " + std::to_string(max) + ")");
    return static_cast<Xapian::doccount>(value);
}

/// Markdown is a form of one whole article; a whole article is shown as text, JSON or
/// Markdown, not as the run lines or table rows of a ranking.
void check_format_fits_mode(const SearcherArgs& args) {
    const bool showing = !args.show_id.empty();
    const bool article_format = args.format == news::OutputFormat::kText || args.format == news::OutputFormat::kJson ||
                                args.format == news::OutputFormat::kMarkdown;
    if (!showing && !args.stats && args.format == news::OutputFormat::kMarkdown)
        throw news::UsageError("--format markdown is for --show ID (search results: text, json, jsonl, trec, tsv)");
    if (showing && !article_format)
        throw news::UsageError("--show prints text, json or markdown, not " + args.format_name);
    if (args.stats && args.format != news::OutputFormat::kText && args.format != news::OutputFormat::kJson)
        throw news::UsageError("--stats prints text or json, not " + args.format_name);
    const bool histogram = !args.histogram.empty();
    if (args.kwic) {
        if (showing || args.stats)
            throw news::UsageError("--kwic finds the words of a search, not of --show or --stats");
        if (args.format != news::OutputFormat::kText && args.format != news::OutputFormat::kTsv)
            throw news::UsageError("--kwic prints text or tsv, not " + args.format_name);
        if (histogram || !args.facets.empty() || !args.top_terms_text.empty() || args.explain)
            throw news::UsageError(
                "--kwic lists occurrences alone: --histogram, --facets, --top-terms and --explain go with hits");
    }
    if (!histogram && args.format == news::OutputFormat::kCsv)
        throw news::UsageError("--format csv is for --histogram (search results: text, json, jsonl, trec, tsv)");
    if (histogram && (showing || args.stats))
        throw news::UsageError("--histogram counts the matches of a search, not of --show or --stats");
    if (histogram && args.format != news::OutputFormat::kText && args.format != news::OutputFormat::kJson &&
        args.format != news::OutputFormat::kCsv)
        throw news::UsageError("--histogram prints text, json or csv, not " + args.format_name);
}

/// The arguments, or nullopt when --help or --version was answered.
std::optional<SearcherArgs> parse_args(int argc, char* argv[], const std::string& program) {
    SearcherArgs args;
    args.program = program;
    const auto vm = news::cli::parse_command_line(argc, argv,
                                                  {.program = program,
                                                   .options = visible_options(args),
                                                   .positional_name = "query",
                                                   .positionals = &args.words,
                                                   .print_help = print_help});
    if (!vm) return std::nullopt;
    const auto format = news::parse_output_format(args.format_name);
    if (!format)
        throw news::UsageError("unknown format '" + args.format_name +
                               "' (valid: " + std::string(news::kOutputFormatNames) + ")");
    args.format = *format;
    const auto color = news::parse_color_choice(args.color_name);
    if (!color)
        throw news::UsageError("unknown --color '" + args.color_name +
                               "' (valid: " + std::string(news::kColorChoiceNames) + ")");
    args.color = *color;
    const int modes = !args.words.empty() + !args.queries_file.empty() + !args.request.like_id.empty() +
                      !args.show_id.empty() + args.stats;
    if (modes > 1) throw news::UsageError("give one of: a query, --queries FILE, --like ID, --show ID, --stats");
    check_format_fits_mode(args);
    // Date filters alone are a query: every article they let through, newest first.
    const bool filters_only = modes == 0 && (!args.since.empty() || !args.until.empty());
    if (filters_only) args.words.emplace_back();
    if (modes == 0 && !filters_only && !news::is_terminal(STDIN_FILENO)) throw news::UsageError("no query given");
    if (!args.plot_file.empty()) {
        if (args.histogram.empty()) throw news::UsageError("--plot draws a histogram: give --histogram INTERVAL too");
        if (modes == 0 && !filters_only)
            throw news::UsageError("--plot draws the histogram of a query or of --queries, not at the prompt");
        if (!news::plot_format_of(args.plot_file))
            throw news::UsageError("--plot " + args.plot_file + ": the file must end in .png or .svg");
    }
    if (vm->count("limit"))
        args.limit = parse_count("-n", args.limit_text, kMaxLimit);
    else if (args.kwic)
        args.limit = kKwicDefaultLines;
    else if (args.format == news::OutputFormat::kTrec && !args.queries_file.empty())
        args.limit = kTrecDefaultLimit;
    args.offset = parse_count("--offset", args.offset_text, kMaxOffset);
    if (vm->count("language"))
        args.language = parse_setting("--language: ", [&] { return news::canonical_language(args.language); });
    news::SearchRequest& r = args.request;
    r.offset = args.offset;
    r.limit = args.limit;
    r.sort = parse_setting("", [&] { return news::parse_sort_order(args.sort_name); });
    r.since = parse_setting("--since: ", [&] { return news::parse_date_bound(args.since, false); });
    r.until = parse_setting("--until: ", [&] { return news::parse_date_bound(args.until, true); });
    r.facets = parse_setting("", [&] { return news::parse_facet_list(args.facets); });
    if (vm->count("top-terms")) r.top_terms = parse_count("--top-terms", args.top_terms_text, kMaxTopTerms);
    if (vm->count("threads")) {
        args.threads = parse_count("--threads", args.threads_text, kMaxThreads);
        if (args.threads == 0) throw news::UsageError("--threads must be between 1 and " + std::to_string(kMaxThreads));
    } else {
        args.threads = args.queries_file.empty() ? std::clamp(std::thread::hardware_concurrency(), 1U, 4U) : 1U;
    }
    if (vm->count("histogram")) {
        r.histogram = news::parse_histogram_interval(args.histogram);
        if (!r.histogram)
            throw news::UsageError("unknown --histogram interval '" + args.histogram +
                                   "' (valid: " + std::string(news::kHistogramIntervalNames) + ")");
    }
    // Only text and JSON show explanations: the other formats are spared computing them.
    r.explain = args.explain && (args.format == news::OutputFormat::kText || args.format == news::OutputFormat::kJson ||
                                 args.format == news::OutputFormat::kJsonLines);
    r.collapse_duplicates = !args.no_collapse;
    r.correct_spelling = args.correct;
    r.snippets = args.format != news::OutputFormat::kTrec && args.format != news::OutputFormat::kTsv;
    r.stored_articles = args.format != news::OutputFormat::kTrec;  // a run file names ids only
    // Only text and JSON show a "did you mean": the others are spared its look-ups (two
    // term look-ups a word, ~30% of an ids-only search for one rare word).
    r.suggest_spelling = args.format == news::OutputFormat::kText || args.format == news::OutputFormat::kJson;
    // CSV is the histogram's series alone: no hits to find.
    if (args.format == news::OutputFormat::kCsv) {
        r.limit = 0;
        r.suggest_spelling = false;
    }
    // --kwic reads articles, not snippets; -n counts its lines (QueryRunner::run_kwic()).
    if (args.kwic) {
        r.kwic = true;
        r.snippets = false;
        r.stored_articles = true;
    }
    if (args.dbs.empty()) args.dbs.push_back(news::default_database_path());
    return args;
}

std::string join_words(const std::vector<std::string>& words) {
    std::string query;
    for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
    return query;
}

/// The analysis and ranking settings the options ask for.
news::AnalysisConfig analysis_config(const SearcherArgs& args) {
    news::AnalysisConfig config;
    // With --feedback: the 10 best matches and 10 words, the settings measured in
    // docs/relevance.md; the rest of the ranking stays the default.
    if (args.feedback) config.ranking.feedback_docs = 10;
    config.language = args.language;  // empty: the database's
#ifdef NEWS_EXPERIMENT_ENV
    // An experiment build only (CMake NEWS_EXPERIMENT_ENV, docs/relevance.md): other values
    // of the ranking defaults, read from the environment.
    const auto env = [](const char* name) -> const char* {
        const char* v = std::getenv(name);
        return v && *v ? v : nullptr;
    };
    if (const char* v = env("NEWS_EXP_K1")) config.ranking.bm25_k1 = std::stod(v);
    if (const char* v = env("NEWS_EXP_B")) config.ranking.bm25_b = std::stod(v);
    if (const char* v = env("NEWS_EXP_STOPWORDS")) config.query_stopwords = std::string_view(v) != "0";
    if (const char* v = env("NEWS_EXP_FEEDBACK_DOCS")) config.ranking.feedback_docs = std::stoul(v);
    if (const char* v = env("NEWS_EXP_FEEDBACK_TERMS")) config.ranking.feedback_terms = std::stoul(v);
    if (const char* v = env("NEWS_EXP_FEEDBACK_WEIGHT")) config.ranking.feedback_weight = std::stod(v);
#endif
    return config;
}

/// The databases --db names, opened one by one; with --allow-partial, warnings go to stderr.
news::ShardSet open_shards(const SearcherArgs& args) {
    news::ShardSetOptions options;
    options.allow_partial = args.allow_partial;
    options.stub_programs = args.allow_stub_programs ? news::StubPrograms::kAllow : news::StubPrograms::kRefuse;
    options.warn = [program = args.program](const std::string& message) {
        std::cerr << program << ": warning: " << message << '\n';
    };
    return news::ShardSet(args.dbs, options);
}

class QueryRunner {
  public:
    explicit QueryRunner(const SearcherArgs& args)
        : args_(args), engine_(open_shards(args), analysis_config(args)), color_(news::stdout_wants_color(args.color)) {
        engine_.set_match_threads(args.threads);
        format_.color = args.format == news::OutputFormat::kText && color_;
        format_.run_tag = args.run_tag;
        format_.unicode_bars = news::environment_locale_is_utf8();
    }

    /// Searches `query` and writes its results; warnings go to stderr after `where` (the
    /// program's name, or FILE:LINE of a batch).
    /// `batch`: one query of --queries, whose output names its qid.
    void run(const std::string& qid, const std::string& query, const std::string& where, bool batch = false) {
        if (args_.kwic) return run_kwic(qid, query, where, batch);
        news::SearchRequest request = args_.request;
        request.query = query;
        const news::SearchResult result = search(request);
        if (!args_.plot_file.empty() && result.histogram) {
            if (result.histogram_breakdown) {  // one series per value (--facets with --histogram)
                for (const news::HistogramSeries& s : result.histogram_breakdown->series)
                    plotted_.push_back(
                        {series_name(qid, query, batch) + " · " + result.histogram_breakdown->facet + " " + s.value,
                         s.histogram});
            } else {
                plotted_.push_back({series_name(qid, query, batch), *result.histogram});
            }
        }
        if (args_.explain) std::cerr << "query: " << news::terminal_safe(result.parsed_query) << '\n';
        for (const std::string& warning : result.warnings)
            std::cerr << news::escape_for_message(where) << ": warning: " << news::escape_for_message(warning) << '\n';
        news::FormatOptions options = format_;
        if (batch) options.qid = qid;
        switch (args_.format) {
            case news::OutputFormat::kText:
                news::write_text(std::cout, result, options);
                break;
            case news::OutputFormat::kJson:
                news::write_json(std::cout, result, options);
                break;
            case news::OutputFormat::kJsonLines:
                news::write_json_lines(std::cout, result, options);
                break;
            case news::OutputFormat::kTrec:
                news::write_trec(std::cout, qid, result, options);
                break;
            case news::OutputFormat::kTsv:
                news::write_tsv(std::cout, result, options);
                format_.tsv_header = false;  // one header for the whole batch
                break;
            case news::OutputFormat::kCsv:  // only with --histogram (check_format_fits_mode())
                if (result.histogram) {
                    // A breakdown's columns are the query's own values: a header each.
                    const news::HistogramBreakdown* breakdown =
                        result.histogram_breakdown ? &*result.histogram_breakdown : nullptr;
                    news::write_histogram_csv(std::cout, *result.histogram, options.qid,
                                              format_.tsv_header || breakdown, breakdown);
                }
                format_.tsv_header = false;  // one header for the whole batch
                break;
            case news::OutputFormat::kMarkdown:  // refused for searches by check_format_fits_mode()
                break;
        }
    }

    void show(const std::string& id) {
        const auto article = engine_.find_article(id);
        if (!article) throw news::UsageError("no article with id '" + id + "'");
        if (args_.format == news::OutputFormat::kJson) return news::write_article_json(std::cout, *article);
        if (args_.format == news::OutputFormat::kMarkdown) return news::write_article_markdown(std::cout, *article);
        std::ostringstream text;
        news::FormatOptions options = format_;
        options.color = color_;
        news::write_article(text, *article, options);
        news::page_output(text.str());
    }

    news::SearchEngine& engine() { return engine_; }

    /// With --plot: the histograms of the queries run so far, drawn into one chart.
    void plot() const {
        if (!args_.plot_file.empty()) news::plot_histograms(plotted_, args_.plot_file);
    }
    /// The options for the prompt, which always shows text.
    news::FormatOptions prompt_format() const {
        news::FormatOptions options = format_;
        options.color = color_;
        return options;
    }

  private:
    /// --kwic: the occurrences of `query`'s words and phrases in its matching articles, in
    /// result order, up to -n lines; pages of articles are searched until that many are
    /// found or the matches run out.
    void run_kwic(const std::string& qid, const std::string& query, const std::string& where, bool batch) {
        news::SearchRequest request = args_.request;
        request.query = query;
        const std::size_t cap = args_.limit;
        std::vector<news::KwicRow> rows;
        std::optional<news::SearchResult> first;
        std::size_t articles = 0;  // articles with a line shown
        bool truncated = false;    // a line was left out for the cap (not merely: the cap was reached)
        Xapian::doccount page = kKwicFirstPage;
        for (request.offset = args_.offset;; request.offset += page, page = std::min(2 * page, kKwicLargestPage)) {
            request.limit = page;
            news::SearchResult result = search(request);
            for (const news::Hit& hit : result.hits) {
                bool shown = false;
                for (const news::KwicLine& line : hit.kwic) {
                    if (rows.size() >= cap) {
                        truncated = true;
                        break;
                    }
                    rows.push_back({qid, hit.rank, hit.article.id, hit.article.date, line});
                    shown = true;
                }
                if (shown) ++articles;
                if (truncated) break;
            }
            const bool more = result.hits.size() == page && result.kwic_terms > 0;
            if (!first) first = std::move(result);
            if (truncated || !more) break;
            request.suggest_spelling = false;  // said once, with the first page
        }
        for (const std::string& warning : first->warnings)
            std::cerr << news::escape_for_message(where) << ": warning: " << news::escape_for_message(warning) << '\n';
        if (args_.format == news::OutputFormat::kTsv) {
            news::write_kwic_tsv(std::cout, rows, batch, format_.tsv_header);
            format_.tsv_header = false;  // one header for the whole batch
            return;
        }
        if (batch) std::cout << "Query " << news::terminal_safe(qid) << ": ";
        if (first->suggestion) std::cout << "Did you mean: " << news::terminal_safe(*first->suggestion) << "?\n";
        if (first->estimated_matches == 0 && first->hits.empty()) {  // as the list of hits says it
            std::cout << "No matches for \"" << news::terminal_safe(query) << "\".\n";
            return;
        }
        std::cout << news::describe_match_count(*first) << " for \"" << news::terminal_safe(query) << "\"; "
                  << news::with_thousands_separators(static_cast<Xapian::doccount>(rows.size()))
                  << (rows.size() == 1 ? " occurrence" : " occurrences") << " in "
                  << news::with_thousands_separators(static_cast<Xapian::doccount>(articles))
                  << (articles == 1 ? " article" : " articles")
                  << (truncated ? " (limit " + std::to_string(cap) + ")" : std::string()) << '\n';
        if (first->kwic_terms == 0 && !first->hits.empty())
            std::cout << "(the query has no words or phrases to find: only filters)\n";
        news::write_kwic_text(std::cout, rows, format_.color);
    }

    news::SearchResult search(const news::SearchRequest& request) {
        try {
            return engine_.search(request);
        } catch (const std::invalid_argument& e) {  // an unknown --like id
            throw news::UsageError(e.what());
        }
    }

    /// What a query's series is called in the chart's key.
    std::string series_name(const std::string& qid, const std::string& query, bool batch) const {
        std::string name = !query.empty()                   ? query
                           : !args_.request.like_id.empty() ? "related to " + args_.request.like_id
                                                            : "every article";
        if (!args_.since.empty() || !args_.until.empty())
            name += " (" + (args_.since.empty() ? "" : "since " + args_.since) +
                    (args_.since.empty() || args_.until.empty() ? "" : ", ") +
                    (args_.until.empty() ? "" : "until " + args_.until) + ")";
        return batch ? qid + ": " + name : name;
    }

    const SearcherArgs& args_;
    news::SearchEngine engine_;
    bool color_;  ///< --color, decided once: colour is wanted on stdout (for text)
    news::FormatOptions format_;
    std::vector<news::PlotSeries> plotted_;  ///< with --plot: each query's histogram
};

/// Reads the lines of a query file, none longer than a limit held in memory: std::getline
/// would hold a line whole however long it is (`--queries /dev/zero` grew past 4 GB in 6 s).
class QueryLines {
  public:
    enum class Status { kLine, kTooLong, kEnd };

    QueryLines(std::istream& in, std::size_t max_bytes) : in_(in), max_bytes_(max_bytes) {}

    /// The next line, without its "\n" or "\r\n", into `line`. kTooLong (`line` empty) as
    /// soon as the line is known to exceed the limit, before the rest of it is read (and
    /// dropped) by the next call: /dev/zero never ends its line.
    Status next(std::string& line) {
        if (in_long_line_) in_.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
        in_long_line_ = false;
        line.clear();
        std::streambuf& buf = *in_.rdbuf();
        bool any = false;
        for (int c; (c = buf.sbumpc()) != std::char_traits<char>::eof();) {
            any = true;
            if (c == '\n') break;
            if (line.size() > max_bytes_) {  // and more to come: too long even if the last was '\r'
                in_long_line_ = true;
                break;
            }
            line.push_back(static_cast<char>(c));
        }
        if (!any) return Status::kEnd;
        ++line_number_;
        if (!in_long_line_ && !line.empty() && line.back() == '\r') line.pop_back();
        if (in_long_line_ || line.size() > max_bytes_) {
            line.clear();
            return Status::kTooLong;
        }
        return Status::kLine;
    }

    std::size_t line_number() const { return line_number_; }

  private:
    std::istream& in_;
    std::size_t max_bytes_;
    std::size_t line_number_ = 0;
    bool in_long_line_ = false;  ///< the last line returned was too long and is not read to its end
};

/// `name`: the file as messages name it.
void run_batch(QueryRunner& runner, std::istream& in, const std::string& name) {
    QueryLines lines(in, news::kMaxQueryBytes);
    std::string line;
    for (QueryLines::Status status; (status = lines.next(line)) != QueryLines::Status::kEnd;) {
        const std::string where = name + ":" + std::to_string(lines.line_number());
        if (status == QueryLines::Status::kTooLong) {
            std::cerr << news::escape_for_message(where) << ": skipped: query longer than " << news::kMaxQueryBytes
                      << " bytes\n";
            continue;
        }
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const auto tab = line.find('\t');
        try {
            // A line without a qid (or with an empty one) is named by its line number.
            const std::string qid =
                tab == 0 || tab == std::string::npos ? std::to_string(lines.line_number()) : line.substr(0, tab);
            runner.run(qid, tab == std::string::npos ? line : line.substr(tab + 1), where, true);
        } catch (const news::UsageError& e) {  // a query of the batch is wrong (a date that cannot exist)
            std::cerr << news::escape_for_message(where) << ": skipped: " << news::escape_for_message(e.what()) << '\n';
        }
    }
}

/// --stats: what the databases hold, opened as a search would open them.
int stats_command(const SearcherArgs& args) {
    const news::ShardSet shards = open_shards(args);
    const news::StubPrograms programs =
        args.allow_stub_programs ? news::StubPrograms::kAllow : news::StubPrograms::kRefuse;
    const news::DatabaseStats stats = news::collect_database_stats(shards, args.dbs, programs);
    if (args.format == news::OutputFormat::kJson)
        news::write_stats_json(std::cout, stats);
    else
        news::write_stats_text(std::cout, stats);
    return news::kExitOk;
}

int search_command(const SearcherArgs& args) {
    if (args.stats) return stats_command(args);
    QueryRunner runner(args);
    if (!args.show_id.empty()) {
        runner.show(args.show_id);
    } else if (!args.request.like_id.empty()) {
        runner.run("1", "", args.program);
    } else if (!args.words.empty()) {
        runner.run("1", join_words(args.words), args.program);
    } else if (args.queries_file == "-") {
        run_batch(runner, std::cin, "(standard input)");
    } else if (!args.queries_file.empty()) {
        std::ifstream in(args.queries_file);
        if (!in) throw std::runtime_error("cannot read " + args.queries_file);
        run_batch(runner, in, args.queries_file);
    } else {
        return news::run_interactive(runner.engine(), args.request, runner.prompt_format());
    }
    runner.plot();
    return news::kExitOk;  // run_main reports output that could not be written
}

}  // namespace

int main(int argc, char* argv[]) {
    std::ios::sync_with_stdio(false);
    return news::cli::run_program(argv[0], "searcher", [&](const std::string& program) {
        const std::optional<SearcherArgs> args = parse_args(argc, argv, program);
        return args ? search_command(*args) : news::kExitOk;
    });
}
