// The searcher side of issue 20, "Nothing lost, nothing hangs, no way in": what a hostile
// probe found, each kept from coming back. The programs are run as a user would run them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/terminal_text.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/interactive.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using test::CommandRun;

std::string bin(const std::string& name) { return test::program(name); }

/// A small database built once by the real indexer from a JSON Lines corpus made for these
/// tests: dated and undated oil stories, a title planted with bidirectional controls, and
/// 1,101 distinct words starting with "zq", of which "zqtop" is the most frequent.
class HostileSearch : public test::IndexedOnceSuite<HostileSearch> {
  public:
    static void build(test::IndexedByTheIndexer& database) {
        std::string corpus =
            R"({"id":"bidi","title":"Oil \u202Egnp.exe\u202C report","body":"Crude oil \u2066isolated\u2069 and zero\u200Bwidth \uFEFFtext","source":"rtl\u202Esource","category":"energy","date":"2015-03-01"})"
            "\n"
            R"({"id":"old","title":"Oil shock","body":"Oil prices fell in the crash.","source":"reuters","date":"1987-10-19"})"
            "\n"
            R"({"id":"undated","title":"Oil, undated","body":"An oil story without a date."})"
            "\n";
        std::string many;
        for (int i = 1; i <= 1100; ++i) many += " zq" + std::to_string(10000 + i);
        corpus += R"({"id":"zq-many","title":"Many words","body":")" + many + "\"}\n";
        for (int i = 1; i <= 3; ++i)
            corpus += R"({"id":"zq-top-)" + std::to_string(i) + R"(","title":"Top","body":"zqtop )" +
                      std::to_string(i) + "\"}\n";
        test::write_file(database.dir() / "corpus.jsonl", corpus);
        database.index((database.dir() / "corpus.jsonl").string());
    }
};

// --- item 9: query lines without end --------------------------------------------------------

TEST_F(HostileSearch, QueryLinesLongerThanTheLimitAreSkippedWithTheirLocation) {
    const std::string file = (dir() / "long.txt").string();
    test::write_file(file, "q1\toil\n" + std::string(70000, 'x') + "\nq3\tshock\n" + std::string(65536, 'y') + "\r\n" +
                               std::string(65537, 'z') + "\nq6\tcrude");
    const CommandRun r = search("--format trec -n 1 --queries " + file);
    EXPECT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(err(), file + ":2: skipped: query longer than 65536 bytes\n" + file +
                         ":5: skipped: query longer than 65536 bytes\n");  // line 4 is exactly at the limit
    EXPECT_NE(r.out.find("q1 Q0 "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("q3 Q0 old "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("q6 Q0 bidi "), std::string::npos) << r.out;
}

TEST_F(HostileSearch, EndlessQueryLineIsReportedAtOnceAndReadInBoundedMemory) {
    // std::getline held the line whole: /dev/zero grew the searcher past 4 GB in 6 s. Now the
    // line is reported as soon as it passes the limit, then read on (it never ends) without
    // being kept: under a 1 GB address-space limit the searcher is still reading when
    // `timeout` stops it.
#if defined(__SANITIZE_ADDRESS__)
    const std::string limit;  // ASan reserves terabytes of address space up front
#else
    const std::string limit = "ulimit -v 1000000; ";
#endif
    const CommandRun r = test::run_command("(" + limit + "timeout 2 " + bin("searcher") + " --db " + db() +
                                           " --queries /dev/zero) 2>" + test::shell_quoted(err_path()));
    EXPECT_EQ(r.exit_code, 124) << "stopped by timeout, not by an error: " << err();
    EXPECT_EQ(err(), "/dev/zero:1: skipped: query longer than 65536 bytes\n");
}

TEST_F(HostileSearch, OverlongLineOnStandardInputIsNamedAsSuch) {
    test::write_file(dir() / "long-stdin.txt", std::string(65537, 'a') + "\noil\n");
    const CommandRun r =
        search("--format trec --queries - < " + test::shell_quoted((dir() / "long-stdin.txt").string()));
    EXPECT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(err(), "(standard input):1: skipped: query longer than 65536 bytes\n");
    EXPECT_EQ(test::trec_ids(r.out).size(), 3u) << r.out;
}

TEST_F(HostileSearch, OverlongQueryOnTheCommandLineIsAUsageError) {
    const CommandRun r = search(std::string(65537, 'a'));
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(err().rfind("searcher: query longer than 65536 bytes\n", 0), 0u) << err();
}

// --- item 10: wildcards over huge numbers of terms ---------------------------------------

TEST_F(HostileSearch, WildcardMatchingMoreThanTheLimitSearchesTheMostFrequentWordsAndWarns) {
    const CommandRun r = search("--format trec -n 100 'zq*'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(err(), "searcher: warning: 'zq*' matches 1101 words; searching the 1024 most frequent\n");
    // "zqtop" sorts after every "zq1...": kept only because it is the most frequent.
    auto ids = test::trec_ids(r.out);
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"zq-many", "zq-top-1", "zq-top-2", "zq-top-3"})) << r.out;
}

