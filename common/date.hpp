/// @file date.hpp
/// @brief Normalises article dates into one sortable form.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace news {

/// Parses ISO 8601 dates and date-times ("2015-09-22", "2015-09-22T20:30",
/// "2015-09-22 20:30:00", with optional fraction and "Z"/"+01:00" zone, which is ignored:
/// news dates are kept in the publisher's local time) and returns "YYYY-MM-DD" or
/// "YYYY-MM-DDTHH:MM:SS". Surrounding whitespace is ignored; the time separator may be
/// "T", "t" or a space. Returns nullopt for anything else or an impossible date or time
/// (year 0000, 2015-02-29, 24:00, a leap second 23:59:60).
std::optional<std::string> normalize_date(std::string_view text);

/// "YYYYMMDD" from a normalised date (the value Xapian's DateRangeProcessor expects);
/// empty when `normalized` is shorter than a date.
std::string date_value(std::string_view normalized);

/// "YYYYMMDDHHMMSS" from a normalised date (missing time = 000000): sorts chronologically.
/// Empty when `normalized` is shorter than a date.
std::string timestamp_value(std::string_view normalized);

}  // namespace news
