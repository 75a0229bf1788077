/// @file date.hpp
/// @brief Normalises article dates into one sortable form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace news {

/// Parses the date forms found in news corpora and returns "YYYY-MM-DD" or
/// "YYYY-MM-DDTHH:MM:SS":
///  - ISO 8601: "2015-09-22", "2015-09-22T20:30", "2015-09-22 20:30:00", with optional
///    fraction and "Z"/"+01:00" zone; the time separator may be "T", "t" or a space;
///  - Reuters-21578: "26-FEB-1987 15:01:01.79" (fraction dropped), or the day alone;
///  - RFC 2822: "Tue, 22 Sep 2015 20:30:00 -0400", weekday, seconds, zone and time optional,
///    the zone numeric or a name ("GMT", "EDT") with an optional "(comment)";
///  - reuters.com pages: "Sun Jul 24, 2011 10:46pm EDT", weekday, time and zone optional,
///    12-hour ("10:46pm", "10:46 PM") or 24-hour time.
/// Month and day names are English, three letters, any case; a weekday must be a day name
/// but is not checked against the date. Zones are validated and dropped: news dates are kept
/// in the publisher's local time. Surrounding whitespace is ignored. Returns nullopt for
/// anything else or an impossible date or time (year 0000, 2015-02-29, 24:00, a leap second
/// 23:59:60, 13:00pm).
std::optional<std::string> normalize_date(std::string_view text);

/// "YYYYMMDD" from a normalised date (the value Xapian's DateRangeProcessor expects);
/// empty when `normalized` is shorter than a date.
std::string date_value(std::string_view normalized);

/// "YYYYMMDDHHMMSS" from a normalised date (missing time = 000000): sorts chronologically.
/// Empty when `normalized` is shorter than a date.
std::string timestamp_value(std::string_view normalized);

/// A day of the proleptic Gregorian calendar.
struct CivilDate {
    std::int64_t year;
    unsigned month;  ///< 1..12
    unsigned day;    ///< 1..31
};

/// Days since 1970-01-01 (negative before) of a day, and the day of such a count: Howard
/// Hinnant's algorithms, exact for any year (http://howardhinnant.github.io/date_algorithms.html).
/// For walking days and bucketing them (searcher/date_terms.hpp, searcher/histogram.hpp).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
CivilDate civil_from_days(std::int64_t days);

}  // namespace news
