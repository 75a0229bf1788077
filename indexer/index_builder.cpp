#include "indexer/index_builder.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <utility>

#include "common/cli_support.hpp"
#include "common/record_dictionary.hpp"
#include "common/schema.hpp"
#include "common/stored_record.hpp"
#include "indexer/rebuild.hpp"
#include "indexer/work_folder.hpp"

namespace news {

namespace {

/// Xapian creates a database in any folder: handed a folder of other files by mistake (a
/// home folder, the corpus itself), it would scatter its files among them. So only a new or
/// empty folder, or one that already holds a database, is written to. And Xapian follows a
/// stub there, so one that would run a program is refused unless allowed.
const std::string& checked_database_path(const std::string& path, StubPrograms programs) {
    namespace fs = std::filesystem;
    if (programs == StubPrograms::kRefuse) refuse_stub_programs(path);
    std::error_code ec;
    if (!fs::is_directory(path, ec)) return path;  // created, or a file Xapian reports on
    for (const char* marker : {"iamglass", "iamchert", "XAPIANDB"})
        if (fs::exists(fs::path(path) / marker, ec)) return path;
    if (fs::directory_iterator(path, ec) == fs::directory_iterator())
        return path;  // empty (or unreadable: Xapian says)
    throw std::runtime_error(path +
                             " holds other files and no database: refusing to create one there (give a new or "
                             "empty folder)");
}

/// The work folder that holds the new versions of articles a run changes in a database
/// without a term list, until finish() rebuilds it (work_folder.hpp).
std::filesystem::path updates_folder(const std::string& db_path) { return work_folder_path(db_path, "updates"); }

}  // namespace

int database_open_flags(const std::string& path, bool termlist) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(std::filesystem::path(path) / "iamglass", ec);
    return Xapian::DB_CREATE_OR_OPEN | (exists || !termlist ? Xapian::DB_NO_TERMLIST : 0);
}

IndexBuilder::IndexBuilder(const std::string& db_path, IndexOptions options)
    : IndexBuilder(Xapian::WritableDatabase(checked_database_path(db_path, options.stub_programs),
                                            database_open_flags(db_path, options.termlist)),
                   db_path, std::move(options)) {}

IndexBuilder::IndexBuilder(Xapian::WritableDatabase db, const std::string& db_path, IndexOptions options)
    : IndexBuilder(std::move(db), std::move(options)) {
    path_ = db_path;
    std::error_code ec;
    const std::filesystem::path folder(db_path);
    has_termlist_ =
        !std::filesystem::exists(folder / "iamglass", ec) || std::filesystem::exists(folder / "termlist.glass", ec);
    // Changes staged by a run that was interrupted never reached the database: the run that
    // follows finds those articles changed again.
    require_no_foreign_folder(updates_folder(db_path));
    remove_work_folder(updates_folder(db_path));
}

namespace {

/// The schema of the documents to add to `db`: the current one, but a database of an older
/// schema that has articles gets documents of its own schema (schema 4 for 3-4), whose
/// terms and tie-break keys are those of the articles it has: keys of two formats do not
/// order by date against each other, and folded terms would not meet unfolded ones.
int schema_to_write(const Xapian::Database& db) {
    if (db.get_doccount() == 0) return schema::kSchemaVersion;
    const int version = schema::schema_version_of(db);
    if (version < schema::kPackedTieBreakSchema) return schema::kPackedTieBreakSchema - 1;
    return std::min(version, schema::kSchemaVersion);
}

/// `options` with the language to write `db` in: the one it records, or English when it
/// has articles and records none (it was built before the language was recorded); for a
/// database new or empty and without one, the language asked for, else English. Asking for
/// another language than a database's is a usage error: its terms would not meet.
IndexOptions language_to_write(const Xapian::Database& db, IndexOptions options) {
    std::string& language = options.analysis.language;
    if (!language.empty()) language = canonical_language(language);
    std::string recorded = db.get_metadata(std::string(schema::kLanguageKey));
    if (recorded.empty() && db.get_doccount() > 0) recorded = schema::kDefaultLanguage;
    if (!language.empty() && !recorded.empty() && language != recorded)
        throw UsageError("--language " + language + ": the database is in " + recorded +
                         ", and its words were stemmed as such: index into a new folder for another language");
    if (language.empty()) language = recorded.empty() ? std::string(schema::kDefaultLanguage) : recorded;
    return options;
}

}  // namespace

