// Sharded databases: routing articles to shards on the indexing side, and searching the
// shards as one on the searching side.

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/document_mapper.hpp"
#include "common/record_dictionary.hpp"
#include "common/schema.hpp"
#include "indexer/shard_writers.hpp"
#include "indexer/sharded_database.hpp"
#include "searcher/query_language.hpp"
#include "searcher/search_engine.hpp"
#include "searcher/shard_set.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using test::CommandRun;

/// Runs a program of the build (e.g. "indexer --db x") in a shell; `out` has stdout and stderr.
CommandRun run(const std::string& command) { return test::run_command(test::program(command) + " 2>&1"); }

/// The article ids a database holds.
std::vector<std::string> ids_in(const Xapian::Database& db) {
    std::vector<std::string> ids;
    DocumentMapper mapper;
    mapper.set_dictionary_lookup(record_dictionaries_in({db}));
    for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q"); ++t)
        ids.push_back(mapper.stored_article(db.get_document(*db.postlist_begin(*t))).id);
    return ids;
}

TEST(ShardOf, IsTheStoredRoutingAndNeverChanges) {
    // Sharded databases on disk were built with these: a change would misroute their ids.
    EXPECT_EQ(shard_of("bbc/tech/001", 4), 3u);
    EXPECT_EQ(shard_of("seed/thehill-xi-cyber-dialogue", 4), 2u);
    EXPECT_EQ(shard_of("seed/thehill-xi-cyber-dialogue", 3), 2u);
    EXPECT_EQ(shard_of("a", 2), 0u);
    EXPECT_EQ(shard_of("b", 2), 1u);
    EXPECT_EQ(shard_of("anything", 1), 0u);
}

TEST(ShardWriters, RouteEachIdToItsShardAndTheLaterRecordOfARepeatedIdWins) {
    constexpr std::size_t kShards = 3;
    std::vector<Xapian::WritableDatabase> dbs;
    std::vector<std::unique_ptr<IndexBuilder>> builders;
    for (std::size_t i = 0; i < kShards; ++i) {
        dbs.push_back(test::in_memory_db());
        builders.push_back(std::make_unique<IndexBuilder>(dbs.back(), IndexOptions{}));
    }
    ShardWriters writers(std::move(builders), [](const RecordLocation& where, const std::string& reason) {
        ADD_FAILURE() << where.to_string() << ": " << reason;
    });
    for (int version = 0; version < 3; ++version)
        for (int i = 0; i < 100; ++i)
            writers.submit(test::article("a" + std::to_string(i), "version " + std::to_string(version), "text"), "",
                           RecordLocation{"mem", 1});
    writers.drain();
    const IndexCounts counts = writers.counts();
    EXPECT_EQ(counts.added, 100u);
    EXPECT_EQ(counts.updated, 200u);
    DocumentMapper mapper;
    Xapian::doccount total = 0;
    for (std::size_t shard = 0; shard < kShards; ++shard) {
        total += dbs[shard].get_doccount();
        for (auto t = dbs[shard].allterms_begin("Q"); t != dbs[shard].allterms_end("Q"); ++t) {
            const Article a = mapper.stored_article(dbs[shard].get_document(*dbs[shard].postlist_begin(*t)));
            EXPECT_EQ(shard_of(a.id, kShards), shard) << a.id;
            EXPECT_EQ(a.title, "version 2") << a.id;
        }
    }
    EXPECT_EQ(total, 100u);
}

TEST(ShardedIndexerCli, ShardsSplitTheArticlesByIdAndTheFolderOpensAsOneDatabase) {
    test::TempDir dir;
    const std::string db = (dir / "news").string();
    const std::string corpus = test::project_path("corpus").string();
    CommandRun r = run("indexer -q --shards 3 --db " + db + " " + corpus);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(test::read_file(dir / "news/XAPIANDB"), "auto shard0\nauto shard1\nauto shard2\n");
    Xapian::doccount total = 0;
    for (std::size_t shard = 0; shard < 3; ++shard) {
        const Xapian::Database part(shard_path(db, shard));
        EXPECT_EQ(part.get_metadata("news:shards"), "3");
        EXPECT_EQ(part.get_metadata("news:shard"), std::to_string(shard));
        EXPECT_GT(part.get_doccount(), 600u) << "shard " << shard;  // about a third each
        for (const std::string& id : ids_in(part)) ASSERT_EQ(shard_of(id, 3), shard) << id;
        total += part.get_doccount();
    }
    EXPECT_EQ(total, 2226u);
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 2226u);  // the stub folder: every shard
    EXPECT_EQ(sharded_database_shards(db, StubPrograms::kRefuse), 3u);

    // A re-run finds the shards by itself and routes every id to the shard it is in.
    r = run("indexer --db " + db + " " + corpus);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out.rfind("0 added, 0 updated, 2226 unchanged, 0 deleted", 0), 0u) << r.out;
    r = run("indexer -q --shards 2 --db " + db + " " + corpus);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find(db + " has 3 shards"), std::string::npos) << r.out;

    r = run("indexer -q --db " + db + " --delete bbc/tech/001 seed/thehill-xi-cyber-dialogue");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 2224u);
    EXPECT_FALSE(Xapian::Database(db).term_exists(schema::id_term("bbc/tech/001")));
}

