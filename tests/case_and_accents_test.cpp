// Issue 16: a query word matches the same articles whatever the case it is typed in, and
// with or without its accents.

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/document_mapper.hpp"
#include "common/schema.hpp"
#include "common/text_analysis.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/query_language.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

/// Every hit of `query` in `engine`, best first, as article ids.
std::vector<std::string> ranked_ids(SearchEngine& engine, const std::string& query) {
    SearchRequest request;
    request.query = query;
    request.limit = 100'000;
    request.snippets = false;
    std::vector<std::string> ids;
    for (const Hit& hit : engine.search(request).hits) ids.push_back(hit.article.id);
    return ids;
}

/// The words a hit's snippet highlights.
std::vector<std::string> highlighted_words(const Hit& hit) {
    std::vector<std::string> words;
    for (const auto& [begin, end] : hit.snippet.highlights)
        words.push_back(hit.snippet.text.substr(begin, end - begin));
    return words;
}

/// The bundled corpus (seed + 2,225 BBC articles), indexed once for the whole suite.
class BundledCorpusCase : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<Xapian::WritableDatabase>(test::in_memory_db());
        test::index_into(*db_, {test::project_path("corpus")});
    }
    static void TearDownTestSuite() { db_.reset(); }
    SearchEngine engine() { return SearchEngine(Xapian::Database(*db_)); }
    static std::unique_ptr<Xapian::WritableDatabase> db_;
};
std::unique_ptr<Xapian::WritableDatabase> BundledCorpusCase::db_;

TEST_F(BundledCorpusCase, CapitalisedAndAllCapitalsWordsMatchWhatTheLowerCaseWordMatches) {
    SearchEngine e = engine();
    // Before issue 16 "ELECTIONS" found 52 articles and "elections" 228: a capitalised word
    // was searched unstemmed, as a name.
    for (const std::string word : {"troops", "elections", "soldiers"}) {
        const std::vector<std::string> lower = ranked_ids(e, word);
        ASSERT_FALSE(lower.empty()) << word;
        std::string capitalised = word, capitals = word;
        capitalised[0] = static_cast<char>(capitalised[0] - 'a' + 'A');
        for (char& c : capitals) c = static_cast<char>(c - 'a' + 'A');
        EXPECT_EQ(ranked_ids(e, capitalised), lower) << capitalised;
        EXPECT_EQ(ranked_ids(e, capitals), lower) << capitals;
    }
}

TEST(StemCapitalisedWords, StemsWordsTheIndexerStemsAndLeavesTheRest) {
    using Q = Xapian::Query;
    const Xapian::Stem english("english");
    const std::vector<std::pair<Q, std::string>> cases = {
        {Q("troops", 1, 1), "Query(Ztroop@1)"},
        {Q("Stroops", 2, 3), "Query(ZStroop#2@3)"},  // title:Troops, wqf and position kept
        {Q("Ztroop", 1, 1), "Query(Ztroop@1)"},      // stemmed already
        {Q("2d", 1, 1), "Query(2d@1)"},              // words starting with a digit are indexed unstemmed
        {Q("Kelections"), "Query(Kelections)"},      // a filter (tag:), not a word
        {Q(Q::OP_PHRASE, Q("troops", 1, 1), Q("arrive", 1, 2)), "Query((troops@1 PHRASE 2 arrive@2))"},
        {Q(Q::OP_OR, Q("troops", 1, 1), Q("Zarriv", 1, 2)), "Query((Ztroop@1 OR Zarriv@2))"},
    };
    for (const auto& [query, expected] : cases)
        EXPECT_EQ(stem_capitalised_words(query, english).get_description(), expected) << query.get_description();
    EXPECT_EQ(stem_capitalised_words(Q("troops", 1, 1), Xapian::Stem("none")).get_description(), "Query(troops@1)");
}

TEST_F(BundledCorpusCase, TheSeedQueryInCapitalsStillRanksTheSeedArticleFirst) {
    SearchEngine e = engine();
    for (const std::string query : {"cyber dialogue China", "Cyber Dialogue China", "CYBER DIALOGUE CHINA"}) {
        const std::vector<std::string> ids = ranked_ids(e, query);
        ASSERT_FALSE(ids.empty()) << query;
        EXPECT_EQ(ids.front(), "seed/thehill-xi-cyber-dialogue") << query;
    }
}

