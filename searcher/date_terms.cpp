#include "searcher/date_terms.hpp"

#include <algorithm>
#include <cstdio>

#include "common/date.hpp"
#include "common/schema.hpp"

namespace news {

namespace {

/// Where the days of a period ("2015", "201509" or "20150922") stand against a range.
enum class Overlap { kNone, kPart, kWhole };

/// `first` and `last`: the period's first and last possible day ("YYYYMMDD").
Overlap overlap(std::string_view first, std::string_view last, std::string_view since, std::string_view until) {
    const bool after_since = since.empty() || first >= since;
    const bool before_until = until.empty() || last <= until;
    if (after_since && before_until) return Overlap::kWhole;
    if ((!since.empty() && last < since) || (!until.empty() && first > until)) return Overlap::kNone;
    return Overlap::kPart;
}

/// Calls `each` with the part after `prefix` of every term of `db` that starts with
/// `prefix` and has exactly `digits` characters after it (other terms under the prefix,
/// should a stranger's database have any, are not dates).
template <typename Each>
void for_each_period(const Xapian::Database& db, const std::string& prefix, std::size_t digits, const Each& each) {
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::string term = *t;
        if (term.size() == prefix.size() + digits) each(std::string_view(term).substr(prefix.size()));
    }
}

}  // namespace

std::vector<std::string> date_terms_covering(const Xapian::Database& db, std::string_view since,
                                             std::string_view until) {
    const std::string year_prefix(schema::kYearPrefix), month_prefix(schema::kMonthPrefix),
        day_prefix(schema::kDayPrefix);
    std::vector<std::string> years, months, days;
    for_each_period(db, year_prefix, 4, [&](std::string_view year) {
        const std::string y(year);
        switch (overlap(y + "0101", y + "1231", since, until)) {
            case Overlap::kNone:
                return;
            case Overlap::kWhole:
                years.push_back(year_prefix + y);
                return;
            case Overlap::kPart:
                break;
        }
        for_each_period(db, month_prefix + y, 2, [&](std::string_view month) {
            const std::string m = y + std::string(month);
            switch (overlap(m + "01", m + "31", since, until)) {
                case Overlap::kNone:
                    return;
                case Overlap::kWhole:
                    months.push_back(month_prefix + m);
                    return;
                case Overlap::kPart:
                    break;
            }
            for_each_period(db, day_prefix + m, 2, [&](std::string_view day) {
                const std::string d = m + std::string(day);
                if (overlap(d, d, since, until) == Overlap::kWhole) days.push_back(day_prefix + d);
            });
        });
    });
    std::vector<std::string> terms = std::move(years);
    terms.insert(terms.end(), months.begin(), months.end());
    terms.insert(terms.end(), days.begin(), days.end());
    return terms;
}

}  // namespace news

namespace news {

namespace {

/// "YYYYMMDD" of a day count (common/date.hpp).
std::string compact_day(long days) {
    const CivilDate c = civil_from_days(days);
    char text[32];
    std::snprintf(text, sizeof text, "%04lld%02u%02u", static_cast<long long>(c.year), c.month, c.day);
    return text;
}

long day_number(std::string_view yyyymmdd) {
    const auto digits = [&](std::size_t pos, std::size_t n) {
        long v = 0;
        for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (yyyymmdd[i] - '0');
        return v;
    };
    return static_cast<long>(
        days_from_civil(digits(0, 4), static_cast<unsigned>(digits(4, 2)), static_cast<unsigned>(digits(6, 2))));
}

/// The first or last term of `db` under `prefix` with `digits` characters after it.
std::optional<std::string> edge_period(const Xapian::Database& db, const std::string& prefix, std::size_t digits,
                                       bool last) {
    std::optional<std::string> found;
    for_each_period(db, prefix, digits, [&](std::string_view period) {
        if (!found || last) found = std::string(period);
    });
    return found;
}

}  // namespace

std::optional<std::pair<std::string, std::string>> dated_span(const Xapian::Database& db) {
    const auto edge_day = [&](bool last) -> std::optional<std::string> {
        const auto year = edge_period(db, std::string(schema::kYearPrefix), 4, last);
        if (!year) return std::nullopt;
        const auto month = edge_period(db, std::string(schema::kMonthPrefix) + *year, 2, last);
        if (!month) return std::nullopt;
        const auto day = edge_period(db, std::string(schema::kDayPrefix) + *year + *month, 2, last);
        if (!day) return std::nullopt;
        return *year + *month + *day;
    };
    auto first = edge_day(false), last = edge_day(true);
    if (!first || !last) return std::nullopt;
    return std::make_pair(std::move(*first), std::move(*last));
}

DayWalk::DayWalk(const std::pair<std::string, std::string>& archive, bool newest_first, double estimated_matches,
                 std::size_t wanted)
    : first_(day_number(archive.first)),
      last_(day_number(archive.second)),
      newest_first_(newest_first),
      wanted_(std::max<std::size_t>(wanted, 1)),
      cursor_(newest_first ? last_ : first_) {
    // Twice the days the estimated density says hold the page: most pages then come from
    // one span, and a wrong estimate costs a doubling or two.
    const double days = static_cast<double>(last_ - first_ + 1);
    const double per_day = std::max(estimated_matches, 1.0) / days;
    length_ =
        std::clamp(static_cast<long>(2.0 * static_cast<double>(wanted_) / per_day) + 1, 1L, static_cast<long>(days));
}

std::optional<DaySpan> DayWalk::next() {
    if (cursor_ < first_ || cursor_ > last_) return std::nullopt;
    long from = cursor_, to = cursor_;
    if (newest_first_) {
        from = std::max(first_, cursor_ - length_ + 1);
        cursor_ = from - 1;
    } else {
        to = std::min(last_, cursor_ + length_ - 1);
        cursor_ = to + 1;
    }
    return DaySpan{compact_day(from), compact_day(to)};
}

void DayWalk::found(std::size_t matches) {
    found_ += matches;
    // The page is not full yet: the next span twice as long, so that a sparse stretch of
    // the archive is crossed in a few spans.
    if (found_ < wanted_) length_ = std::min(2 * length_, last_ - first_ + 1);
}

}  // namespace news
