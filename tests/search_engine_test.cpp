#include "searcher/search_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>

#include "common/ranking.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/query_language.hpp"
#include "searcher/top_with_ties.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using test::article;
using test::in_memory_db;

/// Collects articles into a builder, failing the test on any skipped record.
class BuilderVisitor : public CorpusVisitor {
  public:
    explicit BuilderVisitor(IndexBuilder& builder) : builder_(builder) {}
    void on_article(Article&& a, const RecordLocation&) override { builder_.add(a); }
    void on_skip(const RecordLocation& where, std::string_view reason) override {
        ADD_FAILURE() << where.to_string() << ": " << reason;
    }
    void on_warning(const RecordLocation&, std::string_view) override {}

  private:
    IndexBuilder& builder_;
};

IndexBuilder index_paths(Xapian::WritableDatabase db, const std::vector<std::filesystem::path>& paths) {
    IndexBuilder builder(std::move(db), {});
    BuilderVisitor visitor(builder);
    read_corpus(paths, visitor);
    builder.finish();
    return builder;
}

std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.article.id);
    return out;
}

SearchResult search(SearchEngine& engine, const std::string& q, Xapian::doccount limit = 10) {
    SearchRequest request;
    request.query = q;
    request.limit = limit;
    return engine.search(request);
}

/// The bundled corpus (seed + 2,225 BBC articles), indexed once for the whole suite.
class BundledCorpus : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<Xapian::WritableDatabase>(in_memory_db());
        index_paths(*db_, {test::project_path("corpus")});
    }
    static void TearDownTestSuite() { db_.reset(); }
    SearchEngine engine() { return SearchEngine(Xapian::Database(*db_)); }
    static std::unique_ptr<Xapian::WritableDatabase> db_;
};
std::unique_ptr<Xapian::WritableDatabase> BundledCorpus::db_;

TEST_F(BundledCorpus, EveryArticleIsIndexedExactlyOnce) {
    EXPECT_EQ(db_->get_doccount(), 2226u);  // 2,225 BBC + the seed article
    std::size_t bbc = 0;
    for (auto it = db_->postlist_begin("XSOURCEbbc"); it != db_->postlist_end("XSOURCEbbc"); ++it) ++bbc;
    EXPECT_EQ(bbc, 2225u);
}

TEST_F(BundledCorpus, SeedArticleRanksFirstForCyberDialogueChina) {
    auto e = engine();
    const SearchResult r = search(e, "cyber dialogue China");
    ASSERT_FALSE(r.hits.empty());
    EXPECT_EQ(r.hits[0].article.id, "seed/thehill-xi-cyber-dialogue");
    EXPECT_GT(r.estimated_matches, 1u);
}

struct TitleCase {
    std::string query;
    std::string expected_id;
};

TEST_F(BundledCorpus, DistinctiveBbcTitlesAreFoundFirstByTheirOwnWords) {
    const std::vector<TitleCase> cases = {
        {"Krispy Kreme shares", "bbc/business/386"},    {"Sideways dominates Spirit awards", "bbc/entertainment/370"},
        {"Cairn oil find", "bbc/business/198"},         {"McIlroy Madrid title", "bbc/sport/014"},
        {"France digital terrestrial", "bbc/tech/371"},
    };
    auto e = engine();
    for (const auto& c : cases) {
        const SearchResult r = search(e, c.query);
        ASSERT_FALSE(r.hits.empty()) << c.query;
        EXPECT_EQ(r.hits[0].article.id, c.expected_id) << c.query;
    }
}

TEST_F(BundledCorpus, HitsCarryTheStoredArticleAndAHighlightedSnippet) {
    auto e = engine();
    const SearchResult r = search(e, "cyber dialogue China", 1);
    ASSERT_EQ(r.hits.size(), 1u);
    const Hit& hit = r.hits[0];
    EXPECT_EQ(hit.rank, 1u);
    EXPECT_TRUE(hit.error.empty());
    EXPECT_EQ(hit.article.tags, (std::vector<std::string>{"China", "Cyberwarfare", "Hacking", "Xi", "Jinping"}));
    ASSERT_FALSE(hit.snippet.highlights.empty());
    for (const auto& [b, e2] : hit.snippet.highlights) {
        const std::string word = hit.snippet.text.substr(b, e2 - b);
        EXPECT_TRUE(word == "cyber" || word == "dialogue" || word == "China" || word == "Chinese" ||
                    word == "dialogues")
            << word;
    }
}

