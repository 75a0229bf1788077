// Facet columns (common/facet_columns.hpp): facets counted from them are the counts the
// value slots give, on the bundled corpus (sources and categories) and on dated articles
// (years, sources written in several cases), and columns that no longer describe the
// database are not used.
#include "common/facet_columns.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "common/schema.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/top_postings_builder.hpp"
#include "searcher/facets.hpp"
#include "searcher/histogram.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using Counts = std::vector<std::pair<std::string, Xapian::doccount>>;

/// The counts of `facet` over the matches of `query`, from `column` (or the value slot
/// when it is null), in a pass that visits every match.
Counts counts(const Xapian::Database& db, const Xapian::Query& query, const std::string& facet,
              std::shared_ptr<const facet_columns::Column> column) {
    FacetCounter counter(facet, db, std::move(column));
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.add_matchspy(counter.spy());
    enquire.get_mset(0, 0, db.get_doccount());
    return counter.top(1000);
}

/// Articles of 2009 to 2016 from sources written in several cases.
std::vector<Article> dated_articles() {
    std::mt19937 random(42);
    const std::vector<std::string> sources = {"Reuters", "reuters", "REUTERS", "AP", "bbc", "The Hill"};
    std::vector<Article> out;
    for (int i = 0; i < 600; ++i) {
        Article a = test::article("d" + std::to_string(i), i % 2 ? "Markets rally" : "Storm warning", "Text.");
        a.source = sources[random() % sources.size()];
        a.date = std::to_string(2009 + random() % 8) + "-0" + std::to_string(1 + random() % 9) + "-1" +
                 std::to_string(random() % 10);
        if (i % 50 == 1) a.date.clear();  // undated: no year
        out.push_back(a);
    }
    return out;
}

class FacetColumnsOnDisk : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        {
            Xapian::WritableDatabase db(bbc_path(), Xapian::DB_CREATE_OR_OPEN);
            test::index_into(db, {test::project_path("corpus")});
        }
        {
            IndexBuilder builder(dated_path(), {});
            for (const Article& a : dated_articles()) builder.add(a);
            builder.finish();
        }
        for (const std::string& path : {bbc_path(), dated_path()}) {
            Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
            build_top_postings(db);
        }
    }
    static void TearDownTestSuite() { dir_.reset(); }
    static std::string bbc_path() { return (dir_->path() / "bbc").string(); }
    static std::string dated_path() { return (dir_->path() / "dated").string(); }

    static inline std::unique_ptr<test::TempDir> dir_;
};

TEST_F(FacetColumnsOnDisk, CountFromColumnsAsFromValueSlots) {
    struct Case {
        std::string path;
        std::string facet;
    };
    for (const Case& c : {Case{bbc_path(), "source"}, Case{bbc_path(), "category"}, Case{dated_path(), "year"},
                          Case{dated_path(), "source"}}) {
        const Xapian::Database db(c.path);
        FacetColumns columns;
        const auto column = columns.of(db, c.facet);
        ASSERT_TRUE(column) << c.path << " " << c.facet;
        for (const char* word : {"", "said", "game", "markets", "storm", "government"}) {
            const Xapian::Query query = *word ? Xapian::Query(word) : Xapian::Query::MatchAll;
            const Counts from_column = counts(db, query, c.facet, column);
            EXPECT_EQ(from_column, counts(db, query, c.facet, nullptr)) << c.facet << " of '" << word << "'";
            if (!*word) {
                EXPECT_FALSE(from_column.empty()) << c.facet;
            }
        }
    }
    // Sources are folded to lower case: "Reuters", "reuters" and "REUTERS" are one.
    const Xapian::Database db(dated_path());
    FacetColumns columns;
    const Counts sources = counts(db, Xapian::Query::MatchAll, "source", columns.of(db, "source"));
    EXPECT_EQ(sources.size(), 4u);
}

TEST_F(FacetColumnsOnDisk, HistogramsFromTheDayColumnAreThoseOfTheDateValues) {
    const Xapian::Database db(dated_path());
    FacetColumns columns;
    const auto day_column = columns.of(db, "day");
    ASSERT_TRUE(day_column);
    for (const HistogramInterval interval :
         {HistogramInterval::kDay, HistogramInterval::kWeek, HistogramInterval::kMonth, HistogramInterval::kYear})
        for (const char* word : {"", "markets", "storm"}) {
            const Xapian::Query query = *word ? Xapian::Query(word) : Xapian::Query::MatchAll;
            const auto histogram = [&](std::shared_ptr<const facet_columns::Column> column) {
                HistogramCounter counter(interval, std::move(column));
                Xapian::Enquire enquire(db);
                enquire.set_query(query);
                enquire.add_matchspy(counter.spy());
                enquire.get_mset(0, 0, db.get_doccount());
                return counter.histogram();
            };
            const Histogram from_column = histogram(day_column), from_values = histogram(nullptr);
            EXPECT_EQ(from_column.total, from_values.total) << word;
            EXPECT_EQ(from_column.undated, from_values.undated) << word;
            ASSERT_EQ(from_column.buckets.size(), from_values.buckets.size()) << word;
            for (std::size_t i = 0; i < from_column.buckets.size(); ++i) {
                EXPECT_EQ(from_column.buckets[i].first_day, from_values.buckets[i].first_day);
                EXPECT_EQ(from_column.buckets[i].count, from_values.buckets[i].count);
            }
            if (std::string(word) != "storm") {
                EXPECT_GT(from_column.undated, 0u) << word;  // every 50th article, all "markets"
            }
        }
}

