// Issue 16, "Articles in other languages": a database has a language (indexer --language),
// whose Snowball stemmer and stopwords both programs use; the searcher takes it from the
// database unless --language says otherwise.

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/cli_support.hpp"
#include "common/document_mapper.hpp"
#include "common/document_terms.hpp"
#include "common/readers/csv_reader.hpp"
#include "common/schema.hpp"
#include "common/stopwords.hpp"
#include "common/stored_record.hpp"
#include "common/text_analysis.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using test::CommandRun;
using test::IndexedByTheIndexer;

/// One JSON Lines record: id, title and body (none of which may hold '"' or '\').
std::string record(const std::string& id, const std::string& title, const std::string& body) {
    return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"body\":\"" + body + "\"}\n";
}

// A few articles in each language, written so that the word a test searches for appears in
// one inflection only, and the stopword it adds appears nowhere in the article it expects.
const std::string kGerman =
    record("de-haus", "Neue Häuser am Stadtrand", "Die Gemeinde baut dreihundert Häuser für junge Familien.") +
    record("de-bahn", "Streik bei der Bahn", "Züge fallen aus, Pendler warten stundenlang.") +
    record("de-zeitung", "Zeitungen verlieren Leser", "Immer weniger Menschen kaufen morgens eine Zeitung.");
const std::string kFrench =
    record("fr-eco", "Réformes économiques en France",
           "Le gouvernement présente un plan pour relancer la croissance.") +
    record("fr-vin", "Vendanges précoces", "Les vignerons récoltent plus tôt à cause de la chaleur.");
const std::string kSpanish =
    record("es-elecciones", "Elecciones municipales en Madrid", "Votaron millones de ciudadanos.") +
    record("es-futbol", "Final de fútbol", "El estadio estaba lleno para la final.");

/// The ids a `--format trec` run of the searcher lists.
std::vector<std::string> ids(const CommandRun& run) { return test::trec_ids(run.out); }

/// A database per language, each built by the indexer with --language.
class Languages : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        german_ = build("german", kGerman);
        french_ = build("fr", kFrench);  // an ISO code names the language too
        spanish_ = build("Spanish", kSpanish);
    }
    static void TearDownTestSuite() {
        german_.reset();
        french_.reset();
        spanish_.reset();
    }

    static std::unique_ptr<IndexedByTheIndexer> build(const std::string& language, const std::string& jsonl) {
        auto db = std::make_unique<IndexedByTheIndexer>();
        test::write_file(db->dir() / "articles.jsonl", jsonl);
        db->index("--language " + language + " " + test::shell_quoted((db->dir() / "articles.jsonl").string()));
        return db;
    }
    /// The ids `query` (and `options`) finds on `db`.
    static std::vector<std::string> found(const IndexedByTheIndexer& db, const std::string& query,
                                          const std::string& options = "") {
        const CommandRun run = db.search("--format trec " + options + " " + test::shell_quoted(query));
        EXPECT_EQ(run.exit_code, 0) << db.err();
        return ids(run);
    }

    void SetUp() override {
        for (const auto* db : {german_.get(), french_.get(), spanish_.get()})
            ASSERT_EQ(db->index_run().exit_code, 0) << db->index_run().out;
    }

    static inline std::unique_ptr<IndexedByTheIndexer> german_, french_, spanish_;
};

TEST_F(Languages, TheDatabaseRecordsItsLanguage) {
    EXPECT_EQ(schema::language_of(Xapian::Database(german_->db())), "german");
    EXPECT_EQ(schema::language_of(Xapian::Database(french_->db())), "french");
    EXPECT_EQ(schema::language_of(Xapian::Database(spanish_->db())), "spanish");
    const CommandRun stats = german_->search("--stats");
    EXPECT_NE(stats.out.find("\nLanguage: german\n"), std::string::npos) << stats.out;
}

