#include "common/document_mapper.hpp"

#include "common/date.hpp"
#include "common/hash.hpp"
#include "common/schema.hpp"

namespace news {

DocumentMapper::DocumentMapper(const AnalysisConfig& config) : term_generator_(make_term_generator(config)) {}

std::string content_hash(std::string_view stored_record) { return to_hex(fnv1a64(stored_record)); }

Xapian::Document DocumentMapper::to_document(const Article& article) {
    Xapian::Document doc;
    term_generator_.set_document(doc);
    term_generator_.index_text(article.title, schema::kTitleWeight, std::string(schema::kTitlePrefix));
    term_generator_.increase_termpos(schema::kFieldGap);
    term_generator_.index_text(article.body, 1, std::string(schema::kBodyPrefix));

    doc.add_boolean_term(schema::id_term(article.id));
    for (const auto& tag : article.tags)
        if (!tag.empty()) doc.add_boolean_term(schema::filter_term(schema::kTagPrefix, tag));
    if (!article.source.empty()) {
        doc.add_boolean_term(schema::filter_term(schema::kSourcePrefix, article.source));
        doc.add_value(schema::kSourceSlot, article.source);
    }
    if (!article.category.empty()) doc.add_boolean_term(schema::filter_term(schema::kCategoryPrefix, article.category));
    add_date(article, doc);

    std::string record = codec_.encode(article);
    doc.add_value(schema::kContentHashSlot, content_hash(record));
    doc.set_data(record);
    return doc;
}

void DocumentMapper::add_date(const Article& article, Xapian::Document& doc) {
    if (article.date.empty()) return;
    const std::string day = date_value(article.date);  // YYYYMMDD
    if (day.size() != 8) return;  // readers normalise dates; anything else is not indexed
    doc.add_value(schema::kDateSlot, day);
    doc.add_value(schema::kTimestampSlot, timestamp_value(article.date));
    doc.add_boolean_term(std::string(schema::kYearPrefix) + day.substr(0, 4));
    doc.add_boolean_term(std::string(schema::kMonthPrefix) + day.substr(0, 6));
    doc.add_boolean_term(std::string(schema::kDayPrefix) + day);
}

Article DocumentMapper::stored_article(const Xapian::Document& doc) { return codec_.decode(doc.get_data()); }

}  // namespace news
