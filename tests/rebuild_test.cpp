/// `indexer --rebuild`: a database indexed again from its own stored records, in the
/// current schema, swapped in whole or not at all.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/document_mapper.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "common/stored_record.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/indexing_run.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

/// The first BBC articles, every other one without its body (a headline), so that both
/// kinds of article change layout between schemas 7 and 8.
std::vector<Article> bbc_mix() {
    test::RecordingVisitor visitor;
    visitor.stop_after = 400;
    read_corpus({test::project_path("corpus/bbc.jsonl.zst")}, visitor);
    for (std::size_t i = 0; i < visitor.articles.size(); i += 2) visitor.articles[i].body.clear();
    return visitor.articles;
}

const std::string kOrigin = "/archive/bbc.jsonl";

/// A database at `path` as the indexer of `schema_version` left it.
void index_in_schema(const std::string& path, const std::vector<Article>& articles, int schema_version) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE);
    DocumentMapper mapper;
    mapper.set_schema_version(schema_version);
    for (const Article& a : articles) db.replace_document(schema::id_term(a.id), mapper.to_document(a, kOrigin));
    db.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(schema_version));
    db.commit();
}

/// The same articles indexed by today's indexer.
void index_today(const std::string& path, const std::vector<Article>& articles) {
    IndexBuilder builder(path, {});
    for (const Article& a : articles) builder.add(a, kOrigin);
    builder.finish();
}

TEST(Rebuild, MovesAnOlderSchemaToTheCurrentOneAndSearchesAsAFreshBuild) {
    test::TempDir dir;
    const std::string old_db = (dir / "old").string(), fresh_db = (dir / "fresh").string();
    const std::vector<Article> articles = bbc_mix();
    index_in_schema(old_db, articles, 7);
    index_today(fresh_db, articles);

    IndexObserver quiet;
    const RebuildSummary summary = rebuild_from_records(old_db, 2, StubPrograms::kRefuse, quiet);
    EXPECT_EQ(summary.articles, articles.size());
    EXPECT_EQ(summary.schema_before, 7);
    EXPECT_EQ(summary.schema_after, schema::kSchemaVersion);
    EXPECT_EQ(schema::schema_version_of(Xapian::Database(old_db)), schema::kSchemaVersion);
    EXPECT_FALSE(fs::exists(dir / "old.rebuilding")) << "no work folder is left behind";

    for (const std::string query : {"economy growth", "title:economy", "title:\"box office\"", "body:music film",
                                    "year:2015 OR shares", "mobile phone*"}) {
        const SearchResult rebuilt = test::exhaustive_search(old_db, query),
                           fresh = test::exhaustive_search(fresh_db, query);
        ASSERT_EQ(rebuilt.hits.size(), fresh.hits.size()) << query;
        EXPECT_EQ(rebuilt.estimated_matches, fresh.estimated_matches) << query;
        for (std::size_t i = 0; i < rebuilt.hits.size(); ++i) {
            EXPECT_EQ(rebuilt.hits[i].article, fresh.hits[i].article) << query;
            EXPECT_NEAR(rebuilt.hits[i].score, fresh.hits[i].score, 1e-9) << query;
        }
    }
    EXPECT_LT(
        fs::file_size(fs::path(old_db) / "postlist.glass") + fs::file_size(fs::path(old_db) / "termlist.glass"),
        fs::file_size(fs::path(fresh_db) / "postlist.glass") + fs::file_size(fs::path(fresh_db) / "termlist.glass"))
        << "the rebuilt database is compacted";
}

