#include "searcher/date_terms.hpp"

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
