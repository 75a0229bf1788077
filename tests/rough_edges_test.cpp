// Issue 17, "Searcher rough edges" and two items of "Ingestion of news as it really comes":
// what a new user saw on the bundled corpus, each kept from coming back. The programs are
// run as a user would run them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/indexing_run_record.hpp"
#include "common/schema.hpp"
#include "searcher/match_count.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using test::CommandRun;

std::string bin(const std::string& name) { return test::program(name); }

/// The first line of `text`.
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

/// The bundled corpus (the seed article and 2,225 BBC articles, all undated) and three dated
/// Reuters stories, indexed once by the real indexer: 2,229 articles.
class RoughEdges : public test::IndexedOnceSuite<RoughEdges> {
  public:
    static void build(test::IndexedByTheIndexer& database) {
        test::write_file(
            database.dir() / "dated.jsonl",
            R"({"id":"r-2014","title":"Oil falls below $80","body":"Brent crude fell below $80 a barrel.","source":"reuters","date":"2014-11-13"})"
            "\n"
            R"({"id":"r-2016","title":"Oil rebounds","body":"Oil prices rose after OPEC agreed to cut output.","source":"reuters","date":"2016-11-30"})"
            "\n"
            R"({"id":"r-2015","title":"Oil glut deepens","body":"Crude stocks hit a record as oil output grew.","source":"reuters","date":"2015-06-10"})"
            "\n");
        database.index(test::project_path("corpus").string() + " " + (database.dir() / "dated.jsonl").string());
    }
};

// --- -n -3 ----------------------------------------------------------------------------------
// Already rejected before this work (hostile_search_test.cpp,
// CountsThatWouldWrapAroundOrAreNegativeAreUsageErrors); checked here on the real corpus.

TEST_F(RoughEdges, NegativeLimitIsAUsageErrorPointingToHelp) {
    const CommandRun r = search("-n -3 oil");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(err(), "searcher: -n: -3 is out of range (0 to 1000000)\nTry 'searcher --help' for more information.\n");
}

TEST_F(RoughEdges, ThreadsAreOneOrMoreAndTheHitsAreTheSameWhateverTheirNumber) {
    EXPECT_EQ(search("-j 0 oil").exit_code, 2);
    EXPECT_EQ(err(), "searcher: --threads must be between 1 and 256\nTry 'searcher --help' for more information.\n");
    // Words with enough postings between them to be split over threads at all.
    const std::string words =
        "said year new time world first last told make number firm well like week people government two get back "
        "way three including uk month expect plan game show best market";
    const Xapian::Database db(RoughEdges::db());
    const Xapian::Stem stem("english");
    Xapian::doccount postings = 0;
    std::istringstream in(words);
    for (std::string word; in >> word;) postings += db.get_termfreq("Z" + stem(word));
    ASSERT_GE(postings, SearchEngine::kParallelFromPostings);
    // Every copy shown: collapsing BBC's copies would leave the page short and send it
    // down the one-thread fallback, where the threads' page is not what is printed.
    const CommandRun one = search("--threads 1 --no-collapse --format trec " + words);
    ASSERT_EQ(one.exit_code, 0);
    EXPECT_EQ(std::count(one.out.begin(), one.out.end(), '\n'), 10);
    EXPECT_EQ(search("--threads 3 --no-collapse --format trec " + words).out, one.out);
}

// --- match counts ---------------------------------------------------------------------------

TEST(MatchCount, ThousandsAreSeparatedByCommas) {
    const std::vector<std::pair<Xapian::doccount, std::string>> cases = {{0, "0"},
                                                                         {1, "1"},
                                                                         {999, "999"},
                                                                         {1000, "1,000"},
                                                                         {2226, "2,226"},
                                                                         {100000, "100,000"},
                                                                         {1234567, "1,234,567"}};
    for (const auto& [n, text] : cases) EXPECT_EQ(with_thousands_separators(n), text) << n;
}

