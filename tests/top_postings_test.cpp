// Top postings (common/top_postings.hpp, searcher/top_postings_search.hpp): a page ranked
// from them is the page ranking every match gives (ids, order and scores), and lists that
// no longer describe the database are never used.
#include "common/top_postings.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/duplicate_groups.hpp"
#include "common/facet_columns.hpp"
#include "common/ranking.hpp"
#include "common/readers/corpus_reader.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/top_postings_builder.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

/// Small lists, so that BBC's 2,226 articles exercise every path: words with and without a
/// list, lists ending inside a tie, and pages the lists cannot prove.
TopPostingsSettings small_lists(Xapian::doccount min_termfreq, Xapian::doccount list_size) {
    TopPostingsSettings settings;
    settings.min_termfreq = min_termfreq;
    settings.list_size = list_size;
    return settings;
}

/// Indexes `inputs` into a new glass database at `path` (top postings need a revision).
void index_into(const fs::path& path, const std::vector<fs::path>& inputs) {
    Xapian::WritableDatabase db(path.string(), Xapian::DB_CREATE_OR_OPEN);
    test::index_into(db, inputs);
}

struct Tally {
    std::size_t pages = 0;
    std::size_t listed = 0;  ///< pages ranked from the top postings
};

/// Searches each query for several pages, from the top postings and exhaustively, and
/// expects the same hits in the same order with the same scores.
Tally expect_same_pages(SearchEngine& engine, const std::vector<std::string>& queries) {
    Tally tally;
    test::expect_same_pages_as_exhaustive(engine, queries, [&](const SearchResult& fast) {
        ++tally.pages;
        if (fast.from_top_postings) ++tally.listed;
    });
    return tally;
}

/// The bundled corpus on disk, with small lists.
class TopPostings : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        index_into(db_path(), {test::project_path("corpus")});
        Xapian::WritableDatabase db(db_path().string(), Xapian::DB_OPEN);
        build_top_postings(db, small_lists(150, 16));
    }
    static void TearDownTestSuite() { dir_.reset(); }
    static fs::path db_path() { return *dir_ / "bbc"; }

    static std::unique_ptr<test::TempDir> dir_;
};
std::unique_ptr<test::TempDir> TopPostings::dir_;

TEST_F(TopPostings, RankTheBbcQuerySetsAsRankingEveryMatchDoes) {
    SearchEngine engine(db_path().string());
    const Tally one_word = expect_same_pages(engine, test::query_set("bbc", {"single", "frequent"}));
    const Tally titles = expect_same_pages(engine, test::query_set("bbc", {"title"}));
    expect_same_pages(engine, test::query_set("bbc", {"phrase", "and", "rare"}));
    // A title of one frequent word and rarer ones is ranked from the word's list too
    // (1,208 of the 3,000 pages when this was written).
    EXPECT_GT(titles.listed, titles.pages / 5) << titles.pages << " pages";
    // Not a comparison of two exhaustive rankings: many one-word pages come from the lists
    // (the others are of words in fewer than 150 articles, or pages past the 16 listed).
    EXPECT_GT(one_word.listed, one_word.pages / 4) << one_word.pages << " pages";
}

TEST_F(TopPostings, AFrequentWordWithRarerOnesIsRankedFromItsListOnlyWhenThatIsExact) {
    SearchEngine engine(db_path().string());
    // One listed word and rarer ones: from the list, the rarer words weighed in full.
    const Tally listed = expect_same_pages(engine, {"film mumbai", "economy zimbabwe", "government ferry strike"});
    EXPECT_GT(listed.listed, 0U);
    // A word also in a phrase with a rare word: from the list, and exact.
    EXPECT_GT(expect_same_pages(engine, {"film \"film mumbai\""}).listed, 0U);
    // Two frequent words: an article listed for neither could outweigh the page. Ranked in full.
    SearchRequest request;
    request.query = "film government";
    request.snippets = false;
    EXPECT_FALSE(engine.search(request).from_top_postings);
    expect_same_pages(engine, {"film government"});
}

