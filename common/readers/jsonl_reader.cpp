#include "common/readers/jsonl_reader.hpp"

#include <algorithm>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/readers/reader_support.hpp"
#include "common/utf8.hpp"

namespace news {

namespace {

using Json = nlohmann::json;

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

std::vector<std::string> tags_field(const Json& record, std::string_view key) {
    std::vector<std::string> tags;
    const auto it = record.find(key);
    if (it == record.end() || it->is_null()) return tags;
    if (it->is_string()) return split_tags(it->get_ref<const std::string&>());
    if (!it->is_array())
        throw std::invalid_argument(quoted_field(key) + ": expected an array or a string, got " + it->type_name());
    for (const Json& tag : *it) {
        if (tag.is_null()) continue;
        if (tag.is_string()) {
            if (const std::string_view text = trim_spaces(tag.get_ref<const std::string&>()); !text.empty())
                tags.emplace_back(text);
        } else if (tag.is_number()) {
            tags.push_back(tag.dump());
        } else {
            throw std::invalid_argument(quoted_field(key) + ": expected strings, got " + tag.type_name());
        }
    }
    return tags;
}

void deliver_record(std::string_view line, const RecordLocation& where, std::string_view id_fallback_prefix,
                    const FieldMap& fields, CorpusVisitor& visitor) {
    std::string date_warning, language_warning;
    Article article;
    try {
        article = parse_json_article(line, date_warning, language_warning, fields);
    } catch (const std::invalid_argument& e) {
        visitor.on_skip(where, e.what());
        return;
    }
    deliver_article(std::move(article), where, id_fallback_prefix, date_warning, language_warning, visitor);
}

/// The raw language of `record`: its mapped key, or, when that is the default "language"
/// and absent, the short "lang" many scrapers write.
std::string language_field(const Json& record, const FieldMap& fields) {
    const std::string& key = fields.key(ArticleField::kLanguage);
    if (key == field_name(ArticleField::kLanguage) && !record.contains(key)) return string_field(record, "lang");
    return string_field(record, key);
}

}  // namespace

Article parse_json_article(std::string_view json_text, std::string& date_warning, const FieldMap& fields) {
    std::string language_warning;
    return parse_json_article(json_text, date_warning, language_warning, fields);
}

Article parse_json_article(std::string_view json_text, std::string& date_warning, std::string& language_warning,
                           const FieldMap& fields) {
    date_warning.clear();
    language_warning.clear();
    // Checked before parsing so the reason names the byte instead of a JSON syntax error.
    if (std::size_t bad = 0; !valid_utf8(json_text, &bad))
        throw std::invalid_argument("invalid UTF-8 at byte " + std::to_string(bad));
    Json record;
    try {
        record = Json::parse(json_text.begin(), json_text.end());
    } catch (const Json::parse_error& e) {
        throw std::invalid_argument("invalid JSON: " + short_parse_reason(e));
    } catch (const Json::out_of_range&) {
        // A number beyond double's range (1e999): escaped, it ended the whole indexing run.
        throw std::invalid_argument("invalid JSON: number out of range");
    }
    if (!record.is_object())
        throw std::invalid_argument(std::string("expected a JSON object, got ") + record.type_name());

    Article article;
    article.id = string_field(record, fields.key(ArticleField::kId));
    article.title = string_field(record, fields.key(ArticleField::kTitle));
    article.body = string_field(record, fields.key(ArticleField::kBody));
    article.url = string_field(record, fields.key(ArticleField::kUrl));
    article.source = string_field(record, fields.key(ArticleField::kSource));
    article.category = string_field(record, fields.key(ArticleField::kCategory));
    article.tags = tags_field(record, fields.key(ArticleField::kTags));
    date_warning = set_date(article, string_field(record, fields.key(ArticleField::kDate)));
    strip_markup(article);  // scrapers hand over HTML fragments
    language_warning = set_language(article, language_field(record, fields));
    return article;
}

void read_jsonl_file(const std::string& path, std::string_view id_fallback_prefix, CorpusVisitor& visitor,
                     const FieldMap& fields, std::size_t max_line_bytes) {
    std::unique_ptr<LineReader> reader;
    try {
        reader = std::make_unique<LineReader>(path, max_line_bytes, [&visitor] { return visitor.should_stop(); });
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
        if (trim_spaces(line).empty()) continue;
        saw_record = true;
        deliver_record(line, where, id_fallback_prefix, fields, visitor);
        visitor.on_file_progress(reader->bytes_read());
    }
    if (!saw_record) visitor.on_skip({path, 0}, "empty file");
}

}  // namespace news