TEST_F(Languages, AnotherInflectionOfAWordFindsTheArticle) {
    // German: "Haus" (singular) and "Häusern" (dative plural) stem as "Häuser" does.
    EXPECT_EQ(found(*german_, "Haus"), std::vector<std::string>{"de-haus"});
    EXPECT_EQ(found(*german_, "Häusern"), std::vector<std::string>{"de-haus"});
    EXPECT_EQ(found(*german_, "Zeitung", "--all"), std::vector<std::string>{"de-zeitung"});
    // French: the title has "économiques"; the singular finds it, with or without accents.
    EXPECT_EQ(found(*french_, "économique"), std::vector<std::string>{"fr-eco"});
    EXPECT_EQ(found(*french_, "economique"), std::vector<std::string>{"fr-eco"});
    // Spanish: the title has "Elecciones"; the singular "elección" finds it.
    EXPECT_EQ(found(*spanish_, "elección"), std::vector<std::string>{"es-elecciones"});
}

TEST_F(Languages, TheLanguagesStopwordsAreLeftOutOfTheQuery) {
    // With --all every word is required: a stopword that was searched would leave nothing,
    // since none of these articles holds it.
    EXPECT_EQ(found(*german_, "und Haus", "--all"), std::vector<std::string>{"de-haus"});
    EXPECT_EQ(found(*french_, "les économique", "--all"), std::vector<std::string>{"fr-eco"});
    EXPECT_EQ(found(*spanish_, "los elección", "--all"), std::vector<std::string>{"es-elecciones"});
    // The query shows it: the stopword is not in the parsed query.
    const CommandRun run = german_->search("--explain --format trec 'und Haus'");
    ASSERT_EQ(run.exit_code, 0);
    EXPECT_EQ(german_->err().find("und"), std::string::npos) << german_->err();
}

TEST_F(Languages, EnglishStemmingIsNotAppliedToAGermanDatabase) {
    const Xapian::Database db(german_->db());
    EXPECT_TRUE(db.term_exists("Zhaus"));     // the German stem of "Häuser" (folded "hauser")
    EXPECT_FALSE(db.term_exists("Zhauser"));  // the English one
    // The same articles indexed without --language are English: "Haus" then misses "Häuser".
    IndexedByTheIndexer english;
    test::write_file(english.dir() / "articles.jsonl", kGerman);
    english.index(test::shell_quoted((english.dir() / "articles.jsonl").string()));
    ASSERT_EQ(english.index_run().exit_code, 0) << english.index_run().out;
    EXPECT_TRUE(found(english, "Haus").empty());
    EXPECT_EQ(schema::language_of(Xapian::Database(english.db())), "english");
}

TEST_F(Languages, SearcherLanguageOverridesTheDatabases) {
    // English stems "Häusern" as "hausern", a term the German database does not have.
    EXPECT_TRUE(found(*german_, "Häusern", "--language english").empty());
    EXPECT_EQ(found(*german_, "Häusern", "--language de"), std::vector<std::string>{"de-haus"});
}

TEST_F(Languages, SnippetsHighlightTheMatchedInflection) {
    SearchEngine engine(german_->db());
    SearchRequest request;
    request.query = "Haus";
    const SearchResult result = engine.search(request);
    ASSERT_EQ(result.hits.size(), 1u);
    std::vector<std::string> highlighted;
    for (const auto& [begin, end] : result.hits[0].snippet.highlights)
        highlighted.push_back(result.hits[0].snippet.text.substr(begin, end - begin));
    EXPECT_EQ(highlighted, std::vector<std::string>{"Häuser"}) << result.hits[0].snippet.text;
}

TEST(LanguagesAcrossRuns, ALaterRunKeepsTheDatabasesLanguage) {
    IndexedByTheIndexer db;
    test::write_file(db.dir() / "first.jsonl", kGerman);
    db.index("--language german " + test::shell_quoted((db.dir() / "first.jsonl").string()));
    ASSERT_EQ(db.index_run().exit_code, 0) << db.index_run().out;
    // Without --language: the database's German, so "Wälder" is indexed under "wald".
    test::write_file(db.dir() / "second.jsonl", record("de-wald", "Kranke Wälder", "Der Sommer war zu trocken."));
    db.index(test::shell_quoted((db.dir() / "second.jsonl").string()));
    ASSERT_EQ(db.index_run().exit_code, 0) << db.index_run().out;
    const CommandRun run = db.search("--format trec Wald");
    EXPECT_EQ(test::trec_ids(run.out), std::vector<std::string>{"de-wald"}) << db.err();
    EXPECT_EQ(schema::language_of(Xapian::Database(db.db())), "german");
}

