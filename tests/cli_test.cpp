// End-to-end tests of the two programs, run as a user would run them.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <xapian.h>

#include <array>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/test_support.hpp"

namespace news {
namespace {

using test::CommandRun;

CommandRun run(const std::string& command) { return test::run_command(command); }

std::string bin(const std::string& name) { return test::program(name); }

/// A database holding the bundled corpus, built once by the real indexer.
class Cli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        db_ = (dir_->path() / "db").string();
        index_run_ =
            run(bin("indexer") + " --quiet --db " + db_ + " " + test::project_path("corpus").string() + " 2>&1");
    }
    static void TearDownTestSuite() { dir_.reset(); }
    static std::unique_ptr<test::TempDir> dir_;
    static std::string db_;
    static CommandRun index_run_;
};
std::unique_ptr<test::TempDir> Cli::dir_;
std::string Cli::db_;
CommandRun Cli::index_run_;

TEST_F(Cli, IndexerBuildsTheBundledCorpusSilentlyWithQuiet) {
    EXPECT_EQ(index_run_.exit_code, 0) << index_run_.out;
    EXPECT_EQ(index_run_.out, "");
}

TEST_F(Cli, ReindexingReportsEverythingUnchanged) {
    const CommandRun r = run(bin("indexer") + " --db " + db_ + " " + test::project_path("corpus").string() + " 2>&1");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out.rfind("0 added, 0 updated, 2226 unchanged, 0 deleted, 0 skipped, 0 failed, 0 without id in ", 0),
              0u)
        << r.out;
}

TEST_F(Cli, SearcherPrintsTheSeedArticleFirst) {
    const CommandRun r = run(bin("searcher") + " --db " + db_ + " cyber dialogue China");
    ASSERT_EQ(r.exit_code, 0);
    const auto first = r.out.find("1. ");
    ASSERT_NE(first, std::string::npos) << r.out;
    EXPECT_EQ(r.out.substr(first, r.out.find('\n', first) - first),
              "1. Xi: \xE2\x80\x98"
              "China is ready\xE2\x80\x99 for cyber crime dialogue")
        << r.out;
    EXPECT_EQ(r.out.find("\033["), std::string::npos) << "no escape codes when piped";
}

TEST_F(Cli, JsonOutputParsesWithTheDocumentedFields) {
    const CommandRun r = run(bin("searcher") + " --db " + db_ + " --format json -n 3 cyber dialogue China");
    ASSERT_EQ(r.exit_code, 0);
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("query"), "cyber dialogue China");
    EXPECT_GT(j.at("estimated_matches").get<int>(), 3);
    ASSERT_EQ(j.at("hits").size(), 3u);
    const auto& hit = j.at("hits")[0];
    EXPECT_EQ(hit.at("rank"), 1);
    EXPECT_EQ(hit.at("id"), "seed/thehill-xi-cyber-dialogue");
    for (const char* key : {"score", "title", "date", "source", "url", "snippet"})
        EXPECT_TRUE(hit.contains(key)) << key;
}

TEST_F(Cli, BatchTrecModePrintsRunLinesPerQuery) {
    test::write_file(dir_->path() / "queries.tsv", "q1\tcyber dialogue China\nq2\tKrispy Kreme shares\n");
    const CommandRun r =
        run(bin("searcher") + " --db " + db_ + " --format trec --queries " + (dir_->path() / "queries.tsv").string());
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.rfind("q1 Q0 seed/thehill-xi-cyber-dialogue 1 ", 0), 0u) << r.out.substr(0, 200);
    EXPECT_NE(r.out.find("\nq2 Q0 bbc/business/386 1 "), std::string::npos);
    std::size_t lines = 0;
    for (char c : r.out) lines += c == '\n';
    EXPECT_GT(lines, 100u);  // deep rankings by default in TREC batch mode
}

TEST_F(Cli, BatchJsonModePrintsOneObjectPerLine) {
    test::write_file(dir_->path() / "q.txt", "cyber dialogue\nKrispy Kreme\n");
    const CommandRun r =
        run(bin("searcher") + " --db " + db_ + " --format json -n 2 --queries " + (dir_->path() / "q.txt").string());
    ASSERT_EQ(r.exit_code, 0);
    const auto newline = r.out.find('\n');
    EXPECT_EQ(nlohmann::json::parse(r.out.substr(0, newline)).at("query"), "cyber dialogue");
    EXPECT_EQ(nlohmann::json::parse(r.out.substr(newline + 1)).at("query"), "Krispy Kreme");
}

