#include "common/date.hpp"

#include <cstddef>

namespace news {

namespace {

constexpr std::string_view kSpaces = " \t\r\n";

/// Consumes exactly `width` ASCII digits from `text` at `pos`; false if they are not there.
bool read_digits(std::string_view text, std::size_t& pos, std::size_t width, int& value) {
    if (text.size() - pos < width) return false;
    value = 0;
    for (std::size_t end = pos + width; pos < end; ++pos) {
        const char c = text[pos];
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
    }
    return true;
}

bool consume(std::string_view text, std::size_t& pos, char expected) {
    if (pos >= text.size() || text[pos] != expected) return false;
    ++pos;
    return true;
}

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) {
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

/// Accepts "Z", "+HH", "+HHMM" or "+HH:MM" (or "-") filling the rest of `text`. The
/// zone is validated but dropped: news dates stay in the publisher's local time.
bool is_zone(std::string_view zone) {
    if (zone == "Z" || zone == "z") return true;
    if (zone.empty() || (zone[0] != '+' && zone[0] != '-')) return false;
    std::size_t pos = 1;
    int hours = 0;
    int minutes = 0;
    if (!read_digits(zone, pos, 2, hours) || hours > 23) return false;
    if (pos == zone.size()) return true;
    consume(zone, pos, ':');
    return read_digits(zone, pos, 2, minutes) && minutes <= 59 && pos == zone.size();
}

std::string two_digits(int value) {
    return {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

}  // namespace

std::optional<std::string> normalize_date(std::string_view text) {
    // Surrounding whitespace is common in scraped metadata and carries no meaning.
    const std::size_t first = text.find_first_not_of(kSpaces);
    if (first == std::string_view::npos) return std::nullopt;
    text = text.substr(first, text.find_last_not_of(kSpaces) - first + 1);

    std::size_t pos = 0;
    int year = 0;
    int month = 0;
    int day = 0;
    if (!read_digits(text, pos, 4, year) || !consume(text, pos, '-') || !read_digits(text, pos, 2, month) ||
        !consume(text, pos, '-') || !read_digits(text, pos, 2, day))
        return std::nullopt;
    if (year == 0 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return std::nullopt;
    std::string date = std::string(text.substr(0, 10));
    if (pos == text.size()) return date;

    if (text[pos] != 'T' && text[pos] != 't' && text[pos] != ' ') return std::nullopt;
    ++pos;
    int hour = 0;
    int minute = 0;
    int second = 0;
    if (!read_digits(text, pos, 2, hour) || !consume(text, pos, ':') || !read_digits(text, pos, 2, minute))
        return std::nullopt;
    if (consume(text, pos, ':')) {
        if (!read_digits(text, pos, 2, second)) return std::nullopt;
        if (consume(text, pos, '.') || consume(text, pos, ',')) {
            const std::size_t fraction_start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            if (pos == fraction_start) return std::nullopt;
        }
    }
    if (hour > 23 || minute > 59 || second > 59) return std::nullopt;
    if (pos < text.size() && !is_zone(text.substr(pos))) return std::nullopt;
    return date + 'T' + two_digits(hour) + ':' + two_digits(minute) + ':' + two_digits(second);
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

}  // namespace news
