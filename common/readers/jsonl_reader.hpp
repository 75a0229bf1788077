/// @file jsonl_reader.hpp
/// @brief Reads JSON Lines article files (plain or .zst), one JSON object per line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/readers/corpus_reader.hpp"
#include "common/readers/line_reader.hpp"

namespace news {

/// Converts one JSON object text into an Article. Known keys: `id`, `title`, `body`, `date`,
/// `url`, `source`, `category`, `tags` (array of strings, or one comma-separated string;
/// tags are trimmed and empty ones dropped), or the keys `fields` maps them to (a field
/// mapped to another key no longer reads its own name); other keys are ignored; null counts as
/// absent; numbers are accepted where strings are expected (ids), in their JSON spelling.
/// Strings are taken as they are (not trimmed) but for HTML: a title, body, source,
/// category or tag holding '<' or '&' is read as an HTML fragment (strip_markup: tags
/// removed, character references decoded, paragraphs kept); the id is left empty when absent.
/// `date` is normalised with normalize_date(); an unparseable date is kept empty and
/// reported through `date_warning` (cleared otherwise). Throws std::invalid_argument whose
/// what() is the one-line reason: "invalid UTF-8 at byte N" (N = 0-based offset in
/// `json_text`), "invalid JSON: ...", "expected a JSON object, got array", or
/// "field \"tags\": expected ..." (the mapped key is named).
/// `language` (or, when absent and not mapped elsewhere, `lang`) is set_language()'s: an
/// unknown one is left empty (the database's) and reported through the overload's
/// `language_warning`; this one drops that warning.
Article parse_json_article(std::string_view json_text, std::string& date_warning, const FieldMap& fields = {});
Article parse_json_article(std::string_view json_text, std::string& date_warning, std::string& language_warning,
                           const FieldMap& fields = {});

/// Reads every line of `path` (blank lines are ignored) and reports articles and skipped
/// lines to `visitor` as "path:line": the reasons of parse_json_article, "no title or
/// body", and "line longer than N bytes" (such a line is never held whole in memory).
/// Records with an unparseable date are delivered and get an on_warning. The id falls
/// back to `url`, then to content_id(id_fallback_prefix, article) (reader_support.hpp). A file that cannot be
/// opened, holds no records ("empty file"), or whose zstd data is corrupt or truncated is
/// reported through on_skip, the latter at the line where reading stopped, after every
/// complete line before it was delivered. visitor.should_stop() is polled before each
/// line. Never throws for bad input; exceptions from the visitor propagate.
void read_jsonl_file(const std::string& path, std::string_view id_fallback_prefix, CorpusVisitor& visitor,
                     const FieldMap& fields = {}, std::size_t max_line_bytes = LineReader::kDefaultMaxLineBytes);

}  // namespace news
