// Date filters and date order over many dated articles: the fast paths (date terms for
// ranges, searcher/date_terms.hpp) against an independent count of the stored dates.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/schema.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/date_terms.hpp"
#include "searcher/query_language.hpp"
#include "searcher/search_engine.hpp"

namespace news {
namespace {

/// "YYYY-MM-DD" of a valid day.
std::string iso_day(int year, int month, int day) {
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return text;
}

int days_in(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

/// The day after a "YYYYMMDD" day.
std::string day_after(const std::string& day) {
    int year = std::stoi(day.substr(0, 4)), month = std::stoi(day.substr(4, 2)), d = std::stoi(day.substr(6, 2)) + 1;
    if (d > days_in(year, month)) d = 1, ++month;
    if (month > 12) month = 1, ++year;
    const std::string iso = iso_day(year, month, d);
    return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2);
}

/// "YYYYMMDD" of an ISO day: how date values and the ranges' ends are written.
std::string compact(const std::string& iso) { return iso.substr(0, 4) + iso.substr(5, 2) + iso.substr(8, 2); }

/// 1,500 articles over 2011 to 2014 on random days, with the days at the edges of years and
/// months (the 31st, 29 February 2012, 1 January) made common, and a few undated ones.
class DatedArchive : public ::testing::Test {
  protected:
    DatedArchive() {
        std::mt19937 random(20261207);
        IndexBuilder builder(db_, {});
        for (int i = 0; i < 1500; ++i) {
            const int year = 2011 + static_cast<int>(random() % 4);
            const int month = 1 + static_cast<int>(random() % 12);
            const int last = days_in(year, month);
            const int pick = static_cast<int>(random() % 4);
            const int day = pick == 0 ? 1 : pick == 1 ? last : 1 + static_cast<int>(random() % last);
            Article a;
            a.id = "d" + std::to_string(i);
            a.title = i % 3 == 0 ? "Markets rally on trade news" : "Weather report for the coast";
            a.body = "Article number " + std::to_string(i) + ".";
            a.date = iso_day(year, month, day) + "T" + std::to_string(10 + i % 10) + ":00:00";
            days_.push_back(compact(a.date.substr(0, 10)));
            builder.add(a);
        }
        for (int i = 0; i < 20; ++i) {
            Article a;
            a.id = "undated" + std::to_string(i);
            a.title = "Markets rally without a date";
            a.body = "Undated.";
            builder.add(a);
            days_.push_back("");
        }
        builder.finish();
    }

    /// The ids of the articles whose stored day is within [since, until], counted from the
    /// dates the test gave them: the oracle.
    std::set<std::string> dated_within(const std::string& since, const std::string& until) const {
        std::set<std::string> ids;
        for (std::size_t i = 0; i < days_.size(); ++i) {
            const std::string& day = days_[i];
            if (day.empty() || (!since.empty() && day < since) || (!until.empty() && day > until)) continue;
            ids.insert(i < 1500 ? "d" + std::to_string(i) : "undated" + std::to_string(i - 1500));
        }
        return ids;
    }