TEST(LanguagesAcrossRuns, AnotherLanguageIsRefusedAndChangesNothing) {
    IndexedByTheIndexer db;
    test::write_file(db.dir() / "first.jsonl", kGerman);
    db.index("--language de " + test::shell_quoted((db.dir() / "first.jsonl").string()));
    ASSERT_EQ(db.index_run().exit_code, 0) << db.index_run().out;
    test::write_file(db.dir() / "second.jsonl", kFrench);
    db.index("--language french " + test::shell_quoted((db.dir() / "second.jsonl").string()));
    EXPECT_EQ(db.index_run().exit_code, 2);
    EXPECT_NE(db.index_run().out.find("the database is in german"), std::string::npos) << db.index_run().out;
    EXPECT_EQ(Xapian::Database(db.db()).get_doccount(), 3u);
    // The language it has, named as a code, is no conflict.
    db.index("--language DE " + test::shell_quoted((db.dir() / "second.jsonl").string()));
    EXPECT_EQ(db.index_run().exit_code, 0) << db.index_run().out;
    EXPECT_EQ(Xapian::Database(db.db()).get_doccount(), 5u);
}

TEST(LanguagesAcrossRuns, ADatabaseFromBeforeLanguagesIsEnglish) {
    // Articles in a database without the language key (written before it existed) were
    // stemmed in English: another language is refused for it.
    test::TempDir dir;
    const std::string path = (dir / "db").string();
    {
        IndexOptions options;
        IndexBuilder builder(path, options);
        builder.add(test::article("a", "Houses", "Houses for sale."));
        builder.finish();
        builder.database().set_metadata(std::string(schema::kLanguageKey), "");
        builder.database().commit();
    }
    EXPECT_EQ(schema::language_of(Xapian::Database(path)), "english");
    IndexOptions german;
    german.analysis.language = "german";
    EXPECT_THROW(IndexBuilder(path, german), UsageError);
}

TEST(LanguagesUsage, AnUnknownLanguageIsAUsageError) {
    IndexedByTheIndexer db;
    test::write_file(db.dir() / "a.jsonl", kGerman);
    db.index("--language klingon " + test::shell_quoted((db.dir() / "a.jsonl").string()));
    EXPECT_EQ(db.index_run().exit_code, 2);
    EXPECT_NE(db.index_run().out.find("unknown language 'klingon'"), std::string::npos) << db.index_run().out;
    EXPECT_NE(db.index_run().out.find("--help"), std::string::npos) << db.index_run().out;
    EXPECT_FALSE(std::filesystem::exists(db.db()));
    db.index(test::shell_quoted((db.dir() / "a.jsonl").string()));
    ASSERT_EQ(db.index_run().exit_code, 0) << db.index_run().out;
    EXPECT_EQ(db.search("--language klingon Haus").exit_code, 2);
    EXPECT_NE(db.err().find("unknown language 'klingon'"), std::string::npos) << db.err();
}

TEST(LanguageNames, NamesAndCodesInAnyCaseAreCanonical) {
    EXPECT_EQ(canonical_language("german"), "german");
    EXPECT_EQ(canonical_language("DE"), "german");
    EXPECT_EQ(canonical_language("French"), "french");
    EXPECT_EQ(canonical_language("es"), "spanish");
    EXPECT_EQ(canonical_language("none"), "none");
    EXPECT_THROW(canonical_language("klingon"), std::invalid_argument);
    EXPECT_THROW(canonical_language(""), std::invalid_argument);
}

TEST(LanguageNames, SnowballStopwordListsAreThere) {
    for (const std::string language : {"english", "german", "french", "spanish", "italian", "dutch", "portuguese",
                                       "russian", "swedish", "danish", "norwegian", "finnish", "hungarian"})
        EXPECT_GT(snowball_stopwords(language).size(), 90u) << language;
    EXPECT_TRUE(snowball_stopwords("turkish").empty());
    const auto german = snowball_stopwords("german");
    EXPECT_NE(std::find(german.begin(), german.end(), "für"), german.end());
}

}  // namespace
}  // namespace news