TEST(MatchCount, ExactCountsAreStatedAndEstimatesSaySo) {
    SearchResult r;
    r.estimated_matches = r.matches_lower_bound = r.matches_upper_bound = 1;
    EXPECT_EQ(describe_match_count(r), "1 match");
    r.estimated_matches = r.matches_lower_bound = r.matches_upper_bound = 2226;
    EXPECT_EQ(describe_match_count(r), "2,226 matches");
    r.matches_lower_bound = 2000;
    r.matches_upper_bound = 2300;
    r.estimated_matches = 2230;
    EXPECT_EQ(describe_match_count(r), "About 2,230 matches");
}

TEST_F(RoughEdges, OneMatchIsOneMatchNotAboutOneMatches) {
    const CommandRun r = search("'title:\"cyber crime dialogue\"'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(first_line(r.out), "1 match for \"title:\"cyber crime dialogue\"\"; showing 1-1");
}

TEST_F(RoughEdges, AnExactCountIsPrintedExactlyWithSeparators) {
    const CommandRun r = search("-n 1 'source:bbc'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(first_line(r.out), "2,225 matches for \"source:bbc\"; showing 1-1");
}

TEST_F(RoughEdges, JsonCarriesTheBoundsOfTheCount) {
    const CommandRun r = search("--format json -n 1 'source:bbc'");
    ASSERT_EQ(r.exit_code, 0) << err();
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("matches_lower_bound"), 2225);
    EXPECT_EQ(j.at("matches_upper_bound"), 2225);
}

// --- empty pages ----------------------------------------------------------------------------

TEST_F(RoughEdges, LimitZeroSaysHowManyMatchThatNoneAreShown) {
    const CommandRun r = search("-n 0 'source:reuters'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(r.out, "3 matches for \"source:reuters\"; none shown (limit 0)\n");
}

TEST_F(RoughEdges, OffsetPastTheEndSaysThePageIsEmpty) {
    const CommandRun r = search("--offset 5000 'source:reuters'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(r.out, "3 matches for \"source:reuters\"; the page from 5,001 on is empty\n");
}