    std::set<std::string> ids_matching(const Xapian::Query& filter) const {
        Xapian::Database db(db_);
        Xapian::Enquire enquire(db);
        enquire.set_query(filter);
        std::set<std::string> ids;
        const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
                if ((*t).rfind(schema::kIdPrefix, 0) == 0) ids.insert((*t).substr(schema::kIdPrefix.size()));
        }
        return ids;
    }

    Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
    std::vector<std::string> days_;  ///< "YYYYMMDD" per article, "" when undated
};

TEST_F(DatedArchive, DateTermsMatchExactlyTheArticlesDatedInTheRange) {
    // Ends on the edges of years, months and days, inside and outside the archive, as the
    // options and the query language write them (a month's end is its "31").
    const std::vector<std::pair<std::string, std::string>> ranges = {
        {"20120101", "20121231"}, {"20120301", "20120331"}, {"20120229", "20120229"}, {"20120201", "20120231"},
        {"20111231", "20120101"}, {"20110615", "20130614"}, {"20130101", ""},         {"", "20111130"},
        {"20000101", "20991231"}, {"20150101", ""},         {"", "20101231"},         {"20140701", "20140631"},
        {"00010101", ""},         {"20121130", "20121201"}, {"20110101", "20110101"}, {"20141231", "20141231"},
    };
    for (const auto& [since, until] : ranges)
        EXPECT_EQ(ids_matching(date_filter(Xapian::Database(db_), since, until)), dated_within(since, until))
            << since << ".." << until;
    // Random ranges, most of them cutting years and months.
    std::mt19937 random(7);
    for (int i = 0; i < 200; ++i) {
        const auto day = [&] {
            const int year = 2010 + static_cast<int>(random() % 6);
            const int month = 1 + static_cast<int>(random() % 12);
            return compact(iso_day(year, month, 1 + static_cast<int>(random() % days_in(year, month))));
        };
        std::string since = day(), until = day();
        if (since > until) std::swap(since, until);
        if (i % 10 == 0) since.clear();
        if (i % 10 == 1) until.clear();
        EXPECT_EQ(ids_matching(date_filter(Xapian::Database(db_), since, until)), dated_within(since, until))
            << since << ".." << until;
    }
}

TEST_F(DatedArchive, DateTermsCoverARangeWithWholeYearsAndMonthsFirst) {
    const Xapian::Database db(db_);
    EXPECT_EQ(date_terms_covering(db, "20120101", "20121231"), (std::vector<std::string>{"Y2012"}));
    EXPECT_EQ(date_terms_covering(db, "20130101", ""), (std::vector<std::string>{"Y2013", "Y2014"}));
    EXPECT_EQ(date_terms_covering(db, "20120201", "20120231"), (std::vector<std::string>{"M201202"}));
    EXPECT_EQ(date_terms_covering(db, "20151231", ""), (std::vector<std::string>{}));
    // One year from mid-June: the whole months of both years, then the days of June.
    const std::vector<std::string> terms = date_terms_covering(db, "20120615", "20130614");
    EXPECT_EQ(std::count_if(terms.begin(), terms.end(), [](const std::string& t) { return t[0] == 'Y'; }), 0);
    EXPECT_EQ(std::count_if(terms.begin(), terms.end(), [](const std::string& t) { return t[0] == 'M'; }), 11);
    EXPECT_LE(std::count_if(terms.begin(), terms.end(), [](const std::string& t) { return t[0] == 'D'; }), 30);
}

TEST_F(DatedArchive, SinceAndUntilFilterAWordQueryAsTheRangeSays) {
    SearchEngine engine{Xapian::Database(db_)};
    SearchRequest request;
    request.query = "weather";
    request.since = "20120215";
    request.until = "20130310";
    request.limit = 2000;
    request.collapse_duplicates = false;
    std::set<std::string> found;
    for (const Hit& hit : engine.search(request).hits) found.insert(hit.article.id);
    std::set<std::string> expected;
    for (const std::string& id : dated_within(request.since, request.until))
        if (std::stoi(id.substr(1)) % 3 != 0) expected.insert(id);
    EXPECT_EQ(found, expected);
    EXPECT_FALSE(found.empty());
}

}  // namespace
}  // namespace news

namespace news {
namespace {

/// 6,000 articles on random days of 2011 to 2014, a few of them twins (the same source,
/// title and body on different days), half of them (those of 2011 and 2012) about a crisis,
/// and, in the first database, 40 undated ones: enough
/// matches that a date order is read a span of days at a time (more than kSortedWhole).
class DateOrder : public ::testing::Test {
  protected:
    DateOrder() {
        std::mt19937 random(1207);
        IndexBuilder with_undated(with_undated_, {}), dated_only(dated_only_, {});
        for (int i = 0; i < 6000; ++i) {
            const int year = 2011 + static_cast<int>(random() % 4);
            const int month = 1 + static_cast<int>(random() % 12);
            Article a;
            a.id = "d" + std::to_string(i);
            a.title = i % 2 == 0 ? "Markets rally on trade news" : "Weather report for the coast";
            a.body = i % 97 == 0 ? "The same wire story, filed again." : "Article number " + std::to_string(i) + ".";
            // A story of the first two years only: newest first crosses two years without it.
            if (year <= 2012) a.body += " The crisis deepens.";
            a.date = iso_day(year, month, 1 + static_cast<int>(random() % days_in(year, month))) + "T" +
                     std::to_string(10 + i % 10) + ":00:00";
            with_undated.add(a);
            dated_only.add(a);
        }
        for (int i = 0; i < 40; ++i) {
            Article a;
            a.id = "undated" + std::to_string(i);
            a.title = "Markets rally without a date";
            a.body = "Undated.";
            with_undated.add(a);
        }
        with_undated.finish();
        dated_only.finish();
    }

    /// The page asked for, by spans of days, and the same page sorted whole (--exhaustive):
    /// ids and scores in order; `walked` says whether the spans answered.
    static void expect_same_page(SearchEngine& engine, SearchRequest request, bool expect_walked) {
        request.exhaustive = false;
        const SearchResult fast = engine.search(request);
        request.exhaustive = true;
        const SearchResult whole = engine.search(request);
        std::vector<std::pair<std::string, double>> fast_hits, whole_hits;
        for (const Hit& h : fast.hits) fast_hits.emplace_back(h.article.id, h.score);
        for (const Hit& h : whole.hits) whole_hits.emplace_back(h.article.id, h.score);
        const std::string what = request.query + " since " + request.since + " offset " +
                                 std::to_string(request.offset) + " limit " + std::to_string(request.limit);
        EXPECT_EQ(fast_hits, whole_hits) << what;
        EXPECT_EQ(fast.from_day_spans, expect_walked) << what;
        EXPECT_FALSE(whole.from_day_spans);
    }