namespace news {
namespace {

/// Chinese, Japanese and Korean articles: their text has no spaces between words.
class CjkText : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<test::IndexedByTheIndexer>();
        test::write_file(
            db_->dir() / "cjk.jsonl",
            record("zh-eco", "中国经济增长放缓", "国家统计局公布的数据显示，今年第三季度经济增长速度有所下降。") +
                record("zh-sport", "足球比赛结果", "北京队在昨天的比赛中获胜。") +
                record("ja-quake", "東京で地震", "東京都内で強い揺れを観測しました。") +
                record("ko-weather", "서울 날씨", "오늘 서울은 맑고 따뜻합니다."));
        db_->index(test::shell_quoted((db_->dir() / "cjk.jsonl").string()));
    }
    static void TearDownTestSuite() { db_.reset(); }
    void SetUp() override { ASSERT_EQ(db_->index_run().exit_code, 0) << db_->index_run().out; }
    static std::vector<std::string> found(const std::string& query) {
        return test::trec_ids(db_->search("--format trec " + test::shell_quoted(query)).out);
    }
    static inline std::unique_ptr<test::IndexedByTheIndexer> db_;
};

TEST_F(CjkText, AWordIsFoundInsideTheRunOfCharactersItWasWrittenIn) {
    // "经济" (economy) is two characters of the run "中国经济增长放缓": as one term per run,
    // as before schema 7, it found nothing.
    EXPECT_EQ(found("经济"), std::vector<std::string>{"zh-eco"});
    EXPECT_EQ(found("\"经济增长\""), std::vector<std::string>{"zh-eco"});
    EXPECT_EQ(found("比赛"), std::vector<std::string>{"zh-sport"});
    EXPECT_EQ(found("地震"), std::vector<std::string>{"ja-quake"});
    EXPECT_EQ(found("서울"), std::vector<std::string>{"ko-weather"});
    EXPECT_GE(schema::schema_version_of(Xapian::Database(db_->db())), schema::kCjkNgramSchema);
}

TEST_F(CjkText, SnippetsHighlightTheCharactersOfTheWord) {
    SearchEngine engine(db_->db());
    SearchRequest request;
    request.query = "经济";
    const SearchResult result = engine.search(request);
    ASSERT_EQ(result.hits.size(), 1u);
    const Snippet& snippet = result.hits[0].snippet;
    std::string highlighted;
    for (const auto& [begin, end] : snippet.highlights) highlighted += snippet.text.substr(begin, end - begin);
    EXPECT_EQ(highlighted, "经济") << snippet.text;
}

// Issue 16, "a language field per article": one database holds articles in several
// languages, each stemmed in its own (JSON Lines `language` or `lang`, a CSV column); the
// database's language is every other article's, and the one queries are parsed in.

/// One JSON Lines record with a language under `key` (left out when `language` is empty).
std::string record_in(const std::string& key, const std::string& language, const std::string& id,
                      const std::string& title, const std::string& body) {
    const std::string field = language.empty() ? "" : ",\"" + key + "\":\"" + language + "\"";
    return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"body\":\"" + body + "\"" + field + "}\n";
}

const std::string kMixed =
    record_in("language", "", "en-houses", "New houses on the edge of town",
              "The council builds three hundred houses for young families.") +
    record_in("language", "German", "de-haus", "Neue Häuser am Stadtrand",
              "Die Gemeinde baut dreihundert Häuser für junge Familien.") +
    record_in("lang", "de", "de-bahn", "Streik bei der Bahn", "Züge fallen aus und Pendler warten stundenlang.") +
    record_in("language", "FR", "fr-eco", "Réformes économiques en France",
              "Le gouvernement présente un plan pour relancer la croissance.") +
    record_in("language", "klingon", "xx-unknown", "Qapla houses", "A record in a language Xapian does not stem.");