TEST_F(RoughEdges, FacetsWithLimitZeroAreNotLabelledNoMatches) {
    const CommandRun r = search("-n 0 --facets year 'source:reuters'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(r.out.find("No matches"), std::string::npos) << r.out;
    EXPECT_EQ(r.out,
              "3 matches for \"source:reuters\"; none shown (limit 0)\n"
              "year:  2014 (1, 33%)  2015 (1, 33%)  2016 (1, 33%)\n");
}

TEST_F(RoughEdges, FacetValuesCarryTheirShareOfTheResultSet) {
    const CommandRun r = search("-n 0 --facets year --format json 'source:reuters'");
    ASSERT_EQ(r.exit_code, 0) << err();
    const nlohmann::json years = nlohmann::json::parse(r.out).at("facets").at("year");
    ASSERT_EQ(years.size(), 3u);
    for (const nlohmann::json& year : years) EXPECT_DOUBLE_EQ(year.at("share").get<double>(), 1.0 / 3) << year;
}

TEST_F(RoughEdges, NothingMatchedStillSaysNoMatches) {
    const CommandRun r = search("zzqqxxv");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(r.out.find("No matches for \"zzqqxxv\"."), 0u) << r.out;
}

// --- match-all ------------------------------------------------------------------------------

TEST_F(RoughEdges, StarListsEveryArticleNewestFirst) {
    const CommandRun r = search("--format trec -n 4 '*'");
    ASSERT_EQ(r.exit_code, 0) << err();
    const std::vector<std::string> ids = test::trec_ids(r.out);
    ASSERT_EQ(ids.size(), 4u) << r.out;
    EXPECT_EQ(std::vector<std::string>(ids.begin(), ids.begin() + 3),
              (std::vector<std::string>{"r-2016", "r-2015", "r-2014"}));  // then the undated
    EXPECT_EQ(first_line(search("-n 1 '*'").out), "2,229 matches for \"*\"; showing 1-1");
}

TEST_F(RoughEdges, AFilterAloneListsItsArticlesNewestFirst) {
    const CommandRun r = search("--format trec 'source:reuters'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(test::trec_ids(r.out), (std::vector<std::string>{"r-2016", "r-2015", "r-2014"}));
}

TEST_F(RoughEdges, DateOptionsWithoutAQueryListTheirArticles) {
    const CommandRun r = search("--format trec --since 2015 --sort newest");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(test::trec_ids(r.out), (std::vector<std::string>{"r-2016", "r-2015"}));
    EXPECT_EQ(test::trec_ids(search("--format trec --until 2015-12 --sort oldest").out),
              (std::vector<std::string>{"r-2014", "r-2015"}));
}

TEST_F(RoughEdges, AnEmptyQueryWithADateFilterListsItsArticles) {
    const CommandRun r = search("--format trec --since 2015 ''");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(test::trec_ids(r.out), (std::vector<std::string>{"r-2016", "r-2015"}));
}

TEST_F(RoughEdges, WordsAreStillRankedByRelevance) {
    const CommandRun r = search("--format trec -n 1 'oil glut'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(test::trec_ids(r.out), std::vector<std::string>{"r-2015"});
}

// --- --show in every format -----------------------------------------------------------------

TEST_F(RoughEdges, ShowHonoursFormatJson) {
    const CommandRun r = search("--show bbc/tech/001 --format json");
    ASSERT_EQ(r.exit_code, 0) << err();
    const auto j = nlohmann::json::parse(r.out);  // one object, nothing else
    EXPECT_EQ(j.at("id"), "bbc/tech/001");
    EXPECT_EQ(j.at("title"), "Ink helps drive democracy in Asia");
    EXPECT_EQ(j.at("source"), "bbc");
    EXPECT_EQ(j.at("category"), "tech");
    EXPECT_EQ(j.at("date"), "");
    EXPECT_EQ(j.at("url"), "");
    EXPECT_EQ(j.at("tags"), nlohmann::json::array());
    EXPECT_EQ(j.at("body").get<std::string>().rfind("The Kyrgyz Republic, a small, mountainous state", 0), 0u);
}

TEST_F(RoughEdges, ShowAsMarkdownHasATitleHeadingMetadataAndTheBody) {
    const CommandRun r = search("--show r-2015 --format markdown");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(r.out,
              "# Oil glut deepens\n\n"
              "- **Date:** 2015-06-10\n"
              "- **Source:** reuters\n"
              "- **Id:** r-2015\n\n"
              "Crude stocks hit a record as oil output grew.\n");
    const CommandRun bbc = search("--show bbc/tech/001 --format markdown");
    EXPECT_EQ(first_line(bbc.out), "# Ink helps drive democracy in Asia");
}

TEST_F(RoughEdges, MarkdownIsForShowOnlyAndShowRefusesRankingFormats) {
    const CommandRun r = search("--format markdown oil");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(first_line(err()),
              "searcher: --format markdown is for --show ID (search results: text, json, jsonl, "
              "trec, tsv)");
    EXPECT_EQ(search("--show r-2015 --format trec").exit_code, 2);
    EXPECT_EQ(first_line(err()), "searcher: --show prints text, json or markdown, not trec");
}

// --- the indexer, run on files of each test's own ----------------------------------------

/// The indexer with `args`, stdout and stderr together.
CommandRun index(const std::string& args) { return test::run_command(bin("indexer") + " " + args + " 2>&1"); }

/// The searcher on `db` with `args`, stdout only.
CommandRun search_in(const std::string& db, const std::string& args) {
    return test::run_command(bin("searcher") + " --db " + test::shell_quoted(db) + " " + args + " 2>/dev/null");
}

// --- indexer - : standard input -------------------------------------------------------------

TEST(StandardInput, DashReadsJsonLinesFromStandardInput) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const std::string bbc = test::shell_quoted(test::project_path("corpus/bbc.jsonl.zst").string());
    const CommandRun r = test::run_command("zstdcat " + bbc + " | head -n 20 | " + bin("indexer") + " --db " +
                                           test::shell_quoted(db) + " - 2>&1");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out.rfind("20 added, 0 updated, 0 unchanged", 0), 0u) << r.out;
    EXPECT_EQ(first_line(search_in(db, "-n 1 '*'").out), "20 matches for \"*\"; showing 1-1");
    EXPECT_EQ(first_line(search_in(db, "--show bbc/business/001").out), "Ad sales boost Time Warner profit");
}

TEST(StandardInput, FormatSaysHowStandardInputIsRead) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const CommandRun r = index("--db " + test::shell_quoted(db) + " --format text - < " +
                               test::shell_quoted(test::seed_article_path().string()));
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const auto j = nlohmann::json::parse(search_in(db, "--show stdin --format json").out);
    EXPECT_EQ(j.at("title"),
              "Xi: \xE2\x80\x98"
              "China is ready\xE2\x80\x99 for cyber crime dialogue");
}

