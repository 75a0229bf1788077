// --explain: each hit's score taken apart into its terms' BM25 weights, on the BBC corpus
// indexed by the real indexer.
#include "searcher/explain.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "common/schema.hpp"
#include "searcher/interactive.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using nlohmann::json;

class Explain : public test::IndexedOnceSuite<Explain> {
  public:
    static void build(test::IndexedByTheIndexer& database) {
        // One dated article beside the undated BBC ones, for the tie-break's date.
        test::write_file(
            database.dir() / "dated.jsonl",
            R"({"id":"gazette-lighthouse","title":"Lighthouse keeper retires","body":"The last lighthouse keeper of the bay retires after forty years.","source":"gazette","date":"2016-01-02T10:30:00"})"
            "\n");
        database.index(test::shell_quoted(test::project_path("corpus/bbc.jsonl.zst").string()) + " " +
                       test::shell_quoted((database.dir() / "dated.jsonl").string()));
    }

  protected:
    /// The JSON of `searcher --format json --explain ARGS`.
    static json explained(const std::string& args) {
        const test::CommandRun run = search("--format json --explain " + args);
        EXPECT_EQ(run.exit_code, 0) << args << ": " << err();
        return json::parse(run.out);
    }

    static double sum_of_weights(const json& explanation) {
        double sum = 0;
        for (const json& term : explanation.at("terms")) sum += term.at("weight").get<double>();
        return sum;
    }
};

TEST_F(Explain, TermContributionsAddUpToTheScoreOfEveryHitOfThePage) {
    // Fielded, phrase, AND, a capitalised word (searched by its stem), several words, a
    // wildcard (a synonym, weighed as one), a body phrase, NEAR, and filters and exclusions
    // (which weigh nothing).
    for (const std::string query :
         {"title:china", "\"economic growth\"", "china AND trade", "Troops", "Blair election campaign", "hack*",
          "body:\"interest rates\"", "music NEAR industry", "china source:bbc -trade", "+film \"box office\" Oscar"}) {
        const json result = explained("-n 10 " + test::shell_quoted(query));
        ASSERT_FALSE(result.at("hits").empty()) << query;
        for (const json& hit : result.at("hits")) {
            const double score = hit.at("score").get<double>();
            const json& explanation = hit.at("explain");
            EXPECT_GT(score, 0) << query;
            EXPECT_FALSE(explanation.at("terms").empty()) << query << " hit " << hit.at("id");
            EXPECT_NEAR(sum_of_weights(explanation), score, 1e-9) << query << " hit " << hit.at("id");
            EXPECT_NEAR(explanation.at("total").get<double>(), score, 1e-9) << query;
            EXPECT_EQ(explanation.at("score").get<double>(), score) << query;
        }
    }
}

TEST_F(Explain, FeedbackExpansionWordsAddTheirScaledWeights) {
    const json result = explained("--feedback -n 10 'china economy'");
    ASSERT_FALSE(result.at("hits").empty());
    bool scaled = false;
    for (const json& hit : result.at("hits")) {
        EXPECT_NEAR(sum_of_weights(hit.at("explain")), hit.at("score").get<double>(), 1e-9) << hit.at("id");
        for (const json& term : hit.at("explain").at("terms")) scaled |= term.at("factor").get<double>() < 1;
    }
    EXPECT_TRUE(scaled) << "feedback words weigh a fraction of a query word's";
}

TEST_F(Explain, EachTermNamesItsFieldAndItsStatistics) {
    const json title = explained("-n 5 title:china");
    const json count = explained("-n 0 title:china");
    ASSERT_EQ(count.at("matches_lower_bound"), count.at("matches_upper_bound"));
    for (const json& hit : title.at("hits")) {
        ASSERT_EQ(hit.at("explain").at("terms").size(), 1u);
        const json& term = hit.at("explain").at("terms")[0];
        EXPECT_EQ(term.at("term"), "ZSchina");
        EXPECT_EQ(term.at("field"), "title");
        EXPECT_EQ(term.at("word"), "china");
        EXPECT_TRUE(term.at("stemmed").get<bool>());
        EXPECT_GE(term.at("wdf").get<unsigned>(), 3u) << "a title word counts 3 (schema::kTitleWeight)";
        EXPECT_GT(term.at("doc_length").get<unsigned>(), term.at("wdf").get<unsigned>());
        EXPECT_EQ(term.at("termfreq"), count.at("matches_lower_bound")) << "every article with the term matches";
    }
    const json phrase = explained("-n 3 '\"economic growth\"'");
    for (const json& hit : phrase.at("hits")) {
        std::vector<std::string> words;
        for (const json& term : hit.at("explain").at("terms")) {
            EXPECT_EQ(term.at("via"), "phrase");
            EXPECT_EQ(term.at("field"), "text") << "unqualified words search title and body as one field";
            EXPECT_FALSE(term.at("stemmed").get<bool>()) << "phrases match unstemmed words";
            words.push_back(term.at("word"));
        }
        EXPECT_EQ(words, (std::vector<std::string>{"economic", "growth"}));
    }
    const json capitalised = explained("-n 1 Troops");
    EXPECT_EQ(capitalised.at("hits").at(0).at("explain").at("terms").at(0).at("term"), "Ztroop");
}

