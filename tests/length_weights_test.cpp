// Words weighed from the length column (common/length_column.hpp,
// searcher/length_weights.hpp): Xapian's matcher ranks them exactly as it ranks its own
// postings (ids, weights to the bit, match counts), and a column that no longer describes
// the database is never used.
#include "searcher/length_weights.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/length_column.hpp"
#include "common/ranking.hpp"
#include "common/readers/corpus_reader.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/top_postings_builder.hpp"
#include "searcher/query_language.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

/// Queries beyond the benchmark sets, for the shapes of query the rewrite walks: a word
/// typed twice (wqf 2), NOT, phrases and wildcards beside words, fields, boolean
/// operators, a filter.
const std::vector<std::string> kShapes = {
    "film film festival",     "blair -election",          "\"prime minister\" blair brown",
    "econom* growth",         "title:blair party",        "blair AND brown OR election",
    "mobile NEAR phone game", "title:\"tony blair\" war", "body:economy growth",
    "film source:bbc",        "government OR minister",   "the of and",
};

/// The parsed forms the searcher gives Xapian, and two it builds itself: a word scaled
/// (feedback's words are) and the same word unscaled beside it.
std::vector<Xapian::Query> parsed(const Xapian::Database& db, const std::vector<std::string>& texts) {
    Xapian::QueryParser parser = make_query_parser({}, db);
    std::vector<Xapian::Query> queries;
    for (const std::string& text : texts) queries.push_back(parser.parse_query(text, query_parser_flags()));
    queries.emplace_back(Xapian::Query::OP_OR, Xapian::Query("Zgovern"),
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("Zminist"), 0.5));
    queries.emplace_back(Xapian::Query::OP_AND_MAYBE, Xapian::Query("Zfilm"), Xapian::Query("Zgovern"));
    return queries;
}

struct Compared {
    std::size_t pages = 0;
    std::size_t rewritten = 0;  ///< pages of queries with a word weighed from the column
};

/// Ranks each query as Xapian does and with its words weighed from the column, for several
/// pages, and expects the same documents, weights and counts, to the bit.
Compared expect_same_msets(const Xapian::Database& db, const std::vector<Xapian::Query>& queries) {
    const auto column = LengthColumns().of(db);
    EXPECT_TRUE(column);
    Compared compared;
    if (!column) return compared;
    const RankingConfig ranking;
    for (const Xapian::Query& query : queries) {
        const Xapian::Query weighed = weighed_from_lengths(query, db, column, ranking);
        const bool rewritten = weighed.get_description() != query.get_description();
        for (const auto& [first, size, check_at_least] :
             {std::tuple{0u, 10u, 0u}, {7u, 3u, 0u}, {0u, 100u, 0u}, {0u, 10u, db.get_doccount()}}) {
            Xapian::Enquire native(db), ours(db);
            configure_ranking(native, query, ranking);
            configure_ranking(ours, weighed, ranking);
            const Xapian::MSet expected = native.get_mset(first, size, check_at_least);
            const Xapian::MSet actual = ours.get_mset(first, size, check_at_least);
            const std::string what = query.get_description() + " page " + std::to_string(first) + "+" +
                                     std::to_string(size) + " check " + std::to_string(check_at_least);
            EXPECT_EQ(actual.size(), expected.size()) << what;
            for (Xapian::doccount i = 0; i < std::min(actual.size(), expected.size()); ++i) {
                EXPECT_EQ(*actual[i], *expected[i]) << what << " rank " << i;
                EXPECT_EQ(actual[i].get_weight(), expected[i].get_weight()) << what << " rank " << i;
            }
            EXPECT_EQ(actual.get_matches_estimated(), expected.get_matches_estimated()) << what;
            EXPECT_EQ(actual.get_matches_lower_bound(), expected.get_matches_lower_bound()) << what;
            EXPECT_EQ(actual.get_matches_upper_bound(), expected.get_matches_upper_bound()) << what;
            EXPECT_EQ(actual.get_max_possible(), expected.get_max_possible()) << what;
            ++compared.pages;
            if (rewritten) ++compared.rewritten;
        }
    }
    return compared;
}

/// Searches each query with the words weighed from the column (once the engine has read
/// it) and with every match ranked by Xapian alone, and expects the same pages.
std::size_t expect_same_pages(SearchEngine& engine, const std::vector<std::string>& queries) {
    return test::count_same_pages_as_exhaustive(engine, queries,
                                                [](const SearchResult& fast) { return fast.weighed_from_lengths; });
}