TEST_F(Cli, PlantedEscapeSequencesNeverReachTheTerminalRaw) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    test::write_file(
        dir / "evil.jsonl",
        R"({"id":"evil\u001b[2J","title":"\u001b[31mRed alert\u001b[0m headline","body":"Alert \u001b]0;pwned\u0007 text \u009b31m here \u007f","source":"x\u001b[5m"})"
        "\n");
    ASSERT_EQ(run(bin("indexer") + " -q --db " + db + " " + (dir / "evil.jsonl").string()).exit_code, 0);
    for (const char* format : {"text", "tsv", "trec", "jsonl", "json"}) {
        const CommandRun r = run(bin("searcher") + " --db " + db + " --format " + format + " alert");
        EXPECT_EQ(r.exit_code, 0) << format;
        const bool has_titles = std::string_view(format) != "trec";
        if (has_titles) {
            EXPECT_NE(r.out.find("Red alert"), std::string::npos) << format << ": " << r.out;
        }
        EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << format << ": " << r.out;
        EXPECT_EQ(r.out.find("\xc2\x9b"), std::string::npos) << format;  // C1 CSI
        EXPECT_EQ(r.out.find('\x7f'), std::string::npos) << format;      // DEL: was raw in JSON
    }
    const CommandRun shown = run(bin("searcher") + " --db " + db + " --show 'evil\x1b[2J'");
    EXPECT_EQ(shown.exit_code, 0);
    EXPECT_EQ(shown.out.find('\x1b'), std::string::npos) << shown.out;
}

TEST_F(Cli, MalformedQueriesExitZeroOrTwoAndNeverCrash) {
    const std::vector<std::string> queries = {"'\"'",
                                              "'\"cyber'",
                                              "'(('",
                                              "'))'",
                                              "'(cyber'",
                                              "AND",
                                              "OR",
                                              "NOT",
                                              "'AND AND'",
                                              "'cyber AND'",
                                              "'NOT cyber'",
                                              "+",
                                              "-- -",
                                              "'*'",
                                              "'title:'",
                                              "':cyber'",
                                              "'date:'",
                                              "'date:..'",
                                              "'date:2015-13-45..2015-99-99'",
                                              "'year:abc..def'",
                                              "NEAR",
                                              "'cyber NEAR'",
                                              "'tag:'",
                                              "'id:'",
                                              "'source:\"'",
                                              "'\\'",
                                              "$'\\x01\\x02'",
                                              "$'\\xff\\xfe'",
                                              "'((((((((cyber))))))))'",
                                              "'\"\"\"\"'",
                                              "'cyber OR OR OR china'",
                                              "'-cyber'"};
    ASSERT_GE(queries.size(), 30u);
    for (const auto& q : queries) {
        const CommandRun r = run(bin("searcher") + " --db " + db_ + " -- " + q + " 2>&1");
        EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 2) << q << " -> " << r.exit_code << ": " << r.out;
    }
}

TEST_F(Cli, ResultControlsAndFormats) {
    const std::string base = bin("searcher") + " --db " + db_;
    CommandRun r = run(base + " --format tsv -n 2 Krispy Kreme");
    EXPECT_EQ(r.out.rfind("rank\tid\tscore\tdate\tsource\tcategory\ttitle\n1\tbbc/business/386\t", 0), 0u) << r.out;
    r = run(base + " --format jsonl -n 3 election");
    std::size_t lines = 0;
    for (std::size_t pos = 0; (pos = r.out.find('\n', pos)) != std::string::npos; ++pos) ++lines;
    EXPECT_EQ(lines, 3u);
    EXPECT_EQ(nlohmann::json::parse(r.out.substr(0, r.out.find('\n'))).at("query"), "election");
    r = run(base + " --format json --facets category,source -n 1 election");
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("facets").at("source").at(0).at("value"), "bbc");
    r = run(base + " --format json governmnt electon");
    EXPECT_EQ(nlohmann::json::parse(r.out).at("suggestion"), "government election");
    r = run(base + " --like bbc/sport/200 --format tsv");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out.find("bbc/sport/200\t"), std::string::npos);  // itself excluded
    EXPECT_EQ(run(base + " --show seed/thehill-xi-cyber-dialogue").out.rfind("Xi: ", 0), 0u);
    EXPECT_EQ(run(base + " --show no/such/id 2>&1").exit_code, 2);
    EXPECT_EQ(run(base + " --like no/such/id 2>&1").exit_code, 2);
    EXPECT_EQ(run(base + " --facets colour china 2>&1").exit_code, 2);
    EXPECT_EQ(run(base + " --sort sideways china 2>&1").exit_code, 2);
    EXPECT_EQ(run(base + " --since yesterday china 2>&1").exit_code, 2);
    EXPECT_EQ(run(base + " < /dev/null 2>&1").exit_code, 2);  // no query, not a terminal
    r = run(base + " --feedback --format tsv -n 1 cyber dialogue China");
    EXPECT_NE(r.out.find("\n1\tseed/thehill-xi-cyber-dialogue\t"), std::string::npos) << r.out;
}

TEST(CliUsage, UnknownFlagExitsTwoWithOneLineAndAHelpPointer) {
    for (const char* program : {"indexer", "searcher"}) {
        const CommandRun r = run(bin(program) + " --no-such-flag x 2>&1");
        EXPECT_EQ(r.exit_code, 2) << program;
        EXPECT_NE(r.out.find("--help"), std::string::npos) << r.out;
    }
}

