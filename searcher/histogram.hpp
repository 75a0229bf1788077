/// @file histogram.hpp
/// @brief Coverage over time (--histogram): every matching article counted by the day,
/// ISO week, month or year of its date, over the whole result set.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "searcher/facets.hpp"

namespace news {

enum class HistogramInterval { kDay, kWeek, kMonth, kYear };

/// "day", "week", "month" or "year"; nullopt for anything else.
std::optional<HistogramInterval> parse_histogram_interval(std::string_view name);
std::string_view histogram_interval_name(HistogramInterval interval);
/// The valid interval names, for messages.
inline constexpr std::string_view kHistogramIntervalNames = "day, week, month, year";

/// A day as a count of days since 1970-01-01 (negative before), so buckets step by days.
using DayNumber = std::int64_t;

struct HistogramBucket {
    DayNumber first_day = 0;  ///< the bucket's first day (a Monday for ISO weeks)
    Xapian::doccount count = 0;
};

struct Histogram {
    HistogramInterval interval = HistogramInterval::kMonth;
    /// Every bucket from the first dated match's to the last's, empty ones included, in
    /// date order; none when no match is dated.
    std::vector<HistogramBucket> buckets;
    Xapian::doccount undated = 0;  ///< matches without a date (or with one that cannot exist)
    Xapian::doccount total = 0;    ///< every match: the buckets' counts plus undated
};

/// The bucket's name: "2015-09-22", "2015-W39" (the ISO week-numbering year and week, which
/// may differ from the calendar year around New Year: 2015-12-31 is in 2015-W53, 2016-01-03
/// too), "2015-09" or "2015".
std::string bucket_label(HistogramInterval interval, DayNumber first_day);
/// "YYYY-MM-DD" of a day.
std::string iso_date(DayNumber day);
/// The day a "YYYYMMDD" date value (schema::kDateSlot) stands for; nullopt when it is not
/// eight digits of a day that exists.
std::optional<DayNumber> day_of_date_value(std::string_view yyyymmdd);
/// The first day of the bucket `day` falls in.
DayNumber bucket_start(HistogramInterval interval, DayNumber day);
/// The first day of the bucket after the one starting on `first_day`.
DayNumber next_bucket_start(HistogramInterval interval, DayNumber first_day);

/// --facets F --histogram I: the histogram of the matches holding each of the most
/// frequent values of facet F, over the same buckets as the whole result set's.
struct HistogramSeries {
    std::string value;    ///< the facet value, as facets show it ("bbc")
    Histogram histogram;  ///< buckets from the whole result set's first to its last
};
struct HistogramBreakdown {
    std::string facet;  ///< "source", "category" or "tag"
    std::vector<HistogramSeries> series;
};

/// `part` (a histogram of some of the matches `whole` counts, of the same interval) over
/// the buckets of `whole`: the same first and last bucket, one it lacks counting 0.
Histogram over_buckets_of(const Histogram& part, const Histogram& whole);

/// `total` matches of which `dates` counts the dated ones by "YYYYMMDD" value, as buckets
/// (values that are not a day that exists count as undated).
Histogram make_histogram(HistogramInterval interval, const std::map<std::string, Xapian::doccount>& dates,
                         Xapian::doccount total);

/// Counts the date value of every match. The counting is Xapian's ValueCountMatchSpy on
/// schema::kDateSlot, as for facets (facets.hpp), because xapian-tcpsrv can run that kind
/// of spy on remote shards. Give spy() to Enquire::add_matchspy(), with check_at_least of
/// at least the number of documents so every match is seen.
/// Counting from the database's day column (facets.hpp: FacetColumns::of(db, "day")) when
/// `day_column` is not null: an array read per match instead of a value.
class HistogramCounter {
  public:
    explicit HistogramCounter(HistogramInterval interval,
                              std::shared_ptr<const facet_columns::Column> day_column = nullptr);
    Xapian::MatchSpy* spy();
    Histogram histogram() const;

  private:
    HistogramInterval interval_;
    Xapian::ValueCountMatchSpy spy_;
    std::unique_ptr<ColumnCounter> column_counter_;
};

/// Every match of `query` in `db` counted by date: one pass of Xapian's matcher over the
/// whole result set, unweighted (BoolWeight), with a HistogramCounter (from the day column
/// when `columns` has a current one for `db`).
Histogram count_by_date(const Xapian::Database& db, const Xapian::Query& query, HistogramInterval interval,
                        FacetColumns* columns = nullptr);

/// True when the locale the environment chooses (LC_ALL, else LC_CTYPE, else LANG) is UTF-8:
/// then bars are drawn with Unicode block characters, else with '#'.
bool environment_locale_is_utf8();

/// The histogram as text: a header line with the counts, then one line per bucket (its
/// name, its count and a bar scaled to the largest), then the undated count.
void write_histogram_text(std::ostream& out, const Histogram& histogram, bool unicode);

/// The breakdown as text: "Per source (the 5 most frequent):", a header line of the values,
/// then one line per bucket of `whole` with each value's count, and the undated.
void write_breakdown_text(std::ostream& out, const Histogram& whole, const HistogramBreakdown& breakdown);

/// The histogram as CSV: a header "bucket,start,count" (after `qid,` when a qid is given,
/// and only when `header`), one row per bucket, and a last row "undated,,N". With a
/// `breakdown`, one more column per series, named "FACET:VALUE" ("source:bbc").
void write_histogram_csv(std::ostream& out, const Histogram& histogram, std::string_view qid, bool header,
                         const HistogramBreakdown* breakdown = nullptr);

}  // namespace news