TEST_F(FacetColumnsOnDisk, TheSearcherCountsFacetsExactlyInAPassOfTheirOwn) {
    SearchEngine engine(dated_path());
    SearchRequest request;
    request.query = "markets";
    request.facets = {"year", "source", "tag"};
    request.limit = 3;
    const SearchResult result = engine.search(request);
    EXPECT_EQ(result.matches_lower_bound, 300u);  // every other article
    EXPECT_EQ(result.matches_upper_bound, 300u);
    ASSERT_EQ(result.facets.size(), 3u);
    Xapian::doccount dated = 0;
    for (const auto& [year, n] : result.facets[0].values) dated += n;
    EXPECT_EQ(dated, 300u - 12u);  // 12 of them undated (every 50th, from the second)
    EXPECT_EQ(result.hits.size(), 3u);
}

/// Schema 13 keeps a 5-byte code of the source in its slot; facets name the codes from the
/// source terms and count as on a database of schema 12 that holds the names, alone or
/// searched together with it, from values and from columns.
TEST(SourceCodes, FacetsOfCodedSourcesAreThoseOfNamedOnes) {
    std::vector<Article> articles = dated_articles();
    articles[3].source = std::string(300, 'x') + " Press";  // its filter term is shortened: kept as written
    const Xapian::WritableDatabase coded = test::indexed_in_schema(articles, schema::kSourceCodeSchema);
    const Xapian::WritableDatabase named = test::indexed_in_schema(articles, schema::kSourceCodeSchema - 1);
    EXPECT_EQ(named.get_document(1).get_value(schema::kSourceSlot), articles[0].source);
    EXPECT_EQ(coded.get_document(1).get_value(schema::kSourceSlot),
              schema::source_code(schema::lowercase(articles[0].source)));
    EXPECT_EQ(coded.get_document(1).get_value(schema::kSourceSlot).size(), 5u);
    EXPECT_EQ(coded.get_document(4).get_value(schema::kSourceSlot), articles[3].source);

    const Counts expected = counts(named, Xapian::Query::MatchAll, "source", nullptr);
    ASSERT_EQ(expected.size(), 5u) << "Reuters in three cases is one, and the long name";
    EXPECT_EQ(counts(coded, Xapian::Query::MatchAll, "source", nullptr), expected);
    EXPECT_EQ(counts(coded, Xapian::Query("storm"), "source", nullptr),
              counts(named, Xapian::Query("storm"), "source", nullptr));
    const auto column = facet_columns::read_column(coded, *facet_columns::column_facet("source"));
    ASSERT_TRUE(column);
    EXPECT_EQ(counts(coded, Xapian::Query::MatchAll, "source", std::make_shared<const facet_columns::Column>(*column)),
              expected);

    Xapian::Database both(coded);
    both.add_database(named);
    Counts doubled = expected;
    for (auto& [name, count] : doubled) count *= 2;
    EXPECT_EQ(counts(both, Xapian::Query::MatchAll, "source", nullptr), doubled);
}

TEST(SourceCodes, AreFiveBytesThatNoUtf8TextStartsWith) {
    EXPECT_EQ(schema::source_value("reuters-headlines", schema::kSourceCodeSchema),
              schema::source_code("reuters-headlines"));
    EXPECT_EQ(schema::source_value("Reuters", schema::kSourceCodeSchema), schema::source_code("reuters"));
    EXPECT_EQ(schema::source_value("Reuters", schema::kSourceCodeSchema - 1), "Reuters");
    EXPECT_TRUE(schema::is_source_code(schema::source_code("bbc")));
    EXPECT_FALSE(schema::is_source_code("bbc"));
    EXPECT_NE(schema::source_code("bbc"), schema::source_code("ap"));
}

TEST(FacetColumnsChanged, AreNotUsedOnceTheDatabaseChanges) {
    test::TempDir dir;
    const std::string path = (dir.path() / "db").string();
    {
        IndexBuilder builder(path, {});
        for (const Article& a : dated_articles()) builder.add(a);
        builder.finish();
    }
    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        build_top_postings(db);
    }
    FacetColumns columns;
    EXPECT_TRUE(columns.of(Xapian::Database(path), "year"));
    {
        IndexBuilder builder(path, {});
        Article late = test::article("late", "Markets rally late", "");
        late.date = "2020-01-01";
        builder.add(late);
        builder.finish();
    }
    const Xapian::Database db(path);
    EXPECT_FALSE(columns.of(db, "year"));  // the kept column is dropped too
    SearchEngine engine(path);
    SearchRequest request;
    request.query = "markets";
    request.facets = {"year"};
    const SearchResult result = engine.search(request);
    ASSERT_EQ(result.facets.size(), 1u);
    const auto& years = result.facets[0].values;
    EXPECT_NE(std::find(years.begin(), years.end(), std::pair<std::string, Xapian::doccount>{"2020", 1}), years.end());
}

TEST(FacetColumnsFormat, ColumnsRoundTripAndDamagedBytesAreRejected) {
    facet_columns::Column column;
    column.values = {"ap", "reuters"};
    column.codes = {0, 1, 2, 2, 0, 1};
    const std::string bytes = facet_columns::encode(column);
    const auto back = facet_columns::decode(bytes, 6);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->values, column.values);
    EXPECT_EQ(back->codes, column.codes);
    EXPECT_FALSE(facet_columns::decode(bytes, 7));  // a database of another size
    EXPECT_FALSE(facet_columns::decode("", 6));
    EXPECT_FALSE(facet_columns::decode("x" + bytes.substr(1), 6));
    EXPECT_FALSE(facet_columns::decode(bytes.substr(0, bytes.size() - 3), 6));
    EXPECT_EQ(facet_columns::fold(facet_columns::Fold::kYear, "20150922"), "2015");
    EXPECT_EQ(facet_columns::fold(facet_columns::Fold::kLowercase, "The Hill"), "the hill");
}

}  // namespace
}  // namespace news
