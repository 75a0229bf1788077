#include "common/date.hpp"

#include <array>
#include <cstddef>

namespace news {

namespace {

constexpr std::string_view kSpaces = " \t\r\n";

/// A position in the date text with the few token readers the supported forms need.
/// Every reader either consumes what it matched and returns true, or leaves the position
/// where it was (for the optional parts) and returns false.
class Scanner {
  public:
    explicit Scanner(std::string_view text) : text_(text) {}

    bool at_end() const { return pos_ == text_.size(); }
    std::string_view rest() const { return text_.substr(pos_); }

    /// Between `min_width` and `max_width` ASCII digits (as many as there are, up to the max).
    bool digits(std::size_t min_width, std::size_t max_width, int& value) {
        std::size_t end = pos_;
        int parsed = 0;
        while (end < text_.size() && end - pos_ < max_width && is_digit(text_[end])) {
            // int holds 9 digits; only a fraction of a second, which is ignored, reads more
            // (a 30-digit one overflowed: found by fuzzing).
            if (end - pos_ < 9) parsed = parsed * 10 + (text_[end] - '0');
            ++end;
        }
        if (end - pos_ < min_width) return false;
        value = parsed;
        pos_ = end;
        return true;
    }
    bool digits(std::size_t width, int& value) { return digits(width, width, value); }

    bool literal(char expected) {
        if (at_end() || text_[pos_] != expected) return false;
        ++pos_;
        return true;
    }

    /// One or more spaces or tabs.
    bool spaces() {
        const std::size_t start = pos_;
        while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
        return pos_ > start;
    }

    /// A run of ASCII letters (possibly empty).
    std::string_view word() {
        const std::size_t start = pos_;
        while (!at_end() && is_letter(text_[pos_])) ++pos_;
        return text_.substr(start, pos_ - start);
    }