/// An English database (the default) of articles in English, German and French, built by
/// the indexer from one JSON Lines file.
class MixedLanguages : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        mixed_ = std::make_unique<IndexedByTheIndexer>();
        test::write_file(mixed_->dir() / "mixed.jsonl", kMixed);
        mixed_->index(test::shell_quoted((mixed_->dir() / "mixed.jsonl").string()));
    }
    static void TearDownTestSuite() { mixed_.reset(); }
    void SetUp() override { ASSERT_EQ(mixed_->index_run().exit_code, 0) << mixed_->index_run().out; }

    static std::vector<std::string> found(const std::string& query, const std::string& options = "") {
        const CommandRun run = mixed_->search("--format trec " + options + " " + test::shell_quoted(query));
        EXPECT_EQ(run.exit_code, 0) << mixed_->err();
        std::vector<std::string> list = ids(run);
        std::sort(list.begin(), list.end());
        return list;
    }

    static inline std::unique_ptr<IndexedByTheIndexer> mixed_;
};

using Ids = std::vector<std::string>;

TEST_F(MixedLanguages, EachArticleIsStemmedInItsOwnLanguage) {
    // German stems "Häuser" as "haus", English "houses" as "hous": each query finds its own.
    EXPECT_EQ(found("haus", "--language de"), Ids{"de-haus"});
    EXPECT_EQ(found("Häusern", "--language german"), Ids{"de-haus"});
    EXPECT_EQ(found("Zug", "--language de"), Ids{"de-bahn"});  // "Züge", given with "lang"
    EXPECT_EQ(found("houses"), (Ids{"en-houses", "xx-unknown"}));
    EXPECT_EQ(found("économique", "--language fr"), Ids{"fr-eco"});
    const Xapian::Database db(mixed_->db());
    EXPECT_EQ(schema::language_of(db), "english");  // the articles' languages are not the database's
    EXPECT_TRUE(db.term_exists("Zhaus"));
    EXPECT_FALSE(db.term_exists("Zhauser"));  // what English would make of "Häuser"
}

TEST_F(MixedLanguages, TheLanguageFilterFindsTheArticlesInALanguage) {
    EXPECT_EQ(found("language:de"), (Ids{"de-bahn", "de-haus"}));
    EXPECT_EQ(found("language:German"), (Ids{"de-bahn", "de-haus"}));
    EXPECT_EQ(found("language:fr"), Ids{"fr-eco"});
    // The database's language is every article without one of its own, the unknown one too.
    EXPECT_EQ(found("language:en"), (Ids{"en-houses", "xx-unknown"}));
    EXPECT_EQ(found("houses OR haus language:en"), (Ids{"en-houses", "xx-unknown"}));
    EXPECT_TRUE(found("language:es").empty());
    const Xapian::Database db(mixed_->db());
    EXPECT_TRUE(db.term_exists(schema::language_term("german")));
    EXPECT_FALSE(db.term_exists(schema::language_term("english")));  // only on other languages
    // An unknown language is a query error, not a crash.
    EXPECT_NE(mixed_->search("--format trec language:klingon").exit_code, 0);
    EXPECT_NE(mixed_->err().find("unknown language 'klingon'"), std::string::npos) << mixed_->err();
}

TEST_F(MixedLanguages, EachQuerysStopwordsAreThoseOfItsLanguage) {
    // With --all every word is required: "und" is no German article's word in "Haus"'s
    // article, so it must be left out of a German query, and "the" out of an English one.
    EXPECT_EQ(found("und Häuser", "--all --language de"), Ids{"de-haus"});
    EXPECT_EQ(found("the houses", "--all"), (Ids{"en-houses", "xx-unknown"}));
    // Stopwords stay indexed (phrases need them), in the article's own words.
    EXPECT_EQ(found("\"aus und Pendler\"", "--language de"), Ids{"de-bahn"});
}

TEST_F(MixedLanguages, AnUnknownLanguageIsReportedAndTheArticleIndexedInTheDatabases) {
    const std::string& out = mixed_->index_run().out;
    EXPECT_NE(out.find("mixed.jsonl:5: warning: unknown language \"klingon\": indexed in the database's language"),
              std::string::npos)
        << out;
    EXPECT_EQ(Xapian::Database(mixed_->db()).get_doccount(), 5u);
    EXPECT_EQ(found("Qapla"), Ids{"xx-unknown"});
}

