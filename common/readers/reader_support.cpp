#include "common/readers/reader_support.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "common/date.hpp"
#include "common/hash.hpp"
#include "common/readers/html_text.hpp"
#include "common/terminal_text.hpp"
#include "common/text_analysis.hpp"

namespace news {

namespace {

constexpr std::string_view kSpaces = " \t\r\n\f\v";
constexpr std::size_t kMaxQuotedDateBytes = 64;
/// At most kMaxQuotedDateBytes of `text`, cut at a character boundary, in quotes; escaped,
/// since a line break in it would break the one-line message and an escape sequence would
/// reach the terminal.
std::string quote_for_message(std::string_view text) {
    const bool cut_short = text.size() > kMaxQuotedDateBytes;
    std::size_t cut = std::min(text.size(), kMaxQuotedDateBytes);
    while (cut_short && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;  // not inside a character
    // Built with append: GCC 12 raises a false -Wrestrict on "literal" + std::string here.
    std::string out = "\"";
    out.append(escape_for_message(text.substr(0, cut))).append(cut_short ? "...\"" : "\"");
    return out;
}

}  // namespace

std::string_view trim_spaces(std::string_view text) {
    const std::size_t first = text.find_first_not_of(kSpaces);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kSpaces) - first + 1);
}

std::vector<std::string> split_tags(std::string_view text) {
    std::vector<std::string> tags;
    for (;;) {
        const std::size_t comma = text.find(',');
        const std::string_view tag = trim_spaces(text.substr(0, comma));
        if (!tag.empty()) tags.emplace_back(tag);
        if (comma == std::string_view::npos) return tags;
        text.remove_prefix(comma + 1);
    }
}

std::string set_date(Article& article, std::string_view raw_date) {
    article.date.clear();
    if (trim_spaces(raw_date).empty()) return {};
    if (auto normalized = normalize_date(raw_date)) {
        article.date = std::move(*normalized);
        return {};
    }
    return "unparseable date " + quote_for_message(raw_date) + " ignored";
}

std::string set_language(Article& article, std::string_view raw_language) {
    article.language.clear();
    const std::string_view name = trim_spaces(raw_language);
    if (name.empty()) return {};
    try {
        article.language = canonical_language(name);
        return {};
    } catch (const std::invalid_argument&) {
        // Not a record to skip: its text is still worth finding, stemmed as the rest are.
        return "unknown language " + quote_for_message(name) + ": indexed in the database's language";
    }
}

namespace {

constexpr std::size_t kContentHashDigits = 16;

std::uint64_t content_hash_of(const Article& article, bool with_body) {
    // Each field ends with a separator, so ("ab", "c") and ("a", "bc") differ.
    std::uint64_t h = fnv1a64("\x1f", fnv1a64(article.source));
    h = fnv1a64("\x1f", fnv1a64(article.title, h));
    h = fnv1a64("\x1f", fnv1a64(article.date, h));
    if (with_body) h = fnv1a64("\x1f", fnv1a64(article.body, h));
    return h;
}

}  // namespace

std::string content_id(std::string_view prefix, const Article& article, bool with_body) {
    std::string id(prefix);
    return id.append(":").append(to_hex(content_hash_of(article, with_body)));
}

std::string content_id_with_body(const Article& article) {
    const std::size_t prefix = article.id.size() >= kContentHashDigits ? article.id.size() - kContentHashDigits : 0;
    return article.id.substr(0, prefix) + to_hex(content_hash_of(article, true));
}

void strip_markup(Article& article) {
    for (std::string* line : {&article.title, &article.source, &article.category})
        if (html::may_hold_markup(*line)) *line = html::fragment_line(*line);
    if (html::may_hold_markup(article.body)) article.body = html::fragment_text(article.body);
    std::vector<std::string> tags;
    for (std::string& tag : article.tags) {
        if (html::may_hold_markup(tag)) tag = html::fragment_line(tag);
        if (!trim_spaces(tag).empty()) tags.push_back(std::move(tag));
    }
    article.tags = std::move(tags);
}

void deliver_article(Article&& article, const RecordLocation& where, std::string_view id_fallback_prefix,
                     std::string_view date_warning, CorpusVisitor& visitor) {
    if (!has_text(article)) {
        visitor.on_skip(where, "no title or body");
        return;
    }
    if (!date_warning.empty()) visitor.on_warning(where, date_warning);
    if (article.id.empty() && article.url.empty()) {
        article.id = content_id(id_fallback_prefix, article);
        RecordLocation located = where;
        located.id_from_content = true;
        visitor.on_article(std::move(article), located);
        return;
    }
    if (article.id.empty()) article.id = article.url;
    visitor.on_article(std::move(article), where);
}

void deliver_article(Article&& article, const RecordLocation& where, std::string_view id_fallback_prefix,
                     std::string_view date_warning, std::string_view language_warning, CorpusVisitor& visitor) {
    if (!language_warning.empty() && has_text(article)) {
        if (!date_warning.empty()) visitor.on_warning(where, date_warning);
        visitor.on_warning(where, language_warning);
        date_warning = {};
    }
    deliver_article(std::move(article), where, id_fallback_prefix, date_warning, visitor);
}

std::string reason_without_path(const std::string& path, std::string_view message) {
    const std::string prefix = path + ": ";
    if (message.starts_with(prefix)) message.remove_prefix(prefix.size());
    return std::string(message);
}

}  // namespace news
