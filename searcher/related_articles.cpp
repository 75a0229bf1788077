#include "searcher/related_articles.hpp"

#include "common/schema.hpp"

namespace news {

Xapian::Query article_and_its_copies(const Xapian::Database& db, Xapian::docid docid, const std::string& id_term) {
    const Xapian::Query itself(id_term);
    const std::string key = db.get_document(docid).get_value(schema::kDuplicateSlot);
    if (key.empty()) return itself;
    // A range of one value: the articles whose key is exactly this one.
    return Xapian::Query(Xapian::Query::OP_OR, itself,
                         Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kDuplicateSlot, key, key));
}

}  // namespace news