TEST_F(Explain, FiltersAndExcludedWordsContributeNothing) {
    const json result = explained("-n 10 'china source:bbc -trade'");
    ASSERT_FALSE(result.at("hits").empty());
    for (const json& hit : result.at("hits"))
        for (const json& term : hit.at("explain").at("terms")) EXPECT_EQ(term.at("term"), "Zchina") << hit.at("id");
}

TEST_F(Explain, TheTieBreakReadsTheDateOrSaysUndated) {
    const json dated = explained("-n 1 lighthouse");
    ASSERT_EQ(dated.at("hits").size(), 1u);
    EXPECT_EQ(dated.at("hits")[0].at("explain").at("tie_break").at("date"), "2016-01-02 10:30:00");
    const json undated = explained("-n 1 china");
    EXPECT_TRUE(undated.at("hits")[0].at("explain").at("tie_break").at("date").is_null());
    EXPECT_EQ(
        undated.at("hits")[0].at("explain").at("tie_break").at("id_order").get<std::string>().rfind("id hash ", 0), 0u);
}

TEST_F(Explain, TextShowsEachTermUnderItsHit) {
    const test::CommandRun run = search("--explain -n 1 'title:china trade'");
    ASSERT_EQ(run.exit_code, 0) << err();
    EXPECT_NE(run.out.find("   explain: score "), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("title:china (stem) [ZSchina]  wdf "), std::string::npos) << run.out;
    EXPECT_NE(run.out.find("     tie-break: undated, then id hash "), std::string::npos) << run.out;
    EXPECT_NE(err().find("query: Query("), std::string::npos) << "the parsed query still goes to stderr";
}

TEST_F(Explain, JsonHitsHaveNoExplanationWithoutTheFlag) {
    const test::CommandRun run = search("--format json -n 1 china");
    EXPECT_FALSE(json::parse(run.out).at("hits")[0].contains("explain"));
}

TEST_F(Explain, ThePromptExplainsTheHitNumberedN) {
    SearchEngine engine(db());
    SearchRequest defaults;
    defaults.limit = 5;
    CommandInterpreter prompt(engine, defaults, {});
    std::ostringstream out;
    prompt.execute("china trade", out);
    out.str("");
    prompt.execute("explain 7", out);  // on the next page
    const std::string text = out.str();
    EXPECT_EQ(text.rfind("7. ", 0), 0u) << text;
    EXPECT_NE(text.find("   explain: score "), std::string::npos) << text;
    EXPECT_NE(text.find("[Zchina]"), std::string::npos) << text;
    out.str("");
    prompt.execute("explain 9999", out);
    EXPECT_EQ(out.str(), "explain: no hit 9999 in these results\n");
}

TEST(TieBreakMeaning, ReadsTheKeysOfEverySchema) {
    const TieBreakMeaning packed = tie_break_meaning(schema::tie_break_key("20150922203000", "a-1"));
    ASSERT_TRUE(packed.timestamp);
    EXPECT_EQ(*packed.timestamp, "2015-09-22 20:30:00");
    EXPECT_FALSE(tie_break_meaning(schema::tie_break_key("", "a-1")).timestamp);
    const TieBreakMeaning old = tie_break_meaning(schema::tie_break_key("20150922203000", "a-1", 4));
    ASSERT_TRUE(old.timestamp);
    EXPECT_EQ(*old.timestamp, "2015-09-22 20:30:00");
    EXPECT_EQ(old.id_order, "id a-1");
}

}  // namespace
}  // namespace news
