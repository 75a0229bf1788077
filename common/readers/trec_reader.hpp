/// @file trec_reader.hpp
/// @brief Reads TREC-style SGML collections: <DOC> elements with a <DOCNO>, a headline and
/// one or more <TEXT> blocks.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"

namespace news {

/// Converts one <DOC>...</DOC> element into an article. Tag names match in any case.
///  - id: <DOCNO>, trimmed; missing or blank -> std::invalid_argument("no <DOCNO>"),
///    since TREC judgments refer to documents by it;
///  - title: the first non-blank of <HEADLINE>, <TITLE>, <HL> (WSJ), <HEAD> (AP), whitespace
///    collapsed;
///  - body: every <TEXT> block in order, joined by a blank line;
///  - date: <DATE> when present and not blank, through normalize_date(); an unparseable
///    one sets `date_warning` (many collections write dates their own way);
///  - every other element (<DOCID>, <BYLINE>, <FILEID>, ...) is ignored.
/// Markup inside these elements is removed (a tag becomes a line break, so <P> paragraphs
/// stay apart), then references are decoded with decode_sgml_text(); body lines lose
/// trailing spaces and runs of blank lines become one blank line.
Article parse_trec_document(std::string_view element, std::string& date_warning);

/// Reads a TREC file (extension .trec or .trec.zst, or any file with format "trec") with
/// read_sgml_file() and parse_trec_document(); skips are located at the line of <DOC>.
void read_trec_file(const std::string& path, CorpusVisitor& visitor,
                    std::size_t max_element_bytes = std::size_t{64} << 20);

}  // namespace news
