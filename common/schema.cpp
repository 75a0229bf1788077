#include "common/schema.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "common/hash.hpp"

namespace news::schema {

namespace {
// Glass rejects terms over 245 bytes; keep a margin for the prefix.
constexpr std::size_t kMaxTermBytes = 240;

std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term;
    term.reserve(prefix.size() + value.size());
    term.append(prefix).append(value);
    if (term.size() <= kMaxTermBytes) return term;
    // Keep a readable head and make it unique with a hash of the whole value.
    const std::string suffix = "#" + to_hex(fnv1a64(value));
    term.resize(kMaxTermBytes - suffix.size());
    return term + suffix;
}
}  // namespace

bool is_combined_term(std::string_view term) {
    if (!term.empty() && term.front() == 'Z') term.remove_prefix(1);  // stemmed form
    // Prefixes are upper case and indexed words never are (Xapian lowercases them), so a
    // term starting with anything else is a word of the combined field.
    return !term.empty() && !(term.front() >= 'A' && term.front() <= 'Z');
}

int schema_version_of(const Xapian::Database& db) {
    const std::string stored = db.get_metadata(std::string(kSchemaVersionKey));
    int version = kSchemaVersion;
    const auto [end, error] = std::from_chars(stored.data(), stored.data() + stored.size(), version);
    if (error != std::errc() || end != stored.data() + stored.size()) return kSchemaVersion;
    return version;
}

std::string record_of(const Xapian::Document& doc) {
    std::string record = doc.get_value(kRecordSlot);
    return record.empty() ? doc.get_data() : record;
}

bool positions_in_value(const Xapian::Database& db) {
    return schema_version_of(db) >= kPositionsInValueSchema &&
           db.get_metadata(std::string(kPositionsKey)) == kPositionsInValue;
}

std::string language_of(const Xapian::Database& db) {
    std::string stored = db.get_metadata(std::string(kLanguageKey));
    return stored.empty() ? std::string(kDefaultLanguage) : stored;
}

bool is_text_term(std::string_view term) {
    if (is_combined_term(term)) return true;
    if (!term.empty() && term.front() == 'Z') term.remove_prefix(1);  // stemmed form
    for (std::string_view prefix : {kTitlePrefix, kBodyPrefix}) {
        // A prefix is followed by the word itself, which never starts with an upper-case
        // ASCII letter (Xapian inserts ':' in that case), so "S" does not claim "XSOURCE...".
        if (term.size() > prefix.size() && term.substr(0, prefix.size()) == prefix &&
            !(term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z'))
            return true;
    }
    return false;
}

std::string record_dictionary_key(std::uint32_t id) {
    return std::string(kRecordDictionaryKey) + ":" + std::to_string(id);
}

namespace {

/// The combined-field term of a word's term under `prefix` (stemmed or not); nullopt when
/// `term` is not one.
std::optional<std::string> combined_word(std::string_view term, std::string_view prefix) {
    const bool stemmed = !term.empty() && term.front() == 'Z';
    if (stemmed) term.remove_prefix(1);
    if (term.size() <= prefix.size() || term.substr(0, prefix.size()) != prefix) return std::nullopt;
    term.remove_prefix(prefix.size());
    if (term.front() >= 'A' && term.front() <= 'Z') return std::nullopt;  // another prefix ("XBX...", "SX...")
    return (stemmed ? "Z" : "") + std::string(term);
}

}  // namespace

std::optional<std::string> body_word(std::string_view term) { return combined_word(term, kBodyPrefix); }

std::optional<std::string> title_word(std::string_view term) { return combined_word(term, kTitlePrefix); }

std::string title_only_term(std::string_view combined_term) {
    const bool stemmed = !combined_term.empty() && combined_term.front() == 'Z';
    if (stemmed) combined_term.remove_prefix(1);
    return (stemmed ? "Z" : "") + std::string(kTitleOnlyPrefix) + std::string(combined_term);
}

std::string id_term(std::string_view article_id) { return bounded_term(kIdPrefix, article_id); }

std::string origin_term(std::string_view absolute_path) { return bounded_term(kOriginPrefix, absolute_path); }

std::string lowercase(std::string_view value) {
    std::string lowered(value);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lowered;
}

std::vector<std::string> tag_words(std::string_view tag) {
    const auto word_byte = [](unsigned char c) {
        return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    };
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < tag.size()) {
        while (i < tag.size() && !word_byte(static_cast<unsigned char>(tag[i]))) ++i;
        const std::size_t start = i;
        while (i < tag.size() && word_byte(static_cast<unsigned char>(tag[i]))) ++i;
        if (i > start) words.push_back(lowercase(tag.substr(start, i - start)));
    }
    return words;
}

std::string filter_term(std::string_view prefix, std::string_view value) {
    return bounded_term(prefix, lowercase(value));
}

std::string source_code(std::string_view folded_source) {
    return "\xff" + to_big_endian(mixed_fnv1a64(folded_source)).substr(0, 4);
}

bool is_source_code(std::string_view value) { return value.size() == 5 && value[0] == '\xff'; }

std::string source_value(std::string_view source, int schema_version) {
    if (schema_version < kSourceCodeSchema) return std::string(source);
    std::string folded = lowercase(source);
    if (filter_term(kSourcePrefix, source) != std::string(kSourcePrefix) + folded) return std::string(source);
    return source_code(folded);
}

std::string language_term(std::string_view canonical_language) {
    return filter_term(kLanguagePrefix, canonical_language);
}

std::string tie_break_key(std::string_view timestamp, std::string_view article_id, int schema_version) {
    constexpr std::size_t kTimestampDigits = 14;
    const bool dated = timestamp.size() == kTimestampDigits &&
                       std::all_of(timestamp.begin(), timestamp.end(), [](char c) { return c >= '0' && c <= '9'; });
    const auto digit = [&](std::size_t i) { return timestamp[i] - '0'; };
    if (schema_version < kPackedTieBreakSchema) {
        // '~' sorts after every digit: undated articles follow the dated ones.
        std::string key(kTimestampDigits, '~');
        if (dated)
            for (std::size_t i = 0; i < kTimestampDigits; ++i) key[i] = static_cast<char>('9' - digit(i));
        key.append(article_id);
        return key;
    }
    // 0xFF sorts after 99 (the largest inverted pair): undated articles follow the dated ones.
    std::string key(kTimestampDigits / 2, '\xff');
    if (dated)
        for (std::size_t i = 0; i < key.size(); ++i)
            key[i] = static_cast<char>(99 - (10 * digit(2 * i) + digit(2 * i + 1)));
    const std::uint64_t id_hash = fnv1a64(article_id);
    for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>((id_hash >> shift) & 0xff));
    return key;
}

std::string encode_list(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out.append(std::to_string(item.size())).append(1, ':').append(item);
    return out;
}

std::vector<std::string> decode_list(std::string_view value) {
    std::vector<std::string> out;
    while (!value.empty()) {
        const auto colon = value.find(':');
        if (colon == std::string_view::npos || colon == 0 || colon > 9) break;
        std::size_t size = 0;
        for (char c : value.substr(0, colon)) {
            if (c < '0' || c > '9') return out;
            size = size * 10 + static_cast<std::size_t>(c - '0');
        }
        value.remove_prefix(colon + 1);
        if (size > value.size()) break;
        out.emplace_back(value.substr(0, size));
        value.remove_prefix(size);
    }
    return out;
}

}  // namespace news::schema
