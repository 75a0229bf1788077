// Ranking evaluation: every measure against values worked out by hand on tiny qrels and runs,
// then the whole pipeline against ../shared/peers/eval.py on a real Cranfield run.
//
// Handy values: log2(3) = 1.5849625, log2(5) = 2.3219281, log2(6) = 2.5849625.
#include "searcher/evaluation.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/test_support.hpp"

namespace news {
namespace {

constexpr double kEps = 1e-9;

// q1: grades 2, 1, 0, -1 and a relevant doc (d5) that the run never retrieves.
// q2: one relevant doc. q3: judged, absent from the run. q4: judged, nothing relevant.
constexpr const char* kQrels =
    "q1 0 d1 2\n"
    "q1 0 d2 1\n"
    "q1 0 d3 0\n"
    "q1 0 d4 -1\n"
    "q1 0 d5 1\n"
    "q2 0 e1 1\n"
    "q3 0 f1 1\n"
    "q4 0 g1 0\n";

// The rank column disagrees with the scores on purpose: it must be ignored.
// q1 by score: d3 (5), then the tie x9/d1 at 4 broken by docid descending ("x9" > "d1"),
// then d2 (2), d4 (1): d3, x9, d1, d2, d4.
// q2: all tied at 3, so by docid descending: e3, e2, e1.
// q5: not in the qrels.
constexpr const char* kRun =
    "q1 Q0 d2 1 2.0 t\n"
    "q1 Q0 d3 2 5.0 t\n"
    "q1 Q0 d1 3 4.0 t\n"
    "q1 Q0 x9 4 4.0 t\n"
    "q1 Q0 d4 5 1.0 t\n"
    "q2 Q0 e1 1 3 t\n"
    "q2 Q0 e2 2 3 t\n"
    "q2 Q0 e3 3 3 t\n"
    "q4 Q0 g1 1 1 t\n"
    "q5 Q0 z1 1 1 t\n";

Qrels qrels_from(const std::string& text, const MalformedLineHandler& on_malformed = {}) {
    std::istringstream in(text);
    return read_qrels(in, "qrels.txt", on_malformed);
}

RankedRun run_from(const std::string& text, const MalformedLineHandler& on_malformed = {}) {
    std::istringstream in(text);
    return read_run(in, "run.txt", on_malformed);
}

QueryMeasures measure(const std::string& qid, const std::string& gain_map = "") {
    return evaluate_query(qid, run_from(kRun).at(qid), qrels_from(kQrels).at(qid), GainMap::parse(gain_map));
}

/// Collects the malformed lines a reader reports.
struct Problems {
    std::vector<std::string> lines;
    MalformedLineHandler handler() {
        return [this](const MalformedLine& line) { lines.push_back(line.to_string()); };
    }
};

TEST(ReadRun, OrdersByScoreThenDocidDescendingIgnoringTheRankColumn) {
    const RankedRun run = run_from(kRun);
    EXPECT_EQ(run.at("q1"), (std::vector<std::string>{"d3", "x9", "d1", "d2", "d4"}));
    EXPECT_EQ(run.at("q2"), (std::vector<std::string>{"e3", "e2", "e1"}));
}

TEST(Measures, QueryWithATieGradesMinusOneAndZeroAndARelevantDocNeverRetrieved) {
    // Ranking d3(0) x9(-) d1(2) d2(1) d4(-1); relevant = grade > 0 = {d1, d2, d5}: 3.
    const QueryMeasures m = measure("q1");
    // Relevant at ranks 3 and 4: AP = (1/3 + 2/4) / 3 = 5/18 = 0.277778.
    EXPECT_NEAR(m.average_precision, 5.0 / 18.0, kEps);
    // 2 relevant in the top 10, over 10 (not over the 5 retrieved).
    EXPECT_NEAR(m.precision_10, 0.2, kEps);
    // 2 of the 3 relevant in the top 100 (d5 never retrieved).
    EXPECT_NEAR(m.recall_100, 2.0 / 3.0, kEps);
    // First relevant doc at rank 3.
    EXPECT_NEAR(m.reciprocal_rank, 1.0 / 3.0, kEps);
    // DCG = 2/log2(4) + 1/log2(5) = 1 + 0.4306766 = 1.4306766 (d3 grade 0, d4 grade -1: gain 0).
    // Ideal over all judged gains 2,1,1,0,0: 2/log2(2) + 1/log2(3) + 1/log2(4)
    //   = 2 + 0.6309298 + 0.5 = 3.1309298.  nDCG = 1.4306766 / 3.1309298 = 0.4569494.
    EXPECT_NEAR(m.ndcg_10, 0.4569494, 1e-7);
    EXPECT_EQ(m.num_ret, 5u);
    EXPECT_EQ(m.num_rel, 3u);
    EXPECT_EQ(m.num_rel_ret, 2u);
}

TEST(Measures, AllScoresTiedPutsTheRelevantDocLastByDocid) {
    // Ranking e3 e2 e1; e1 (grade 1) is the only relevant doc, at rank 3.
    const QueryMeasures m = measure("q2");
    EXPECT_NEAR(m.average_precision, 1.0 / 3.0, kEps);  // (1/3) / 1
    EXPECT_NEAR(m.precision_10, 0.1, kEps);             // 1 / 10
    EXPECT_NEAR(m.recall_100, 1.0, kEps);               // 1 / 1
    EXPECT_NEAR(m.reciprocal_rank, 1.0 / 3.0, kEps);
    EXPECT_NEAR(m.ndcg_10, 0.5, kEps);  // (1/log2(4)) / (1/log2(2)) = 0.5 / 1
}

TEST(Measures, CutOffsAtTenAndOneHundred) {
    // 150 docs with falling scores; relevant (grade 1) at ranks 5, 50 and 120, and a fourth
    // relevant doc never retrieved: num_rel = 4.
    std::vector<std::string> ranking;
    for (int rank = 1; rank <= 150; ++rank) ranking.push_back("doc" + std::to_string(rank));
    const Judgments judged{{"doc5", 1}, {"doc50", 1}, {"doc120", 1}, {"missing", 1}, {"doc7", 0}};
    const QueryMeasures m = evaluate_query("q", ranking, judged, GainMap());
    // AP = (1/5 + 2/50 + 3/120) / 4 = (0.2 + 0.04 + 0.025) / 4 = 0.06625.
    EXPECT_NEAR(m.average_precision, 0.06625, kEps);
    EXPECT_NEAR(m.precision_10, 0.1, kEps);  // only rank 5 is in the top 10
    EXPECT_NEAR(m.recall_100, 0.5, kEps);    // ranks 5 and 50 of 4 relevant
    EXPECT_NEAR(m.reciprocal_rank, 0.2, kEps);
    // DCG@10 = 1/log2(6) = 0.3868528; ideal 1 + 1/log2(3) + 1/log2(4) + 1/log2(5)
    //   = 1 + 0.6309298 + 0.5 + 0.4306766 = 2.5616063;  nDCG = 0.1510196.
    EXPECT_NEAR(m.ndcg_10, 0.1510196, 1e-7);
    EXPECT_EQ(m.num_rel_ret, 3u);
}

TEST(Measures, NoRelevantDocRetrievedScoresZero) {
    const Judgments judged{{"a", 1}};
    const QueryMeasures m = evaluate_query("q", {"x", "y"}, judged, GainMap());
    EXPECT_EQ(m.average_precision, 0.0);
    EXPECT_EQ(m.reciprocal_rank, 0.0);
    EXPECT_EQ(m.ndcg_10, 0.0);
    EXPECT_EQ(m.recall_100, 0.0);
}

TEST(Measures, GainMapChangesNdcgButNotRelevance) {
    // 1:3,2:1 -> d1 (2) gain 1, d2 and d5 (1) gain 3; d3 (0) and d4 (-1) stay 0.
    const QueryMeasures m = measure("q1", "1:3,2:1");
    // DCG = 1/log2(4) + 3/log2(5) = 0.5 + 1.2920297 = 1.7920297.
    // Ideal 3,3,1: 3/1 + 3/log2(3) + 1/log2(4) = 3 + 1.8927893 + 0.5 = 5.3927893.
    // nDCG = 1.7920297 / 5.3927893 = 0.3323011.
    EXPECT_NEAR(m.ndcg_10, 0.3323011, 1e-7);
    EXPECT_NEAR(m.average_precision, 5.0 / 18.0, kEps);  // relevance still grade > 0
    EXPECT_NEAR(m.reciprocal_rank, 1.0 / 3.0, kEps);
}

TEST(Measures, GainMapCanGiveANegativeGradeAGain) {
    // -1:2 -> d4 (rank 5) gains 2; it still is not relevant.
    const QueryMeasures m = measure("q1", "-1:2");
    // DCG = 2/log2(4) + 1/log2(5) + 2/log2(6) = 1 + 0.4306766 + 0.7737056 = 2.2043822.
    // Ideal 2,2,1,1: 2 + 2/log2(3) + 1/log2(4) + 1/log2(5) = 2 + 1.2618595 + 0.5 + 0.4306766
    //   = 4.1925361.  nDCG = 2.2043822 / 4.1925361 = 0.5257873.
    EXPECT_NEAR(m.ndcg_10, 0.5257873, 1e-7);
    EXPECT_NEAR(m.average_precision, 5.0 / 18.0, kEps);
    EXPECT_EQ(m.num_rel, 3u);
}

TEST(Measures, NdcgIsZeroWhenNoJudgedDocHasAGain) {
    // 1:0 leaves q2 (only e1, grade 1) with an ideal DCG of 0: nDCG is 0, not NaN.
    const QueryMeasures m = measure("q2", "1:0");
    EXPECT_EQ(m.ndcg_10, 0.0);
    EXPECT_NEAR(m.average_precision, 1.0 / 3.0, kEps);
}

TEST(Evaluate, AveragesOverQueriesInBothFilesThatHaveARelevantDoc) {
    // q1 and q2 count; q3 (not in the run), q4 (nothing relevant) and q5 (no qrels) do not.
    const Evaluation e = evaluate(qrels_from(kQrels), run_from(kRun));
    ASSERT_EQ(e.queries.size(), 2u);
    EXPECT_EQ(e.queries[0].qid, "q1");
    EXPECT_EQ(e.queries[1].qid, "q2");
    EXPECT_EQ(e.without_relevant, 1u);
    EXPECT_EQ(e.mean.qid, "all");
    EXPECT_NEAR(e.mean.average_precision, (5.0 / 18.0 + 1.0 / 3.0) / 2, kEps);  // 11/36 = 0.305556
    EXPECT_NEAR(e.mean.precision_10, (0.2 + 0.1) / 2, kEps);                    // 0.15
    EXPECT_NEAR(e.mean.recall_100, (2.0 / 3.0 + 1.0) / 2, kEps);                // 5/6
    EXPECT_NEAR(e.mean.reciprocal_rank, 1.0 / 3.0, kEps);                       // MRR
    EXPECT_NEAR(e.mean.ndcg_10, (0.4569494 + 0.5) / 2, 1e-7);                   // 0.4784747
    EXPECT_EQ(e.mean.num_ret, 8u);                                              // 5 + 3
    EXPECT_EQ(e.mean.num_rel, 4u);                                              // 3 + 1
    EXPECT_EQ(e.mean.num_rel_ret, 3u);                                          // 2 + 1
}

TEST(Evaluate, ListsQueriesWithShorterIdsFirst) {
    const Evaluation e =
        evaluate(qrels_from("10 0 a 1\n2 0 a 1\n9 0 a 1\n"), run_from("10 Q0 a 1 1 t\n9 Q0 a 1 1 t\n2 Q0 a 1 1 t\n"));
    ASSERT_EQ(e.queries.size(), 3u);
    EXPECT_EQ(e.queries[0].qid, "2");
    EXPECT_EQ(e.queries[1].qid, "9");
    EXPECT_EQ(e.queries[2].qid, "10");
}

TEST(Evaluate, NothingInCommonGivesNoQueriesAndZeroMeans) {
    const Evaluation e = evaluate(qrels_from("a 0 d 1\n"), run_from("b Q0 d 1 1 t\n"));
    EXPECT_TRUE(e.queries.empty());
    EXPECT_EQ(e.mean.average_precision, 0.0);
}

TEST(ReadQrels, ReportsMalformedLinesWithFileAndLineAndSkipsThem) {
    Problems problems;
    const Qrels qrels =
        qrels_from("q1 0 a 1\n\nq1 0 b\nq1 0 c high\nq1 0 d 1.5\n  q1 0 e -1  \r\n", problems.handler());
    EXPECT_EQ(problems.lines, (std::vector<std::string>{
                                  "qrels.txt:3: expected 4 fields (qid iter docid grade), found 3",
                                  "qrels.txt:4: grade 'high' is not an integer",
                                  "qrels.txt:5: grade '1.5' is not an integer",
                              }));
    EXPECT_EQ(qrels.at("q1"), (Judgments{{"a", 1}, {"e", -1}}));
}

TEST(ReadQrels, RepeatedJudgmentKeepsTheLastGrade) { EXPECT_EQ(qrels_from("q 0 a 1\nq 0 a 3\n").at("q").at("a"), 3); }

TEST(ReadRun, ReportsMalformedLinesWithFileAndLineAndSkipsThem) {
    Problems problems;
    const RankedRun run = run_from(
        "q Q0 a 1 2.5 t\nq Q0 b 2 1.0\nq Q0 c 3 abc t\nq Q0 d 4 nan t\nq Q0 e 5 1e1 t extra\n"
        "q Q0 f 6 -inf t\n",
        problems.handler());
    EXPECT_EQ(problems.lines, (std::vector<std::string>{
                                  "run.txt:2: expected 6 fields (qid Q0 docid rank score tag), found 5",
                                  "run.txt:3: score 'abc' is not a number",
                                  "run.txt:4: score 'nan' is not a number",
                                  "run.txt:5: expected 6 fields (qid Q0 docid rank score tag), found 7",
                              }));
    EXPECT_EQ(run.at("q"), (std::vector<std::string>{"a", "f"}));
}

TEST(ReadRun, RepeatedDocumentKeepsItsFirstLine) {
    // a's second line (score 9) is ignored, so b (score 2) ranks first.
    EXPECT_EQ(run_from("q Q0 a 1 1 t\nq Q0 b 2 2 t\nq Q0 a 3 9 t\n").at("q"), (std::vector<std::string>{"b", "a"}));
}

TEST(EvaluationReaders, WithoutAHandlerTheFirstMalformedLineThrows) {
    EXPECT_THROW(
        {
            try {
                run_from("q Q0 a 1 1 t\nbad line\n");
            } catch (const std::runtime_error& e) {
                EXPECT_STREQ(e.what(), "run.txt:2: expected 6 fields (qid Q0 docid rank score tag), found 2");
                throw;
            }
        },
        std::runtime_error);
}

TEST(EvaluationReaders, UnreadableFileThrowsNamingIt) {
    EXPECT_THROW(read_qrels_file("/nonexistent/qrels.txt", {}), std::runtime_error);
    EXPECT_THROW(read_run_file("/nonexistent/run.txt", {}), std::runtime_error);
}

TEST(GainMap, MapsListedGradesAndZeroesGainsAtOrBelowZero) {
    const GainMap gains = GainMap::parse("1:4,2:3,,3:2,4:1,-1:0");
    EXPECT_EQ(gains.gain(1), 4.0);
    EXPECT_EQ(gains.gain(4), 1.0);
    EXPECT_EQ(gains.gain(-1), 0.0);
    EXPECT_EQ(gains.gain(7), 7.0);   // unlisted: the grade itself
    EXPECT_EQ(gains.gain(-3), 0.0);  // unlisted and negative: 0
    EXPECT_TRUE(GainMap::parse("").is_identity());
    EXPECT_EQ(GainMap::parse("1:0.5").gain(1), 0.5);
}

TEST(GainMap, RejectsBadItemsAndRepeatedGrades) {
    for (const char* spec : {"1", "1:", ":4", "a:1", "1:x", "1:4:2", "1:inf", "1:4,1:3"})
        EXPECT_THROW(GainMap::parse(spec), std::invalid_argument) << spec;
}

TEST(EvaluationReport, TextIsTrecEvalStyleRowsWithPerQueryRowsFirst) {
    const Evaluation e = evaluate(qrels_from(kQrels), run_from(kRun));
    std::ostringstream out;
    write_evaluation_text(out, e, /*per_query=*/true);
    EXPECT_EQ(out.str(),
              "map         \tq1\t0.2778\n"
              "ndcg_cut_10 \tq1\t0.4569\n"
              "P_10        \tq1\t0.2000\n"
              "recall_100  \tq1\t0.6667\n"
              "recip_rank  \tq1\t0.3333\n"
              "map         \tq2\t0.3333\n"
              "ndcg_cut_10 \tq2\t0.5000\n"
              "P_10        \tq2\t0.1000\n"
              "recall_100  \tq2\t1.0000\n"
              "recip_rank  \tq2\t0.3333\n"
              "num_q       \tall\t2\n"
              "num_ret     \tall\t8\n"
              "num_rel     \tall\t4\n"
              "num_rel_ret \tall\t3\n"
              "map         \tall\t0.3056\n"
              "ndcg_cut_10 \tall\t0.4785\n"
              "P_10        \tall\t0.1500\n"
              "recall_100  \tall\t0.8333\n"
              "recip_rank  \tall\t0.3333\n");
}

TEST(EvaluationReport, JsonHasCountsMeasuresAndOptionallyPerQuery) {
    const Evaluation e = evaluate(qrels_from(kQrels), run_from(kRun));
    std::ostringstream out;
    write_evaluation_json(out, e, /*per_query=*/true);
    const auto j = nlohmann::json::parse(out.str());
    EXPECT_EQ(j.at("num_q"), 2);
    EXPECT_EQ(j.at("num_rel_ret"), 3);
    EXPECT_NEAR(j.at("map").get<double>(), 11.0 / 36.0, kEps);
    EXPECT_NEAR(j.at("recip_rank").get<double>(), 1.0 / 3.0, kEps);
    EXPECT_NEAR(j.at("per_query").at("q1").at("ndcg_cut_10").get<double>(), 0.4569494, 1e-7);
    std::ostringstream summary;
    write_evaluation_json(summary, e, /*per_query=*/false);
    EXPECT_FALSE(nlohmann::json::parse(summary.str()).contains("per_query"));
}

using test::CommandRun;

CommandRun run_command(const std::string& command) { return test::run_command(command); }

std::string bin(const std::string& name) { return test::program(name); }

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

TEST(EvaluateProgram, ReportsMalformedLinesStillPrintsTheTableAndExitsOne) {
    test::TempDir dir;
    test::write_file(dir / "qrels", kQrels);
    test::write_file(dir / "run", std::string(kRun) + "q1 Q0 broken\n");
    const CommandRun r =
        run_command(bin("evaluate") + " " + quoted(dir / "qrels") + " " + quoted(dir / "run") + " 2>&1");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find((dir / "run").string() + ":11: expected 6 fields"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("map         \tall\t0.3056\n"), std::string::npos) << r.out;
}

TEST(EvaluateProgram, UsageErrorsExitTwoWithAPointerToHelp) {
    const CommandRun r = run_command(bin("evaluate") + " --gain-map 1:x a b 2>&1");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("Try 'evaluate --help'"), std::string::npos) << r.out;
    EXPECT_EQ(run_command(bin("evaluate") + " onlyone 2>&1").exit_code, 2);
    EXPECT_EQ(run_command(bin("evaluate") + " --help").exit_code, 0);
}

// The whole pipeline on a real run: the real indexer and searcher on Cranfield, evaluated
// here and, live on the same run, by ../shared/peers/eval.py, the peers' reference. It
// checks the evaluator, not the ranking (the ctest CranfieldRankingGate holds the ranking),
// so it needs no update when ranking changes. eval.py has no MRR: it is computed from
// eval.py's own run and qrels readers.
TEST(EvaluateCranfield, AgreesWithEvalPyOnARealSearcherRun) {
    NEWS_REQUIRE_SHARED("eval/cranfield/qrels.txt");
    NEWS_REQUIRE_SHARED("peers/eval.py");
    if (std::system("python3 -c '' 2>/dev/null") != 0) GTEST_SKIP() << "needs python3 to run eval.py";
    const auto collection = test::shared_path("eval/cranfield");
    const auto peers = test::shared_path("peers");
    test::TempDir dir;
    ASSERT_EQ(std::system((bin("indexer") + " --quiet --db " + quoted(dir / "db") + " " +
                           quoted(collection / "docs.jsonl") + " 2>/dev/null")
                              .c_str()),
              0);
    ASSERT_EQ(std::system((bin("searcher") + " --db " + quoted(dir / "db") + " --format trec --queries " +
                           quoted(collection / "queries.tsv") + " > " + quoted(dir / "run.txt"))
                              .c_str()),
              0);
    const auto qrels_path = collection / "qrels.txt";
    const auto run_path = dir / "run.txt";
    const Qrels qrels = read_qrels_file(qrels_path.string(), {});
    const RankedRun run = read_run_file(run_path.string(), {});
    const auto eval_py = [&](const std::string& options) {
        const CommandRun r = run_command("PYTHONDONTWRITEBYTECODE=1 python3 " + quoted(peers / "eval.py") + " --json " +
                                         options + " " + quoted(qrels_path) + " " + quoted(run_path));
        EXPECT_EQ(r.exit_code, 0) << r.out;
        return nlohmann::json::parse(r.out);
    };
    const auto expect_agreement = [](const Evaluation& ours, const nlohmann::json& reference) {
        EXPECT_EQ(ours.queries.size(), reference.at("num_q").get<std::size_t>());
        EXPECT_EQ(ours.mean.num_ret, reference.at("num_ret").get<std::size_t>());
        EXPECT_EQ(ours.mean.num_rel, reference.at("num_rel").get<std::size_t>());
        EXPECT_EQ(ours.mean.num_rel_ret, reference.at("num_rel_ret").get<std::size_t>());
        EXPECT_NEAR(ours.mean.average_precision, reference.at("map").get<double>(), 1e-9);
        EXPECT_NEAR(ours.mean.ndcg_10, reference.at("ndcg_cut_10").get<double>(), 1e-9);
        EXPECT_NEAR(ours.mean.precision_10, reference.at("P_10").get<double>(), 1e-9);
        EXPECT_NEAR(ours.mean.recall_100, reference.at("recall_100").get<double>(), 1e-9);
    };

    // Cranfield's grades run in reverse: gain = 5 - grade, as the gate uses.
    const Evaluation graded = evaluate(qrels, run, GainMap::parse("1:4,2:3,3:2,4:1,-1:0"));
    EXPECT_EQ(graded.queries.size(), 225u);
    expect_agreement(graded, eval_py("--gain-map 1:4,2:3,3:2,4:1,-1:0"));
    // The raw codes as gains: only nDCG differs.
    const Evaluation raw = evaluate(qrels, run);
    expect_agreement(raw, eval_py(""));
    EXPECT_NE(raw.mean.ndcg_10, graded.mean.ndcg_10);

    const CommandRun mrr =
        run_command("cd " + quoted(peers) +
                    " && PYTHONDONTWRITEBYTECODE=1 python3 -c 'import sys, eval as e\n"
                    "q, r = e.read_qrels(sys.argv[1]), e.read_run(sys.argv[2])\n"
                    "ids = sorted(set(q) & set(r))\n"
                    "rr = [next((1 / i for i, d in enumerate(r[x], 1) if q[x].get(d, 0) > 0), 0) for x in ids]\n"
                    "print(repr(sum(rr) / len(rr)))' " +
                    quoted(qrels_path) + " " + quoted(run_path));
    ASSERT_EQ(mrr.exit_code, 0) << mrr.out;
    EXPECT_NEAR(graded.mean.reciprocal_rank, std::stod(mrr.out), 1e-9);
}

}  // namespace
}  // namespace news