TEST_F(BundledCorpus, OffsetPagesThroughTheSameRanking) {
    auto e = engine();
    const SearchResult first = search(e, "election labour", 10);
    SearchRequest page2;
    page2.query = "election labour";
    page2.offset = 5;
    page2.limit = 5;
    const SearchResult second = e.search(page2);
    ASSERT_EQ(second.hits.size(), 5u);
    EXPECT_EQ(second.hits[0].rank, 6u);
    const std::vector<std::string> first_ids = ids(first);
    ASSERT_EQ(first_ids.size(), 10u);
    EXPECT_EQ(ids(second), std::vector<std::string>(first_ids.begin() + 5, first_ids.end()));
}

TEST_F(BundledCorpus, FieldFiltersRestrictTheResults) {
    auto e = engine();
    const SearchResult r = search(e, "shares category:tech", 50);
    ASSERT_FALSE(r.hits.empty());
    for (const auto& h : r.hits) EXPECT_EQ(h.article.category, "tech") << h.article.id;
    const SearchResult by_id = search(e, "id:bbc/tech/371");
    EXPECT_EQ(ids(by_id), std::vector<std::string>{"bbc/tech/371"});
    const SearchResult by_tag = search(e, "tag:Hacking");
    EXPECT_EQ(ids(by_tag), std::vector<std::string>{"seed/thehill-xi-cyber-dialogue"});
}

TEST_F(BundledCorpus, TopWithTiesHoldsThePageAndEveryMatchTiedWithItsLast) {
    // Against the whole ranking: the spy of a get_mset(0, count) must hold exactly the
    // matches weighing at least the count-th weight, ties included.
    const Xapian::Database db(*db_);
    const Xapian::QueryParser parser = make_query_parser({}, db);
    std::size_t ties_seen = 0;
    for (const char* words : {"film", "minister", "market", "game", "said", "chancellor brown"}) {
        const Xapian::Query query = Xapian::QueryParser(parser).parse_query(words);
        for (const Xapian::doccount count : {1u, 10u, 25u}) {
            Xapian::Enquire enquire(db);
            configure_ranking(enquire, query, {});
            TopWithTies top(count, db.get_doccount());
            enquire.add_matchspy(&top);
            enquire.get_mset(0, count);
            const std::optional<std::vector<TopWithTies::Candidate>> best = top.best();
            ASSERT_TRUE(best) << words << ", count " << count;

            Xapian::Enquire whole(db);
            configure_ranking(whole, query, {});
            const Xapian::MSet all = whole.get_mset(0, db.get_doccount());
            ASSERT_GE(all.size(), count) << words;
            const double boundary = all[count - 1].get_weight();
            std::set<Xapian::docid> expected;
            for (auto it = all.begin(); it != all.end() && it.get_weight() >= boundary; ++it) expected.insert(*it);
            std::set<Xapian::docid> got;
            for (const auto& c : *best) got.insert(c.docid);
            EXPECT_EQ(got, expected) << words << ", count " << count;
            ties_seen += best->size() - count;
        }
    }
    EXPECT_GT(ties_seen, 0u) << "no query had a tie at its boundary: the test shows nothing";
}

TEST(TopWithTies, ATieLargerThanTheLimitIsReportedNotKept) {
    Xapian::WritableDatabase db = in_memory_db();
    for (int i = 0; i < 10; ++i) db.add_document(Xapian::Document());
    TopWithTies top(2, 5);
    top(db.get_document(1), 2.0);
    for (Xapian::docid did = 2; did <= 10; ++did) top(db.get_document(did), 1.0);
    EXPECT_FALSE(top.best());
    TopWithTies roomy(2, 10);
    roomy(db.get_document(1), 2.0);
    for (Xapian::docid did = 2; did <= 10; ++did) roomy(db.get_document(did), 1.0);
    ASSERT_TRUE(roomy.best());
    EXPECT_EQ(roomy.best()->size(), 10u);
    EXPECT_EQ(roomy.best()->front().docid, 1u);
}

TEST(TopWithTies, ATieGivenUpOnEarlyIsForgottenWhenHeavierMatchesFillThePage) {
    // Xapian shows the spy light matches first when they come first by docid: a tie of
    // twenty at 1.0 overflows the limit, then two matches at 3.0 make the page, and the
    // tie at 1.0 can no longer reach it.
    Xapian::WritableDatabase db = in_memory_db();
    for (int i = 0; i < 22; ++i) db.add_document(Xapian::Document());
    TopWithTies top(2, 5);
    for (Xapian::docid did = 1; did <= 20; ++did) top(db.get_document(did), 1.0);
    top(db.get_document(21), 3.0);
    top(db.get_document(22), 3.0);
    const auto best = top.best();
    ASSERT_TRUE(best);
    ASSERT_EQ(best->size(), 2u);
    EXPECT_EQ(best->front().docid, 21u);
    EXPECT_EQ(best->back().docid, 22u);
}

