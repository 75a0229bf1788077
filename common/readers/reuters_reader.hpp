/// @file reuters_reader.hpp
/// @brief Reads the Reuters-21578 SGML distribution (reut2-NNN.sgm): one article per
/// <REUTERS> element.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"

namespace news {

/// The `source` of every Reuters-21578 article.
inline constexpr std::string_view kReutersSource = "reuters-21578";

/// Converts one <REUTERS ...>...</REUTERS> element into an article:
///  - id: the NEWID attribute ("1".."21578"); missing or empty -> std::invalid_argument;
///  - title: <TITLE> inside <TEXT>, whitespace runs collapsed to single spaces;
///  - body: <BODY> inside <TEXT>; for TYPE="UNPROC" documents, which have neither TITLE nor
///    BODY, the whole text of <TEXT>. The <DATELINE> ("SALVADOR, Feb 26 - ") is dropped: it
///    is not part of <BODY>, it repeats the place (a tag) and the date (the date field),
///    and the JSON Lines conversion in ../shared leaves it out too. Trailing spaces of each
///    line and blank space at both ends are removed; the line breaks and indentation of
///    the wire text are kept (tables rely on them), including the closing " Reuter";
///  - date: <DATE> ("26-FEB-1987 15:01:01.79" -> "1987-02-26T15:01:01"); an unparseable
///    one ("31-MAR-1987 605:12:19.12", NEWID 17192) sets `date_warning`;
///  - tags: the <D> values of <TOPICS> then of <PLACES> ("cocoa", "el-salvador", "usa"),
///    without repeats; PEOPLE, ORGS, EXCHANGES and COMPANIES are not used;
///  - source: "reuters-21578"; category and url stay empty.
/// Text is decoded with decode_sgml_text(): &lt; &amp; decoded, the &#2; &#3; &#5;...
/// control codes removed. BRIEF documents have a title and no body.
Article parse_reuters_document(std::string_view element, std::string& date_warning);

/// Reads a Reuters-21578 .sgm file (or its .zst) with read_sgml_file() and
/// parse_reuters_document(): skips are located at the line of <REUTERS ...>, and the one
/// document with no text (NEWID 12793) is skipped as "no title or body". The whole
/// collection gives 21,577 articles and that one skip.
void read_reuters_file(const std::string& path, CorpusVisitor& visitor,
                       std::size_t max_element_bytes = std::size_t{64} << 20);

}  // namespace news