TEST(ShardedIndexerCli, DatabasesBuiltApartWithTheirOwnDictionariesAreSearchedTogether) {
    test::TempDir dir;
    const std::string a = (dir / "a").string(), b = (dir / "b").string();
    // The same articles in reverse order: another sample, so another dictionary.
    ASSERT_EQ(test::run_command("zstd -dc " + test::project_path("corpus/bbc.jsonl.zst").string() + " | tac > " +
                                (dir / "reversed.jsonl").string())
                  .exit_code,
              0);
    ASSERT_EQ(run("indexer -q --db " + a + " " + test::project_path("corpus/bbc.jsonl.zst").string()).exit_code, 0);
    ASSERT_EQ(run("indexer -q --db " + b + " " + (dir / "reversed.jsonl").string()).exit_code, 0);
    const std::string key(schema::kRecordDictionaryKey);
    ASSERT_NE(Xapian::Database(a).get_metadata(key), "");
    ASSERT_NE(Xapian::Database(b).get_metadata(key), "");
    ASSERT_NE(Xapian::Database(a).get_metadata(key), Xapian::Database(b).get_metadata(key));
    // Xapian reads a combined database's metadata from its first part only; hits of the
    // second must decode all the same.
    const CommandRun r = run("searcher --db " + a + " --db " + b + " --no-collapse --format jsonl -n 400 election");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 400);
    EXPECT_EQ(r.out.find("\"error\":\""), std::string::npos) << r.out.substr(0, 2000);
}

TEST(ShardedIndexerCli, DeleteMissingWorksShardByShard) {
    test::TempDir dir;
    const std::string db = (dir / "news").string();
    std::string first, second;
    for (int i = 0; i < 20; ++i) {
        const std::string line = R"({"id":"id)" + std::to_string(i) + R"(","title":"Story )" + std::to_string(i) +
                                 R"(","body":"text"})" + "\n";
        (i < 10 ? first : second) += line;
    }
    test::write_file(dir / "corpus/first.jsonl", first);
    test::write_file(dir / "corpus/second.jsonl", second);
    ASSERT_EQ(run("indexer -q --shards 2 --db " + db + " " + (dir / "corpus").string()).exit_code, 0);
    fs::remove(dir / "corpus/second.jsonl");
    test::write_file(dir / "corpus/first.jsonl", first.substr(0, first.find('\n') + 1));  // id0 only
    const CommandRun r = run("indexer --delete-missing --db " + db + " " + (dir / "corpus").string());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(r.out.rfind("0 added, 0 updated, 1 unchanged, 19 deleted", 0), 0u) << r.out;
    EXPECT_EQ(ids_in(Xapian::Database(db)), std::vector<std::string>{"id0"});
}

TEST(ShardedIndexerCli, ASingleDatabaseIsNeverShardedInPlace) {
    test::TempDir dir;
    const std::string db = (dir / "single").string();
    const std::string seed = test::seed_article_path().string();
    ASSERT_EQ(run("indexer -q --db " + db + " " + seed).exit_code, 0);
    const CommandRun r = run("indexer -q --shards 2 --db " + db + " " + seed);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.out.find("holds a single database"), std::string::npos) << r.out;
    EXPECT_EQ(run("indexer -q --shards 0 --db " + (dir / "x").string() + " " + seed).exit_code, 2);
}

TEST(ShardedDatabase, AShardThatDisagreesWithItsPlaceIsNamed) {
    test::TempDir dir;
    const std::string db = (dir / "news").string();
    open_sharded_database(db, 2, {});  // created, then closed
    {
        Xapian::WritableDatabase shard(shard_path(db, 1));
        shard.set_metadata("news:shard", "0");
        shard.commit();
    }
    try {
        open_sharded_database(db, 0, {});
        FAIL() << "opened a database whose shard 1 says it is shard 0";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find(shard_path(db, 1) + " says it is shard 0 of 2"), std::string::npos)
            << e.what();
    }
    fs::remove_all(shard_path(db, 1));
    EXPECT_THROW(open_sharded_database(db, 0, {}), std::runtime_error);  // missing, not recreated empty
}