TEST_F(HostileSearch, WildcardWithinTheLimitIsSearchedWholeWithoutAWarning) {
    const CommandRun r = search("--format trec 'zq1000*'");  // zq10001..zq10009
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(err(), "");
    EXPECT_EQ(test::trec_ids(r.out), std::vector<std::string>{"zq-many"});
}

TEST_F(HostileSearch, WildcardWarningInABatchNamesTheFileAndLine) {
    test::write_file(dir() / "wild.txt", "oil\ntitle:top OR zq*\n");
    const std::string file = (dir() / "wild.txt").string();
    const CommandRun r = search("--format trec --queries " + file);
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(err(), file + ":2: warning: 'zq*' matches 1101 words; searching the 1024 most frequent\n");
}

// --- item 11: -n and --offset -------------------------------------------------------------

TEST_F(HostileSearch, CountsThatWouldWrapAroundOrAreNegativeAreUsageErrors) {
    // Boost read "-1" into an unsigned as 4294967295, and offset + limit wrapped to a page of
    // nothing: "-n 4294967295 --offset 1 oil" found 0 hits, exit 0.
    for (const std::string args :
         {"-n 4294967295 --offset 1", "-n -1", "-n -3", "--limit=-1", "--offset -1", "-n 1000001", "--offset 100000001",
          "-n 99999999999999999999999", "-n 1e3", "-n ''", "--offset 0x10"}) {
        const CommandRun r = search(args + " oil");
        EXPECT_EQ(r.exit_code, 2) << args;
        EXPECT_EQ(r.out, "") << args;
        const std::string message = err();
        EXPECT_EQ(message.rfind("searcher: ", 0), 0u) << args << ": " << message;
        EXPECT_NE(message.find("\nTry 'searcher --help' for more information.\n"), std::string::npos)
            << args << ": " << message;
        EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 2) << args << ": " << message;
    }
    search("-n -1 oil");
    EXPECT_EQ(err().rfind("searcher: -n: -1 is out of range (0 to 1000000)\n", 0), 0u) << err();
}

TEST_F(HostileSearch, TheLargestCountsAllowedStillSearch) {
    const CommandRun r = search("--format trec -n 1000000 --offset 1 oil");
    EXPECT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(test::trec_ids(r.out).size(), 2u) << r.out;  // three oil stories, the first skipped
    EXPECT_EQ(search("--format trec -n 0 --offset 100000000 oil").exit_code, 0) << err();
    EXPECT_EQ(search("--format trec -n 007 oil").exit_code, 0) << err();
}

