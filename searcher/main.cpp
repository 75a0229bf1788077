// searcher: ranked search over a news database built by indexer.
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "common/cli_support.hpp"
#include "searcher/hit_formatter.hpp"
#include "searcher/search_engine.hpp"

namespace po = boost::program_options;

namespace {

/// In TREC batch mode evaluation tools want deep rankings, not a first page.
constexpr Xapian::doccount kTrecDefaultLimit = 1000;

struct SearcherArgs {
    std::string db;
    std::vector<std::string> words;
    std::string queries_file;
    std::string format_name = "text";
    news::OutputFormat format = news::OutputFormat::kText;
    Xapian::doccount limit = 10;
    bool limit_given = false;
    Xapian::doccount offset = 0;
    std::string run_tag = "news-search";
    bool explain = false;
};

po::options_description visible_options(SearcherArgs& args) {
    po::options_description opts("Options");
    opts.add_options()
        ("help,h", "print this help and exit")
        ("version", "print version information and exit")
        ("db,d", po::value(&args.db)->value_name("DIR"),
         "database folder; default: $NEWS_SEARCH_DB, else $XDG_DATA_HOME/news-search/db, else "
         "~/.local/share/news-search/db")
        ("limit,n", po::value(&args.limit)->value_name("N"),
         "number of hits to show (default 10; 1000 with --queries and --format trec)")
        ("offset", po::value(&args.offset)->value_name("K")->default_value(0), "skip the first K hits (paging)")
        ("format,f", po::value(&args.format_name)->value_name("FMT")->default_value("text"),
         "output format: text, json (one object per query, one per line) or trec (run lines)")
        ("queries", po::value(&args.queries_file)->value_name("FILE"),
         "batch mode: one query per line as 'qid<TAB>query' (or just the query: qid = line number); "
         "'-' reads standard input")
        ("run-tag", po::value(&args.run_tag)->value_name("TAG")->default_value("news-search"),
         "the tag column of --format trec output")
        ("explain", po::bool_switch(&args.explain), "print the parsed Xapian query before the results");
    return opts;
}

void print_help(const po::options_description& opts) {
    std::cout << "Usage: searcher [OPTIONS] QUERY...\n"
                 "       searcher [OPTIONS] --queries FILE\n"
                 "Search a news database built by indexer; best matches first (BM25).\n\n"
                 "Query language:\n"
                 "  cyber dialogue China     any of the words; articles with more of them, and with\n"
                 "                           them in the title, rank higher (words are stemmed)\n"
                 "  \"cyber dialogue\"         a phrase: the words in this order\n"
                 "  +china -trade            a required word, an excluded word\n"
                 "  china AND cyber, OR, NOT, (...)   boolean operators (upper case)\n"
                 "  hack*                    words starting with 'hack'\n"
                 "  title:china body:cyber   words in one field\n"
                 "  tag:hacking source:bbc category:tech id:bbc/tech/001   exact filters\n"
                 "A query with broken syntax (an unbalanced quote, a lone operator) is searched as plain words.\n\n"
              << opts
              << "\nExit status: 0 on success (also when nothing matches), 1 on a runtime error (e.g. no\n"
                 "database), 2 on a usage error.\n";
}

SearcherArgs parse_args(int argc, char* argv[], bool& exit_now) {
    SearcherArgs args;
    po::options_description opts = visible_options(args);
    po::options_description all;
    all.add(opts).add_options()("query", po::value(&args.words));
    po::positional_options_description positional;
    positional.add("query", -1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw news::UsageError(e.what());
    }
    exit_now = true;
    if (vm.count("help")) {
        print_help(opts);
        return args;
    }
    if (vm.count("version")) {
        std::cout << news::version_text("searcher");
        return args;
    }
    exit_now = false;
    const auto format = news::parse_output_format(args.format_name);
    if (!format) throw news::UsageError("unknown format '" + args.format_name + "' (valid: text, json, trec)");
    args.format = *format;
    args.limit_given = vm.count("limit") > 0;
    if (args.words.empty() && args.queries_file.empty()) throw news::UsageError("no query given");
    if (!args.words.empty() && !args.queries_file.empty())
        throw news::UsageError("give either a query or --queries FILE, not both");
    if (!args.limit_given && args.format == news::OutputFormat::kTrec && !args.queries_file.empty())
        args.limit = kTrecDefaultLimit;
    if (args.db.empty()) args.db = news::default_database_path();
    return args;
}

std::string join_words(const std::vector<std::string>& words) {
    std::string query;
    for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
    return query;
}

class QueryRunner {
  public:
    explicit QueryRunner(const SearcherArgs& args) : args_(args), engine_(args.db) {
        format_.color = args.format == news::OutputFormat::kText && news::stdout_wants_color();
        format_.run_tag = args.run_tag;
    }

    void run(const std::string& qid, const std::string& query) {
        news::SearchRequest request;
        request.query = query;
        request.offset = args_.offset;
        request.limit = args_.limit;
        request.snippets = args_.format != news::OutputFormat::kTrec;
        const news::SearchResult result = engine_.search(request);
        if (args_.explain) std::cerr << "query: " << news::terminal_safe(result.parsed_query) << '\n';
        switch (args_.format) {
            case news::OutputFormat::kText: news::write_text(std::cout, result, format_); break;
            case news::OutputFormat::kJson: news::write_json(std::cout, result); break;
            case news::OutputFormat::kTrec: news::write_trec(std::cout, qid, result, format_); break;
        }
    }

  private:
    const SearcherArgs& args_;
    news::SearchEngine engine_;
    news::FormatOptions format_;
};

void run_batch(QueryRunner& runner, std::istream& in) {
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const auto tab = line.find('\t');
        if (tab == std::string::npos) runner.run(std::to_string(line_number), line);
        else runner.run(line.substr(0, tab), line.substr(tab + 1));
    }
}

int search_command(const SearcherArgs& args) {
    QueryRunner runner(args);
    if (args.queries_file.empty()) {
        runner.run("1", join_words(args.words));
    } else if (args.queries_file == "-") {
        run_batch(runner, std::cin);
    } else {
        std::ifstream in(args.queries_file);
        if (!in) throw std::runtime_error("cannot read " + args.queries_file);
        run_batch(runner, in);
    }
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("cannot write the results (standard output closed?)");
    return news::kExitOk;
}

}  // namespace

int main(int argc, char* argv[]) {
    std::ios::sync_with_stdio(false);
    return news::run_main("searcher", [&] {
        bool exit_now = false;
        const SearcherArgs args = parse_args(argc, argv, exit_now);
        return exit_now ? news::kExitOk : search_command(args);
    });
}