TEST(CliUsage, UnknownFormatListsTheValidOnes) {
    const CommandRun r = run(bin("searcher") + " --format xml china 2>&1");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("valid: text, json, jsonl, trec, tsv"), std::string::npos) << r.out;
}

TEST(CliUsage, MissingDatabaseIsARuntimeError) {
    const CommandRun r = run(bin("searcher") + " --db /nonexistent/db china 2>&1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("no database at /nonexistent/db"), std::string::npos) << r.out;
}

TEST(CliUsage, HelpAndVersionExitZero) {
    for (const char* program : {"indexer", "searcher"}) {
        EXPECT_EQ(run(bin(program) + " --help").exit_code, 0);
        const CommandRun v = run(bin(program) + " --version");
        EXPECT_EQ(v.exit_code, 0);
        EXPECT_NE(v.out.find("Xapian 1.4"), std::string::npos) << v.out;
    }
}

TEST(CliUsage, IndexerExitsOneWhenNothingCouldBeIndexed) {
    test::TempDir dir;
    test::write_file(dir / "empty.jsonl", "{not json}\n");
    const CommandRun r =
        run(bin("indexer") + " --db " + (dir / "db").string() + " " + (dir / "empty.jsonl").string() + " 2>&1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("empty.jsonl:1: skipped"), std::string::npos) << r.out;
}

TEST(CliUsage, StrictMakesSkippedRecordsAnError) {
    test::TempDir dir;
    test::write_file(dir / "mixed.jsonl", "{\"id\":\"a\",\"title\":\"Fine\",\"body\":\"text\"}\n{broken\n");
    const std::string base =
        bin("indexer") + " --quiet --db " + (dir / "db").string() + " " + (dir / "mixed.jsonl").string();
    EXPECT_EQ(run(base + " 2>/dev/null").exit_code, 0);
    EXPECT_EQ(run(base + " --strict 2>/dev/null").exit_code, 1);
}

TEST(CliUsage, LockedDatabaseGivesAClearMessage) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    Xapian::WritableDatabase holder(db, Xapian::DB_CREATE_OR_OPEN);
    test::write_file(dir / "a.jsonl", "{\"id\":\"a\",\"title\":\"Fine\",\"body\":\"text\"}\n");
    const CommandRun r = run(bin("indexer") + " --db " + db + " " + (dir / "a.jsonl").string() + " 2>&1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("locked"), std::string::npos) << r.out;
}

TEST(CliUsage, DiagnosticsQuotingFileNamesAndContentNeverReachTheTerminalRaw) {
    // Paths, dates, header names and ids from the input are escaped as \\xNN, so every
    // message stays one inert line.
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const std::string evil = (dir / "evil\x1b]0;owned\x07.jsonl").string();
    test::write_file(evil, "{\"id\":\"a\",\"title\":\"T\",\"date\":\"\\u001b[2J soon\"}\n{broken\n");
    const CommandRun indexed = run(bin("indexer") + " -q --db " + db + " '" + evil + "' 2>&1");
    EXPECT_EQ(indexed.exit_code, 0) << indexed.out;
    EXPECT_EQ(indexed.out.find('\x1b'), std::string::npos) << indexed.out;
    EXPECT_EQ(indexed.out.find('\x07'), std::string::npos) << indexed.out;
    EXPECT_NE(indexed.out.find("evil\\x1b]0;owned\\x07.jsonl:1: warning: unparseable date \"\\x1b[2J soon\" ignored\n"),
              std::string::npos)
        << indexed.out;
    EXPECT_NE(indexed.out.find("evil\\x1b]0;owned\\x07.jsonl:2: skipped: invalid JSON"), std::string::npos)
        << indexed.out;

    const CommandRun deleted = run(bin("indexer") + " -q --db " + db + " --delete 'gone\x1b[2J' 2>&1");
    EXPECT_EQ(deleted.out, "indexer: no article with id 'gone\\x1b[2J'\n");
    const CommandRun missing = run(bin("searcher") + " --db '" + (dir / "no\x1b[2Jdb").string() + "' x 2>&1");
    EXPECT_EQ(missing.exit_code, 1);
    EXPECT_EQ(missing.out.find('\x1b'), std::string::npos) << missing.out;
    EXPECT_NE(missing.out.find("no\\x1b[2Jdb"), std::string::npos) << missing.out;

    // evaluate: qids in its report, and the file text quoted in its line errors.
    test::write_file(dir / "qrels", "q\x1b[2J 0 d1 1\n");
    test::write_file(dir / "run", "q\x1b[2J Q0 d1 1 1.5 tag\nq1 Q0 d2 2 x\x1b[5m tag\n");
    const CommandRun evaluated =
        run(bin("evaluate") + " --per-query " + (dir / "qrels").string() + " " + (dir / "run").string() + " 2>&1");
    EXPECT_EQ(evaluated.exit_code, 1) << evaluated.out;  // a malformed line
    EXPECT_EQ(evaluated.out.find('\x1b'), std::string::npos) << evaluated.out;
    EXPECT_NE(evaluated.out.find("\tq[2J\t"), std::string::npos) << evaluated.out;
}

}  // namespace
}  // namespace news