TEST_F(MixedLanguages, HitsAreHighlightedInTheirOwnLanguage) {
    // English stems "haus" as "haus", which is the German stem of "Häuser": the German
    // article is found, and its "Häuser" is highlighted because its words are stemmed in
    // German, not in the query's English.
    SearchEngine engine(mixed_->db());
    SearchRequest request;
    request.query = "haus";
    const SearchResult result = engine.search(request);
    ASSERT_EQ(result.hits.size(), 1u);
    EXPECT_EQ(result.hits[0].article.language, "german");
    std::vector<std::string> highlighted;
    for (const auto& [begin, end] : result.hits[0].snippet.highlights)
        highlighted.push_back(result.hits[0].snippet.text.substr(begin, end - begin));
    EXPECT_EQ(highlighted, std::vector<std::string>{"Häuser"}) << result.hits[0].snippet.text;
}

TEST_F(MixedLanguages, ShownArticlesAndJsonHitsCarryTheirLanguage) {
    const CommandRun json = mixed_->search("--show de-haus --format json");
    ASSERT_EQ(json.exit_code, 0) << mixed_->err();
    EXPECT_NE(json.out.find("\"language\":\"german\""), std::string::npos) << json.out;
    const CommandRun markdown = mixed_->search("--show de-haus --format markdown");
    EXPECT_NE(markdown.out.find("- **Language:** german"), std::string::npos) << markdown.out;
    const CommandRun hits = mixed_->search("--format json --language de Haus");
    EXPECT_NE(hits.out.find("\"language\":\"german\""), std::string::npos) << hits.out;
    // An article in the database's language has none.
    const CommandRun english = mixed_->search("--show en-houses --format json");
    EXPECT_EQ(english.out.find("\"language\""), std::string::npos) << english.out;
}

TEST_F(MixedLanguages, ARebuildKeepsEachArticlesLanguage) {
    IndexedByTheIndexer copy;
    test::write_file(copy.dir() / "mixed.jsonl", kMixed);
    copy.index(test::shell_quoted((copy.dir() / "mixed.jsonl").string()));
    ASSERT_EQ(copy.index_run().exit_code, 0) << copy.index_run().out;
    const CommandRun rebuilt =
        test::run_command(test::program("indexer") + " --db " + test::shell_quoted(copy.db()) + " --rebuild 2>&1");
    ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.out;
    const CommandRun run = copy.search("--format trec --language de haus");
    EXPECT_EQ(ids(run), Ids{"de-haus"}) << copy.err();
    const CommandRun filtered = copy.search("--format trec language:fr");
    EXPECT_EQ(ids(filtered), Ids{"fr-eco"}) << copy.err();
}

TEST(ArticleLanguages, ATermlistFreeDatabaseReanalysesEachArticleInItsLanguage) {
    test::TempDir dir;
    test::write_file(dir / "mixed.jsonl", kMixed);
    for (const std::string name : {"with", "without"}) {
        const std::string options = name == "without" ? " --no-termlist" : "";
        const CommandRun run = test::run_command(test::program("indexer") + " --quiet" + options + " --db " +
                                                 test::shell_quoted((dir / name).string()) + " " +
                                                 test::shell_quoted((dir / "mixed.jsonl").string()) + " 2>&1");
        ASSERT_EQ(run.exit_code, 0) << run.out;
    }
    const Xapian::Database with((dir / "with").string());
    DocumentTerms from_termlists(with);
    DocumentTerms reanalysed(Xapian::Database((dir / "without").string()));
    for (Xapian::docid docid = 1; docid <= with.get_lastdocid(); ++docid) {
        const TermVector kept = from_termlists.of(docid);
        const TermVector made = reanalysed.of(docid);
        ASSERT_TRUE(kept.from_termlist);
        ASSERT_FALSE(made.from_termlist);
        std::vector<TermWdf> expected;
        for (const TermWdf& t : kept.terms)
            if (!t.term.starts_with(schema::kOriginPrefix)) expected.push_back(t);
        ASSERT_EQ(made.terms.size(), expected.size()) << "docid " << docid;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(made.terms[i].term, expected[i].term) << "docid " << docid;
            EXPECT_EQ(made.terms[i].wdf, expected[i].wdf) << "docid " << docid;
        }
    }
}

