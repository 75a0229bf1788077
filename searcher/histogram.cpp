#include "searcher/histogram.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "common/date.hpp"
#include "common/schema.hpp"
#include "common/terminal_text.hpp"

namespace news {

namespace {

bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned days_in_month(std::int64_t y, unsigned m) {
    static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

/// Monday 0 ... Sunday 6; day 0 (1970-01-01) was a Thursday.
unsigned weekday(DayNumber day) { return static_cast<unsigned>(((day % 7) + 7 + 3) % 7); }

/// The first day of the bucket after the one starting at `first_day`.
DayNumber next_bucket(HistogramInterval interval, DayNumber first_day) {
    const CivilDate c = civil_from_days(first_day);
    switch (interval) {
        case HistogramInterval::kDay:
            return first_day + 1;
        case HistogramInterval::kWeek:
            return first_day + 7;
        case HistogramInterval::kMonth:
            return c.month == 12 ? days_from_civil(c.year + 1, 1, 1) : days_from_civil(c.year, c.month + 1, 1);
        case HistogramInterval::kYear:
            break;
    }
    return days_from_civil(c.year + 1, 1, 1);
}

std::string padded(std::int64_t value, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(value));
    return buf;
}

/// `n` with thousands separated by commas, as the rest of the text output writes counts.
std::string grouped(Xapian::doccount n) {
    std::string digits = std::to_string(n);
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
    return digits;
}

/// A CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180).
std::string csv_field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (const char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + '"';
}

bool contains_utf8(std::string_view value) {
    std::string lower(value);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
}

/// The widest bar, in characters: room for a label and a count on an 80-column line.
constexpr std::size_t kBarWidth = 50;

/// A bar of `count` against `largest`: eighths of a block character, or '#'. A bucket with
/// any article shows at least a sliver, so that it never looks empty.
std::string bar(Xapian::doccount count, Xapian::doccount largest, bool unicode) {
    if (count == 0 || largest == 0) return {};
    const std::size_t steps = unicode ? 8 : 1;
    const double exact = static_cast<double>(count) * static_cast<double>(kBarWidth * steps) / largest;
    const auto units = std::max<std::size_t>(1, static_cast<std::size_t>(exact + 0.5));
    if (!unicode) return std::string(units, '#');
    // U+2588 (full block) down to U+258F (one eighth), each three bytes in UTF-8.
    static constexpr std::array<std::string_view, 8> kEighths = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
    std::string out;
    for (std::size_t i = 0; i < units / 8; ++i) out += "█";
    out += kEighths[units % 8];
    return out;
}

}  // namespace

std::optional<HistogramInterval> parse_histogram_interval(std::string_view name) {
    if (name == "day") return HistogramInterval::kDay;
    if (name == "week") return HistogramInterval::kWeek;
    if (name == "month") return HistogramInterval::kMonth;
    if (name == "year") return HistogramInterval::kYear;
    return std::nullopt;
}

std::string_view histogram_interval_name(HistogramInterval interval) {
    switch (interval) {
        case HistogramInterval::kDay:
            return "day";
        case HistogramInterval::kWeek:
            return "week";
        case HistogramInterval::kMonth:
            return "month";
        case HistogramInterval::kYear:
            break;
    }
    return "year";
}

std::string iso_date(DayNumber day) {
    const CivilDate c = civil_from_days(day);
    return padded(c.year, 4) + "-" + padded(c.month, 2) + "-" + padded(c.day, 2);
}

std::string bucket_label(HistogramInterval interval, DayNumber first_day) {
    const CivilDate c = civil_from_days(first_day);
    switch (interval) {
        case HistogramInterval::kDay:
            return iso_date(first_day);
        case HistogramInterval::kWeek: {
            // The ISO week-numbering year is the year of the week's Thursday.
            const DayNumber thursday = first_day - weekday(first_day) + 3;
            const std::int64_t year = civil_from_days(thursday).year;
            const DayNumber week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
            return padded(year, 4) + "-W" + padded(week, 2);
        }
        case HistogramInterval::kMonth:
            return padded(c.year, 4) + "-" + padded(c.month, 2);
        case HistogramInterval::kYear:
            break;
    }
    return padded(c.year, 4);
}

std::optional<DayNumber> day_of_date_value(std::string_view v) {
    if (v.size() != 8 || !std::all_of(v.begin(), v.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    const auto number = [&](std::size_t from, std::size_t n) {
        unsigned value = 0;
        for (std::size_t i = from; i < from + n; ++i) value = value * 10 + static_cast<unsigned>(v[i] - '0');
        return value;
    };
    const unsigned year = number(0, 4), month = number(4, 2), day = number(6, 2);
    if (year == 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    return days_from_civil(year, month, day);
}

DayNumber bucket_start(HistogramInterval interval, DayNumber day) {
    const CivilDate c = civil_from_days(day);
    switch (interval) {
        case HistogramInterval::kDay:
            return day;
        case HistogramInterval::kWeek:
            return day - weekday(day);
        case HistogramInterval::kMonth:
            return days_from_civil(c.year, c.month, 1);
        case HistogramInterval::kYear:
            break;
    }
    return days_from_civil(c.year, 1, 1);
}

DayNumber next_bucket_start(HistogramInterval interval, DayNumber first_day) {
    return next_bucket(interval, first_day);
}

Histogram make_histogram(HistogramInterval interval, const std::map<std::string, Xapian::doccount>& dates,
                         Xapian::doccount total) {
    Histogram h;
    h.interval = interval;
    h.total = total;
    std::map<DayNumber, Xapian::doccount> by_bucket;
    Xapian::doccount dated = 0;
    for (const auto& [value, count] : dates) {
        const std::optional<DayNumber> day = day_of_date_value(value);
        if (!day) continue;
        by_bucket[bucket_start(interval, *day)] += count;
        dated += count;
    }
    h.undated = total >= dated ? total - dated : 0;
    if (by_bucket.empty()) return h;
    const DayNumber last = by_bucket.rbegin()->first;
    for (DayNumber start = by_bucket.begin()->first; start <= last; start = next_bucket(interval, start)) {
        const auto it = by_bucket.find(start);
        h.buckets.push_back({start, it == by_bucket.end() ? 0 : it->second});
    }
    return h;
}

Histogram over_buckets_of(const Histogram& part, const Histogram& whole) {
    Histogram aligned = part;
    aligned.buckets.clear();
    std::map<DayNumber, Xapian::doccount> counts;
    for (const HistogramBucket& b : part.buckets) counts[b.first_day] = b.count;
    for (const HistogramBucket& b : whole.buckets) {
        const auto it = counts.find(b.first_day);
        aligned.buckets.push_back({b.first_day, it == counts.end() ? 0 : it->second});
    }
    return aligned;
}

HistogramCounter::HistogramCounter(HistogramInterval interval, std::shared_ptr<const facet_columns::Column> day_column)
    : interval_(interval), spy_(schema::kDateSlot) {
    if (day_column) column_counter_ = std::make_unique<ColumnCounter>(std::move(day_column));
}

Xapian::MatchSpy* HistogramCounter::spy() {
    if (column_counter_) return column_counter_.get();
    return &spy_;
}

Histogram HistogramCounter::histogram() const {
    if (column_counter_) return make_histogram(interval_, column_counter_->counts(), column_counter_->total());
    std::map<std::string, Xapian::doccount> dates;
    for (auto v = spy_.values_begin(); v != spy_.values_end(); ++v) dates.emplace(*v, v.get_termfreq());
    return make_histogram(interval_, dates, spy_.get_total());
}

Histogram count_by_date(const Xapian::Database& db, const Xapian::Query& query, HistogramInterval interval,
                        FacetColumns* columns) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    // Counting needs no weights: BoolWeight spares the matcher BM25 for every match.
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    HistogramCounter counter(interval, columns ? columns->of(db, "day") : nullptr);
    enquire.add_matchspy(counter.spy());
    // No document wanted, but every match checked (and so seen by the spy).
    enquire.get_mset(0, 0, db.get_doccount());
    return counter.histogram();
}

bool environment_locale_is_utf8() {
    for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"})
        if (const char* value = std::getenv(name); value && *value) return contains_utf8(value);
    return false;
}

void write_histogram_text(std::ostream& out, const Histogram& h, bool unicode) {
    const Xapian::doccount dated = h.total - h.undated;
    out << "Matching articles per " << histogram_interval_name(h.interval) << ": " << grouped(h.total) << " ("
        << grouped(dated) << " dated, " << grouped(h.undated) << " undated)\n";
    Xapian::doccount largest = 0;
    for (const HistogramBucket& b : h.buckets) largest = std::max(largest, b.count);
    const std::size_t count_width = grouped(largest).size();
    for (const HistogramBucket& b : h.buckets) {
        const std::string count = grouped(b.count);
        out << bucket_label(h.interval, b.first_day) << "  " << std::string(count_width - count.size(), ' ') << count
            << (b.count > 0 ? " " + bar(b.count, largest, unicode) : "") << '\n';
    }
    if (h.undated > 0) out << "undated  " << grouped(h.undated) << '\n';
}

void write_breakdown_text(std::ostream& out, const Histogram& whole, const HistogramBreakdown& breakdown) {
    if (breakdown.series.empty()) return;
    out << "Per " << breakdown.facet << " (the " << breakdown.series.size() << " most frequent):\n";
    std::vector<std::size_t> widths;
    const std::size_t label_width =
        whole.buckets.empty() ? 7 : bucket_label(whole.interval, whole.buckets[0].first_day).size();
    out << std::string(std::max<std::size_t>(label_width, 7), ' ');
    for (const HistogramSeries& s : breakdown.series) {
        const std::string name = terminal_safe(s.value);
        std::size_t width = std::max(name.size(), grouped(s.histogram.total).size());
        for (const HistogramBucket& b : s.histogram.buckets) width = std::max(width, grouped(b.count).size());
        widths.push_back(width);
        out << "  " << std::string(width - std::min(width, name.size()), ' ') << name;
    }
    out << '\n';
    const auto row = [&](const std::string& label, auto count_of) {
        out << label
            << std::string(std::max<std::size_t>(label_width, 7) -
                               std::min(label.size(), std::max<std::size_t>(label_width, 7)),
                           ' ');
        for (std::size_t i = 0; i < breakdown.series.size(); ++i) {
            const std::string count = grouped(count_of(breakdown.series[i].histogram));
            out << "  " << std::string(widths[i] - std::min(widths[i], count.size()), ' ') << count;
        }
        out << '\n';
    };
    for (std::size_t k = 0; k < whole.buckets.size(); ++k)
        row(bucket_label(whole.interval, whole.buckets[k].first_day),
            [k](const Histogram& h) { return k < h.buckets.size() ? h.buckets[k].count : 0; });
    const bool any_undated = std::any_of(breakdown.series.begin(), breakdown.series.end(),
                                         [](const HistogramSeries& s) { return s.histogram.undated > 0; });
    if (any_undated) row("undated", [](const Histogram& h) { return h.undated; });
    row("total", [](const Histogram& h) { return h.total; });
}

void write_histogram_csv(std::ostream& out, const Histogram& h, std::string_view qid, bool header,
                         const HistogramBreakdown* breakdown) {
    const std::string qid_column = qid.empty() ? std::string() : csv_field(qid) + ",";
    const std::vector<HistogramSeries> none;
    const std::vector<HistogramSeries>& series = breakdown ? breakdown->series : none;
    if (header) {
        out << (qid.empty() ? "" : "qid,") << "bucket,start,count";
        for (const HistogramSeries& s : series) out << ',' << csv_field(breakdown->facet + ":" + s.value);
        out << '\n';
    }
    for (std::size_t k = 0; k < h.buckets.size(); ++k) {
        const HistogramBucket& b = h.buckets[k];
        out << qid_column << bucket_label(h.interval, b.first_day) << ',' << iso_date(b.first_day) << ',' << b.count;
        for (const HistogramSeries& s : series)
            out << ',' << (k < s.histogram.buckets.size() ? s.histogram.buckets[k].count : 0);
        out << '\n';
    }
    out << qid_column << "undated,," << h.undated;
    for (const HistogramSeries& s : series) out << ',' << s.histogram.undated;
    out << '\n';
}

}  // namespace news
