// Issue 17, the rest of "Searcher rough edges" and "Licence and docs": batch output that keeps
// its qids, JSON hits of one shape, --color, --like without copies of its article, the
// prompt's hit numbers, headlines, folders that are not databases, one meaning of -q, the
// licence. Each test names what failed before; the programs run as a user would run them.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "common/cli_support.hpp"
#include "common/readers/corpus_reader.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using test::CommandRun;

std::string bin(const std::string& name) { return test::program(name); }

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

/// The code points of UTF-8 `text` (valid UTF-8 assumed: it is the searcher's output).
std::u32string code_points(const std::string& text) {
    std::u32string out;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const std::size_t len = byte < 0x80 ? 1 : byte < 0xe0 ? 2 : byte < 0xf0 ? 3 : 4;
        char32_t c = len == 1 ? byte : byte & (0xff >> (len + 1));
        for (std::size_t k = 1; k < len && i + k < text.size(); ++k)
            c = c << 6 | (static_cast<unsigned char>(text[i + k]) & 0x3f);
        out.push_back(c);
        i += len;
    }
    return out;
}

/// The bundled corpus (the seed article and the BBC articles, among them identical copies
/// under two ids), two dated Reuters stories and a headline without a body, indexed once by
/// the real indexer.
class RoughEdges2 : public test::IndexedOnceSuite<RoughEdges2> {
  public:
    static void build(test::IndexedByTheIndexer& database) {
        test::write_file(
            database.dir() / "extra.jsonl",
            R"({"id":"r-2014","title":"Oil falls below $80","body":"Brent crude fell below $80 a barrel.","source":"reuters","date":"2014-11-13","tags":["oil","markets"]})"
            "\n"
            R"({"id":"r-2016","title":"Oil rebounds","body":"Oil prices rose after OPEC agreed to cut output.","source":"reuters","date":"2016-11-30"})"
            "\n"
            R"({"id":"headline-1","title":"Tanker runs aground off Alaska","source":"wire","date":"2016-12-01"})"
            "\n");
        database.index(test::project_path("corpus").string() + " " + (database.dir() / "extra.jsonl").string());
    }

    /// A --queries file of `content`; returns its path.
    static std::string queries(const std::string& content) {
        const auto path = dir() / "queries.tsv";
        test::write_file(path, content);
        return path.string();
    }
};

// --- batch output keeps the query -----------------------------------------------------------

TEST_F(RoughEdges2, BatchJsonNamesTheQidOfEachQuery) {
    const CommandRun r = search("--format json -n 2 --queries " + queries("q-oil\toil\nq-none\tzzqqxxv\n"));
    ASSERT_EQ(r.exit_code, 0) << err();
    const std::vector<std::string> lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 2u) << r.out;
    EXPECT_EQ(nlohmann::json::parse(lines[0]).at("qid"), "q-oil");
    EXPECT_EQ(nlohmann::json::parse(lines[1]).at("qid"), "q-none");
    EXPECT_EQ(nlohmann::json::parse(lines[1]).at("hits").size(), 0u);
}

TEST_F(RoughEdges2, BatchJsonLinesNameTheQidAndAQueryWithoutHitsStillHasALine) {
    const CommandRun r = search("--format jsonl -n 2 --queries " + queries("q-oil\toil\nq-none\tzzqqxxv\nchina\n"));
    ASSERT_EQ(r.exit_code, 0) << err();
    const std::vector<std::string> lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 5u) << r.out;
    std::vector<std::string> qids;
    for (const std::string& line : lines) qids.push_back(nlohmann::json::parse(line).at("qid"));
    EXPECT_EQ(qids, (std::vector<std::string>{"q-oil", "q-oil", "q-none", "3", "3"}));
    const auto none = nlohmann::json::parse(lines[2]);
    EXPECT_EQ(none.at("no_hits"), true);
    EXPECT_EQ(none.at("query"), "zzqqxxv");
    EXPECT_EQ(none.at("estimated_matches"), 0);
}