/// The bundled corpus on disk, its lists and column built as the indexer builds them.
class LengthWeights : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        Xapian::WritableDatabase db(db_path().string(), Xapian::DB_CREATE_OR_OPEN);
        test::index_into(db, {test::project_path("corpus")});
        const TopPostingsReport report = build_top_postings(db);
        EXPECT_TRUE(report.length_column);
    }
    static void TearDownTestSuite() { dir_.reset(); }
    static fs::path db_path() { return *dir_ / "bbc"; }

    static std::unique_ptr<test::TempDir> dir_;
};
std::unique_ptr<test::TempDir> LengthWeights::dir_;

TEST_F(LengthWeights, TheColumnHoldsTheLengthXapianKeepsForEveryArticle) {
    const Xapian::Database db(db_path().string());
    const auto column = LengthColumns().of(db);
    ASSERT_TRUE(column);
    ASSERT_EQ(column->docids(), std::size_t{db.get_lastdocid()} + 1);
    Xapian::doccount checked = 0;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it, ++checked)
        ASSERT_EQ(column->length(*it), it.get_doclength()) << "docid " << *it;
    EXPECT_EQ(checked, db.get_doccount());
}

TEST_F(LengthWeights, RankEveryBbcQuerySetAsXapianDoesToTheBit) {
    const Xapian::Database db(db_path().string());
    std::vector<std::string> texts = test::query_set("bbc", {"single", "frequent", "title", "phrase", "and", "rare"});
    texts.insert(texts.end(), kShapes.begin(), kShapes.end());
    const Compared compared = expect_same_msets(db, parsed(db, texts));
    // Not two rankings by Xapian: every query but phrases (a sixth) has a word the rewrite weighs.
    EXPECT_GT(compared.rewritten, compared.pages * 3 / 4) << compared.pages << " pages";
}

TEST_F(LengthWeights, TheSearcherRanksWithThemAsRankingEveryMatchDoes) {
    SearchEngine engine(db_path().string());
    std::vector<std::string> queries = test::query_set("bbc", {"title", "and", "phrase"});
    queries.insert(queries.end(), kShapes.begin(), kShapes.end());
    const std::size_t weighed = expect_same_pages(engine, queries);
    // One-word queries come from the lists; titles of several words are weighed here.
    EXPECT_GT(weighed, queries.size()) << queries.size() * 3 << " pages";
}

TEST_F(LengthWeights, AreOnlyUsedOnceReadingTheColumnHasPaid) {
    SearchEngine engine(db_path().string());
    const auto weighed = [&](const std::string& query, bool exhaustive = false) {
        SearchRequest request;
        request.query = query;
        request.snippets = false;
        request.exhaustive = exhaustive;
        return engine.search(request).weighed_from_lengths;
    };
    // BBC has 2,226 docids: reading the column costs about 2.8 µs (1.25 ns a docid). The
    // 12 postings of "zimbabwe ferry", some 320 docids apart, would cost Xapian 2.5 µs of
    // lookups: the second time the column has paid, and is read.
    EXPECT_FALSE(weighed("zimbabwe ferry"));
    EXPECT_TRUE(weighed("zimbabwe ferry"));
    EXPECT_TRUE(weighed("playstation strike"));   // then used for any query
    EXPECT_FALSE(weighed("irish strike", true));  // --exhaustive: Xapian alone
    EXPECT_FALSE(weighed("\"irish strike\""));    // no word weighed alone in a phrase
    // --like leaves the article's copies out by a value range, read at every candidate:
    // the column does not save that, and threads (when asked for) split it.
    SearchRequest like;
    like.like_id = test::hit_ids(test::exhaustive_search(engine, "irish strike", 1)).front();
    like.snippets = false;
    EXPECT_FALSE(engine.search(like).weighed_from_lengths);
}

TEST_F(LengthWeights, SaveMoreALookupThePostingsAreFartherApart) {
    const Xapian::Database db(db_path().string());
    const auto saved_a_posting = [&](const std::string& word) {
        const Xapian::Query query = parsed(db, {word}).front();
        return length_lookups_saved_ns(query, db) / db.get_termfreq(*query.get_terms_begin());
    };
    // Xapian reads its length list forward from the previous lookup.
    const double rare = saved_a_posting("ferry"), common = saved_a_posting("the");
    EXPECT_GT(rare, 3 * common);
    EXPECT_LE(rare, 1000);
    EXPECT_GE(common, 27);
    // A value range read at every candidate (--like) is the cost the column does not save.
    const Xapian::Query ranged(Xapian::Query::OP_FILTER, parsed(db, {"ferry"}).front(),
                               Xapian::Query(Xapian::Query::OP_VALUE_GE, 0, "a"));
    EXPECT_EQ(length_lookups_saved_ns(ranged, db), 0);
}