namespace {

/// Whether `db` has a term list per document; a database with no document is taken to have
/// one (the path constructor looks at its files instead).
bool reads_termlists(const Xapian::Database& db) {
    if (db.get_doccount() == 0) return true;
    try {
        (void)db.termlist_begin(*db.postlist_begin(""));
        return true;
    } catch (const Xapian::FeatureUnavailableError&) {
        return false;
    }
}

}  // namespace

IndexBuilder::IndexBuilder(Xapian::WritableDatabase db, IndexOptions options)
    : db_(std::move(db)),
      options_(language_to_write(db_, std::move(options))),
      has_termlist_(reads_termlists(db_)),
      schema_version_(schema_to_write(db_)),
      positions_in_value_(db_.get_doccount() > 0 ? schema::positions_in_value(db_) : options_.compact_positions),
      mapper_(make_mapper()) {
    if (options_.commit_every == 0) options_.commit_every = 1;
}

DocumentMapper IndexBuilder::make_mapper() const {
    DocumentMapper mapper(options_.analysis, options_.record_dictionary);
    mapper.set_schema_version(schema_version_);
    mapper.set_positions_in_value(positions_in_value_);
    return mapper;
}

void IndexBuilder::use_record_dictionary(std::shared_ptr<const ZstdDictionary> dictionary) {
    options_.record_dictionary = std::move(dictionary);
    mapper_ = make_mapper();
    dictionary_stored_ = false;
}

PreparedArticle prepare_article(DocumentMapper& mapper, const Article& article, std::string_view origin) {
    return {schema::id_term(article.id), mapper.to_document(article, origin),
            article.title.size() + article.body.size()};
}

AddOutcome IndexBuilder::add(const Article& article, std::string_view origin) {
    return add(prepare_article(mapper_, article, origin));
}

AddOutcome IndexBuilder::add(PreparedArticle&& prepared) {
    const std::string& id_term = prepared.id_term;
    const Xapian::Document& doc = prepared.document;
    Xapian::PostingIterator it = db_.postlist_begin(id_term);
    if (it == db_.postlist_end(id_term)) {
        // No document holds the id: replace_document(id_term, doc) would look that up again
        // (a B-tree search per article) and then add, so add at once.
        mark_seen(db_.add_document(doc));
        ++counts_.added;
        count_change(prepared.text_bytes);
        return AddOutcome::kAdded;
    }
    const std::string old_hash = db_.get_document(*it).get_value(schema::kContentHashSlot);
    if (old_hash == doc.get_value(schema::kContentHashSlot)) {
        mark_seen(*it);
        // The later of two records with one id wins, also over a version staged earlier.
        if (staged_ && staged_->term_exists(id_term)) staged_->delete_document(id_term);
        ++counts_.unchanged;
        return AddOutcome::kUnchanged;
    }
    if (!has_termlist_) {
        mark_seen(*it);
        stage_change(*it, &prepared);
        ++counts_.updated;
        return AddOutcome::kUpdated;
    }
    mark_seen(db_.replace_document(id_term, doc));
    ++counts_.updated;
    count_change(prepared.text_bytes);
    return AddOutcome::kUpdated;
}

bool IndexBuilder::remove(std::string_view article_id) {
    const std::string id_term = schema::id_term(article_id);
    if (!db_.term_exists(id_term)) return false;
    if (!has_termlist_) {
        if (staged_ && staged_->term_exists(id_term)) staged_->delete_document(id_term);
        for (auto p = db_.postlist_begin(id_term); p != db_.postlist_end(id_term); ++p) stage_change(*p, nullptr);
    } else {
        db_.delete_document(id_term);
    }
    ++counts_.deleted;
    count_change();
    return true;
}

IndexBuilder::Unseen IndexBuilder::remove_unseen(std::string_view origin,
                                                 const std::function<bool(const std::string&)>& keep) {
    const std::string prefix = schema::origin_term(origin);
    const bool folder = origin.ends_with('/');
    // Collect first: deleting while iterating the term list would invalidate it.
    std::vector<Xapian::docid> doomed;
    Unseen result;
    for (auto t = db_.allterms_begin(prefix); t != db_.allterms_end(prefix); ++t) {
        if (!folder && *t != prefix) continue;  // a sibling file whose name extends this one
        const bool kept = keep((*t).substr(schema::kOriginPrefix.size()));
        for (auto p = db_.postlist_begin(*t); p != db_.postlist_end(*t); ++p) {
            if (*p < seen_.size() && seen_[*p]) continue;
            if (kept)
                ++result.kept;
            else
                doomed.push_back(*p);
        }
    }
    for (Xapian::docid id : doomed) {
        if (has_termlist_)
            db_.delete_document(id);
        else
            stage_change(id, nullptr);
        ++counts_.deleted;
        count_change();
    }
    result.deleted = doomed.size();
    return result;
}

