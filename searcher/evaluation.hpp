/// @file evaluation.hpp
/// @brief Ranking effectiveness of a TREC run against TREC qrels: MAP, nDCG@10, P@10,
/// Recall@100 and MRR, with trec_eval's conventions as ../shared/peers/eval.py applies them,
/// so our figures can be set beside the peers' (docs/relevance.md).
#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace news {

/// A line of a qrels or run file that could not be read; it is skipped.
struct MalformedLine {
    std::string path;
    std::size_t line = 0;  ///< 1-based
    std::string reason;

    /// "path:line: reason", the form every diagnostic takes.
    std::string to_string() const;
};

/// Receives each malformed line as it is met. Readers given an empty handler throw
/// std::runtime_error with MalformedLine::to_string() at the first one instead.
using MalformedLineHandler = std::function<void(const MalformedLine&)>;

/// The judgments of one query: document id -> grade. A grade > 0 means relevant.
using Judgments = std::unordered_map<std::string, int>;
/// Query id -> its judgments.
using Qrels = std::unordered_map<std::string, Judgments>;
/// Query id -> document ids, best first, in the order trec_eval evaluates them.
using RankedRun = std::unordered_map<std::string, std::vector<std::string>>;

/// Reads qrels lines "qid iter docid grade" (iter ignored, grade an integer). Blank lines
/// are ignored; a line with another field count or a non-integer grade goes to
/// `on_malformed` (with `name` as its path) and is skipped. A repeated (qid, docid) keeps
/// its last grade, as eval.py does.
Qrels read_qrels(std::istream& in, std::string_view name, const MalformedLineHandler& on_malformed);
/// read_qrels() on a file; throws std::runtime_error naming the path if it cannot be read.
Qrels read_qrels_file(const std::string& path, const MalformedLineHandler& on_malformed);

/// Reads run lines "qid Q0 docid rank score tag" and orders each query's documents as
/// trec_eval does: by score descending, ties by docid descending (byte-wise string order);
/// the rank column is ignored. A repeated (qid, docid) keeps its first line. Blank lines are
/// ignored; a line with another field count or a score that is not a number (NaN
/// included) goes to `on_malformed` and is skipped.
RankedRun read_run(std::istream& in, std::string_view name, const MalformedLineHandler& on_malformed);
/// read_run() on a file; throws std::runtime_error naming the path if it cannot be read.
RankedRun read_run_file(const std::string& path, const MalformedLineHandler& on_malformed);

/// Turns a qrels grade into an nDCG gain: the grade itself unless remapped, and any gain
/// <= 0 counts as 0. Remapping exists because some collections grade in reverse
/// (Cranfield: 1 = most relevant), so the grade is not a usable gain there.
class GainMap {
  public:
    /// The identity: gain = grade.
    GainMap() = default;

    /// Parses "GRADE:GAIN,..." such as "1:4,2:3,3:2,4:1,-1:0" (empty items are ignored,
    /// so "" is the identity). Throws std::invalid_argument naming the bad item.
    static GainMap parse(std::string_view spec);

    double gain(int grade) const;
    bool is_identity() const { return gains_.empty(); }

  private:
    std::map<int, double> gains_;
};

/// The measures of one query, or (in Evaluation::mean) their averages.
struct QueryMeasures {
    std::string qid;
    double average_precision = 0;  ///< "map": Σ precision at each relevant retrieved doc / num_rel
    double ndcg_10 = 0;            ///< "ndcg_cut_10": DCG@10 / ideal DCG@10 over all judged docs
    double precision_10 = 0;       ///< "P_10": relevant docs in the top 10, divided by 10
    double recall_100 = 0;         ///< "recall_100": relevant docs in the top 100 / num_rel
    double reciprocal_rank = 0;    ///< "recip_rank": 1 / rank of the first relevant doc, 0 if none
    std::size_t num_ret = 0;       ///< documents retrieved
    std::size_t num_rel = 0;       ///< relevant documents in the qrels
    std::size_t num_rel_ret = 0;   ///< relevant documents retrieved
};

/// A measure's trec_eval name and its field. kMeasures is the order in which every report
/// lists them, so the text and JSON output cannot drift apart.
struct MeasureInfo {
    std::string_view name;
    double QueryMeasures::*value;
};
inline constexpr std::array<MeasureInfo, 5> kMeasures = {{
    {"map", &QueryMeasures::average_precision},
    {"ndcg_cut_10", &QueryMeasures::ndcg_10},
    {"P_10", &QueryMeasures::precision_10},
    {"recall_100", &QueryMeasures::recall_100},
    {"recip_rank", &QueryMeasures::reciprocal_rank},
}};

/// The measures of one query's ranking (best first) against its judgments. A document
/// missing from `judged` is not relevant and has gain 0. Relevance is always grade > 0 on
/// the grade as judged; `gains` only changes nDCG.
QueryMeasures evaluate_query(std::string_view qid, const std::vector<std::string>& ranking, const Judgments& judged,
                             const GainMap& gains);

struct Evaluation {
    /// The averaged queries, in query id order with shorter ids first (2 before 10).
    std::vector<QueryMeasures> queries;
    /// qid "all": each measure averaged over `queries`, the counts summed (0 when empty).
    QueryMeasures mean;
    /// Queries in both files but with no relevant document in the qrels: left out, since
    /// every recall-based measure is undefined for them.
    std::size_t without_relevant = 0;
};

/// Evaluates every query present in both `qrels` and `run` that has at least one relevant
/// document (trec_eval's default set of queries) and averages the measures over them.
Evaluation evaluate(const Qrels& qrels, const RankedRun& run, const GainMap& gains = {});

/// trec_eval-style table, one "measure<TAB>qid<TAB>value" row per line: with `per_query`
/// first every averaged query's measures, then num_q, num_ret, num_rel, num_rel_ret and the
/// averages for "all" (values to 4 decimals).
void write_evaluation_text(std::ostream& out, const Evaluation& evaluation, bool per_query);

/// One JSON object: num_q, the summed counts and the averaged measures at full precision,
/// plus "per_query" {qid: {measures and counts}} with `per_query`.
void write_evaluation_json(std::ostream& out, const Evaluation& evaluation, bool per_query);

}  // namespace news
