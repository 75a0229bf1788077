// evaluate: ranking effectiveness of a TREC run against TREC qrels (MAP, nDCG@10, P@10,
// Recall@100, MRR), computed as trec_eval and ../shared/peers/eval.py compute them.
#include <boost/program_options.hpp>
#include <cstddef>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/cli_app.hpp"
#include "common/cli_support.hpp"
#include "common/terminal_text.hpp"
#include "searcher/evaluation.hpp"

namespace po = boost::program_options;

namespace {

enum class ReportFormat { kText, kJson };

struct EvaluateArgs {
    std::string program;             ///< the name it was started under, for messages
    std::vector<std::string> files;  ///< QRELS RUN
    std::string gain_map_spec;
    news::GainMap gains;
    bool per_query = false;
    std::string format_name = "text";
    ReportFormat format = ReportFormat::kText;
};

po::options_description visible_options(EvaluateArgs& args) {
    po::options_description opts = news::cli::standard_options();
    opts.add_options()("gain-map", po::value(&args.gain_map_spec)->value_name("SPEC"),
                       "remap qrels grades before they become nDCG gains, e.g. 1:4,2:3,3:2,4:1,-1:0 (unlisted grades "
                       "keep their value; a gain <= 0 counts as 0). Relevance (grade > 0) is not affected")(
        "per-query", po::bool_switch(&args.per_query), "also print every query's measures")(
        "format,f", po::value(&args.format_name)->value_name("FMT")->default_value("text"),
        "output format: text (trec_eval-style rows 'measure<TAB>qid<TAB>value') or json");
    return opts;
}

void print_help(const std::string& program, const po::options_description& opts) {
    std::cout << "Usage: " << program
              << " [OPTIONS] QRELS RUN\n"
                 "Measure how well a TREC run ranks the documents judged relevant in TREC qrels.\n\n"
                 "  QRELS  lines 'qid iter docid grade'; a grade > 0 means relevant\n"
                 "  RUN    lines 'qid Q0 docid rank score tag' ('-' reads standard input), e.g. the\n"
                 "         output of '"
              << news::sibling_program(program, "evaluate", "searcher")
              << " --format trec --queries FILE'\n\n"
                 "Measures, per query, then averaged (trec_eval names):\n"
                 "  map          average precision: the precision at the rank of each relevant document\n"
                 "               retrieved, summed and divided by the number of relevant documents\n"
                 "  ndcg_cut_10  DCG of the top 10 (gain / log2(rank + 1), gain = grade or --gain-map)\n"
                 "               divided by that of the best ordering of all judged documents\n"
                 "  P_10         relevant documents in the top 10, divided by 10\n"
                 "  recall_100   relevant documents in the top 100, divided by all relevant documents\n"
                 "  recip_rank   1 / rank of the first relevant document (0 if none): MRR when averaged\n"
                 "As in trec_eval, each query's documents are ordered by score (descending), equal scores\n"
                 "by docid (descending), and the rank column is ignored; a repeated document keeps its\n"
                 "first line. Averages are over the queries present in both files that have at least one\n"
                 "relevant document.\n\n"
              << opts
              << "\nA malformed line is reported as 'file:line: reason' on standard error and skipped.\n"
                 "Exit status: 0 on success; 1 on a runtime error: an unreadable file, no query to\n"
                 "evaluate, or malformed lines (the measures of the other lines are still printed);\n"
                 "2 on a usage error.\n";
}

/// The arguments, or nullopt when --help or --version was answered.
std::optional<EvaluateArgs> parse_args(int argc, char* argv[], const std::string& program) {
    EvaluateArgs args;
    args.program = program;
    const auto vm = news::cli::parse_command_line(argc, argv,
                                                  {.program = program,
                                                   .options = visible_options(args),
                                                   .positional_name = "file",
                                                   .positionals = &args.files,
                                                   .print_help = print_help});
    if (!vm) return std::nullopt;
    if (args.format_name == "json")
        args.format = ReportFormat::kJson;
    else if (args.format_name != "text")
        throw news::UsageError("unknown format '" + args.format_name + "' (valid: text, json)");
    if (args.files.size() != 2)
        throw news::UsageError("expected QRELS and RUN, got " + std::to_string(args.files.size()) + " file(s)");
    if (args.files[0] == "-") throw news::UsageError("QRELS cannot be standard input; only RUN can be '-'");
    try {
        args.gains = news::GainMap::parse(args.gain_map_spec);
    } catch (const std::invalid_argument& e) {
        throw news::UsageError(std::string("--gain-map: ") + e.what());
    }
    return args;
}

int evaluate_command(const EvaluateArgs& args) {
    std::size_t malformed = 0;
    const news::MalformedLineHandler report = [&](const news::MalformedLine& line) {
        std::cerr << news::escape_for_message(line.to_string()) << '\n';  // quotes the files' text
        ++malformed;
    };
    const news::Qrels qrels = news::read_qrels_file(args.files[0], report);
    const news::RankedRun run =
        args.files[1] == "-" ? news::read_run(std::cin, "<stdin>", report) : news::read_run_file(args.files[1], report);
    const news::Evaluation evaluation = news::evaluate(qrels, run, args.gains);
    if (evaluation.queries.empty())
        throw std::runtime_error("no query to evaluate: none is in both " + args.files[0] + " and " + args.files[1] +
                                 " with a relevant document");
    if (args.format == ReportFormat::kJson)
        news::write_evaluation_json(std::cout, evaluation, args.per_query);
    else
        news::write_evaluation_text(std::cout, evaluation, args.per_query);
    if (malformed > 0) {
        // The figures leave lines out, so they must not pass for a clean evaluation.
        std::cerr << args.program << ": " << malformed << " malformed line(s) skipped\n";
        return news::kExitRuntimeError;
    }
    return news::kExitOk;
}

}  // namespace

int main(int argc, char* argv[]) {
    std::ios::sync_with_stdio(false);
    return news::cli::run_program(argv[0], "evaluate", [&](const std::string& program) {
        const std::optional<EvaluateArgs> args = parse_args(argc, argv, program);
        return args ? evaluate_command(*args) : news::kExitOk;
    });
}
