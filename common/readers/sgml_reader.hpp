/// @file sgml_reader.hpp
/// @brief What the SGML corpus readers (Reuters-21578, TREC) share: streaming one kind of
/// element out of a file, finding child elements and attributes, and turning SGML text
/// into article text.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"

namespace news {

/// A child element found by find_sgml_element().
struct SgmlSpan {
    std::string_view attributes;  ///< the start tag between its name and its '>'
    std::string_view content;     ///< between the start tag and the end tag
    std::size_t end = 0;          ///< offset just past the end tag
};

/// The first element `name` (any case) starting at or after `from` in `text`: its start tag
/// is "<NAME>" or "<NAME attributes>", its end tag "</NAME>". Elements are not nested in
/// themselves in these formats, so the first end tag closes it. nullopt when there is no
/// such start tag or it is never closed.
std::optional<SgmlSpan> find_sgml_element(std::string_view text, std::string_view name, std::size_t from = 0);

/// The value of attribute `name` (any case) in a start tag's attributes: NAME="v",
/// NAME='v' or NAME=v. nullopt when absent.
std::optional<std::string_view> sgml_attribute(std::string_view attributes, std::string_view name);

/// Character data as text: the references &lt; &gt; &amp; &quot; &apos; and &#N; / &#xN;
/// decoded (other named entities are kept as written); then control characters removed,
/// both raw and referenced (C0 but tab and line feed, DEL, C1): Reuters' &#2; &#3; &#5;...
/// are transmission codes, not text.
std::string decode_sgml_text(std::string_view raw);

/// Markup removed: every tag ("<" then a letter, '/', '!' or '?', up to ">") becomes a
/// line break, so <P> paragraphs stay apart. Apply before decode_sgml_text().
std::string strip_sgml_tags(std::string_view text);

/// Whitespace runs as single spaces, none at either end: for titles wrapped over lines.
std::string collapse_whitespace(std::string_view text);

/// Body text tidied: trailing spaces cut from every line, runs of blank lines reduced to
/// one when `single_blank_lines`, and blank space at either end removed. Indentation at
/// the start of lines is kept (Reuters tables rely on it).
std::string tidy_lines(std::string_view text, bool single_blank_lines);

/// Makes `text` valid UTF-8 by reading every byte that is not part of a well-formed UTF-8
/// sequence as Latin-1 (0xFC -> U+00FC). Returns false when it was valid already.
bool repair_utf8_as_latin1(std::string& text);

/// Turns one element (start tag to end tag) into an article. Throws std::invalid_argument
/// with a one-line reason to have it skipped; sets `date_warning` for an unparseable date.
using SgmlDocumentParser = Article (*)(std::string_view element, std::string& date_warning);

/// Streams the `element_name` elements of a plain or .zst file, line by line, handing each
/// to `parse` and the result to the visitor, located at the line of its start tag. Text
/// outside those elements is ignored. An element with bytes that are not UTF-8 is read with
/// those bytes as Latin-1 and a warning at the line of the first ("invalid UTF-8 at byte N
/// (0xFC), read as Latin-1", N = offset in that line): these collections are ASCII plus
/// Latin-1. Reported through on_skip: the reasons `parse` throws, "no title or body",
/// "unterminated <NAME> element" (at end of file, or when the next one starts first),
/// "<NAME> element longer than N bytes", "line longer than N bytes", a file that cannot be
/// opened or holds no such element ("no <NAME> element"), and corrupt zstd data or read
/// errors (which end the file). visitor.should_stop() is polled before each element. Never
/// throws for bad input; exceptions from the visitor propagate.
void read_sgml_file(const std::string& path, std::string_view element_name, SgmlDocumentParser parse,
                    CorpusVisitor& visitor, std::size_t max_element_bytes);

}  // namespace news
