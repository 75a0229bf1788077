#include "common/jsonl_reader.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/date.hpp"
#include "common/utf8.hpp"

namespace news {

namespace {

using Json = nlohmann::json;

constexpr std::string_view kSpaces = " \t\r\n\f\v";
constexpr std::size_t kMaxQuotedDateBytes = 64;

std::string_view trim(std::string_view text) {
    const std::size_t first = text.find_first_not_of(kSpaces);
    if (first == std::string_view::npos) return {};
    return text.substr(first, text.find_last_not_of(kSpaces) - first + 1);
}

/// nlohmann's message minus its "[json.exception.parse_error.101]" tag, the redundant
/// "parse error at line 1, column N:" and the "; last read: '...'" echo, which quotes the
/// input (up to a whole line of it, possibly binary); ends with the 0-based byte offset.
std::string short_parse_reason(const Json::parse_error& error) {
    std::string_view text = error.what();
    if (const std::size_t tag_end = text.find("] "); tag_end != std::string_view::npos) text.remove_prefix(tag_end + 2);
    if (const std::size_t colon = text.find(": "); text.starts_with("parse error") && colon != std::string_view::npos)
        text.remove_prefix(colon + 2);
    std::string reason(text);
    if (const std::size_t echo = reason.find("; last read: "); echo != std::string::npos) {
        const std::size_t expected = reason.rfind("; expected ");  // follows the echo when present
        reason.erase(echo, expected != std::string::npos && expected > echo ? expected - echo : std::string::npos);
    }
    return reason + " at byte " + std::to_string(error.byte > 0 ? error.byte - 1 : 0);
}

std::string quoted_field(std::string_view key) { return "field \"" + std::string(key) + "\""; }

/// A string value, or a number in its JSON spelling; empty when absent or null.
std::string string_field(const Json& record, std::string_view key) {
    const auto it = record.find(key);
    if (it == record.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number()) return it->dump();
    throw std::invalid_argument(quoted_field(key) + ": expected a string, got " + it->type_name());
}

void add_tag(std::string_view tag, std::vector<std::string>& tags) {
    tag = trim(tag);
    if (!tag.empty()) tags.emplace_back(tag);
}

std::vector<std::string> tags_field(const Json& record) {
    std::vector<std::string> tags;
    const auto it = record.find("tags");
    if (it == record.end() || it->is_null()) return tags;
    if (it->is_string()) {
        const std::string& text = it->get_ref<const std::string&>();
        std::size_t start = 0;
        for (std::size_t comma; (comma = text.find(',', start)) != std::string::npos; start = comma + 1)
            add_tag(std::string_view(text).substr(start, comma - start), tags);
        add_tag(std::string_view(text).substr(start), tags);
        return tags;
    }
    if (!it->is_array()) throw std::invalid_argument(quoted_field("tags") + ": expected an array or a string, got " + it->type_name());
    for (const Json& tag : *it) {
        if (tag.is_null()) continue;
        if (tag.is_string()) {
            add_tag(tag.get_ref<const std::string&>(), tags);
        } else if (tag.is_number()) {
            tags.push_back(tag.dump());
        } else {
            throw std::invalid_argument(quoted_field("tags") + ": expected strings, got " + tag.type_name());
        }
    }
    return tags;
}

/// At most kMaxQuotedDateBytes of `text`, cut at a character boundary, in quotes.
std::string quote_for_message(std::string_view text) {
    const bool cut_short = text.size() > kMaxQuotedDateBytes;
    std::size_t cut = std::min(text.size(), kMaxQuotedDateBytes);
    while (cut_short && cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    // Built with append: GCC 12 raises a false -Wrestrict on "literal" + std::string here.
    std::string out = "\"";
    out.append(text.substr(0, cut)).append(cut_short ? "...\"" : "\"");
    return out;
}

/// "cannot open: No such file or directory" from "path: No such file or directory": the
/// location already names the file.
std::string reason_without_path(const std::string& path, std::string_view message) {
    const std::string prefix = path + ": ";
    if (message.substr(0, prefix.size()) == prefix) message.remove_prefix(prefix.size());
    return std::string(message);
}

void deliver_record(std::string_view line, const RecordLocation& where, std::string_view id_fallback_prefix,
                    CorpusVisitor& visitor) {
    std::string date_warning;
    Article article;
    try {
        article = parse_json_article(line, date_warning);
    } catch (const std::invalid_argument& e) {
        visitor.on_skip(where, e.what());
        return;
    }
    if (!has_text(article)) {
        visitor.on_skip(where, "no title or body");
        return;
    }
    if (!date_warning.empty()) visitor.on_warning(where, date_warning);
    if (article.id.empty()) {
        article.id = article.url.empty() ? std::string(id_fallback_prefix) + ":" + std::to_string(where.line) : article.url;
    }
    visitor.on_article(std::move(article), where);
}

}  // namespace

Article parse_json_article(std::string_view json_text, std::string& date_warning) {
    date_warning.clear();
    // Checked before parsing so the reason names the byte instead of a JSON syntax error.
    if (std::size_t bad = 0; !valid_utf8(json_text, &bad))
        throw std::invalid_argument("invalid UTF-8 at byte " + std::to_string(bad));
    Json record;
    try {
        record = Json::parse(json_text.begin(), json_text.end());
    } catch (const Json::parse_error& e) {
        throw std::invalid_argument("invalid JSON: " + short_parse_reason(e));
    }
    if (!record.is_object()) throw std::invalid_argument(std::string("expected a JSON object, got ") + record.type_name());

    Article article;
    article.id = string_field(record, "id");
    article.title = string_field(record, "title");
    article.body = string_field(record, "body");
    article.url = string_field(record, "url");
    article.source = string_field(record, "source");
    article.category = string_field(record, "category");
    article.tags = tags_field(record);
    const std::string date = string_field(record, "date");
    if (!trim(date).empty()) {
        if (auto normalized = normalize_date(date)) {
            article.date = std::move(*normalized);
        } else {
            date_warning = "unparseable date " + quote_for_message(date) + " ignored";
        }
    }
    return article;
}

void read_jsonl_file(const std::string& path, std::string_view id_fallback_prefix, CorpusVisitor& visitor,
                     std::size_t max_line_bytes) {
    std::unique_ptr<LineReader> reader;
    try {
        reader = std::make_unique<LineReader>(path, max_line_bytes);
    } catch (const std::runtime_error& e) {
        visitor.on_skip({path, 0}, "cannot open: " + reason_without_path(path, e.what()));
        return;
    }
    std::string line;
    bool oversized = false;
    bool saw_record = false;
    for (;;) {
        if (visitor.should_stop()) return;
        try {
            if (!reader->next(line, oversized)) break;
        } catch (const std::runtime_error& e) {  // corrupt or truncated zstd data, read errors
            visitor.on_skip({path, reader->line_number() + 1}, reason_without_path(path, e.what()));
            return;
        }
        const RecordLocation where{path, reader->line_number()};
        if (oversized) {
            saw_record = true;
            visitor.on_skip(where, "line longer than " + std::to_string(max_line_bytes) + " bytes");
            continue;
        }
        if (trim(line).empty()) continue;
        saw_record = true;
        deliver_record(line, where, id_fallback_prefix, visitor);
    }
    if (!saw_record) visitor.on_skip({path, 0}, "empty file");
}

}  // namespace news
