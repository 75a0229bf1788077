#include "common/document_terms.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "common/record_dictionary.hpp"
#include "common/schema.hpp"
#include "common/stored_record.hpp"

namespace news {

std::optional<Xapian::termcount> TermVector::wdf(std::string_view term) const {
    const auto it = std::lower_bound(terms.begin(), terms.end(), term,
                                     [](const TermWdf& t, std::string_view wanted) { return t.term < wanted; });
    if (it == terms.end() || it->term != term) return std::nullopt;
    return it->wdf;
}

DocumentTerms::DocumentTerms(Xapian::Database db, std::vector<Xapian::Database> shards, TermSource source,
                             std::vector<bool> remote)
    : db_(std::move(db)), shards_(std::move(shards)), remote_(std::move(remote)), source_(source) {
    const std::size_t subdatabases = db_.size();
    // Each shard given adds its own sub-databases, in order, to the combined database.
    std::size_t listed = 0;
    for (const Xapian::Database& shard : shards_) listed += shard.size();
    if (shards_.empty() || listed != subdatabases) {
        // Not the shards of `db`: read its metadata from its first, and never probe it when
        // any of them was remote.
        shards_ = {db_};
        remote_ = {std::find(remote_.begin(), remote_.end(), true) != remote_.end()};
    }
    remote_.resize(shards_.size(), false);
    for (std::size_t s = 0; s < shards_.size(); ++s)
        shard_of_subdatabase_.insert(shard_of_subdatabase_.end(), std::max<std::size_t>(shards_[s].size(), 1), s);
    shard_of_subdatabase_.resize(std::max<std::size_t>(subdatabases, 1), 0);
    has_termlist_.resize(shard_of_subdatabase_.size());
    mappers_.resize(shards_.size());
    schema_versions_.resize(shards_.size(), schema::kSchemaVersion);
    dictionaries_ = record_dictionaries_in(shards_);
}

std::size_t DocumentTerms::shard_of(Xapian::docid docid) const {
    // Xapian interleaves the docids of its sub-databases: docid d is in sub-database
    // (d - 1) mod n.
    return shard_of_subdatabase_[(docid - 1) % shard_of_subdatabase_.size()];
}

bool DocumentTerms::from_termlist(Xapian::docid docid) {
    if (source_ == TermSource::kStoredArticle) return false;
    std::optional<bool>& kept = has_termlist_[(docid - 1) % has_termlist_.size()];
    if (!kept && remote_[shard_of(docid)]) kept = true;  // read, never probed (see the constructor)
    if (!kept) {
        try {
            (void)db_.termlist_begin(docid);
            kept = true;
        } catch (const Xapian::FeatureUnavailableError&) {
            kept = false;  // "Database has no termlist": built with Xapian::DB_NO_TERMLIST
        }
    }
    return *kept;
}

bool DocumentTerms::from_termlist(const std::vector<Xapian::docid>& docids) {
    return std::all_of(docids.begin(), docids.end(), [this](Xapian::docid d) { return from_termlist(d); });
}

TermVector DocumentTerms::of(Xapian::docid docid) { return of(docid, nullptr); }

TermVector DocumentTerms::of(Xapian::docid docid, const Xapian::ExpandDecider* keep) {
    if (!from_termlist(docid)) {
        TermVector vector = from_stored_article(docid, shard_of(docid));
        if (keep)
            vector.terms.erase(std::remove_if(vector.terms.begin(), vector.terms.end(),
                                              [keep](const TermWdf& t) { return !(*keep)(t.term); }),
                               vector.terms.end());
        return vector;
    }
    TermVector vector;
    vector.docid = docid;
    vector.from_termlist = true;
    Xapian::termcount unique_terms = 0;
    for (auto t = termlist(docid); t != db_.termlist_end(docid); ++t) {
        ++unique_terms;
        std::string term = *t;
        if (!keep || (*keep)(term)) vector.terms.push_back({std::move(term), t.get_wdf()});
    }
    vector.unique_terms = unique_terms;
    vector.length = db_.get_doclength(docid);
    return vector;
}

std::map<std::string, Xapian::termcount> DocumentTerms::wdfs(Xapian::docid docid,
                                                             const std::vector<std::string>& terms) {
    std::map<std::string, Xapian::termcount> found;
    if (from_termlist(docid)) {
        const std::set<std::string> wanted(terms.begin(), terms.end());
        for (TermWdf& t : of(docid).terms)
            if (wanted.count(t.term)) found.emplace(std::move(t.term), t.wdf);
        return found;
    }
    for (const std::string& term : terms) {
        if (term.empty() || found.count(term)) continue;
        Xapian::PostingIterator p = db_.postlist_begin(term);
        p.skip_to(docid);
        if (p != db_.postlist_end(term) && *p == docid) found.emplace(term, p.get_wdf());
    }
    return found;
}

std::string DocumentTerms::id_term(Xapian::docid docid) {
    if (from_termlist(docid)) {
        Xapian::TermIterator t = termlist(docid);
        t.skip_to(std::string(schema::kIdPrefix));
        if (t != db_.termlist_end(docid) && (*t).rfind(schema::kIdPrefix, 0) == 0) return *t;
        return {};
    }
    try {
        return schema::id_term(mapper_of(shard_of(docid)).stored_id(db_.get_document(docid)));
    } catch (const CorruptRecordError&) {
        return {};
    }
}

Xapian::TermIterator DocumentTerms::termlist(Xapian::docid docid) const {
    try {
        return db_.termlist_begin(docid);
    } catch (const Xapian::FeatureUnavailableError& e) {
        if (!remote_[shard_of(docid)]) throw;
        throw Xapian::FeatureUnavailableError(
            "a remote shard keeps no termlist (" + e.get_msg() +
            "): --like, feedback, --top-terms and --explain read one there; serve a database built with "
            "termlists, or search this one as a local shard");
    }
}

DocumentMapper& DocumentTerms::mapper_of(std::size_t shard) {
    std::optional<DocumentMapper>& mapper = mappers_[shard];
    if (!mapper) {
        // Analysed as the indexer analysed it: in the shard's language and schema version
        // (IndexBuilder writes an older database in its own schema).
        const Xapian::Database& metadata = shards_[shard];
        AnalysisConfig config;
        config.language = schema::language_of(metadata);
        mapper.emplace(config);
        schema_versions_[shard] = schema::schema_version_of(metadata);
        mapper->set_schema_version(schema_versions_[shard]);
        mapper->set_dictionary_lookup(dictionaries_);
    }
    return *mapper;
}

TermVector DocumentTerms::from_stored_article(Xapian::docid docid, std::size_t shard) {
    const Xapian::Document doc = db_.get_document(docid);
    DocumentMapper& mapper = mapper_of(shard);
    Article article;
    try {
        article = mapper.stored_article(doc);
    } catch (const CorruptRecordError& e) {
        throw CorruptRecordError("docid " + std::to_string(docid) +
                                 ": its terms cannot be read (the database keeps no termlist, and its stored "
                                 "article is damaged): " +
                                 e.what());
    }
    TermVector vector;
    vector.docid = docid;
    const Xapian::Document indexed = mapper.indexed_terms(article);
    vector.terms.reserve(indexed.termlist_count());
    for (auto t = indexed.termlist_begin(); t != indexed.termlist_end(); ++t) vector.terms.push_back({*t, t.get_wdf()});
    vector.unique_terms = static_cast<Xapian::termcount>(vector.terms.size());
    // The origin term is the one term the record cannot give back; the content hash covers
    // the origin path, so it tells whether there was one.
    const std::string hash = doc.get_value(schema::kContentHashSlot);
    if (!hash.empty() && hash != content_hash(record_payload(article), {}, schema_versions_[shard]))
        ++vector.unique_terms;
    vector.length = db_.get_doclength(docid);
    return vector;
}

}  // namespace news