TEST(ExpandWildcards, ScoresOverShardsEqualOneDatabase) {
    // "hack" words live in one shard only, "china" in both: Xapian's own expansion would
    // weight "hack*" by each shard's own terms.
    const std::vector<Article> articles = {
        test::article("a", "Hackers strike", "hackers hacked the hacking site"),
        test::article("b", "Hack week", "a hack and china"),
        test::article("c", "China trade", "china exports"),
        test::article("d", "China hacking", "china hacking"),
        test::article("e", "Other", "nothing here"),
    };
    Xapian::WritableDatabase one = test::in_memory_db(), left = test::in_memory_db(), right = test::in_memory_db();
    IndexBuilder all(one, {}), first(left, {}), second(right, {});
    for (const Article& a : articles) {
        all.add(a);
        (a.id == "a" || a.id == "b" ? first : second).add(a);
    }
    for (IndexBuilder* b : {&all, &first, &second}) b->finish();
    Xapian::Database shards;
    shards.add_database(left);
    shards.add_database(right);
    for (const std::string text : {"hack*", "hack* china", "title:hack* OR trade", "hack* -china", "zzz*"}) {
        const auto scores = [&](SearchEngine engine) {
            SearchRequest request;
            request.query = text;
            std::vector<std::pair<std::string, double>> out;
            for (const Hit& hit : engine.search(request).hits) out.emplace_back(hit.article.id, hit.score);
            return out;
        };
        const auto expected = scores(SearchEngine(Xapian::Database(one)));
        const auto got = scores(SearchEngine(shards));
        ASSERT_EQ(got.size(), expected.size()) << text;
        for (std::size_t i = 0; i < got.size(); ++i) {
            EXPECT_EQ(got[i].first, expected[i].first) << text;
            EXPECT_DOUBLE_EQ(got[i].second, expected[i].second) << text << " " << got[i].first;
        }
    }
    const Xapian::Query expanded = expand_wildcards(Xapian::Query(Xapian::Query::OP_WILDCARD, "hack"), shards);
    EXPECT_EQ(expanded.get_description(), "Query((hack SYNONYM hacked SYNONYM hackers SYNONYM hacking))");
}

TEST(ShardSet, StubsAreReadLikeXapianAndEachShardIsNamed) {
    test::TempDir dir;
    for (const char* name : {"a", "b", "c"}) {
        Xapian::WritableDatabase db((dir / name).string(), Xapian::DB_CREATE);
        db.add_document(Xapian::Document());
        db.commit();
    }
    test::write_file(dir / "nested/XAPIANDB", "auto ../b\nglass " + (dir / "c").string() + "\n");
    test::write_file(dir / "all.stub",
                     "# comment\n\nauto a\nauto nested\nremote 10.0.0.1:7001\nremote :xapian-progsrv x\n");
    const std::vector<ShardSpec> specs = expand_database_path((dir / "all.stub").string(), StubPrograms::kAllow);
    ASSERT_EQ(specs.size(), 5u);
    EXPECT_EQ(specs[0].name(), (dir / "a").string() + " (listed in " + (dir / "all.stub").string() + ", line 3)");
    EXPECT_EQ(specs[1].location, (dir / "nested/../b").string());
    EXPECT_EQ(specs[2].location, (dir / "c").string());
    EXPECT_EQ(specs[2].line, 2u);
    EXPECT_EQ(specs[3].kind, ShardSpec::Kind::kRemoteTcp);
    EXPECT_EQ(specs[3].name(), "10.0.0.1:7001 (listed in " + (dir / "all.stub").string() + ", line 5)");
    EXPECT_EQ(specs[4].kind, ShardSpec::Kind::kRemoteProgram);
    EXPECT_EQ(specs[4].args, "x");
    EXPECT_EQ(expand_database_path((dir / "a").string(), StubPrograms::kRefuse).size(), 1u);  // a database is itself

    test::write_file(dir / "bad.stub", "auto a\nremote tcp 127.0.0.1:7001\n");
    try {
        expand_database_path((dir / "bad.stub").string(), StubPrograms::kRefuse);
        FAIL() << "read 'remote tcp HOST:PORT', which Xapian 1.4 cannot open";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("bad.stub, line 2: Xapian's stub format has no 'tcp' word: write "
                                             "'remote 127.0.0.1:7001'"),
                  std::string::npos)
            << e.what();
    }
    test::write_file(dir / "bad.stub", "auto a\nremote nowhere\n");
    EXPECT_THROW(expand_database_path((dir / "bad.stub").string(), StubPrograms::kRefuse), std::runtime_error);
}

TEST(ShardSet, AMissingShardFailsTheSearchOrWithAllowPartialIsSkippedWithAWarning) {
    test::TempDir dir;
    Xapian::WritableDatabase db((dir / "a").string(), Xapian::DB_CREATE);
    db.add_document(Xapian::Document());
    db.commit();
    test::write_file(dir / "two.stub", "auto a\nauto gone\n");
    const std::string stub = (dir / "two.stub").string();
    try {
        ShardSet shards({stub}, {});
        FAIL() << "opened a stub with a missing shard";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("cannot open shard " + (dir / "gone").string() + " (listed in " + stub +
                                             ", line 2)"),
                  std::string::npos)
            << e.what();
    }
    std::vector<std::string> warnings;
    ShardSetOptions partial;
    partial.allow_partial = true;
    partial.warn = [&](const std::string& message) { warnings.push_back(message); };
    const ShardSet shards({stub}, partial);
    EXPECT_EQ(shards.open(), 1u);
    EXPECT_EQ(shards.listed(), 2u);
    EXPECT_EQ(shards.database().get_doccount(), 1u);
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_EQ(warnings[0].rfind("skipping shard " + (dir / "gone").string(), 0), 0u) << warnings[0];
    test::write_file(dir / "none.stub", "auto gone\n");
    EXPECT_THROW(ShardSet({(dir / "none.stub").string()}, partial), std::runtime_error);  // nothing left to search
}

}  // namespace
}  // namespace news
