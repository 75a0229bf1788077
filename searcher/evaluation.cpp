#include "searcher/evaluation.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <system_error>
#include <unordered_set>
#include <utility>

#include "common/terminal_text.hpp"

namespace news {
namespace {

/// Cut-offs of the measures; the names in kMeasures spell them too.
constexpr std::size_t kNdcgDepth = 10;
constexpr std::size_t kPrecisionDepth = 10;
constexpr std::size_t kRecallDepth = 100;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }

/// Splits on runs of whitespace, as Python's str.split() does in eval.py.
void split_fields(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && is_space(line[i])) ++i;
        const std::size_t start = i;
        while (i < line.size() && !is_space(line[i])) ++i;
        if (i > start) fields.push_back(line.substr(start, i - start));
    }
}

/// from_chars rejects a leading '+', which Python's int() and float() accept.
std::string_view without_plus(std::string_view text) {
    return text.size() > 1 && text.front() == '+' ? text.substr(1) : text;
}

std::optional<int> parse_int(std::string_view text) {
    text = without_plus(text);
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

/// NaN is refused: it has no place in a score order.
std::optional<double> parse_number(std::string_view text) {
    text = without_plus(text);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || std::isnan(value)) return std::nullopt;
    return value;
}

/// Walks the non-blank lines of a TREC file split into fields; lines with the wrong field
/// count are reported and skipped here, other problems by the caller through report().
class FieldReader {
  public:
    FieldReader(std::istream& in, std::string_view name, const MalformedLineHandler& on_malformed)
        : in_(in), name_(name), on_malformed_(on_malformed) {}

    /// Advances to the next line with exactly `count` fields ("qid iter docid grade" is the
    /// `layout` named in the reason); false at the end of the input.
    bool next(std::size_t count, std::string_view layout) {
        while (std::getline(in_, line_)) {
            ++line_number_;
            split_fields(line_, fields_);
            if (fields_.empty()) continue;
            if (fields_.size() == count) return true;
            report("expected " + std::to_string(count) + " fields (" + std::string(layout) + "), found " +
                   std::to_string(fields_.size()));
        }
        if (in_.bad()) throw std::runtime_error("cannot read " + name_);
        return false;
    }

    std::string_view field(std::size_t index) const { return fields_.at(index); }

    void report(std::string reason) const {
        MalformedLine problem{name_, line_number_, std::move(reason)};
        if (!on_malformed_) throw std::runtime_error(problem.to_string());
        on_malformed_(problem);
    }

  private:
    std::istream& in_;
    std::string name_;
    const MalformedLineHandler& on_malformed_;
    std::string line_;
    std::size_t line_number_ = 0;
    std::vector<std::string_view> fields_;
};

std::ifstream open_input(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    return in;
}

struct ScoredDoc {
    std::string docid;
    double score;
};

/// trec_eval's order: score descending, equal scores by docid descending.
bool ranks_before(const ScoredDoc& a, const ScoredDoc& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.docid > b.docid;
}

double discount(std::size_t rank) { return std::log2(static_cast<double>(rank) + 1.0); }

/// The best DCG@10 any ranking could reach: all judged documents sorted by gain.
double ideal_dcg(const Judgments& judged, const GainMap& gains) {
    std::vector<double> best;
    best.reserve(judged.size());
    for (const auto& [docid, grade] : judged) best.push_back(gains.gain(grade));
    std::sort(best.begin(), best.end(), std::greater<>());
    double dcg = 0;
    for (std::size_t i = 0; i < best.size() && i < kNdcgDepth; ++i) dcg += best[i] / discount(i + 1);
    return dcg;
}

bool has_relevant(const Judgments& judged) {
    return std::any_of(judged.begin(), judged.end(), [](const auto& entry) { return entry.second > 0; });
}

/// eval.py's query order: shorter ids first, then by text, so numeric ids sort naturally.
bool qid_before(const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() < b.size() : a < b;
}

QueryMeasures average(const std::vector<QueryMeasures>& queries) {
    QueryMeasures mean;
    mean.qid = "all";
    for (const QueryMeasures& q : queries) {
        for (const MeasureInfo& m : kMeasures) mean.*m.value += q.*m.value;
        mean.num_ret += q.num_ret;
        mean.num_rel += q.num_rel;
        mean.num_rel_ret += q.num_rel_ret;
    }
    if (!queries.empty())
        for (const MeasureInfo& m : kMeasures) mean.*m.value /= static_cast<double>(queries.size());
    return mean;
}

