#include "common/readers/text_article.hpp"

#include <cstddef>
#include <optional>
#include <utility>
#include <vector>

#include "common/date.hpp"

namespace news {

namespace {

constexpr std::string_view kSpaces = " \t\r\n\f\v";
constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kCopyrightSign = "\xC2\xA9";  // ©, in UTF-8
constexpr std::size_t kMaxMarkerWord = 64;
// Debris lines are short; a long paragraph that happens to start with "Copyright 2004"
// or "Tags" is article text.
constexpr std::size_t kMaxDebrisLineBytes = 400;

bool is_space(char c) { return kSpaces.find(c) != std::string_view::npos; }

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(kSpaces);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kSpaces) - first + 1);
}

bool is_word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (ascii_lower(text[i]) != ascii_lower(prefix[i])) return false;
    return true;
}

/// Length of a `{word}` template marker at `pos`, or 0 when there is none.
std::size_t marker_length(std::string_view line, std::size_t pos) {
    if (line[pos] != '{') return 0;
    std::size_t end = pos + 1;
    while (end < line.size() && end - pos - 1 <= kMaxMarkerWord && is_word_char(line[end])) ++end;
    const std::size_t word = end - pos - 1;
    if (word == 0 || word > kMaxMarkerWord || end >= line.size() || line[end] != '}') return 0;
    return word + 2;
}

/// Drops ad-slot markers such as "{mosads}" that CMS templates leave in scraped text.
/// "a {x} b" becomes "a b", not "a  b".
std::string remove_markers(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size();) {
        const std::size_t n = marker_length(line, i);
        if (n == 0) {
            out += line[i++];
            continue;
        }
        i += n;
        if (!out.empty() && is_space(out.back()) && i < line.size() && is_space(line[i])) ++i;
    }
    return out;
}

/// Splits into lines on "\n", dropping a "\r" before it, with template markers removed.
std::vector<std::string> split_lines(std::string_view content) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start <= content.size()) {
        std::size_t end = content.find('\n', start);
        if (end == std::string_view::npos) end = content.size();
        std::string_view line = content.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(remove_markers(line));
        start = end + 1;
    }
    return lines;
}

/// "Copyright 2023 ...", "Copyright © 2023 ...", "© ...", "All rights reserved...".
bool is_copyright_line(std::string_view paragraph) {
    if (paragraph.size() > kMaxDebrisLineBytes || paragraph.find('\n') != std::string_view::npos) return false;
    if (paragraph.starts_with(kCopyrightSign)) return true;
    if (starts_with_ignoring_case(paragraph, "all rights reserved")) return true;
    if (!starts_with_ignoring_case(paragraph, "copyright")) return false;
    std::string_view rest = trim(paragraph.substr(9));
    if (rest.starts_with(kCopyrightSign)) rest = trim(rest.substr(kCopyrightSign.size()));
    if (starts_with_ignoring_case(rest, "(c)")) rest = trim(rest.substr(3));
    return rest.size() >= 4 && rest.substr(0, 4).find_first_not_of("0123456789") == std::string_view::npos;
}

void add_tag(std::string_view tag, std::vector<std::string>& tags) {
    tag = trim(tag);
    if (!tag.empty()) tags.emplace_back(tag);
}

/// Tags from "Tags A B C" or "Tags: A, B"; empty when `paragraph` is not a tag line.
/// Sites render tags as separate links, so the scraped text often has no delimiter left:
/// without commas, each whitespace-separated word becomes a tag ("Xi Jinping" -> Xi, Jinping),
/// and `unseparated` is set: their words are indexed as one run (schema::kTagWordPrefix).
std::vector<std::string> parse_tag_line(std::string_view paragraph, bool& unseparated) {
    std::vector<std::string> tags;
    if (paragraph.size() > kMaxDebrisLineBytes || paragraph.find('\n') != std::string_view::npos) return tags;
    if (!paragraph.starts_with("Tags") || paragraph.size() == 4) return tags;
    std::string_view rest = paragraph.substr(4);
    if (rest[0] == ':') {
        rest.remove_prefix(1);
    } else if (!is_space(rest[0])) {
        return tags;  // "Tagsmith ..." is a sentence, not a tag line
    }
    const char separator = rest.find(',') != std::string_view::npos ? ',' : ' ';
    std::size_t start = 0;
    while (start <= rest.size()) {
        std::size_t end = separator == ',' ? rest.find(',', start) : rest.find_first_of(kSpaces, start);
        if (end == std::string_view::npos) end = rest.size();
        add_tag(rest.substr(start, end - start), tags);
        start = end + 1;
    }
    unseparated = separator == ' ' && tags.size() > 1;
    return tags;
}

