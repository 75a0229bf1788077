// --histogram: every match counted per day, ISO week, month or year of its date, checked
// against an independent count (the C library's calendar) on a dated corpus made here,
// and on the undated BBC corpus, both indexed by the real indexer.
#include "searcher/histogram.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "tests/test_support.hpp"

namespace news {
namespace {

using nlohmann::json;

struct DatedArticle {
    std::string id;
    std::string date;  ///< "YYYY-MM-DD", or "" for undated
    std::string source;
    bool harbour = false;  ///< mentions the quillbay harbour (a word BBC does not have)
};

/// The dated corpus: explicit dates around New Year (2015-12-28 to 2016-01-03 is ISO week
/// 2015-W53), one in 2013 (so 2014 is an empty year), pseudo-random days from 2015-11-15
/// to 2016-03-31 that skip February (an empty month, and empty weeks), and two undated.
std::vector<DatedArticle> dated_corpus() {
    std::vector<std::string> dates = {"2015-12-28", "2015-12-31", "2016-01-01", "2016-01-03",
                                      "2016-01-04", "2013-06-15", "2016-03-31"};
    std::tm start{};
    start.tm_year = 2015 - 1900;
    start.tm_mon = 10;
    start.tm_mday = 15;
    const std::time_t first = timegm(&start);
    unsigned state = 12345;
    while (dates.size() < 70) {
        state = state * 1103515245u + 12345u;
        const std::time_t t = first + static_cast<std::time_t>((state >> 8) % 137) * 86400;
        std::tm day{};
        gmtime_r(&t, &day);
        if (day.tm_mon == 1) continue;  // February stays empty
        char buf[16];
        std::strftime(buf, sizeof buf, "%Y-%m-%d", &day);
        dates.emplace_back(buf);
    }
    dates.emplace_back("");
    dates.emplace_back("");
    std::vector<DatedArticle> articles;
    for (std::size_t i = 0; i < dates.size(); ++i)
        articles.push_back({"gz-" + std::to_string(i), dates[i], i % 2 == 0 ? "gazette" : "courier", i % 3 == 0});
    return articles;
}

std::string jsonl(const std::vector<DatedArticle>& articles) {
    std::string out;
    for (const DatedArticle& a : articles) {
        json j = {
            {"id", a.id},
            {"title", "Zorblat report " + a.id},
            {"body", std::string("The zorblat story of the day") + (a.harbour ? " at the quillbay harbour." : ".")},
            {"source", a.source}};
        if (!a.date.empty()) j["date"] = a.date;
        out += j.dump() + "\n";
    }
    return out;
}

std::tm parse_day(const std::string& iso) {
    std::tm t{};
    t.tm_year = std::stoi(iso.substr(0, 4)) - 1900;
    t.tm_mon = std::stoi(iso.substr(5, 2)) - 1;
    t.tm_mday = std::stoi(iso.substr(8, 2));
    // Through timegm and back, so that the weekday and day of the year %G and %V read are set.
    const std::time_t seconds = timegm(&t);
    std::tm day{};
    gmtime_r(&seconds, &day);
    return day;
}

/// strftime's name for the bucket of a day: %G-W%V is the ISO 8601 week.
const char* label_format(std::string_view interval) {
    if (interval == "day") return "%Y-%m-%d";
    if (interval == "week") return "%G-W%V";
    if (interval == "month") return "%Y-%m";
    return "%Y";
}

/// The expected series: every bucket from the first dated article's to the last's (found
/// by walking every day between them), with the count of `articles` that `selected`.
std::vector<std::pair<std::string, unsigned>> expected_series(
    const std::vector<DatedArticle>& articles, std::string_view interval,
    const std::function<bool(const DatedArticle&)>& selected) {
    std::map<std::string, unsigned> counts;
    std::string first, last;
    for (const DatedArticle& a : articles) {
        if (!selected(a) || a.date.empty()) continue;
        std::tm day = parse_day(a.date);
        char buf[16];
        std::strftime(buf, sizeof buf, label_format(interval), &day);
        ++counts[buf];
        if (first.empty() || a.date < first) first = a.date;
        if (last.empty() || a.date > last) last = a.date;
    }
    std::vector<std::pair<std::string, unsigned>> series;
    if (first.empty()) return series;
    std::tm from = parse_day(first), to = parse_day(last);
    for (std::time_t t = timegm(&from), end = timegm(&to); t <= end; t += 86400) {
        std::tm day{};
        gmtime_r(&t, &day);
        char buf[16];
        std::strftime(buf, sizeof buf, label_format(interval), &day);
        if (series.empty() || series.back().first != buf) series.emplace_back(buf, counts[buf]);
    }
    return series;
}

unsigned undated_count(const std::vector<DatedArticle>& articles,
                       const std::function<bool(const DatedArticle&)>& selected) {
    unsigned n = 0;
    for (const DatedArticle& a : articles) n += selected(a) && a.date.empty();
    return n;
}

std::vector<std::pair<std::string, unsigned>> series_of(const json& histogram) {
    std::vector<std::pair<std::string, unsigned>> series;
    for (const json& b : histogram.at("buckets")) series.emplace_back(b.at("bucket"), b.at("count").get<unsigned>());
    return series;
}

class Histograms : public test::IndexedOnceSuite<Histograms> {
  public:
    static void build(test::IndexedByTheIndexer& database) {
        test::write_file(database.dir() / "dated.jsonl", jsonl(dated_corpus()));
        database.index(test::shell_quoted(test::project_path("corpus/bbc.jsonl.zst").string()) + " " +
                       test::shell_quoted((database.dir() / "dated.jsonl").string()));
    }