TEST(TopPostingsOnHeadlines, RankWithoutTermListsAsRankingEveryMatchDoes) {
    // The layout news archives of headlines get: schema 8 (titles in the combined field
    // alone) and no term lists (indexer --no-termlist).
    test::RecordingVisitor bbc;
    read_corpus({test::project_path("corpus/bbc.jsonl.zst")}, bbc);
    test::TempDir dir;
    const std::string path = (dir / "headlines").string();
    {
        IndexOptions options;
        options.termlist = false;
        IndexBuilder builder(path, options);
        for (Article& a : bbc.articles) {
            a.body.clear();
            builder.add(a);
        }
        builder.finish();
        ASSERT_FALSE(builder.has_termlist());
    }
    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN | Xapian::DB_NO_TERMLIST);
        build_top_postings(db, small_lists(17, 16));
    }
    SearchEngine engine(path);
    expect_same_pages(engine, test::query_set("bbc", {"single", "frequent"}));
    expect_same_pages(engine, test::query_set("bbc", {"title", "phrase", "and"}));
    // Words of 17 titles or more, the few title words of the sets: "blair", "economy", ...
    const Tally title_words = expect_same_pages(engine, {"blair", "economy", "film", "game", "election", "mobile"});
    EXPECT_GT(title_words.listed, title_words.pages / 4) << title_words.pages << " pages";
}

TEST(TopPostingsTies, AreBrokenInAOneWordQueryAsRankingEveryMatchDoes) {
    // 300 headlines of the same shape weigh the same for "storm": the list of 20 ends
    // inside that tie, so pages must follow the tie-break order (newest first) exactly.
    test::TempDir dir;
    const fs::path path = dir / "db";
    {
        IndexBuilder builder(path.string(), {});
        for (int i = 0; i < 300; ++i) {
            // A number of the same length makes each article its own (not a duplicate).
            Article a =
                test::article("storm-" + std::to_string(i), "Storm hits the coast " + std::to_string(1000 + i), "");
            a.date = "2015-" + std::string(i % 12 < 9 ? "0" : "") + std::to_string(i % 12 + 1) + "-" +
                     std::to_string(10 + i % 19);
            builder.add(a);
        }
        for (int i = 0; i < 100; ++i)
            builder.add(test::article("other-" + std::to_string(i), "Storm warning for the north sea coast today", ""));
        builder.finish();
    }
    {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
        build_top_postings(db, small_lists(50, 20));
    }
    SearchEngine engine(path.string());
    Tally tally;
    for (const auto& [offset, limit] : {std::pair{0u, 10u}, {5u, 10u}, {0u, 19u}, {0u, 20u}, {0u, 50u}}) {
        SearchRequest request;
        request.query = "storm";
        request.offset = offset;
        request.limit = limit;
        const SearchResult fast = engine.search(request);
        request.exhaustive = true;
        const SearchResult full = engine.search(request);
        EXPECT_EQ(test::ranking_of(fast), test::ranking_of(full)) << offset << " " << limit;
        tally.listed += fast.from_top_postings;
        ++tally.pages;
    }
    // Pages that end within the 20 listed come from the list; a page of 50 cannot.
    EXPECT_EQ(tally.listed, 4u);

    // The word under a date filter and with an excluded word: the list stands for the word
    // inside the filter, and the page is still the one ranking every match gives.
    for (const std::string& query : {std::string("storm"), std::string("storm -warning")}) {
        SearchRequest request;
        request.query = query;
        request.since = "20150601";
        request.limit = 5;
        const SearchResult fast = engine.search(request);
        request.exhaustive = true;
        const SearchResult full = engine.search(request);
        EXPECT_EQ(test::ranking_of(fast), test::ranking_of(full)) << query;
        EXPECT_EQ(fast.hits.size(), 5u) << query;
        EXPECT_TRUE(fast.from_top_postings) << query;
    }
}

TEST_F(TopPostings, Bm25TermWeightIsTheWeightXapianGives) {
    // The bounds assume our arithmetic is Xapian's to the last bit (one-word ties).
    Xapian::Database db(db_path().string());
    const RankingConfig ranking;
    std::size_t checked = 0;
    for (const std::string term : {"Zsaid", "Zgovern", "Zfilm", "Zmobil", "Zelect"}) {
        Xapian::Enquire enquire(db);
        configure_ranking(enquire, Xapian::Query(term), ranking);
        const Bm25TermWeight weight(ranking, db.get_doccount(), db.get_termfreq(term), db.get_avlength());
        const Xapian::MSet mset = enquire.get_mset(0, 200);
        ASSERT_GT(mset.size(), 0u) << term;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            Xapian::PostingIterator p = db.postlist_begin(term);
            p.skip_to(*it);
            EXPECT_EQ(weight(p.get_wdf(), db.get_doclength(*it)), it.get_weight()) << term << " in " << *it;
            ++checked;
        }
    }
    EXPECT_GT(checked, 500u);
}