TEST(StandardInput, AFailedRunLeavesNoNewDatabaseBehind) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    for (const std::string& input :
         std::vector<std::string>{"- < /dev/null", test::shell_quoted((dir / "missing.jsonl").string())}) {
        const CommandRun r = index("--db " + test::shell_quoted(db) + " " + input);
        EXPECT_EQ(r.exit_code, 1) << input << ": " << r.out;
        EXPECT_NE(r.out.find("indexer: nothing could be indexed; no database was created\n"), std::string::npos)
            << r.out;
        EXPECT_FALSE(std::filesystem::exists(db)) << input;
    }
    const CommandRun sharded = index("--db " + test::shell_quoted(db) + " --shards 2 - < /dev/null");
    EXPECT_EQ(sharded.exit_code, 1) << sharded.out;
    EXPECT_FALSE(std::filesystem::exists(db));
}

TEST(StandardInput, AFailedRunKeepsTheDatabaseThatWasThere) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    ASSERT_EQ(index("--db " + test::shell_quoted(db) + " " + test::shell_quoted(test::seed_article_path().string()))
                  .exit_code,
              0);
    const CommandRun r = index("--db " + test::shell_quoted(db) + " - < /dev/null");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("indexer: nothing could be indexed\n"), std::string::npos) << r.out;
    EXPECT_EQ(first_line(search_in(db, "'*'").out), "1 match for \"*\"; showing 1-1");
}

TEST(StandardInput, ReadingItTwiceOrWithDeleteMissingIsAUsageError) {
    test::TempDir dir;
    const std::string db = test::shell_quoted((dir / "db").string());
    EXPECT_EQ(index("--db " + db + " - - < /dev/null").exit_code, 2);
    EXPECT_EQ(index("--db " + db + " --delete-missing - < /dev/null").exit_code, 2);
    EXPECT_FALSE(std::filesystem::exists(dir / "db"));
}

// --- dates in text files ----------------------------------------------------------------------

TEST(TextFileDates, ADateLineIsTheArticlesDateAndNotItsText) {
    test::TempDir dir;
    const std::string seed = test::read_file(test::seed_article_path());
    test::write_file(dir / "news" / "xi.txt", "Date: 2015-09-22\n" + seed);
    const std::string db = (dir / "db").string();
    ASSERT_EQ(index("--db " + test::shell_quoted(db) + " " + test::shell_quoted((dir / "news").string())).exit_code, 0);
    const auto j = nlohmann::json::parse(search_in(db, "--show xi --format json").out);
    EXPECT_EQ(j.at("date"), "2015-09-22");
    EXPECT_EQ(j.at("body").get<std::string>().find("Date:"), std::string::npos);
    EXPECT_EQ(first_line(search_in(db, "--since 2015-09 --until 2015-09").out), "1 match for \"\"; showing 1-1");
    EXPECT_NE(search_in(db, "Date").out.find("No matches for \"Date\"."), std::string::npos);
}