TEST_F(BundledCorpusCase, AQueryAllInCapitalsReadsAndOrNotAsWords) {
    SearchEngine e = engine();
    EXPECT_EQ(ranked_ids(e, "ELECTIONS NOT LABOUR"), ranked_ids(e, "elections not labour"));
    EXPECT_EQ(ranked_ids(e, "TROOPS AND IRAQ"), ranked_ids(e, "troops and iraq"));
    // With a lower-case letter anywhere, they are operators as before.
    const std::vector<std::string> without_labour = ranked_ids(e, "elections NOT labour");
    EXPECT_LT(without_labour.size(), ranked_ids(e, "elections").size());
}

TEST_F(BundledCorpusCase, DottedInitialsMatchTheAcronymWhateverTheirCase) {
    SearchEngine e = engine();
    // The seed writes "U.S.", which the indexer indexes as the acronym "us".
    const std::vector<std::string> capitals = ranked_ids(e, "U.S.");
    ASSERT_NE(std::find(capitals.begin(), capitals.end(), "seed/thehill-xi-cyber-dialogue"), capitals.end());
    EXPECT_EQ(ranked_ids(e, "u.s."), capitals);
    EXPECT_EQ(ranked_ids(e, "u.s. cyber relations"), ranked_ids(e, "U.S. CYBER RELATIONS"));
    EXPECT_EQ(ranked_ids(e, "\"u.s. cyber\""), ranked_ids(e, "\"U.S. cyber\""));
}

TEST(DottedInitials, OnlyRunsOfSingleLettersThatStartAWordAreCapitalised) {
    EXPECT_EQ(dotted_initials_in_capitals("u.s. dollar"), "U.S. dollar");
    EXPECT_EQ(dotted_initials_in_capitals("(u.s OR e.u.)"), "(U.S OR E.U.)");
    EXPECT_EQ(dotted_initials_in_capitals("\"the u.k. vote\" -u.n."), "\"the U.K. vote\" -U.N.");
    EXPECT_EQ(dotted_initials_in_capitals("u.s.-china"), "U.S.-china");
    EXPECT_EQ(dotted_initials_in_capitals("title:u.s. -body:e.u"), "title:U.S. -body:E.U");
    // Not initials: a word, one letter, a version, a host name, a field's value.
    for (const char* kept : {"a dog", "x. y", "v.2", "x.ai", "bbc.co.uk", "id:a.b.c", "dr.", "a.bc", "subtitle:u.s."})
        EXPECT_EQ(dotted_initials_in_capitals(kept), kept);
}

TEST_F(BundledCorpusCase, SnippetsHighlightEveryFormOfAWordTypedInCapitals) {
    SearchEngine e = engine();
    SearchRequest request;
    request.query = "ELECTIONS";
    const SearchResult result = e.search(request);
    ASSERT_FALSE(result.hits.empty());
    std::set<std::string> forms;
    for (const Hit& hit : result.hits) {
        const std::vector<std::string> words = highlighted_words(hit);
        EXPECT_FALSE(words.empty()) << hit.snippet.text;
        for (std::string word : words) {
            for (char& c : word) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            forms.insert(word);
        }
    }
    // "election" too: the word is searched by its stem, as "elections" would be.
    EXPECT_EQ(forms, (std::set<std::string>{"election", "elections"}));
}

/// Articles that spell the same words with and without accents.
std::vector<Article> accented_articles() {
    return {test::article("accented", "Caf\u00e9 society in Z\u00fcrich",
                          "The caf\u00e9 on a corner of Z\u00fcrich serves r\u00e9sum\u00e9s and coffee."),
            test::article("plain", "Cafe culture", "Zurich bankers drink coffee at the cafe."),
            test::article("other", "Tea", "Only tea here.")};
}

/// A database holding `articles`, indexed as today's indexer does.
Xapian::WritableDatabase indexed(const std::vector<Article>& articles) {
    Xapian::WritableDatabase db = test::in_memory_db();
    IndexBuilder builder(db, {});
    for (const Article& a : articles) builder.add(a);
    builder.finish();
    return db;
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
    std::sort(ids.begin(), ids.end());
    return ids;
}

