#include "indexer/index_builder.hpp"

#include <utility>

#include "common/schema.hpp"

namespace news {

IndexBuilder::IndexBuilder(const std::string& db_path, IndexOptions options)
    : IndexBuilder(Xapian::WritableDatabase(db_path, Xapian::DB_CREATE_OR_OPEN), std::move(options)) {}

IndexBuilder::IndexBuilder(Xapian::WritableDatabase db, IndexOptions options)
    : db_(std::move(db)), options_(std::move(options)), mapper_(options_.analysis) {
    if (options_.commit_every == 0) options_.commit_every = 1;
}

AddOutcome IndexBuilder::add(const Article& article) {
    const std::string id_term = schema::id_term(article.id);
    Xapian::Document doc = mapper_.to_document(article);

    AddOutcome outcome = AddOutcome::kAdded;
    if (Xapian::PostingIterator it = db_.postlist_begin(id_term); it != db_.postlist_end(id_term)) {
        const std::string old_hash = db_.get_document(*it).get_value(schema::kContentHashSlot);
        if (old_hash == doc.get_value(schema::kContentHashSlot)) {
            ++counts_.unchanged;
            return AddOutcome::kUnchanged;
        }
        outcome = AddOutcome::kUpdated;
    }
    db_.replace_document(id_term, doc);
    ++(outcome == AddOutcome::kAdded ? counts_.added : counts_.updated);
    if (++pending_ >= options_.commit_every) commit();
    return outcome;
}

void IndexBuilder::commit() {
    db_.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(schema::kSchemaVersion));
    db_.commit();
    pending_ = 0;
}

}  // namespace news