TEST(TextFileDates, AFileWithoutADateIsDatedByItsTimeOnlyWithDateFromMtime) {
    test::TempDir dir;
    test::write_file(dir / "news" / "xi.txt", test::read_file(test::seed_article_path()));
    ASSERT_EQ(
        test::run_command("touch -d '2015-09-23 08:15:00' " + test::shell_quoted((dir / "news" / "xi.txt").string()))
            .exit_code,
        0);
    const std::string plain = (dir / "plain").string(), dated = (dir / "dated").string();
    const std::string news = test::shell_quoted((dir / "news").string());
    ASSERT_EQ(index("--db " + test::shell_quoted(plain) + " " + news).exit_code, 0);
    ASSERT_EQ(index("--db " + test::shell_quoted(dated) + " --date-from-mtime " + news).exit_code, 0);
    EXPECT_EQ(nlohmann::json::parse(search_in(plain, "--show xi --format json").out).at("date"), "");
    EXPECT_EQ(nlohmann::json::parse(search_in(dated, "--show xi --format json").out).at("date"), "2015-09-23T08:15:00");
}

TEST(TextFileDates, ADateLineWinsOverTheFilesTime) {
    test::TempDir dir;
    test::write_file(dir / "news" / "xi.txt", "Xi in Seattle\nPublished: 2015-09-22\n\nA speech.\n");
    const std::string db = (dir / "db").string();
    ASSERT_EQ(
        index("--db " + test::shell_quoted(db) + " --date-from-mtime " + test::shell_quoted((dir / "news").string()))
            .exit_code,
        0);
    EXPECT_EQ(nlohmann::json::parse(search_in(db, "--show xi --format json").out).at("date"), "2015-09-22");
}

// --- searcher --stats ---------------------------------------------------------------------------

TEST(IndexingRunRecord, RoundTripsAndRejectsWhatItDidNotWrite) {
    IndexingRunRecord run;
    run.finished = "2023-05-01T09:30:00Z";
    run.added = 2226;
    run.unchanged = 3;
    run.skipped = 1;
    run.seconds = 2.5;
    EXPECT_EQ(decode_indexing_run(encode_indexing_run(run)), run);
    EXPECT_EQ(decode_indexing_run(""), std::nullopt);
    EXPECT_EQ(decode_indexing_run("[1,2]"), std::nullopt);
    EXPECT_EQ(decode_indexing_run(R"({"added":"many"})"), std::nullopt);
    EXPECT_EQ(decode_indexing_run(R"({"added":5})")->added, 5u);  // keys to come may be missing
}