TEST_F(RoughEdges2, BatchTsvHasOneHeaderAQidColumnAndALineForAQueryWithoutHits) {
    const CommandRun r =
        search("--format tsv -n 1 --queries " + queries("q-oil\toil\nq-none\tzzqqxxv\nq-china\tchina cyber\n"));
    ASSERT_EQ(r.exit_code, 0) << err();
    const std::vector<std::string> lines = lines_of(r.out);
    ASSERT_EQ(lines.size(), 4u) << r.out;
    EXPECT_EQ(lines[0], "qid\trank\tid\tscore\tdate\tsource\tcategory\ttitle");
    EXPECT_EQ(lines[1].rfind("q-oil\t1\t", 0), 0u) << lines[1];
    EXPECT_EQ(lines[2], "q-none\t0\t\t\t\t\t\t");
    EXPECT_EQ(lines[3].rfind("q-china\t1\tseed/thehill-xi-cyber-dialogue\t", 0), 0u) << lines[3];
}

TEST_F(RoughEdges2, ASingleQueryHasNoQidColumn) {
    const CommandRun r = search("--format tsv -n 1 oil");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(lines_of(r.out).at(0), "rank\tid\tscore\tdate\tsource\tcategory\ttitle");
    EXPECT_EQ(nlohmann::json::parse(search("--format json -n 1 oil").out).count("qid"), 0u);
}

// --- JSON hits of one shape -----------------------------------------------------------------

TEST_F(RoughEdges2, JsonHitsHaveEveryFieldEvenWhenTheArticleLacksIt) {
    // The seed has a category and no source; Reuters a source and no category; the
    // headline no body.
    const CommandRun r = search("--format json -n 50 'china OR oil OR tanker'");
    ASSERT_EQ(r.exit_code, 0) << err();
    const auto hits = nlohmann::json::parse(r.out).at("hits");
    ASSERT_GE(hits.size(), 10u);
    const std::vector<std::string> fields = {"category", "date",    "duplicates", "error", "highlights", "id", "rank",
                                             "score",    "snippet", "source",     "tags",  "title",      "url"};
    for (const auto& hit : hits) {
        std::vector<std::string> keys;
        for (const auto& [key, value] : hit.items()) keys.push_back(key);
        EXPECT_EQ(keys, fields) << hit.dump();
        EXPECT_TRUE(hit.at("error").is_null()) << hit.dump();
        EXPECT_TRUE(hit.at("tags").is_array()) << hit.dump();
        EXPECT_TRUE(hit.at("category").is_string()) << hit.dump();
    }
}

TEST_F(RoughEdges2, JsonHitsCarryTheirTags) {
    const CommandRun r = search("--format jsonl 'id:r-2014'");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(nlohmann::json::parse(r.out).at("tags"), (std::vector<std::string>{"oil", "markets"}));
}

TEST_F(RoughEdges2, JsonHighlightsAreCharacterRangesOfTheMatchedWordsInTheSnippet) {
    // The seed's snippet starts with "…", three bytes and one character: byte offsets
    // would point past the words.
    const CommandRun r = search("--format json -n 1 'china cyber'");
    ASSERT_EQ(r.exit_code, 0) << err();
    const auto hit = nlohmann::json::parse(r.out).at("hits").at(0);
    ASSERT_EQ(hit.at("id"), "seed/thehill-xi-cyber-dialogue");
    const std::u32string snippet = code_points(hit.at("snippet").get<std::string>());
    ASSERT_EQ(snippet.front(), U'\u2026') << hit.dump();
    const auto& highlights = hit.at("highlights");
    ASSERT_GE(highlights.size(), 2u) << hit.dump();
    for (const auto& range : highlights) {
        const std::size_t begin = range.at(0), end = range.at(1);
        ASSERT_LE(end, snippet.size());
        std::string word;
        for (std::size_t i = begin; i < end; ++i) word += static_cast<char>(std::tolower(static_cast<int>(snippet[i])));
        EXPECT_TRUE(word == "china" || word == "cyber") << "[" << begin << ", " << end << "): " << word;
    }
}