  private:
    static bool is_digit(char c) { return c >= '0' && c <= '9'; }
    static bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    std::string_view text_;
    std::size_t pos_ = 0;
};

/// The fields of a parsed date; hour < 0 means "no time given".
struct DateTime {
    int year = 0;
    int month = 0;
    int day = 0;
    int hour = -1;
    int minute = 0;
    int second = 0;
};

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

/// 1..12 for a three-letter English month name in any case ("FEB", "Feb"), else 0.
int month_number(std::string_view name) {
    constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                          "jul", "aug", "sep", "oct", "nov", "dec"};
    for (std::size_t i = 0; i < kMonths.size(); ++i)
        if (equals_ignoring_case(name, kMonths[i])) return static_cast<int>(i) + 1;
    return 0;
}

bool is_weekday(std::string_view name) {
    constexpr std::array<std::string_view, 7> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    for (std::string_view day : kDays)
        if (equals_ignoring_case(name, day)) return true;
    return false;
}

bool month_name(Scanner& in, int& month) {
    month = month_number(in.word());
    return month != 0;
}

/// An optional leading weekday name ("Tue"), followed by `separator` when that is not 0.
/// It is checked to be a day name, not against the date: a wrong weekday in a feed's
/// metadata is more likely a typo than a reason to lose the date.
bool optional_weekday(Scanner& in, char separator) {
    Scanner probe = in;
    if (!is_weekday(probe.word())) return true;
    if (separator != 0 && !probe.literal(separator)) return false;
    if (!probe.spaces()) return false;
    in = probe;
    return true;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

bool is_valid(const DateTime& t) {
    if (t.year == 0 || t.month < 1 || t.month > 12 || t.day < 1 || t.day > days_in_month(t.year, t.month)) return false;
    return t.hour < 0 || (t.hour <= 23 && t.minute <= 59 && t.second <= 59);
}

/// Accepts "Z", "+HH", "+HHMM" or "+HH:MM" (or "-") filling the rest of `zone`.
bool is_numeric_zone(std::string_view zone) {
    if (zone == "Z" || zone == "z") return true;
    if (zone.empty() || (zone[0] != '+' && zone[0] != '-')) return false;
    Scanner in(zone.substr(1));
    int hours = 0;
    int minutes = 0;
    if (!in.digits(2, hours) || hours > 23) return false;
    if (in.at_end()) return true;
    in.literal(':');
    return in.digits(2, minutes) && minutes <= 59 && in.at_end();
}

/// What may follow an RFC 2822 or US-style time: nothing, or a zone ("-0400", "EDT",
/// "GMT") optionally followed by a "(comment)". Validated, then dropped like the ISO zone.
bool is_trailing_zone(std::string_view rest) {
    if (rest.empty()) return true;
    if (const std::size_t comment = rest.find(" ("); comment != std::string_view::npos) {
        if (!rest.ends_with(')')) return false;
        rest = rest.substr(0, comment);
    }
    if (rest[0] == '+' || rest[0] == '-') return rest.size() == 5 && is_numeric_zone(rest);
    Scanner in(rest);
    const std::size_t letters = in.word().size();
    return letters >= 1 && letters <= 5 && in.at_end();  // UT, GMT, EDT, CEST, military letters
}

/// "HH:MM" with optional ":SS" and, when `fraction` is true, an optional ".ff" or ",ff".
bool clock_time(Scanner& in, std::size_t min_hour_digits, DateTime& t, bool fraction) {
    if (!in.digits(min_hour_digits, 2, t.hour) || !in.literal(':') || !in.digits(2, t.minute)) return false;
    if (!in.literal(':')) return true;
    if (!in.digits(2, t.second)) return false;
    if (fraction && (in.literal('.') || in.literal(','))) {
        int ignored = 0;
        if (!in.digits(1, 99, ignored)) return false;
    }
    return true;
}

/// ISO 8601: "2015-09-22", "2015-09-22T20:30[:05[.123]][Z|+01:00]"; "t" or " " also separate.
bool parse_iso(std::string_view text, DateTime& t) {
    Scanner in(text);
    if (!in.digits(4, t.year) || !in.literal('-') || !in.digits(2, t.month) || !in.literal('-') || !in.digits(2, t.day))
        return false;
    if (in.at_end()) return true;
    if (!in.literal('T') && !in.literal('t') && !in.literal(' ')) return false;
    if (!clock_time(in, 2, t, true)) return false;
    return in.at_end() || is_numeric_zone(in.rest());
}

/// Reuters-21578: "26-FEB-1987 15:01:01.79" (day of one or two digits, any case of month).
bool parse_reuters(std::string_view text, DateTime& t) {
    Scanner in(text);
    if (!in.digits(1, 2, t.day) || !in.literal('-') || !month_name(in, t.month) || !in.literal('-') ||
        !in.digits(4, t.year))
        return false;
    if (in.at_end()) return true;
    return in.spaces() && clock_time(in, 1, t, true) && in.at_end();
}

/// RFC 2822: "Tue, 22 Sep 2015 20:30:00 -0400"; weekday, seconds and zone optional.
bool parse_rfc2822(std::string_view text, DateTime& t) {
    Scanner in(text);
    if (!optional_weekday(in, ',') || !in.digits(1, 2, t.day) || !in.spaces() || !month_name(in, t.month) ||
        !in.spaces() || !in.digits(4, t.year))
        return false;
    if (in.at_end()) return true;
    if (!in.spaces() || !clock_time(in, 2, t, false)) return false;
    in.spaces();
    return is_trailing_zone(in.rest());
}

/// Reuters web pages: "Sun Jul 24, 2011 10:46pm EDT"; weekday, time and zone optional, the
/// time in 12-hour ("10:46pm", "10:46 PM") or 24-hour form.
bool parse_us_style(std::string_view text, DateTime& t) {
    Scanner in(text);
    if (!optional_weekday(in, 0) || !month_name(in, t.month) || !in.spaces() || !in.digits(1, 2, t.day) ||
        !in.literal(',') || !in.spaces() || !in.digits(4, t.year))
        return false;
    if (in.at_end()) return true;
    if (!in.spaces() || !clock_time(in, 1, t, false)) return false;
    Scanner probe = in;
    probe.spaces();
    const std::string_view meridiem = probe.word();
    const bool pm = equals_ignoring_case(meridiem, "pm");
    if (pm || equals_ignoring_case(meridiem, "am")) {
        if (t.hour < 1 || t.hour > 12) return false;
        t.hour = t.hour % 12 + (pm ? 12 : 0);
        in = probe;
    }
    in.spaces();
    return is_trailing_zone(in.rest());
}

std::string two_digits(int value) { return {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)}; }

std::string format(const DateTime& t) {
    std::string out = std::to_string(t.year);
    out.insert(0, 4 - out.size(), '0');
    out += '-' + two_digits(t.month) + '-' + two_digits(t.day);
    if (t.hour >= 0) out += 'T' + two_digits(t.hour) + ':' + two_digits(t.minute) + ':' + two_digits(t.second);
    return out;
}

}  // namespace

std::optional<std::string> normalize_date(std::string_view text) {
    // Surrounding whitespace is common in scraped metadata and carries no meaning.
    const std::size_t first = text.find_first_not_of(kSpaces);
    if (first == std::string_view::npos) return std::nullopt;
    text = text.substr(first, text.find_last_not_of(kSpaces) - first + 1);

    using Parser = bool (*)(std::string_view, DateTime&);
    for (Parser parse : {parse_iso, parse_reuters, parse_rfc2822, parse_us_style}) {
        DateTime t;
        if (parse(text, t)) return is_valid(t) ? std::optional(format(t)) : std::nullopt;
    }
    return std::nullopt;
}

std::string date_value(std::string_view normalized) {
    if (normalized.size() < 10) return {};
    std::string out;
    out.reserve(8);
    out.append(normalized.substr(0, 4)).append(normalized.substr(5, 2)).append(normalized.substr(8, 2));
    return out;
}

std::string timestamp_value(std::string_view normalized) {
    std::string out = date_value(normalized);
    if (out.empty()) return out;
    if (normalized.size() >= 19) {
        out.append(normalized.substr(11, 2)).append(normalized.substr(14, 2)).append(normalized.substr(17, 2));
    } else {
        out.append("000000");
    }
    return out;
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

}  // namespace news