    Xapian::WritableDatabase with_undated_{std::string(), Xapian::DB_BACKEND_INMEMORY};
    Xapian::WritableDatabase dated_only_{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

TEST_F(DateOrder, NewestFirstFromSpansOfDaysIsTheWholeSortsPage) {
    SearchEngine engine{Xapian::Database(with_undated_)};
    for (const char* query : {"weather OR markets", "report OR rally OR coast", "*", "crisis", "crisis AND rally"})
        for (const auto& [offset, limit] : std::vector<std::pair<int, int>>{{0, 10}, {0, 1}, {37, 13}, {0, 400}}) {
            SearchRequest request;
            request.query = query;
            request.sort = SortOrder::kNewest;
            request.offset = static_cast<Xapian::doccount>(offset);
            request.limit = static_cast<Xapian::doccount>(limit);
            expect_same_page(engine, request, true);
        }
    // A query of filters alone (newest first without asking), and one with its own dates.
    SearchRequest filtered;
    filtered.since = "20120301";
    filtered.until = "20140131";
    expect_same_page(engine, filtered, true);
    filtered.query = "weather OR markets date:2012-06..2013";
    filtered.sort = SortOrder::kNewest;
    expect_same_page(engine, filtered, true);
}

TEST_F(DateOrder, APageReachingTheUndatedArticlesIsSortedWhole) {
    SearchEngine engine{Xapian::Database(with_undated_)};
    SearchRequest request;
    request.query = "markets OR weather";
    request.sort = SortOrder::kNewest;
    request.collapse_duplicates = false;
    request.offset = 5990;  // the last dated articles, then the undated ones
    request.limit = 30;
    expect_same_page(engine, request, false);
    // Oldest first puts the undated articles first: sorted whole while there are any.
    request.sort = SortOrder::kOldest;
    request.offset = 0;
    expect_same_page(engine, request, false);
}

TEST_F(DateOrder, OldestFirstFromSpansOfDaysWhenEveryArticleIsDated) {
    SearchEngine engine{Xapian::Database(dated_only_)};
    for (const auto& [offset, limit] : std::vector<std::pair<int, int>>{{0, 10}, {100, 25}, {5980, 30}}) {
        SearchRequest request;
        request.sort = SortOrder::kOldest;
        request.offset = static_cast<Xapian::doccount>(offset);
        request.limit = static_cast<Xapian::doccount>(limit);
        // The last page runs past the matches: the walk ends, the whole sort answers.
        request.query = "weather OR markets";
        expect_same_page(engine, request, offset + limit <= 5000);
        request.query = "-crisis weather OR markets";  // the last two years: older ones crossed first
        expect_same_page(engine, request, offset + limit <= 5000);
    }
}

TEST_F(DateOrder, FewMatchesAreSortedWhole) {
    SearchEngine engine{Xapian::Database(with_undated_)};
    SearchRequest request;
    request.query = "\"same wire story\"";
    request.sort = SortOrder::kNewest;
    request.collapse_duplicates = false;
    expect_same_page(engine, request, false);
}

TEST(DayWalk, SpansFollowEachOtherWithoutGapsAcrossMonthsYearsAndLeapDays) {
    for (const bool newest_first : {true, false}) {
        DayWalk walk({"20111230", "20120302"}, newest_first, 64.0, 10);  // 64 days, one match a day
        std::vector<DaySpan> spans;
        while (const auto span = walk.next()) {
            spans.push_back(*span);
            walk.found(0);  // nothing found: each span twice the last
        }
        ASSERT_FALSE(spans.empty());
        EXPECT_EQ(newest_first ? spans.front().last : spans.front().first, newest_first ? "20120302" : "20111230");
        EXPECT_EQ(newest_first ? spans.back().first : spans.back().last, newest_first ? "20111230" : "20120302");
        for (const DaySpan& span : spans) EXPECT_LE(span.first, span.last);
        // About twice the 10 days the density says hold the page, then doubling: 21 days,
        // 42, then what is left.
        ASSERT_EQ(spans.size(), 3u);
        EXPECT_EQ(newest_first ? spans[0].first : spans[0].last, newest_first ? "20120211" : "20120119");
        // Consecutive: each span starts the day after the one before it in time ends.
        for (std::size_t i = 1; i < spans.size(); ++i) {
            const DaySpan& earlier = newest_first ? spans[i] : spans[i - 1];
            const DaySpan& later = newest_first ? spans[i - 1] : spans[i];
            EXPECT_EQ(day_after(earlier.last), later.first);
        }
    }
}

}  // namespace
}  // namespace news