// --- --color --------------------------------------------------------------------------------

TEST_F(RoughEdges2, ColorAlwaysColoursAPipeWhateverNoColorSays) {
    const CommandRun r =
        test::run_command("NO_COLOR=1 " + bin("searcher") + " --db " + db() + " --color=always -n 1 oil");
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("\033[1m"), std::string::npos) << r.out;
}

TEST_F(RoughEdges2, ColorNeverAndAutoIntoAPipeAreUncoloured) {
    for (const char* choice : {"--color=never", "--color auto", ""}) {
        const CommandRun r = search(std::string(choice) + " -n 1 oil");
        ASSERT_EQ(r.exit_code, 0) << choice << ": " << err();
        EXPECT_EQ(r.out.find('\033'), std::string::npos) << choice << ": " << r.out;
    }
}

TEST_F(RoughEdges2, AnUnknownColorChoiceIsAUsageErrorListingTheValidOnes) {
    const CommandRun r = search("--color=sometimes oil");
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(err().rfind("searcher: unknown --color 'sometimes' (valid: auto, always, never)\n", 0), 0u) << err();
}

TEST(ColorChoice, NoColorWinsOverAutoButNotOverAlways) {
    ::setenv("NO_COLOR", "1", 1);
    EXPECT_FALSE(stdout_wants_color(ColorChoice::kAuto));
    EXPECT_TRUE(stdout_wants_color(ColorChoice::kAlways));
    EXPECT_FALSE(stdout_wants_color(ColorChoice::kNever));
    ::unsetenv("NO_COLOR");
    EXPECT_EQ(parse_color_choice("always"), ColorChoice::kAlways);
    EXPECT_EQ(parse_color_choice("yes"), std::nullopt);
}

// --- --like ---------------------------------------------------------------------------------