TEST_F(TopPostings, AreNotUsedOnceTheDatabaseChangesAndAreRightAgainWhenRebuilt) {
    test::TempDir dir;
    const fs::path path = dir / "db";
    fs::copy(db_path(), path);
    const std::vector<std::string> queries = test::query_set("bbc", {"single", "title"});
    {
        // Added, replaced and deleted after the lists were built.
        IndexBuilder builder(path.string(), {});
        builder.add(test::article("new-1", "Government said film mobile", "The government said the film was mobile."));
        builder.add(test::article("bbc/tech/001", "Replaced", "Said said said government film"));
        ASSERT_TRUE(builder.remove("bbc/business/001"));
        builder.finish();
    }
    {
        SearchEngine engine(path.string());
        const Tally stale = expect_same_pages(engine, queries);
        EXPECT_EQ(stale.listed, 0u) << "lists of an earlier state were used";
    }
    {
        Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
        build_top_postings(db, small_lists(150, 16));
        EXPECT_TRUE(top_postings::lists_are_current(db));
    }
    SearchEngine engine(path.string());
    const Tally rebuilt = expect_same_pages(engine, queries);
    EXPECT_GT(rebuilt.listed, 0u);
}

TEST_F(TopPostings, TheIndexerListsThemAtTheEndOfEachRunAndOfEachDeletion) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const auto current = [&] { return top_postings::lists_are_current(Xapian::Database(db)); };
    const std::string indexer = test::program("indexer") + " -q --db " + db + " ";
    ASSERT_EQ(test::run_command(indexer + test::project_path("corpus/seed").string()).exit_code, 0);
    EXPECT_TRUE(current());
    ASSERT_EQ(test::run_command(indexer + test::project_path("corpus/bbc.jsonl.zst").string()).exit_code, 0);
    EXPECT_TRUE(current());
    ASSERT_EQ(test::run_command(indexer + "--delete bbc/tech/001").exit_code, 0);
    EXPECT_TRUE(current());
    // The same step lists BBC's identical articles and its source and category columns.
    const Xapian::Database listed(db);
    const auto groups = duplicate_groups::decode(listed.get_metadata(std::string(duplicate_groups::kKey)));
    ASSERT_TRUE(groups);
    EXPECT_FALSE(groups->firsts.empty());
    for (const char* facet : {"source", "category"})
        EXPECT_TRUE(facet_columns::decode(listed.get_metadata(facet_columns::key(facet)), listed.get_lastdocid() + 1))
            << facet;
    EXPECT_EQ(listed.get_metadata(facet_columns::key("year")), "");  // BBC has no dates
}

TEST(TopPostingsFormat, ListsRoundTripAndDamagedBytesAreRejected) {
    top_postings::TermList list;
    list.docids = {3, 7, 100000, 4000000000u};
    list.shapes = {{3, 12}, {1, 40}, {6, 300}, {1, 9}};
    list.unlisted = {{2, 40}, {1, 12}};
    list.cut_group = {{1, 30}};
    list.cut_key = std::string("\x01\x02\xff", 3);
    const std::string bytes = top_postings::encode(list);
    const auto back = top_postings::decode(bytes);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->docids, list.docids);
    EXPECT_EQ(back->shapes, list.shapes);
    EXPECT_EQ(back->unlisted, list.unlisted);
    EXPECT_EQ(back->cut_group, list.cut_group);
    EXPECT_EQ(back->cut_key, list.cut_key);
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
        EXPECT_FALSE(top_postings::decode(bytes.substr(0, cut))) << "truncated at " << cut;
    EXPECT_FALSE(top_postings::decode(bytes + "x"));
    // A count larger than the bytes could hold, and a docid gap past 32 bits.
    EXPECT_FALSE(top_postings::decode(std::string("\x02\xff\xff\xff\xff\x0f", 6)));
    EXPECT_FALSE(top_postings::decode(std::string("\x02\x01\xff\xff\xff\xff\x1f\x01\x01\x00\x00\x00", 12)));
    EXPECT_FALSE(top_postings::decode_fingerprint("\x01garbage"));
}