/// The date of a "Date: 2023-05-01" or "Published: 2023-05-01" line (name in any case, any
/// date form normalize_date() reads); nullopt for any other line.
std::optional<std::string> date_of_date_line(std::string_view line) {
    line = trim(line);
    for (const std::string_view name : {std::string_view("date:"), std::string_view("published:")})
        if (starts_with_ignoring_case(line, name)) return normalize_date(line.substr(name.size()));
    return std::nullopt;
}

/// Takes the article's date out of `lines`: a date line (date_of_date_line()) that is one of
/// the first two non-blank lines, above the title or right below it, as scrapers and people
/// write it. That line is removed, so it is neither the title nor body text. A date line
/// anywhere else, or one whose date cannot be read, is text like any other.
std::string take_date_line(std::vector<std::string>& lines) {
    int non_blank_seen = 0;
    for (auto line = lines.begin(); line != lines.end() && non_blank_seen < 2; ++line) {
        if (trim(*line).empty()) continue;
        ++non_blank_seen;
        if (std::optional<std::string> date = date_of_date_line(*line)) {
            lines.erase(line);
            return std::move(*date);
        }
    }
    return {};
}

struct TitleAndParagraphs {
    std::string title;
    std::vector<std::string> paragraphs;  // trimmed, never empty
};

/// The first non-blank line is the title; after it, blank lines separate paragraphs.
TitleAndParagraphs split_title_and_paragraphs(const std::vector<std::string>& lines) {
    TitleAndParagraphs out;
    std::string current;  // the paragraph being collected, untrimmed
    const auto end_paragraph = [&] {
        const std::string_view text = trim(current);
        if (!text.empty()) out.paragraphs.emplace_back(text);
        current.clear();
    };
    bool have_title = false;
    for (const std::string& line : lines) {
        const bool blank = trim(line).empty();
        if (!have_title) {
            if (blank) continue;
            out.title = trim(line);
            have_title = true;
        } else if (blank) {
            end_paragraph();
        } else {
            if (!current.empty()) current += '\n';
            current += line;
        }
    }
    end_paragraph();
    return out;
}

/// Drops the copyright notice and everything after it (site chrome such as "Most
/// Popular"), then takes a trailing tag line out of the body into `tags`.
void remove_trailing_debris(std::vector<std::string>& paragraphs, std::vector<std::string>& tags,
                            bool& tags_unseparated) {
    for (std::size_t i = 0; i < paragraphs.size(); ++i) {
        if (is_copyright_line(paragraphs[i])) {
            paragraphs.resize(i);
            break;
        }
    }
    if (paragraphs.empty()) return;
    tags = parse_tag_line(paragraphs.back(), tags_unseparated);
    if (!tags.empty()) paragraphs.pop_back();
}

}  // namespace

Article parse_text_article(std::string_view content) {
    if (content.starts_with(kUtf8Bom)) content.remove_prefix(kUtf8Bom.size());
    std::vector<std::string> lines = split_lines(content);
    Article article;
    article.date = take_date_line(lines);
    TitleAndParagraphs parts = split_title_and_paragraphs(lines);
    article.title = std::move(parts.title);
    remove_trailing_debris(parts.paragraphs, article.tags, article.tags_unseparated);
    for (const std::string& paragraph : parts.paragraphs) {
        if (!article.body.empty()) article.body += "\n\n";
        article.body += paragraph;
    }
    return article;
}

}  // namespace news