std::string fixed4(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", value);
    return buf;
}

/// One trec_eval row: the name padded to 12 columns, as eval.py prints it.
void write_row(std::ostream& out, std::string_view name, std::string_view qid, std::string_view value) {
    out << name;
    for (std::size_t i = name.size(); i < 12; ++i) out << ' ';
    out << '\t' << terminal_safe(qid) << '\t' << value << '\n';  // qids come from the files
}

nlohmann::ordered_json counts_and_measures(const QueryMeasures& q) {
    nlohmann::ordered_json j;
    j["num_ret"] = q.num_ret;
    j["num_rel"] = q.num_rel;
    j["num_rel_ret"] = q.num_rel_ret;
    for (const MeasureInfo& m : kMeasures) j[std::string(m.name)] = q.*m.value;
    return j;
}

}  // namespace

std::string MalformedLine::to_string() const { return path + ":" + std::to_string(line) + ": " + reason; }

Qrels read_qrels(std::istream& in, std::string_view name, const MalformedLineHandler& on_malformed) {
    Qrels qrels;
    FieldReader reader(in, name, on_malformed);
    while (reader.next(4, "qid iter docid grade")) {
        const auto grade = parse_int(reader.field(3));
        if (!grade) {
            reader.report("grade '" + std::string(reader.field(3)) + "' is not an integer");
            continue;
        }
        qrels[std::string(reader.field(0))][std::string(reader.field(2))] = *grade;
    }
    return qrels;
}

Qrels read_qrels_file(const std::string& path, const MalformedLineHandler& on_malformed) {
    std::ifstream in = open_input(path);
    return read_qrels(in, path, on_malformed);
}

RankedRun read_run(std::istream& in, std::string_view name, const MalformedLineHandler& on_malformed) {
    struct QueryLines {
        std::vector<ScoredDoc> docs;
        std::unordered_set<std::string> seen;
    };
    std::unordered_map<std::string, QueryLines> lines;
    FieldReader reader(in, name, on_malformed);
    while (reader.next(6, "qid Q0 docid rank score tag")) {
        const auto score = parse_number(reader.field(4));
        if (!score) {
            reader.report("score '" + std::string(reader.field(4)) + "' is not a number");
            continue;
        }
        QueryLines& query = lines[std::string(reader.field(0))];
        std::string docid(reader.field(2));
        if (!query.seen.insert(docid).second) continue;  // a repeated document keeps its first line
        query.docs.push_back({std::move(docid), *score});
    }
    RankedRun run;
    for (auto& [qid, query] : lines) {
        std::sort(query.docs.begin(), query.docs.end(), ranks_before);
        std::vector<std::string>& ranking = run[qid];
        ranking.reserve(query.docs.size());
        for (ScoredDoc& doc : query.docs) ranking.push_back(std::move(doc.docid));
    }
    return run;
}

RankedRun read_run_file(const std::string& path, const MalformedLineHandler& on_malformed) {
    std::ifstream in = open_input(path);
    return read_run(in, path, on_malformed);
}

GainMap GainMap::parse(std::string_view spec) {
    GainMap map;
    while (!spec.empty()) {
        const std::size_t comma = spec.find(',');
        const std::string_view item = spec.substr(0, comma);
        spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
        if (item.empty()) continue;
        const std::size_t colon = item.find(':');
        const auto grade = colon == std::string_view::npos ? std::nullopt : parse_int(item.substr(0, colon));
        const auto gain = colon == std::string_view::npos ? std::nullopt : parse_number(item.substr(colon + 1));
        if (!grade || !gain || !std::isfinite(*gain))
            throw std::invalid_argument("bad gain map item '" + std::string(item) +
                                        "' (expected GRADE:GAIN, e.g. 1:4)");
        if (!map.gains_.emplace(*grade, *gain).second)
            throw std::invalid_argument("grade " + std::to_string(*grade) + " appears twice in the gain map");
    }
    return map;
}