TEST(Rebuild, KeepsTheFilesArticlesCameFromSoReRunsSkipThemAndDeleteMissingWorks) {
    test::IndexedByTheIndexer db;
    const fs::path folder = db.dir() / "articles";
    fs::create_directories(folder);
    for (const std::string name : {"a", "b"}) {
        std::ofstream(folder / (name + ".txt")) << "Title of " << name << "\n\nThe body of article " << name << ".\n";
    }
    db.index(test::shell_quoted(folder.string()));
    ASSERT_EQ(db.index_run().exit_code, 0) << db.index_run().out;

    const test::CommandRun rebuild =
        test::run_command(test::program("indexer") + " --db " + test::shell_quoted(db.db()) + " --rebuild");
    ASSERT_EQ(rebuild.exit_code, 0) << rebuild.out;
    EXPECT_NE(rebuild.out.find("2 articles rebuilt from their stored records"), std::string::npos) << rebuild.out;

    const test::CommandRun again = test::run_command(test::program("indexer") + " --db " + test::shell_quoted(db.db()) +
                                                     " " + test::shell_quoted(folder.string()));
    EXPECT_NE(again.out.find("0 added, 0 updated, 2 unchanged"), std::string::npos) << again.out;

    fs::remove(folder / "b.txt");
    const test::CommandRun pruned =
        test::run_command(test::program("indexer") + " --db " + test::shell_quoted(db.db()) + " --delete-missing " +
                          test::shell_quoted(folder.string()));
    EXPECT_NE(pruned.out.find("1 deleted"), std::string::npos) << pruned.out;
    EXPECT_EQ(test::trec_ids(db.search("--format trec article").out).size(), 1u);
}

TEST(Rebuild, ADamagedRecordLeavesTheDatabaseAsItWas) {
    test::TempDir dir;
    const std::string path = (dir / "db").string();
    index_in_schema(path, bbc_mix(), 7);
    {
        Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
        Xapian::Document doc = db.get_document(7);
        doc.set_data("\x02\x01not a zstd frame");
        db.replace_document(7, doc);
        db.commit();
    }
    IndexObserver quiet;
    EXPECT_THROW(rebuild_from_records(path, 1, StubPrograms::kRefuse, quiet), CorruptRecordError);
    const Xapian::Database db(path);
    EXPECT_EQ(db.get_doccount(), 400u);
    EXPECT_EQ(schema::schema_version_of(db), 7) << "nothing was swapped in";
    EXPECT_FALSE(fs::exists(dir / "db.rebuilding"));
}

TEST(Rebuild, RebuildsEveryShardOfAShardedDatabase) {
    test::IndexedByTheIndexer db;
    const std::string sample = (db.dir() / "bbc300.jsonl").string();
    const test::CommandRun built =
        test::run_command("zstdcat " + test::shell_quoted(test::project_path("corpus/bbc.jsonl.zst").string()) +
                          " | head -n 300 > " + test::shell_quoted(sample) + " && " + test::program("indexer") +
                          " --quiet --shards 2 --db " + test::shell_quoted(db.db()) + " " + test::shell_quoted(sample));
    ASSERT_EQ(built.exit_code, 0) << built.out;
    const std::vector<std::string> before = test::trec_ids(db.search("--format trec -n 20 economy growth").out);
    ASSERT_FALSE(before.empty());
    const test::CommandRun rebuild =
        test::run_command(test::program("indexer") + " --db " + test::shell_quoted(db.db()) + " --rebuild");
    ASSERT_EQ(rebuild.exit_code, 0) << rebuild.out;
    EXPECT_NE(rebuild.out.find("300 articles rebuilt"), std::string::npos) << rebuild.out;
    EXPECT_EQ(test::trec_ids(db.search("--format trec -n 20 economy growth").out), before);
}

TEST(Rebuild, TakesNoInputsAndNothingThatWouldChangeTheDatabase) {
    test::TempDir dir;
    const std::string indexer =
        test::program("indexer") + " --db " + test::shell_quoted((dir / "db").string()) + " --rebuild";
    for (const std::string extra :
         {" corpus/", " --delete x", " --shards 2", " --language german", " --delete-missing"})
        EXPECT_EQ(test::run_command(indexer + extra + " 2>/dev/null").exit_code, 2) << extra;
    EXPECT_EQ(test::run_command(indexer + " 2>/dev/null").exit_code, 1) << "no database there: a runtime error";
}

TEST(Rebuild, StatsOfAnOlderSchemaNameTheCommand) {
    test::TempDir dir;
    const std::string path = (dir / "db").string();
    index_in_schema(path, bbc_mix(), 7);
    const test::CommandRun stats =
        test::run_command(test::program("searcher") + " --db " + test::shell_quoted(path) + " --stats");
    EXPECT_NE(stats.out.find("Schema version: 7 (the current schema is " + std::to_string(schema::kSchemaVersion)),
              std::string::npos)
        << stats.out;
    EXPECT_NE(stats.out.find("indexer --db DB --rebuild"), std::string::npos) << stats.out;
}

}  // namespace
}  // namespace news