namespace {

/// Whether `id` ends in ':' and a line number, as ids of records without id or url did
/// before they were made from content (whose 16 hex digits are longer than any line number).
bool is_line_id(std::string_view id) {
    const std::size_t colon = id.rfind(':');
    if (colon == std::string_view::npos) return false;
    const std::string_view line = id.substr(colon + 1);
    return !line.empty() && line.size() < 16 &&
           std::all_of(line.begin(), line.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::size_t IndexBuilder::remove_unseen_line_ids(std::string_view origin) {
    const std::string file = schema::origin_term(origin);
    std::vector<Xapian::docid> doomed;
    for (auto p = db_.postlist_begin(file); p != db_.postlist_end(file); ++p) {
        if (*p < seen_.size() && seen_[*p]) continue;
        try {
            if (is_line_id(mapper_.stored_id(db_.get_document(*p)))) doomed.push_back(*p);
        } catch (const CorruptRecordError&) {
            // Kept: what it was cannot be told.
        }
    }
    for (Xapian::docid id : doomed) {
        if (has_termlist_)
            db_.delete_document(id);
        else
            stage_change(id, nullptr);
        // Dealt with: remove_unseen() (--delete-missing) does not delete (and count) it again
        // where it stays in the database until finish() (no term list).
        mark_seen(id);
        ++counts_.deleted;
        count_change();
    }
    return doomed.size();
}

void IndexBuilder::stage_change(Xapian::docid old_version, const PreparedArticle* new_version) {
    dropped_.push_back(old_version);
    if (new_version) staged_updates().replace_document(new_version->id_term, new_version->document);
}

Xapian::WritableDatabase& IndexBuilder::staged_updates() {
    if (staged_) return *staged_;
    if (path_.empty()) throw std::logic_error("changing articles of a database without a term list needs its folder");
    const std::filesystem::path folder = updates_folder(path_);
    create_work_folder(folder);
    // With a term list: the same article may be staged twice in one run, the later winning.
    staged_.emplace((folder / "database").string(), Xapian::DB_CREATE_OR_OVERWRITE);
    return *staged_;
}

void IndexBuilder::finish() {
    commit();
    if (dropped_.empty()) return;
    RebuildChanges changes;
    std::sort(dropped_.begin(), dropped_.end());
    dropped_.erase(std::unique(dropped_.begin(), dropped_.end()), dropped_.end());
    changes.dropped = std::move(dropped_);
    dropped_.clear();
    if (staged_) {
        staged_->commit();
        changes.added_from = (updates_folder(path_) / "database").string();
    }
    rebuild_database(db_, path_, options_.rebuild_threads, false, nullptr, changes);
    staged_.reset();
    remove_work_folder(updates_folder(path_));
    // The writer's folder was swapped out and removed: write to the rebuilt one from now on.
    db_ = Xapian::WritableDatabase(path_, Xapian::DB_OPEN | Xapian::DB_NO_TERMLIST);
    seen_.clear();  // docids of the old database
}

void IndexBuilder::mark_seen(Xapian::docid id) {
    if (id >= seen_.size()) seen_.resize(std::max<std::size_t>(id + 1, seen_.size() * 2));
    seen_[id] = true;
}

void IndexBuilder::count_change(std::size_t text_bytes) {
    pending_bytes_ += text_bytes;
    if (++pending_ >= options_.commit_every || pending_bytes_ >= options_.commit_bytes) commit();
}

void IndexBuilder::commit() {
    // A run that changed nothing leaves the database byte for byte as it was.
    if (pending_ == 0 && !db_.get_metadata(std::string(schema::kSchemaVersionKey)).empty()) return;
    db_.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(schema_version_));
    db_.set_metadata(std::string(schema::kLanguageKey), options_.analysis.language);
    if (schema_version_ >= schema::kPositionsInValueSchema && positions_in_value_)
        db_.set_metadata(std::string(schema::kPositionsKey), std::string(schema::kPositionsInValue));
    // With the records that need it, never before: an interrupted first run leaves no
    // dictionary without records, and none of its records without their dictionary.
    if (options_.record_dictionary && !dictionary_stored_) {
        store_record_dictionary(db_, *options_.record_dictionary);
        dictionary_stored_ = true;
    }
    db_.commit();
    pending_ = 0;
    pending_bytes_ = 0;
}

}  // namespace news
