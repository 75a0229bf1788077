#include "indexer/rebuild.hpp"

#include <filesystem>
#include <stdexcept>
#include <string_view>
#include <utility>
#include <vector>

#include "common/record_dictionary.hpp"
#include "common/schema.hpp"
#include "common/stored_record.hpp"
#include "indexer/compaction.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/parallel_indexer.hpp"
#include "indexer/work_folder.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

/// The origin of every document of `db` that has one, by docid: the text of its origin
/// term after the prefix. Read from the origin terms' posting lists, which every database
/// has (a document's own term list may not be there).
class Origins {
  public:
    explicit Origins(const Xapian::Database& db) : by_docid_(db.get_lastdocid() + 1, kNone) {
        const std::string prefix(schema::kOriginPrefix);
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
            const std::string term = *t;
            origins_.push_back(term.substr(prefix.size()));
            for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p)
                if (*p < by_docid_.size()) by_docid_[*p] = origins_.size() - 1;
        }
    }

    std::string of(Xapian::docid docid) const {
        if (docid >= by_docid_.size() || by_docid_[docid] == kNone) return {};
        return origins_[by_docid_[docid]];
    }

  private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::vector<std::string> origins_;
    std::vector<std::size_t> by_docid_;
};

/// The metadata that belongs to the database rather than to its documents, and that the
/// rebuilt one keeps: its place among shards, its last indexing run. The schema, language
/// and record dictionary are written by the IndexBuilder; derived lists are built anew.
constexpr std::string_view kKeptMetadata[] = {schema::kShardCountKey, schema::kShardNumberKey,
                                              schema::kLastIndexingRunKey};

}  // namespace

RecordsRead read_stored_articles(const Xapian::Database& db, const std::string& db_name, ArticleSink& sink,
                                 const std::vector<Xapian::docid>& skip, DictionaryLookup lookup) {
    RecordCodec codec;
    codec.set_dictionary_lookup(lookup ? std::move(lookup) : record_dictionaries_in({db}));
    const Origins origins(db);
    RecordsRead read;
    auto skipped = skip.begin();
    for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
        const Xapian::docid docid = *p;
        while (skipped != skip.end() && *skipped < docid) ++skipped;
        if (skipped != skip.end() && *skipped == docid) continue;
        Article article;
        try {
            article = codec.decode(schema::record_of(db.get_document(docid)));
        } catch (const CorruptRecordError& e) {
            throw CorruptRecordError(db_name + ": document " + std::to_string(docid) +
                                     ": its stored article cannot be read (" + e.what() +
                                     "), so it cannot be indexed again; nothing was rebuilt");
        }
        sink.submit(std::move(article), origins.of(docid), RecordLocation{db_name, docid});
        ++read.articles;
    }
    sink.drain();
    return read;
}

RebuildReport rebuild_database(Xapian::WritableDatabase& writer, const std::string& db_path, unsigned threads,
                               bool termlist, const FailureHandler& on_failure, const RebuildChanges& changes) {
    const fs::path work = work_folder_path(db_path, "rebuilding");
    require_no_foreign_folder(work);
    writer.commit();
    const Xapian::Database old(db_path);
    RebuildReport report;
    report.schema_before = schema::schema_version_of(old);

    create_work_folder(work);
    WorkFolderGuard cleanup(work);
    const std::string rebuilt = (work / "database").string();
    {
        IndexOptions options;
        options.analysis.language = schema::language_of(old);
        options.record_dictionary = current_record_dictionary(old);
        options.termlist = termlist;
        // The layout of its positions, as its term list, is the database's own.
        options.compact_positions = schema::positions_in_value(old);
        IndexBuilder builder(rebuilt, options);
        for (const std::string_view key : kKeptMetadata)
            if (std::string value = old.get_metadata(std::string(key)); !value.empty())
                builder.database().set_metadata(std::string(key), value);
        std::size_t failed = 0;
        const FailureHandler count_failure = [&](const RecordLocation& where, const std::string& reason) {
            ++failed;
            if (on_failure) on_failure(where, reason);
        };
        {
            ParallelIndexer pipeline(builder, threads > 1 ? threads : 0, count_failure);
            report.articles = read_stored_articles(old, db_path, pipeline, changes.dropped).articles;
            if (!changes.added_from.empty()) {
                const Xapian::Database added(changes.added_from);
                report.articles +=
                    read_stored_articles(added, db_path, pipeline, {}, record_dictionaries_in({added, old})).articles;
            }
        }
        // An article the old database holds and the new one would not is data lost.
        if (failed > 0)
            throw std::runtime_error(db_path + ": " + std::to_string(failed) +
                                     " articles could not be indexed again (reported above); the database was "
                                     "left as it was");
        builder.finish();
        report.schema_after = builder.schema_version();
        if (builder.database().get_doccount() > 0) compact_in_place(builder.database(), rebuilt);
    }
    replace_database(rebuilt, db_path);  // `rebuilt` now holds the old database, removed with the work folder
    return report;
}

}  // namespace news