TEST_F(RoughEdges2, LikeLeavesOutIdenticalCopiesOfTheArticle) {
    // bbc/tech/062 and bbc/tech/318 are the same story under two ids.
    const CommandRun copies = search("--no-collapse --format trec 'title:\"Ask Jeeves joins web log market\"'");
    ASSERT_NE(copies.out.find("bbc/tech/318"), std::string::npos) << copies.out;
    const CommandRun r = search("--format trec -n 20 --like bbc/tech/062");
    ASSERT_EQ(r.exit_code, 0) << err();
    EXPECT_EQ(r.out.find("bbc/tech/318"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("bbc/tech/062"), std::string::npos) << r.out;
    EXPECT_EQ(lines_of(r.out).size(), 20u);
}

TEST_F(RoughEdges2, LikeHeaderNamesTheArticleNotAnEmptyQuery) {
    const CommandRun r = search("-n 3 --like bbc/tech/062");
    ASSERT_EQ(r.exit_code, 0) << err();
    const std::string header = lines_of(r.out).at(0);
    EXPECT_EQ(header.find("\"\""), std::string::npos) << header;
    EXPECT_TRUE(
        std::regex_match(header, std::regex(R"((About )?[0-9,]+ matches related to "bbc/tech/062"; showing 1-3)")))
        << header;
}

// --- headlines ------------------------------------------------------------------------------

TEST_F(RoughEdges2, AHeadlineWithoutBodyIsNotPrintedTwice) {
    const CommandRun r = search("tanker");
    ASSERT_EQ(r.exit_code, 0) << err();
    const std::string title = "Tanker runs aground off Alaska";
    const auto first = r.out.find(title);
    ASSERT_NE(first, std::string::npos) << r.out;
    EXPECT_EQ(r.out.find(title, first + 1), std::string::npos) << "the title again as its snippet:\n" << r.out;
    EXPECT_NE(search("--format json tanker").out.find("\"snippet\":\"Tanker runs aground"), std::string::npos)
        << "JSON keeps the snippet, with its highlights";
}

// --- a folder that is not a database --------------------------------------------------------

TEST_F(RoughEdges2, DbOnAFolderThatIsNotADatabaseSaysSoInOurWords) {
    const test::TempDir folder;
    test::write_file(folder.path() / "notes.txt", "not an index\n");
    const CommandRun r = test::run_command(bin("searcher") + " --db " + folder.path().string() + " oil 2>&1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "searcher: " + folder.path().string() + " is not a database: the folder holds no index\n");
    EXPECT_EQ(r.out.find("Couldn't detect"), std::string::npos);
}

// --- impossible months ----------------------------------------------------------------------
// Already rejected before this work (date_bound checks the month); kept from coming back.

TEST_F(RoughEdges2, AnImpossibleMonthIsRejectedLikeAnImpossibleDay) {
    for (const char* date : {"2015-13", "2015-00", "2015-02-30"}) {
        const CommandRun r = search(std::string("--since ") + date + " oil");
        EXPECT_EQ(r.exit_code, 2) << date;
        EXPECT_EQ(err().rfind(std::string("searcher: --since: cannot read the date '") + date + "'", 0), 0u) << err();
    }
}

// --- -q -------------------------------------------------------------------------------------

TEST(OneMeaningOfQ, EvaluateNoLongerTakesQForPerQuery) {
    const test::TempDir dir;
    test::write_file(dir.path() / "qrels", "1 0 a 1\n");
    test::write_file(dir.path() / "run", "1 Q0 a 1 1.0 t\n");
    const std::string files = (dir.path() / "qrels").string() + " " + (dir.path() / "run").string();
    EXPECT_EQ(test::run_command(bin("evaluate") + " -q " + files + " 2>/dev/null").exit_code, 2);
    EXPECT_EQ(test::run_command(bin("evaluate") + " --per-query " + files + " 2>/dev/null").exit_code, 0);
    const std::string help = test::run_command(bin("evaluate") + " --help").out;
    EXPECT_FALSE(std::regex_search(help, std::regex("(^|[ ,])-q\\b"))) << help;
    EXPECT_NE(test::run_command(bin("indexer") + " --help").out.find("-q [ --quiet ]"), std::string::npos);
}

// --- licence --------------------------------------------------------------------------------

TEST(Licence, TheRepositoryAndThePackageDeclareGpl3OrLater) {
    const std::string licence = test::read_file(test::project_path("LICENSE"));
    EXPECT_NE(licence.find("GNU GENERAL PUBLIC LICENSE"), std::string::npos);
    EXPECT_NE(licence.find("Version 3, 29 June 2007"), std::string::npos);
    const std::string copyright = test::read_file(test::project_path("packaging/copyright"));
    EXPECT_EQ(copyright.rfind("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n", 0), 0u);
    EXPECT_NE(copyright.find("License: GPL-3+"), std::string::npos) << copyright;
    EXPECT_NE(copyright.find("/usr/share/common-licenses/GPL-3"), std::string::npos) << copyright;
}

// corpus/README.md said that only .txt and .jsonl (and .ndjson) files are read.
TEST(CorpusReadme, NamesEveryExtensionTheIndexerReadsInAFolder) {
    const std::string readme = test::read_file(test::project_path("corpus/README.md"));
    for (const char* extension : {".txt", ".jsonl", ".ndjson", ".csv", ".tsv", ".sgm", ".trec", ".html", ".htm"}) {
        ASSERT_NE(detect_format(std::string("a") + extension), CorpusFormat::kUnknown) << extension;
        EXPECT_NE(readme.find(std::string("`") + extension + "`"), std::string::npos) << extension;
    }
}

}  // namespace
}  // namespace news
