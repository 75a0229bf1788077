#include "common/readers/reuters_reader.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/readers/reader_support.hpp"
#include "common/readers/sgml_reader.hpp"

namespace news {

namespace {

/// The <D> values of category list `name` ("TOPICS", "PLACES"), appended without repeats.
void add_category_values(std::string_view document, std::string_view name, std::vector<std::string>& tags) {
    const auto list = find_sgml_element(document, name);
    if (!list) return;
    std::size_t from = 0;
    while (const auto value = find_sgml_element(list->content, "D", from)) {
        std::string tag = collapse_whitespace(decode_sgml_text(value->content));
        if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(std::move(tag));
        from = value->end;
    }
}

std::string body_text(std::string_view raw) { return tidy_lines(decode_sgml_text(raw), false); }

/// The <DATE> without the transmission debris that follows the time in 328 documents
/// ("27-MAR-1987 00:02:59.13RM", "02:17:09.88T C"): everything after the last digit.
std::string_view date_text(std::string_view raw) {
    const std::size_t last_digit = raw.find_last_of("0123456789");
    return last_digit == std::string_view::npos ? raw : raw.substr(0, last_digit + 1);
}

}  // namespace

Article parse_reuters_document(std::string_view element, std::string& date_warning) {
    date_warning.clear();
    const auto document = find_sgml_element(element, "REUTERS");
    if (!document) throw std::invalid_argument("not a <REUTERS> element");
    Article article;
    article.id = trim_spaces(sgml_attribute(document->attributes, "NEWID").value_or(""));
    if (article.id.empty()) throw std::invalid_argument("<REUTERS> without NEWID");
    article.source = kReutersSource;
    if (const auto date = find_sgml_element(document->content, "DATE"))
        date_warning = set_date(article, date_text(decode_sgml_text(date->content)));
    add_category_values(document->content, "TOPICS", article.tags);
    add_category_values(document->content, "PLACES", article.tags);

    const auto text = find_sgml_element(document->content, "TEXT");
    if (!text) return article;
    if (sgml_attribute(text->attributes, "TYPE") == "UNPROC") {
        article.body = body_text(text->content);
        return article;
    }
    if (const auto title = find_sgml_element(text->content, "TITLE"))
        article.title = collapse_whitespace(decode_sgml_text(title->content));
    if (const auto body = find_sgml_element(text->content, "BODY")) article.body = body_text(body->content);
    return article;
}

void read_reuters_file(const std::string& path, CorpusVisitor& visitor, std::size_t max_element_bytes) {
    read_sgml_file(path, "REUTERS", parse_reuters_document, visitor, max_element_bytes);
}

}  // namespace news