TEST_F(RoughEdges, StatsSayWhatTheDatabaseHolds) {
    const CommandRun r = search("--stats");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(r.out.substr(0, r.out.find("Tables:")),
              "Articles: 2,229 (3 dated)\n"
              "Dates: 2014-11-13 to 2016-11-30\n"
              "Schema version: " +
                  std::to_string(schema::kSchemaVersion) +
                  "\n"
                  "Language: english\n"
                  "Sources:\n"
                  "  bbc      2,225\n"
                  "  reuters      3\n"
                  "  (none)       1\n"
                  "Years:\n"
                  "  2014  1\n"
                  "  2015  1\n"
                  "  2016  1\n");
    for (const std::string table : {"\n  postlist ", "\n  termlist ", "\n  position ", "\n  total "})
        EXPECT_NE(r.out.find(table), std::string::npos) << table << " in " << r.out;
    // Schema 12 keeps the stored records as values, in the postlist table: no docdata table.
    EXPECT_EQ(r.out.find("\n  docdata "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\nLast indexing run: "), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(": 2229 added, 0 updated, 0 unchanged, 0 deleted, 0 skipped, 0 failed in "), std::string::npos)
        << r.out;
}

TEST_F(RoughEdges, StatsAsJson) {
    const CommandRun r = search("--stats --format json");
    ASSERT_EQ(r.exit_code, 0) << err();
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j.at("articles"), 2229);
    EXPECT_EQ(j.at("dated"), 3);
    EXPECT_EQ(j.at("first_date"), "2014-11-13");
    EXPECT_EQ(j.at("last_date"), "2016-11-30");
    EXPECT_EQ(j.at("schema_version"), schema::kSchemaVersion);
    EXPECT_EQ(j.at("language"), "english");
    EXPECT_EQ(j.at("shards"), 1);
    EXPECT_EQ(j.at("sources"),
              nlohmann::json::parse(R"([{"value":"bbc","count":2225},{"value":"reuters","count":3}])"));
    EXPECT_EQ(j.at("without_source"), 1);
    EXPECT_EQ(j.at("years").size(), 3u);
    std::uintmax_t sum = 0;
    for (const std::string table : {"postlist", "termlist", "position"}) {
        EXPECT_GT(j.at("tables").at(table).get<std::uintmax_t>(), 0u) << table;
    }
    EXPECT_FALSE(j.at("tables").contains("docdata"));  // schema 12: records are values
    for (const auto& [table, bytes] : j.at("tables").items()) sum += bytes.get<std::uintmax_t>();
    EXPECT_EQ(j.at("table_bytes").get<std::uintmax_t>(), sum);
    const auto& run = j.at("last_run");
    EXPECT_EQ(run.at("added"), 2229);
    EXPECT_EQ(run.at("failed"), 0);
    EXPECT_GT(run.at("seconds").get<double>(), 0.0);
    EXPECT_EQ(run.at("finished").get<std::string>().size(), std::string("2023-05-01T09:30:00Z").size());
}

TEST_F(RoughEdges, StatsTakeOnlyTextOrJson) {
    EXPECT_EQ(search("--stats --format trec").exit_code, 2);
    EXPECT_EQ(first_line(err()), "searcher: --stats prints text or json, not trec");
    EXPECT_EQ(search("--stats oil").exit_code, 2);
}

TEST(Stats, WorkOnAShardedDatabaseAndRecordOnlyRunsThatChangedIt) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const std::string corpus = test::shell_quoted(test::project_path("corpus").string());
    ASSERT_EQ(index("--quiet --shards 2 --db " + test::shell_quoted(db) + " " + corpus).exit_code, 0);
    const auto stats = [&] { return nlohmann::json::parse(search_in(db, "--stats --format json").out); };
    const auto first = stats();
    EXPECT_EQ(first.at("articles"), 2226);
    EXPECT_EQ(first.at("shards"), 2);
    EXPECT_GT(first.at("tables").at("postlist").get<std::uintmax_t>(), 0u);
    EXPECT_EQ(first.at("last_run").at("added"), 2226);
    // A run that changes nothing leaves the database, and so its record, as they were.
    ASSERT_EQ(index("--quiet --db " + test::shell_quoted(db) + " " + corpus).exit_code, 0);
    EXPECT_EQ(stats().at("last_run"), first.at("last_run"));
    test::write_file(dir / "more.jsonl", R"({"id":"x","title":"Oil","body":"Oil rose."})"
                                         "\n");
    ASSERT_EQ(index("--quiet --db " + test::shell_quoted(db) + " " + test::shell_quoted((dir / "more.jsonl").string()))
                  .exit_code,
              0);
    const auto after = stats();
    EXPECT_EQ(after.at("articles"), 2227);
    EXPECT_EQ(after.at("last_run").at("added"), 1);
    EXPECT_EQ(after.at("last_run").at("unchanged"), 0);
    // The same shards through a stub file of one's own.
    test::write_file(dir / "both.stub", "auto db/shard0\nauto db/shard1\n");
    const auto stub = nlohmann::json::parse(search_in((dir / "both.stub").string(), "--stats --format json").out);
    EXPECT_EQ(stub.at("articles"), 2227);
    EXPECT_EQ(stub.at("tables"), after.at("tables"));
    EXPECT_EQ(stub.at("last_run"), after.at("last_run"));
}

}  // namespace
}  // namespace news
