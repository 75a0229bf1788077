/// @file reader_support.hpp
/// @brief What the corpus readers share: trimming, tags, dates, ids and the end of a record,
/// so every format applies the same rules.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"

namespace news {

/// `text` without leading and trailing ASCII whitespace.
std::string_view trim_spaces(std::string_view text);

/// Tags from one comma-separated string: trimmed, empty ones dropped.
std::vector<std::string> split_tags(std::string_view text);

/// Sets article.date from a raw date (normalize_date). Returns the warning to report when
/// the date is not blank but unparseable ("unparseable date \"...\" ignored", the date
/// quoted up to 64 bytes); the date stays empty then. Returns "" otherwise.
std::string set_date(Article& article, std::string_view raw_date);

/// Sets article.language from a raw language: a name or ISO 639 code in any case, made
/// canonical (canonical_language(): "DE" -> "german"). Returns the warning to report when
/// it is not blank but names no language Xapian stems ("unknown language \"xx\": indexed in
/// the database's language"); the language stays empty then, which is the database's, so
/// the article is still found. Returns "" otherwise.
std::string set_language(Article& article, std::string_view raw_language);

/// The id of a record that has neither an id nor a url: `prefix` (the file, as the reader
/// names it), ":" and 16 hex digits of the FNV-1a hash of its source, title and (normalised)
/// date, each followed by a separator. Not its line, which any line inserted above it
/// changes, leaving the old copy behind. Not its body either, so that a corrected body
/// replaces the article instead of adding another. With `with_body`, the body is hashed
/// too: the id of a record whose source, title and date an earlier record of its file has
/// (wire copies of a headline), which the indexer gives it (content_id_with_body()).
std::string content_id(std::string_view prefix, const Article& article, bool with_body = false);

/// content_id(prefix, article, true) for an article whose id content_id() made (its prefix
/// is read from that id).
std::string content_id_with_body(const Article& article);

/// Removes the HTML a scraper left in a record's text fields (JSON Lines, CSV): the title,
/// source and category as one line (html::fragment_line), the body with its paragraphs
/// (html::fragment_text), each tag as one line. Only a field with '<' or '&' is parsed;
/// the id and url are left as they are.
void strip_markup(Article& article);

/// The end of every record: skips it as "no title or body" when it has neither, else
/// reports `date_warning` (when not empty), gives it an id when it has none (its url, else
/// content_id(id_fallback_prefix, article), and then `where.id_from_content` is set for the
/// visitor) and hands it to the visitor.
void deliver_article(Article&& article, const RecordLocation& where, std::string_view id_fallback_prefix,
                     std::string_view date_warning, CorpusVisitor& visitor);
/// The same for a format with a language field: `language_warning` (set_language()) is
/// reported like `date_warning`, after it, unless the record is skipped.
void deliver_article(Article&& article, const RecordLocation& where, std::string_view id_fallback_prefix,
                     std::string_view date_warning, std::string_view language_warning, CorpusVisitor& visitor);

/// "No such file or directory" from "path: No such file or directory": a reader's open
/// error without the path the record location already names.
std::string reason_without_path(const std::string& path, std::string_view message);

}  // namespace news