  protected:
    static json histogram_json(const std::string& args) {
        const test::CommandRun run = search("--format json -n 0 " + args);
        EXPECT_EQ(run.exit_code, 0) << args << ": " << err();
        return json::parse(run.out).at("histogram");
    }
};

TEST_F(Histograms, EqualTheIndependentCountOfDatesPerBucketWithEmptyBucketsShown) {
    const std::vector<DatedArticle> corpus = dated_corpus();
    const auto every = [](const DatedArticle&) { return true; };
    for (const std::string interval : {"day", "week", "month", "year"}) {
        const json h = histogram_json("--histogram " + interval + " zorblat");
        EXPECT_EQ(h.at("interval"), interval);
        EXPECT_EQ(series_of(h), expected_series(corpus, interval, every)) << interval;
        EXPECT_EQ(h.at("undated"), undated_count(corpus, every)) << interval;
        EXPECT_EQ(h.at("total"), corpus.size()) << interval;
    }
}

TEST_F(Histograms, AWeekAcrossNewYearIsOneIsoWeekAndEmptyPeriodsAreZero) {
    const json weeks = histogram_json("--histogram week zorblat");
    unsigned w53 = 0;
    for (const json& b : weeks.at("buckets"))
        if (b.at("bucket") == "2015-W53") {
            EXPECT_EQ(b.at("start"), "2015-12-28") << "a Monday";
            w53 = b.at("count").get<unsigned>();
        }
    EXPECT_GE(w53, 4u) << "28 and 31 December 2015, 1 and 3 January 2016";
    const auto months = series_of(histogram_json("--histogram month zorblat"));
    EXPECT_NE(std::find(months.begin(), months.end(), std::make_pair(std::string("2016-02"), 0u)), months.end());
    const auto years = series_of(histogram_json("--histogram year zorblat"));
    EXPECT_EQ(years,
              (std::vector<std::pair<std::string, unsigned>>{{"2013", 1u}, {"2014", 0u}, years.at(2), years.at(3)}));
}

TEST_F(Histograms, CountTheWholeResultSetOfAnyQueryOrFilterNotThePage) {
    const std::vector<DatedArticle> corpus = dated_corpus();
    const auto harbour = [](const DatedArticle& a) { return a.harbour; };
    const json h = histogram_json("--histogram week quillbay");
    EXPECT_EQ(series_of(h), expected_series(corpus, "week", harbour));
    EXPECT_EQ(h.at("undated"), undated_count(corpus, harbour));

    const auto gazette = [](const DatedArticle& a) { return a.source == "gazette"; };
    EXPECT_EQ(series_of(histogram_json("--histogram month source:gazette")), expected_series(corpus, "month", gazette))
        << "a query of filters alone";

    const auto since_2016 = [](const DatedArticle& a) { return !a.date.empty() && a.date >= "2016-01-01"; };
    const json since = histogram_json("--histogram day --since 2016-01-01");
    EXPECT_EQ(series_of(since), expected_series(corpus, "day", since_2016)) << "--since without a query";
    EXPECT_EQ(since.at("undated"), 0u);

    // -n 1 shows one hit; the histogram still counts all of them.
    const test::CommandRun page = search("--format json -n 1 --histogram year zorblat");
    EXPECT_EQ(json::parse(page.out).at("hits").size(), 1u);
    EXPECT_EQ(json::parse(page.out).at("histogram").at("total"), corpus.size());
}

TEST_F(Histograms, BbcIsUndatedSoEveryMatchIsInTheUndatedCount) {
    const json china = histogram_json("--histogram month china");
    EXPECT_TRUE(china.at("buckets").empty());
    EXPECT_GT(china.at("undated").get<unsigned>(), 0u);
    EXPECT_EQ(china.at("undated"), china.at("total"));
    const test::CommandRun count = search("--format json -n 0 china");
    EXPECT_EQ(china.at("total"), json::parse(count.out).at("matches_lower_bound"));

    // By category, BBC's known counts: the five categories add up to the 2,225 articles.
    const test::CommandRun run = search("--format json -n 0 --facets category --histogram year source:bbc");
    const json result = json::parse(run.out);
    unsigned by_category = 0;
    for (const json& value : result.at("facets").at("category")) by_category += value.at("count").get<unsigned>();
    EXPECT_EQ(by_category, 2225u);
    EXPECT_EQ(result.at("histogram").at("undated"), 2225u);
    EXPECT_EQ(result.at("histogram").at("total"), 2225u);
}

TEST_F(Histograms, CsvGivesTheSeriesAndTheUndatedCount) {
    const std::vector<DatedArticle> corpus = dated_corpus();
    const test::CommandRun run = search("--format csv --histogram month zorblat");
    ASSERT_EQ(run.exit_code, 0) << err();
    std::string expected = "bucket,start,count\n";
    for (const auto& [bucket, count] : expected_series(corpus, "month", [](const DatedArticle&) { return true; }))
        expected += bucket + "," + bucket + "-01," + std::to_string(count) + "\n";
    expected += "undated,,2\n";
    EXPECT_EQ(run.out, expected);
}

bool gnuplot_installed() { return std::system("command -v gnuplot >/dev/null 2>&1") == 0; }

TEST_F(Histograms, FacetsBreakTheHistogramDownByTheirMostFrequentValuesOverTheSameBuckets) {
    const std::vector<DatedArticle> corpus = dated_corpus();
    const auto every = [](const DatedArticle&) { return true; };
    const test::CommandRun run = search("--format json -n 0 --facets source --histogram month zorblat");
    ASSERT_EQ(run.exit_code, 0) << err();
    const json histogram = json::parse(run.out).at("histogram");
    const json& breakdown = histogram.at("breakdown");
    EXPECT_EQ(breakdown.at("facet"), "source");
    const auto whole = expected_series(corpus, "month", every);
    ASSERT_EQ(breakdown.at("series").size(), 2u);
    for (const json& series : breakdown.at("series")) {
        const std::string source = series.at("value");
        const auto of_source = [&](const DatedArticle& a) { return a.source == source; };
        std::map<std::string, unsigned> own;
        for (const auto& [bucket, count] : expected_series(corpus, "month", of_source)) own[bucket] = count;
        std::vector<unsigned> expected;
        for (const auto& bucket : whole) expected.push_back(own[bucket.first]);
        EXPECT_EQ(series.at("counts").get<std::vector<unsigned>>(), expected) << source;
        EXPECT_EQ(series.at("undated"), undated_count(corpus, of_source)) << source;
        EXPECT_EQ(series.at("total").get<unsigned>(), std::count_if(corpus.begin(), corpus.end(), of_source)) << source;
    }
    // Every match is one source's: the series add up to the whole, bucket by bucket.
    for (std::size_t k = 0; k < whole.size(); ++k)
        EXPECT_EQ(breakdown.at("series")[0].at("counts")[k].get<unsigned>() +
                      breakdown.at("series")[1].at("counts")[k].get<unsigned>(),
                  whole[k].second)
            << whole[k].first;

    const test::CommandRun csv = search("--format csv --facets source --histogram month zorblat");
    ASSERT_EQ(csv.exit_code, 0) << err();
    EXPECT_EQ(csv.out.rfind("bucket,start,count,source:courier,source:gazette\n", 0), 0u) << csv.out;
    EXPECT_NE(csv.out.find("\n2016-02,2016-02-01,0,0,0\n"), std::string::npos) << "the empty month: " << csv.out;

    const test::CommandRun text = search("--facets source --histogram year -n 0 zorblat");
    EXPECT_NE(text.out.find("Per source (the 2 most frequent):"), std::string::npos) << text.out;
    EXPECT_TRUE(std::regex_search(text.out, std::regex("\n2014 +0 +0\n"))) << "the empty year: " << text.out;
}

TEST_F(Histograms, PlotDrawsOneSeriesPerTopSourceWithFacets) {
    if (!gnuplot_installed()) GTEST_SKIP() << "gnuplot is not installed (Debian: gnuplot-nox)";
    const std::string svg = (dir() / "by-source.svg").string();
    const test::CommandRun run =
        search("-n 0 --facets source --histogram month --plot " + test::shell_quoted(svg) + " zorblat");
    ASSERT_EQ(run.exit_code, 0) << err();
    const std::string chart = test::read_file(svg);
    EXPECT_NE(chart.find("source gazette"), std::string::npos);
    EXPECT_NE(chart.find("source courier"), std::string::npos);
}

TEST_F(Histograms, TextDrawsUnicodeBarsInAUtf8LocaleAndHashesOtherwise) {
    const test::CommandRun unicode = test::run_command("LC_ALL=C.UTF-8 " + test::program("searcher") + " --db " +
                                                       test::shell_quoted(db()) + " --histogram month -n 0 zorblat");
    const test::CommandRun ascii = test::run_command("LC_ALL=C " + test::program("searcher") + " --db " +
                                                     test::shell_quoted(db()) + " --histogram month -n 0 zorblat");
    ASSERT_EQ(unicode.exit_code, 0);
    ASSERT_EQ(ascii.exit_code, 0);
    EXPECT_NE(unicode.out.find("█"), std::string::npos) << unicode.out;
    EXPECT_EQ(ascii.out.find("█"), std::string::npos) << ascii.out;
    EXPECT_NE(ascii.out.find("#"), std::string::npos) << ascii.out;
    EXPECT_NE(ascii.out.find("Matching articles per month: 72 (70 dated, 2 undated)"), std::string::npos) << ascii.out;
    EXPECT_NE(ascii.out.find("\n2016-02   0\n"), std::string::npos) << "an empty month, without a bar: " << ascii.out;
    EXPECT_NE(ascii.out.find("\nundated  2\n"), std::string::npos) << ascii.out;
}

TEST_F(Histograms, UnknownIntervalsAndFormatsAreUsageErrors) {
    for (const std::string args : {"--histogram fortnight zorblat", "--histogram '' zorblat", "--format csv zorblat",
                                   "--histogram month --format tsv zorblat", "--histogram month --stats"}) {
        const test::CommandRun run = search(args);
        EXPECT_EQ(run.exit_code, 2) << args;
        EXPECT_EQ(run.out, "") << args;
        const std::string message = err();
        EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 2) << args << ": " << message;
        EXPECT_NE(message.find("--help"), std::string::npos) << args << ": " << message;
    }
    search("--histogram fortnight zorblat");
    EXPECT_NE(err().find("unknown --histogram interval 'fortnight' (valid: day, week, month, year)"), std::string::npos)
        << err();
}

TEST_F(Histograms, PlotDrawsTheHistogramWithGnuplot) {
    if (!gnuplot_installed()) GTEST_SKIP() << "gnuplot is not installed (Debian: gnuplot-nox)";
    const std::string svg = (dir() / "chart.svg").string();
    const test::CommandRun run = search("-n 0 --histogram month --plot " + test::shell_quoted(svg) + " zorblat");
    ASSERT_EQ(run.exit_code, 0) << err();
    const std::string chart = test::read_file(svg);
    EXPECT_NE(chart.find("<svg"), std::string::npos);
    EXPECT_NE(chart.find("Matching articles per month"), std::string::npos);
    EXPECT_NE(chart.find("zorblat (2 undated)"), std::string::npos) << "the key names the query";
    EXPECT_NE(chart.find("2016-02"), std::string::npos) << "an empty month is on the axis";

    const std::string png = (dir() / "chart.png").string();
    ASSERT_EQ(search("-n 0 --histogram year --plot " + test::shell_quoted(png) + " zorblat").exit_code, 0) << err();
    EXPECT_EQ(test::read_file(png).rfind("\x89PNG", 0), 0u);
}

TEST_F(Histograms, PlotComparesTheQueriesOfABatchInOneChart) {
    if (!gnuplot_installed()) GTEST_SKIP() << "gnuplot is not installed (Debian: gnuplot-nox)";
    test::write_file(dir() / "queries.txt", "all\tzorblat\nquay\tquillbay\n");
    const std::string svg = (dir() / "batch.svg").string();
    const test::CommandRun run = search("--format csv --histogram week --plot " + test::shell_quoted(svg) +
                                        " --queries " + test::shell_quoted((dir() / "queries.txt").string()));
    ASSERT_EQ(run.exit_code, 0) << err();
    EXPECT_EQ(run.out.rfind("qid,bucket,start,count\nall,", 0), 0u) << run.out;
    const std::string chart = test::read_file(svg);
    EXPECT_NE(chart.find("all: zorblat"), std::string::npos);
    EXPECT_NE(chart.find("quay: quillbay"), std::string::npos);
}

TEST_F(Histograms, PlotWithoutGnuplotIsARuntimeErrorNamingIt) {
    const std::string svg = (dir() / "none.svg").string();
    const test::CommandRun run =
        test::run_command("PATH=/nonexistent " + test::program("searcher") + " --db " + test::shell_quoted(db()) +
                          " -n 0 --histogram month --plot " + test::shell_quoted(svg) + " zorblat 2>" + err_path());
    EXPECT_EQ(run.exit_code, 1);
    EXPECT_NE(err().find("--plot needs gnuplot"), std::string::npos) << err();
}

TEST_F(Histograms, PlotNeedsAHistogramAndAPngOrSvgFile) {
    for (const std::string args :
         {"--plot c.svg zorblat", "--histogram month --plot c.pdf zorblat", "--histogram month --plot c zorblat"}) {
        EXPECT_EQ(search(args).exit_code, 2) << args;
        EXPECT_NE(err().find("--plot"), std::string::npos) << args << ": " << err();
    }
}

TEST(HistogramBuckets, IsoWeeksMatchTheCLibraryForEveryDayOfThirtyYears) {
    std::tm start{};
    start.tm_year = 2000 - 1900;
    start.tm_mday = 1;
    const std::time_t first = timegm(&start);
    for (std::time_t t = first; t < first + 30L * 366 * 86400; t += 86400) {
        std::tm day{};
        gmtime_r(&t, &day);
        char value[16], week[16];
        std::strftime(value, sizeof value, "%Y%m%d", &day);
        std::strftime(week, sizeof week, "%G-W%V", &day);
        const std::optional<DayNumber> n = day_of_date_value(value);
        ASSERT_TRUE(n) << value;
        ASSERT_EQ(*n, static_cast<DayNumber>(t / 86400)) << value;
        ASSERT_EQ(bucket_label(HistogramInterval::kWeek, bucket_start(HistogramInterval::kWeek, *n)), week) << value;
    }
}

TEST(HistogramBuckets, DatesThatCannotExistAreUndated) {
    for (const char* value : {"20150230", "20151301", "20150000", "00000101", "2015093", "2015-9-1", "abcdefgh", ""})
        EXPECT_FALSE(day_of_date_value(value)) << value;
    EXPECT_TRUE(day_of_date_value("20160229"));
    const Histogram h = make_histogram(HistogramInterval::kYear, {{"20150230", 2}, {"20160229", 3}}, 7);
    ASSERT_EQ(h.buckets.size(), 1u);
    EXPECT_EQ(h.buckets[0].count, 3u);
    EXPECT_EQ(h.undated, 4u) << "two impossible dates and two without a date";
}

}  // namespace
}  // namespace news
