#include "common/readers/trec_reader.hpp"

#include <array>
#include <stdexcept>

#include "common/readers/reader_support.hpp"
#include "common/readers/sgml_reader.hpp"

namespace news {

namespace {

/// Element content as one line of text: markup removed, references decoded, spaces collapsed.
std::string line_text(std::string_view content) {
    return collapse_whitespace(decode_sgml_text(strip_sgml_tags(content)));
}

std::string title_of(std::string_view document) {
    constexpr std::array<std::string_view, 4> kTitleElements = {"HEADLINE", "TITLE", "HL", "HEAD"};
    for (std::string_view name : kTitleElements) {
        if (const auto element = find_sgml_element(document, name)) {
            std::string title = line_text(element->content);
            if (!title.empty()) return title;
        }
    }
    return {};
}

std::string body_of(std::string_view document) {
    std::string body;
    std::size_t from = 0;
    while (const auto text = find_sgml_element(document, "TEXT", from)) {
        const std::string block = tidy_lines(decode_sgml_text(strip_sgml_tags(text->content)), true);
        if (!block.empty()) body.append(body.empty() ? "" : "\n\n").append(block);
        from = text->end;
    }
    return body;
}

}  // namespace

Article parse_trec_document(std::string_view element, std::string& date_warning) {
    date_warning.clear();
    const auto document = find_sgml_element(element, "DOC");
    if (!document) throw std::invalid_argument("not a <DOC> element");
    Article article;
    if (const auto docno = find_sgml_element(document->content, "DOCNO")) article.id = line_text(docno->content);
    if (article.id.empty()) throw std::invalid_argument("no <DOCNO>");
    article.title = title_of(document->content);
    article.body = body_of(document->content);
    if (const auto date = find_sgml_element(document->content, "DATE"))
        date_warning = set_date(article, line_text(date->content));
    return article;
}

void read_trec_file(const std::string& path, CorpusVisitor& visitor, std::size_t max_element_bytes) {
    read_sgml_file(path, "DOC", parse_trec_document, visitor, max_element_bytes);
}

}  // namespace news