TEST(SearcherHelp, StatesTheLimitsOfLimitAndOffset) {
    const CommandRun r = test::run_command(bin("searcher") + " --help");
    EXPECT_NE(r.out.find("at most 1000000"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("100000000"), std::string::npos) << r.out;  // Boost may wrap the line before it
}

TEST(WildcardLimit, PromptShowsTheWarningAboveTheResults) {
    Xapian::WritableDatabase db = test::in_memory_db();
    IndexBuilder builder(db, {});
    builder.add(test::article("a", "Cats", "catalogue category catapult"));
    builder.add(test::article("b", "Cattle", "cattle cattle catalogue"));
    builder.finish();
    AnalysisConfig config;
    config.max_wildcard_terms = 2;
    SearchEngine engine(Xapian::Database(db), config);
    CommandInterpreter prompt(engine, SearchRequest{}, FormatOptions{});
    std::ostringstream out;
    prompt.execute("cat*", out);
    EXPECT_EQ(out.str().rfind("warning: 'cat*' matches 5 words; searching the 2 most frequent\n", 0), 0u) << out.str();
}

TEST(QueryLengthLimit, PromptRefusesAnOverlongLineAndCarriesOn) {
    Xapian::WritableDatabase db = test::in_memory_db();
    IndexBuilder builder(db, {});
    builder.add(test::article("a", "Cats", "cats purr"));
    builder.finish();
    SearchEngine engine{Xapian::Database(db)};
    CommandInterpreter prompt(engine, SearchRequest{}, FormatOptions{});
    std::ostringstream out;
    EXPECT_EQ(prompt.execute("cats " + std::string(kMaxQueryBytes, 'a'), out), CommandInterpreter::Outcome::kContinue);
    EXPECT_EQ(out.str(), "error: query longer than 65536 bytes\n");
    std::ostringstream next;
    prompt.execute("cats", next);
    EXPECT_NE(next.str().find("1. Cats"), std::string::npos) << next.str();
}

// --- item 14: bidirectional and zero-width characters ---------------------------------------

/// The invisible characters planted in the test corpus, as UTF-8.
const std::vector<std::string> kPlanted = {"\xE2\x80\xAE", "\xE2\x80\xAC", "\xE2\x81\xA6",
                                           "\xE2\x81\xA9", "\xE2\x80\x8B", "\xEF\xBB\xBF"};

/// The first planted character found in `text`, empty when there is none.
std::string planted_in(const std::string& text) {
    for (const std::string& c : kPlanted)
        if (text.find(c) != std::string::npos) return c;
    return {};
}

TEST(TrojanSource, TerminalSafeRemovesBidiAndZeroWidthCharactersAndKeepsScripts) {
    const std::pair<std::string, std::string> cases[] = {
        {"Oil \xE2\x80\xAEgnp.exe\xE2\x80\xAC report", "Oil gnp.exe report"},  // RLO, PDF
        {"a\xE2\x81\xA6"
         "b\xE2\x81\xA7"
         "c\xE2\x81\xA8"
         "d\xE2\x81\xA9"
         "e",
         "abcde"},                                                                       // LRI, RLI, FSI, PDI
        {"\xE2\x80\x8Ez\xE2\x80\x8F\xD8\x9C\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAD", "z"},  // LRM RLM ALM LRE RLE LRO
        {"zero\xE2\x80\x8B\xE2\x80\x8C\xE2\x80\x8Dwidth\xE2\x81\xA0\xEF\xBB\xBF", "zerowidth"},
        // Hebrew, Arabic, CJK, emoji and the characters around the removed ranges stay.
        {"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xE4\xB8\xAD \xF0\x9F\x93\xB0",
         "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD8\xB3\xD9\x84\xD8\xA7\xD9\x85 \xE4\xB8\xAD \xF0\x9F\x93\xB0"},
        {"\xE2\x80\x8A\xE2\x80\x90\xE2\x80\xA9\xE2\x80\xAF\xEF\xBB\xBE",
         "\xE2\x80\x8A\xE2\x80\x90\xE2\x80\xA9\xE2\x80\xAF\xEF\xBB\xBE"},
    };
    for (const auto& [input, expected] : cases) EXPECT_EQ(terminal_safe(input), expected) << input;
    EXPECT_EQ(escape_for_message("evil\xE2\x80\xAE.txt"), "evil\\xe2\\x80\\xae.txt");
}

TEST_F(HostileSearch, BidiAndZeroWidthCharactersNeverReachTheTerminalRaw) {
    for (const std::string format : {"text", "tsv"}) {
        const CommandRun r = search("--format " + format + " crude");
        ASSERT_EQ(r.exit_code, 0) << err();
        EXPECT_NE(r.out.find("Oil gnp.exe report"), std::string::npos) << format << ": " << r.out;
        EXPECT_EQ(planted_in(r.out), "") << format << ": " << r.out;
    }
    const CommandRun facets = search("--facets source crude");
    EXPECT_NE(facets.out.find("source:  rtlsource (1, 100%)"), std::string::npos) << facets.out;
    EXPECT_EQ(planted_in(facets.out), "") << facets.out;
    const CommandRun shown = search("--show bidi");
    EXPECT_NE(shown.out.find("Oil gnp.exe report\n"), std::string::npos) << shown.out;
    EXPECT_EQ(planted_in(shown.out), "") << shown.out;
}

TEST_F(HostileSearch, BidiAndZeroWidthCharactersAreEscapedInJson) {
    for (const std::string format : {"json", "jsonl"}) {
        const CommandRun r = search("--format " + format + " --facets source crude");
        ASSERT_EQ(r.exit_code, 0) << err();
        EXPECT_EQ(planted_in(r.out), "") << format << ": " << r.out;
        EXPECT_NE(r.out.find("Oil \\u202egnp.exe\\u202c report"), std::string::npos) << format << ": " << r.out;
        // Escaped, not lost: the JSON still holds the text as stored.
        const nlohmann::json j = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
        const nlohmann::json& hit = format == "json" ? j.at("hits").at(0) : j;
        EXPECT_EQ(hit.at("title"), "Oil \xE2\x80\xAEgnp.exe\xE2\x80\xAC report");
        if (format == "json") {
            EXPECT_EQ(j.at("facets").at("source").at(0).at("value"), "rtl\xE2\x80\xAEsource");
        }
    }
}

// --- item 15: year ranges, impossible dates, failed writes ------------------------------------

TEST_F(HostileSearch, YearRangesBeyondTheStoredYearsAreOpenOnThatSide) {
    // Both matched nothing: only four-digit years were read.
    const std::vector<std::string> dated = {"bidi", "old"};
    for (const std::string query : {"year:0..3000", "year:1..9999", "year:0000..99999", "year:..12345"}) {
        const CommandRun r = search("--format trec -n 100 " + test::shell_quoted(query));
        EXPECT_EQ(r.exit_code, 0) << query << ": " << err();
        auto ids = test::trec_ids(r.out);
        std::sort(ids.begin(), ids.end());
        EXPECT_EQ(ids, dated) << query;
    }
    EXPECT_EQ(test::trec_ids(search("--format trec 'year:1988..30000'").out), std::vector<std::string>{"bidi"});
    EXPECT_EQ(test::trec_ids(search("--format trec 'year:..1987'").out), std::vector<std::string>{"old"});
    EXPECT_EQ(test::trec_ids(search("--format trec 'year:987..1987'").out), std::vector<std::string>{"old"});
}

TEST_F(HostileSearch, YearRangeStartingAfter9999IsAUsageError) {
    const CommandRun r = search("'year:10000..'");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(err().rfind("searcher: year:10000..: no date is after the year 9999\n", 0), 0u) << err();
}

TEST_F(HostileSearch, ImpossibleDatesInQueriesAreRejectedLikeSinceRejectsThem) {
    for (const std::string query :
         {"date:2015-99-99..", "oil date:..2015-02-30", "date:2015-13..", "date:20151301.."}) {
        const CommandRun r = search(test::shell_quoted(query));
        EXPECT_EQ(r.exit_code, 2) << query;
        EXPECT_EQ(r.out, "") << query;
        EXPECT_NE(err().find(": cannot read the date '"), std::string::npos) << query << ": " << err();
    }
    search("'date:2015-99-99..'");
    EXPECT_EQ(err(),
              "searcher: date:2015-99-99..: cannot read the date '2015-99-99' (e.g. 2015-09-01, 2015-09, 2015)\n"
              "Try 'searcher --help' for more information.\n");
    EXPECT_EQ(search("--since 2015-99 oil").exit_code, 2) << "a month 99 passed --since too";
    // The forms --since takes, in a query.
    for (const std::string query :
         {"date:1987-10..1987-10", "date:19871019..19871019", "date:1987..1987", "date:..1987-10-19"})
        EXPECT_EQ(test::trec_ids(search("--format trec " + test::shell_quoted(query)).out),
                  std::vector<std::string>{"old"})
            << query;
}

TEST_F(HostileSearch, ImpossibleDateInABatchSkipsThatQueryOnly) {
    const std::string file = (dir() / "dates.txt").string();
    test::write_file(file, "q1\toil date:1987..1987\nq2\toil date:2015-99-99..\nq3\toil year:2015\n");
    const CommandRun r = search("--format trec --queries " + file);
    EXPECT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(
        err(),
        file + ":2: skipped: date:2015-99-99..: cannot read the date '2015-99-99' (e.g. 2015-09-01, 2015-09, 2015)\n");
    EXPECT_EQ(test::trec_ids(r.out), (std::vector<std::string>{"old", "bidi"})) << r.out;
}

TEST(FailedWrites, EveryProgramExitsOneWhenStandardOutputCannotBeWritten) {
    // `--help > /dev/full` exited 0: the output was lost and nobody was told.
    test::TempDir dir;
    const std::string err = (dir / "err").string();
    for (const std::string program : {"indexer", "searcher", "evaluate"}) {
        for (const std::string option : {"--help", "--version"}) {
            const CommandRun r =
                test::run_command(bin(program) + " " + option + " > /dev/full 2> " + test::shell_quoted(err));
            EXPECT_EQ(r.exit_code, 1) << program << " " << option;
            // The reason is known when the failing write was the last: not so when an earlier
            // one failed, as with the searcher's unsynchronised std::cout.
            const std::string message = test::read_file(err);
            EXPECT_EQ(message.rfind(program + ": cannot write to standard output", 0), 0u) << program << " " << option;
            EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;
        }
    }
}

TEST_F(HostileSearch, ResultsThatCannotBeWrittenAreReportedOnce) {
    const CommandRun r =
        test::run_command(bin("searcher") + " --db " + db() + " oil > /dev/full 2> " + test::shell_quoted(err_path()));
    EXPECT_EQ(r.exit_code, 1);
    const std::string message = err();
    EXPECT_EQ(message.rfind("searcher: cannot write to standard output", 0), 0u) << message;
    EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;
}

// --- serve.sh ---------------------------------------------------------------------------

/// A folder holding a fake xapian-tcpsrv that prints its arguments, one a line, and exits:
/// put first in PATH, it shows how serve.sh would start the real server.
class FakeTcpServer {
  public:
    FakeTcpServer() {
        const auto script = dir_ / "xapian-tcpsrv";
        test::write_file(script, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        std::filesystem::permissions(script, std::filesystem::perms::owner_all);
        std::filesystem::create_directories(dir_ / "db");
    }

    /// Runs serve.sh with `args` after the database; stderr goes to the `err` file.
    CommandRun serve(const std::string& args) const {
        return test::run_command("PATH=" + test::shell_quoted(dir_.path().string()) + ":\"$PATH\" " +
                                 test::project_path("scripts/serve.sh").string() + " " +
                                 test::shell_quoted((dir_ / "db").string()) + " " + args + " 2>" +
                                 test::shell_quoted(err_path()));
    }
    std::string err() const { return test::read_file(err_path()); }

  private:
    std::string err_path() const { return (dir_ / "err").string(); }
    test::TempDir dir_;
};

TEST(ServeScript, ListensOnLoopbackOnlyUnlessAnAddressIsGiven) {
    const FakeTcpServer server;
    const CommandRun r = server.serve("7000");
    EXPECT_EQ(r.exit_code, 0) << server.err();
    EXPECT_NE(r.out.find("--interface\n127.0.0.1\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--port\n7000\n"), std::string::npos) << r.out;
    EXPECT_EQ(server.err(), "");
}

TEST(ServeScript, WarnsThatTheProtocolIsOpenWhenServingBeyondLoopback) {
    const FakeTcpServer server;
    const CommandRun r = server.serve("7000 0.0.0.0");
    EXPECT_EQ(r.exit_code, 0) << server.err();
    EXPECT_NE(r.out.find("--interface\n0.0.0.0\n"), std::string::npos) << r.out;
    const std::string err = server.err();
    EXPECT_NE(err.find("serve.sh: warning: serving "), std::string::npos) << err;
    EXPECT_NE(err.find("no authentication or encryption"), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << "one line: " << err;

    const FakeTcpServer local;
    local.serve("7000 127.0.0.1");
    EXPECT_EQ(local.err(), "") << "loopback given explicitly: nothing to warn about";
}

TEST(ServeScript, HelpNamesTheLoopbackDefault) {
    const CommandRun r = test::run_command(test::project_path("scripts/serve.sh").string() + " --help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("default: 127.0.0.1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("otherwise that of xapian-tcpsrv.\n"), std::string::npos) << "help cut short: " << r.out;
    EXPECT_EQ(r.out.find("Lines 2-"), std::string::npos) << "help runs past its end: " << r.out;
}

}  // namespace
}  // namespace news