TEST(ArticleLanguages, ACsvLanguageColumnIsRead) {
    test::TempDir dir;
    test::write_file(dir / "a.csv",
                     "id,title,body,Language\n"
                     "de-haus,Neue Häuser,Die Gemeinde baut Häuser.,de\n"
                     "en-houses,New houses,The council builds houses.,\n"
                     "xx,Qapla,\"Unknown, and reported\",klingon\n"
                     "fr-eco,Réformes économiques,Un plan.,fr\n");
    test::RecordingVisitor visitor;
    read_csv_file((dir / "a.csv").string(), "a.csv", visitor);
    ASSERT_EQ(visitor.articles.size(), 4u);
    EXPECT_EQ(visitor.articles[0].language, "german");
    EXPECT_EQ(visitor.articles[1].language, "");
    EXPECT_EQ(visitor.articles[2].language, "");
    EXPECT_EQ(visitor.articles[3].language, "french");
    ASSERT_EQ(visitor.warnings.size(), 1u);
    EXPECT_NE(visitor.warnings[0].find("a.csv:4: unknown language \"klingon\""), std::string::npos)
        << visitor.warnings[0];
    // A mapped key reads the field from another column.
    test::write_file(dir / "b.tsv", "title\tbody\tlocale\nNeue Häuser\tDie Gemeinde baut Häuser.\tDE\n");
    CsvOptions tsv;
    tsv.delimiter = '\t';
    tsv.fields.assign("language=locale");
    test::RecordingVisitor mapped;
    read_csv_file((dir / "b.tsv").string(), "b.tsv", mapped, tsv);
    ASSERT_EQ(mapped.articles.size(), 1u);
    EXPECT_EQ(mapped.articles[0].language, "german");
}

TEST(ArticleLanguages, TheStoredRecordKeepsTheLanguageAndOtherRecordsAreAsTheyWere) {
    Article article = test::article("a", "Neue Häuser", "Die Gemeinde baut Häuser.");
    const std::string without = record_payload(article);
    article.language = "german";
    const std::string with = record_payload(article);
    // Appended after the tags as flag 2 and the field: the record without is unchanged.
    EXPECT_EQ(with, without + "\x02\x06german");
    RecordCodec codec;
    EXPECT_EQ(codec.decode(codec.encode(article)).language, "german");
    article.tags_unseparated = true;
    article.tags = {"Haus", "Bau"};
    EXPECT_EQ(codec.decode(codec.encode(article)), article);
    // A damaged record is an error, never a crash: an empty language, unknown flags.
    Article plain = test::article("b", "T", "B");
    const std::string payload = record_payload(plain);
    for (const std::string& bad : {payload + "\x02", payload + "\x02" + std::string(1, '\0'), payload + "\x04"}) {
        std::string raw = std::string(1, '\x02') + std::string(1, '\0') + bad;  // version 2, codec raw
        EXPECT_THROW(codec.decode(raw), CorruptRecordError);
    }
}

TEST(ArticleLanguages, TheMapperStemsAnArticleInItsLanguageAndTheDefaultOneAsBefore) {
    DocumentMapper mapper;  // an English database
    Article german = test::article("de", "Häuser", "Häuser");
    german.language = "german";
    const Xapian::Document doc = mapper.indexed_terms(german);
    const auto has = [](const Xapian::Document& d, const std::string& term) {
        Xapian::TermIterator t = d.termlist_begin();
        t.skip_to(term);
        return t != d.termlist_end() && *t == term;
    };
    EXPECT_TRUE(has(doc, "Zhaus"));
    EXPECT_TRUE(has(doc, schema::language_term("german")));
    // The next article, without a language, is English again, and has no language term.
    const Xapian::Document english = mapper.indexed_terms(test::article("en", "Häuser", "Häuser"));
    EXPECT_TRUE(has(english, "Zhauser"));
    EXPECT_FALSE(has(english, "Zhaus"));
    EXPECT_FALSE(has(english, schema::language_term("english")));
    // An article in the database's language is indexed as one without a language.
    Article also_english = test::article("en", "Häuser", "Häuser");
    also_english.language = "english";
    const Xapian::Document same = mapper.indexed_terms(also_english);
    EXPECT_EQ(std::vector<std::string>(same.termlist_begin(), same.termlist_end()),
              std::vector<std::string>(english.termlist_begin(), english.termlist_end()));
}

}  // namespace
}  // namespace news