TEST(FoldAccents, DropsMarksAndKeepsEverythingElse) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"Z\u00fcrich", "Zurich"},
        {"caf\u00e9", "cafe"},
        {"\u00c5ngstr\u00f6m", "Angstrom"},
        {"cafe\u0301", "cafe"},  // a decomposed accent: a combining mark after the letter
        {"na\u00efve r\u00e9sum\u00e9", "naive resume"},
        {"\u00f8 \u00df \u0142", "\u00f8 \u00df \u0142"},  // letters of their own, not letter + mark
        {"\u5317\u4eac", "\u5317\u4eac"},
        {"plain ASCII, untouched.", "plain ASCII, untouched."},
        {"bad \xff UTF-8 \u00e9", "bad \xff UTF-8 \u00e9"},  // not valid UTF-8: left as it is
    };
    for (const auto& [text, folded] : cases) EXPECT_EQ(fold_accents(text), folded) << text;
}

TEST(AccentFolding, CafeAndCafeWithAnAccentMatchTheSameArticles) {
    SearchEngine e(Xapian::Database(indexed(accented_articles())));
    const std::vector<std::string> both = {"accented", "plain"};
    for (const std::string query : {"cafe", "caf\u00e9", "Caf\u00e9", "CAF\u00c9", "zurich", "Z\u00fcrich"})
        EXPECT_EQ(sorted(ranked_ids(e, query)), both) << query;
    EXPECT_EQ(ranked_ids(e, "resume"), std::vector<std::string>{"accented"});
    EXPECT_EQ(ranked_ids(e, "\"cafe society\""), std::vector<std::string>{"accented"}) << "phrases fold too";
    EXPECT_EQ(sorted(ranked_ids(e, "caf\u00e9*")), both) << "wildcards fold too";
    EXPECT_EQ(ranked_ids(e, "title:zurich"), std::vector<std::string>{"accented"}) << "fields fold too";
}

TEST(AccentFolding, HighlightingMarksTheWordAsWritten) {
    SearchEngine e(Xapian::Database(indexed(accented_articles())));
    SearchRequest request;
    request.query = "cafe zurich";
    for (const Hit& hit : e.search(request).hits) {
        if (hit.article.id != "accented") continue;
        EXPECT_EQ(highlighted_words(hit), (std::vector<std::string>{"caf\u00e9", "Z\u00fcrich"})) << hit.snippet.text;
        return;
    }
    ADD_FAILURE() << "the accented article was not found";
}

TEST(AccentFolding, AWordOnlyAccentedDifferentlyIsNotASpellingMistake) {
    // Only the accented spellings are indexed: unfolded, "zurich" was "Did you mean: zürich".
    SearchEngine e(Xapian::Database(indexed({accented_articles().front()})));
    SearchRequest request;
    for (const std::string query : {"zurich", "Z\u00fcrich", "cafe society", "CAF\u00c9"}) {
        request.query = query;
        EXPECT_EQ(e.search(request).suggestion, std::nullopt) << query;
    }
}

TEST(AccentFolding, ADatabaseOfAnOlderSchemaIsSearchedAsItWasIndexed) {
    // Its terms keep their accents, so query words must keep theirs: folded, "café" would
    // find nothing there.
    SearchEngine e(Xapian::Database(test::indexed_in_schema(accented_articles(), 5)));
    EXPECT_EQ(ranked_ids(e, "caf\u00e9"), std::vector<std::string>{"accented"});
    EXPECT_EQ(ranked_ids(e, "Z\u00fcrich"), std::vector<std::string>{"accented"});
    EXPECT_EQ(ranked_ids(e, "\"caf\u00e9 society\""), std::vector<std::string>{"accented"});
    EXPECT_EQ(ranked_ids(e, "cafe"), std::vector<std::string>{"plain"}) << "rebuild it to fold";
}

TEST(AccentFolding, ArticlesAddedToAnOlderSchemaDatabaseAreIndexedInItsSchema) {
    Xapian::WritableDatabase db = test::indexed_in_schema(accented_articles(), 5);
    {
        IndexBuilder builder(db, {});
        builder.add(test::article("added", "Another caf\u00e9", "In Z\u00fcrich."));
        builder.finish();
    }
    EXPECT_EQ(db.get_metadata(std::string(schema::kSchemaVersionKey)), "5");
    SearchEngine e{Xapian::Database(db)};
    EXPECT_EQ(sorted(ranked_ids(e, "caf\u00e9")), (std::vector<std::string>{"accented", "added"}));
}

}  // namespace
}  // namespace news