TEST_F(TopPostings, DamagedListsFromAStrangerAreIgnored) {
    test::TempDir dir;
    const fs::path path = dir / "db";
    fs::copy(db_path(), path);
    {
        // Garbage under a frequent word's key, with the fingerprint kept current.
        Xapian::WritableDatabase db(path.string(), Xapian::DB_OPEN);
        db.set_metadata(*top_postings::list_key("Zsaid"), "\x01\x05garbage");
        auto fingerprint =
            *top_postings::decode_fingerprint(db.get_metadata(std::string(top_postings::kFingerprintKey)));
        fingerprint.revision = db.get_revision() + 1;
        db.set_metadata(std::string(top_postings::kFingerprintKey), top_postings::encode(fingerprint));
        db.commit();
    }
    SearchEngine engine(path.string());
    expect_same_pages(engine, {"said", "said government", "government"});
}

TEST(FingerprintMemo, AnswersAgainForAnotherDatabaseOrAnotherRevision) {
    test::TempDir dir;
    const auto build = [&](const std::string& name, const fs::path& input) {
        index_into(dir / name, {input});
        Xapian::WritableDatabase db((dir / name).string(), Xapian::DB_OPEN);
        build_top_postings(db);
    };
    // Two small databases built alike, so at the same revision: told apart by their uuids.
    test::write_file(dir / "two.jsonl",
                     "{\"id\": \"a\", \"title\": \"Storm warning\", \"body\": \"Rain.\"}\n"
                     "{\"id\": \"b\", \"title\": \"Storm over\", \"body\": \"Sun.\"}\n");
    build("two", dir / "two.jsonl");
    build("seed", test::project_path("corpus/seed"));
    const Xapian::Database two((dir / "two").string()), seed((dir / "seed").string());
    ASSERT_EQ(two.get_revision(), seed.get_revision());
    ASSERT_NE(two.get_doccount(), seed.get_doccount());
    top_postings::FingerprintMemo memo;
    ASSERT_TRUE(memo.current(two));
    EXPECT_EQ(memo.current(two)->doccount, two.get_doccount());
    ASSERT_TRUE(memo.current(seed));
    EXPECT_EQ(memo.current(seed)->doccount, seed.get_doccount());
    {
        // A new revision: the lists no longer describe it.
        Xapian::WritableDatabase db((dir / "seed").string(), Xapian::DB_OPEN);
        db.add_document(Xapian::Document());
        db.commit();
    }
    EXPECT_FALSE(memo.current(Xapian::Database((dir / "seed").string())));
    EXPECT_TRUE(memo.current(two));
}

TEST(TopPostingsAtScale, RankTheNewsLargeQuerySetsAsRankingEveryMatchDoes) {
    NEWS_REQUIRE_SHARED("corpus/news-large.jsonl.zst");
    // The first 30,000 headlines: lists of 64 for words in 300 or more, as the defaults
    // are for two million (2,000 and 1,000).
    test::TempDir dir;
    const fs::path sample = test::news_large_sample(dir.path(), 30000);
    index_into(dir / "db", {sample});
    {
        Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_OPEN);
        build_top_postings(db, small_lists(300, 64));
    }
    SearchEngine engine((dir / "db").string());
    const Tally one_word = expect_same_pages(engine, test::query_set("news-large", {"single", "frequent"}));
    const Tally titles = expect_same_pages(engine, test::query_set("news-large", {"title"}));
    expect_same_pages(engine, test::query_set("news-large", {"phrase"}));
    EXPECT_GT(titles.listed, titles.pages / 8) << titles.pages << " pages";  // 793 of 3,000 when written
    // The others: words in fewer than 300 of the sample, and pages past the 64 listed.
    EXPECT_GT(one_word.listed, one_word.pages / 4) << one_word.pages << " pages";
}

}  // namespace
}  // namespace news
