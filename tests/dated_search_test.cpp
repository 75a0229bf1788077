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