TEST(LengthWeightsOnAChangedDatabase, AreNotUsedUntilTheColumnIsBuiltAgain) {
    test::TempDir dir;
    const std::string path = (dir / "db").string();
    {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
        test::index_into(db, {test::project_path("corpus/bbc.jsonl.zst")});
        build_top_postings(db);
    }
    LengthColumns columns;
    EXPECT_FALSE(columns.of(Xapian::Database(path), false));  // not read yet
    EXPECT_TRUE(columns.of(Xapian::Database(path)));
    EXPECT_TRUE(columns.of(Xapian::Database(path), false));
    {
        // Another program adds an article: the column no longer covers every docid.
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        Xapian::Document doc;
        doc.add_term("Zgovern", 40);
        db.add_document(doc);
        db.commit();
    }
    const Xapian::Database changed(path);
    EXPECT_FALSE(columns.of(changed, false));
    EXPECT_FALSE(columns.of(changed));
    SearchEngine engine(path);
    SearchRequest request;
    request.query = "government minister";
    request.snippets = false;
    EXPECT_FALSE(engine.search(request).weighed_from_lengths);
    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        build_top_postings(db);
    }
    const Xapian::Database rebuilt(path);
    const auto column = columns.of(rebuilt);
    ASSERT_TRUE(column);
    EXPECT_EQ(column->length(rebuilt.get_lastdocid()), 40U);
    expect_same_msets(rebuilt, parsed(rebuilt, {"government minister", "government -minister"}));
}

TEST(LengthColumnFormat, RoundTripsAndDamagedBytesAreRejected) {
    const std::vector<Xapian::termcount> lengths = {0, 12, 7, 12, 0, 4000000000U, 7};
    const std::optional<length_column::Column> column = length_column::make(lengths);
    ASSERT_TRUE(column);
    const std::string bytes = length_column::encode(*column);
    const std::optional<length_column::Column> decoded = length_column::decode(bytes, lengths.size());
    ASSERT_TRUE(decoded);
    for (Xapian::docid docid = 0; docid < lengths.size(); ++docid) EXPECT_EQ(decoded->length(docid), lengths[docid]);
    // Of a database of another size, cut short, of another format.
    EXPECT_FALSE(length_column::decode(bytes, lengths.size() + 1));
    EXPECT_FALSE(length_column::decode(bytes.substr(0, bytes.size() - 3), lengths.size()));
    EXPECT_FALSE(length_column::decode("\x02" + bytes.substr(1), lengths.size()));
    EXPECT_FALSE(length_column::decode("", lengths.size()));
    // A code past the lengths it names (a stranger's bytes) would be read unchecked.
    length_column::Column forged = *column;
    forged.narrow_codes[3] = static_cast<std::uint8_t>(forged.lengths.size());
    EXPECT_FALSE(length_column::decode(length_column::encode(forged), lengths.size()));
    // Over 256 lengths: two bytes a code, checked alike.
    std::vector<Xapian::termcount> wide(300);
    for (std::size_t i = 0; i < wide.size(); ++i) wide[i] = static_cast<Xapian::termcount>(i * 7);
    const std::optional<length_column::Column> wide_column = length_column::make(wide);
    ASSERT_TRUE(wide_column);
    EXPECT_TRUE(wide_column->narrow_codes.empty());
    const std::optional<length_column::Column> wide_decoded =
        length_column::decode(length_column::encode(*wide_column), wide.size());
    ASSERT_TRUE(wide_decoded);
    for (Xapian::docid docid = 0; docid < wide.size(); ++docid) EXPECT_EQ(wide_decoded->length(docid), wide[docid]);
    length_column::Column wide_forged = *wide_column;
    wide_forged.wide_codes[299] = 300;
    EXPECT_FALSE(length_column::decode(length_column::encode(wide_forged), wide.size()));
    // More distinct lengths than 16-bit codes name: no column.
    std::vector<Xapian::termcount> many(length_column::kMostLengths + 1);
    for (std::size_t i = 0; i < many.size(); ++i) many[i] = static_cast<Xapian::termcount>(i);
    EXPECT_FALSE(length_column::make(many));
}

TEST(LengthWeightsAtScale, RankTheNewsLargeQuerySetsAsXapianDoesToTheBit) {
    NEWS_REQUIRE_SHARED("corpus/news-large.jsonl.zst");
    // Headlines: nearly flat weights and many ties, where an addition in another order
    // would show first.
    test::TempDir dir;
    const fs::path sample = test::news_large_sample(dir.path(), 30000);
    const std::string path = (dir / "db").string();
    {
        Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
        test::index_into(db, {sample});
        build_top_postings(db);
    }
    const Xapian::Database db(path);
    const std::vector<std::string> texts = test::query_set("news-large", {"title", "and", "phrase", "frequent"});
    const Compared compared = expect_same_msets(db, parsed(db, texts));
    EXPECT_GT(compared.rewritten, compared.pages * 3 / 4) << compared.pages << " pages";
    SearchEngine engine(path);
    EXPECT_GT(expect_same_pages(engine, test::query_set("news-large", {"title"})), 1000U);
}

}  // namespace
}  // namespace news