double GainMap::gain(int grade) const {
    const auto it = gains_.find(grade);
    const double gain = it == gains_.end() ? static_cast<double>(grade) : it->second;
    return gain > 0 ? gain : 0.0;
}

QueryMeasures evaluate_query(std::string_view qid, const std::vector<std::string>& ranking, const Judgments& judged,
                             const GainMap& gains) {
    QueryMeasures m;
    m.qid = qid;
    m.num_ret = ranking.size();
    m.num_rel = static_cast<std::size_t>(
        std::count_if(judged.begin(), judged.end(), [](const auto& entry) { return entry.second > 0; }));
    double precision_sum = 0;
    double dcg = 0;
    std::size_t relevant_in_precision_depth = 0;
    std::size_t relevant_in_recall_depth = 0;
    for (std::size_t rank = 1; rank <= ranking.size(); ++rank) {
        const auto it = judged.find(ranking[rank - 1]);
        if (it == judged.end()) continue;  // unjudged: not relevant, gain 0
        if (rank <= kNdcgDepth) dcg += gains.gain(it->second) / discount(rank);
        if (it->second <= 0) continue;
        ++m.num_rel_ret;
        precision_sum += static_cast<double>(m.num_rel_ret) / static_cast<double>(rank);
        if (rank <= kPrecisionDepth) ++relevant_in_precision_depth;
        if (rank <= kRecallDepth) ++relevant_in_recall_depth;
        if (m.num_rel_ret == 1) m.reciprocal_rank = 1.0 / static_cast<double>(rank);
    }
    if (m.num_rel > 0) {
        m.average_precision = precision_sum / static_cast<double>(m.num_rel);
        m.recall_100 = static_cast<double>(relevant_in_recall_depth) / static_cast<double>(m.num_rel);
    }
    // Always over 10, even when fewer were retrieved, as trec_eval does.
    m.precision_10 = static_cast<double>(relevant_in_precision_depth) / static_cast<double>(kPrecisionDepth);
    const double ideal = ideal_dcg(judged, gains);
    m.ndcg_10 = ideal > 0 ? dcg / ideal : 0.0;
    return m;
}

Evaluation evaluate(const Qrels& qrels, const RankedRun& run, const GainMap& gains) {
    Evaluation evaluation;
    std::vector<std::string> qids;
    for (const auto& [qid, ranking] : run) {
        const auto judged = qrels.find(qid);
        if (judged == qrels.end()) continue;
        if (!has_relevant(judged->second)) {
            ++evaluation.without_relevant;
            continue;
        }
        qids.push_back(qid);
    }
    std::sort(qids.begin(), qids.end(), qid_before);
    evaluation.queries.reserve(qids.size());
    for (const std::string& qid : qids)
        evaluation.queries.push_back(evaluate_query(qid, run.at(qid), qrels.at(qid), gains));
    evaluation.mean = average(evaluation.queries);
    return evaluation;
}

void write_evaluation_text(std::ostream& out, const Evaluation& evaluation, bool per_query) {
    if (per_query)
        for (const QueryMeasures& q : evaluation.queries)
            for (const MeasureInfo& m : kMeasures) write_row(out, m.name, q.qid, fixed4(q.*m.value));
    const QueryMeasures& mean = evaluation.mean;
    write_row(out, "num_q", mean.qid, std::to_string(evaluation.queries.size()));
    write_row(out, "num_ret", mean.qid, std::to_string(mean.num_ret));
    write_row(out, "num_rel", mean.qid, std::to_string(mean.num_rel));
    write_row(out, "num_rel_ret", mean.qid, std::to_string(mean.num_rel_ret));
    for (const MeasureInfo& m : kMeasures) write_row(out, m.name, mean.qid, fixed4(mean.*m.value));
}

void write_evaluation_json(std::ostream& out, const Evaluation& evaluation, bool per_query) {
    nlohmann::ordered_json j;
    j["num_q"] = evaluation.queries.size();
    j.update(counts_and_measures(evaluation.mean));
    if (per_query) {
        nlohmann::ordered_json queries = nlohmann::ordered_json::object();
        for (const QueryMeasures& q : evaluation.queries) queries[q.qid] = counts_and_measures(q);
        j["per_query"] = std::move(queries);
    }
    out << j.dump(1) << '\n';
}

}  // namespace news