TEST_F(BundledCorpus, BrokenQuerySyntaxIsSearchedAsPlainWords) {
    auto e = engine();
    const SearchResult r = search(e, "\"cyber dialogue AND (China");
    EXPECT_FALSE(r.hits.empty());
    EXPECT_EQ(r.hits.at(0).article.id, "seed/thehill-xi-cyber-dialogue");
}

TEST(SearchEngine, PhraseMatchesOnlyInTheRightWordOrder) {
    Xapian::WritableDatabase db = in_memory_db();
    IndexBuilder builder(db, {});
    Article right = article("right", "Talks resume", "The cyber dialogue began in Seattle.");
    Article reversed = article("reversed", "Talks resume", "A dialogue on cyber crime began.");
    builder.add(right);
    builder.add(reversed);
    builder.finish();
    SearchEngine engine{Xapian::Database(db)};
    EXPECT_EQ(ids(search(engine, "\"cyber dialogue\"")), std::vector<std::string>{"right"});
    EXPECT_EQ(ids(search(engine, "\"dialogue on cyber\"")), std::vector<std::string>{"reversed"});
    // Without quotes both match.
    EXPECT_EQ(search(engine, "cyber dialogue").hits.size(), 2u);
}

TEST(SearchEngine, ReindexingTheSameArticlesAddsNothing) {
    Xapian::WritableDatabase db = in_memory_db();
    const IndexBuilder first = index_paths(db, {test::seed_article_path()});
    EXPECT_EQ(first.counts().added, 1u);
    const IndexBuilder second = index_paths(db, {test::seed_article_path()});
    EXPECT_EQ(second.counts().added, 0u);
    EXPECT_EQ(second.counts().unchanged, 1u);
    EXPECT_EQ(db.get_doccount(), 1u);
}

TEST(SearchEngine, AChangedArticleReplacesItsOldVersion) {
    Xapian::WritableDatabase db = in_memory_db();
    IndexBuilder builder(db, {});
    Article a = article("x", "Old headline", "original text");
    EXPECT_EQ(builder.add(a), AddOutcome::kAdded);
    a.body = "rewritten text";
    EXPECT_EQ(builder.add(a), AddOutcome::kUpdated);
    builder.finish();
    EXPECT_EQ(db.get_doccount(), 1u);
    SearchEngine engine{Xapian::Database(db)};
    EXPECT_TRUE(search(engine, "original").hits.empty());
    EXPECT_EQ(ids(search(engine, "rewritten")), std::vector<std::string>{"x"});
}

TEST(SearchEngine, AnUnreadableStoredRecordIsReportedAndTheOtherHitsShown) {
    Xapian::WritableDatabase db = in_memory_db();
    IndexBuilder builder(db, {});
    builder.add(article("good", "Budget news", "budget budget"));
    builder.add(article("bad", "Budget plans", "budget"));
    builder.finish();
    Xapian::docid bad = *db.postlist_begin(schema::id_term("bad"));
    Xapian::Document doc = db.get_document(bad);
    doc.add_value(schema::kRecordSlot, "\x01\x01garbage");
    db.replace_document(bad, doc);
    db.commit();
    SearchEngine engine{Xapian::Database(db)};
    const SearchResult r = search(engine, "budget");
    ASSERT_EQ(r.hits.size(), 2u);
    const auto bad_hit = std::find_if(r.hits.begin(), r.hits.end(), [](const Hit& h) { return !h.error.empty(); });
    ASSERT_NE(bad_hit, r.hits.end());
    EXPECT_EQ(bad_hit->article.id, "bad");
}

TEST(SearchEngine, MissingDatabaseIsAClearError) {
    try {
        SearchEngine engine("/nonexistent/news-db");
        FAIL() << "expected an error";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/news-db"), std::string::npos);
    }
}

TEST(SearchEngine, RangesNoRangeProcessorAcceptsAreSearchedAsWords) {
    // Found by fuzzing: "a..b" that is not a date or year range made Xapian throw
    // "Unknown range operation" whatever the flags, so searcher failed with exit 1.
    Xapian::WritableDatabase db = in_memory_db();
    IndexBuilder builder(db, {});
    builder.add(article("a", "Budget 2004 and 2005", "Spending plans for 2004 and 2005."));
    builder.finish();
    SearchEngine engine{Xapian::Database(db)};
    for (const char* query : {"2004..2005", "budget a..b", "datc:2015-09-01..2015-09-30 year:2004..2005", "x..."}) {
        SearchResult result;
        ASSERT_NO_THROW(result = search(engine, query)) << query;
        EXPECT_TRUE(result.relaxed) << query;
    }
    EXPECT_NO_THROW(search(engine, ".."));
    EXPECT_EQ(ids(search(engine, "2004..2005")), std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace news
