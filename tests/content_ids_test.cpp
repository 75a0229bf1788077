/// Issue 17, "Stable ids for records without one": a record with neither an id nor a url
/// gets an id from its source, title and date (content_id()), not from its line, so that
/// lines inserted above it change nothing and re-runs leave no stale copies.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "indexer/index_builder.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

const std::string kFirst =
    R"({"title":"Dialogue on cyber crime","body":"Officials met in Washington.","source":"thehill","date":"2015-09-22"})";
const std::string kSecond =
    R"({"title":"Markets rally","body":"Shares rose on Tuesday.","source":"wire","date":"2015-09-22T10:00:00Z"})";
const std::string kInserted = R"({"title":"Rates held","body":"The bank kept rates on hold.","source":"wire"})";

std::vector<std::string> ids_of(const fs::path& file) {
    test::RecordingVisitor visitor;
    read_corpus({file}, visitor);
    EXPECT_TRUE(visitor.skips.empty());
    return visitor.ids();
}

test::CommandRun index(const std::string& db, const std::string& args) {
    return test::run_command(test::program("indexer") + " --db " + test::shell_quoted(db) + " " + args + " 2>&1");
}

std::size_t articles_in(const std::string& db) { return Xapian::Database(db).get_doccount(); }

TEST(ContentIds, ARecordWithoutAnIdKeepsItsIdWhenALineIsInsertedAboveIt) {
    test::TempDir dir;
    const fs::path feed = dir / "feed.jsonl";
    test::write_file(feed, kFirst + "\n" + kSecond + "\n");
    const std::vector<std::string> before = ids_of(feed);
    ASSERT_EQ(before.size(), 2u);
    EXPECT_EQ(before[0].rfind("feed.jsonl:", 0), 0u) << before[0];
    EXPECT_EQ(before[0].size(), std::string("feed.jsonl:").size() + 16) << "16 hex digits of the content's hash";

    test::write_file(feed, kInserted + "\n\n" + kFirst + "\n" + kSecond + "\n");
    const std::vector<std::string> after = ids_of(feed);
    ASSERT_EQ(after.size(), 3u);
    EXPECT_EQ(after[1], before[0]);
    EXPECT_EQ(after[2], before[1]);
    EXPECT_NE(after[0], after[1]);
}

TEST(ContentIds, ReRunsAfterLinesMovedUpdateNothingAndLeaveNoStaleCopy) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const fs::path feed = dir / "feed.jsonl";
    test::write_file(feed, kFirst + "\n" + kSecond + "\n");
    const test::CommandRun first = index(db, test::shell_quoted(feed.string()));
    ASSERT_EQ(first.exit_code, 0) << first.out;
    EXPECT_EQ(first.out.rfind("2 added, 0 updated, 0 unchanged, 0 deleted, 0 skipped, 0 failed, 2 without id in ", 0),
              0u)
        << first.out;

    test::write_file(feed, kInserted + "\n" + kFirst + "\n" + kSecond + "\n");
    const test::CommandRun inserted = index(db, test::shell_quoted(feed.string()));
    EXPECT_EQ(inserted.out.rfind("1 added, 0 updated, 2 unchanged, 0 deleted", 0), 0u) << inserted.out;

    // The record that was first is gone: without --delete-missing its article stays, but no
    // other record is indexed twice under a shifted line.
    test::write_file(feed, kInserted + "\n" + kSecond + "\n");
    const test::CommandRun removed = index(db, test::shell_quoted(feed.string()));
    EXPECT_EQ(removed.out.rfind("0 added, 0 updated, 2 unchanged, 0 deleted", 0), 0u) << removed.out;
    EXPECT_EQ(articles_in(db), 3u);
    const test::CommandRun pruned = index(db, "--delete-missing " + test::shell_quoted(feed.string()));
    EXPECT_EQ(pruned.out.rfind("0 added, 0 updated, 2 unchanged, 1 deleted", 0), 0u) << pruned.out;
    EXPECT_EQ(articles_in(db), 2u);
}

TEST(ContentIds, WireCopiesWithAnotherBodyAreKeptAndExactCopiesAreIndexedOnceAndCounted) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const std::string headline = R"("title":"Quake hits coast","source":"wire","date":"2016-02-01")";
    const std::string a = "{" + headline + R"(,"body":"A strong earthquake struck the coast."})";
    const std::string b =
        "{" + headline + R"(,"body":"A strong earthquake struck the coast. Updated with casualties."})";
    const fs::path feed = dir / "wire.jsonl";
    test::write_file(feed, a + "\n" + b + "\n" + a + "\n" + b + "\n" + kSecond + "\n");

    const test::CommandRun run = index(db, test::shell_quoted(feed.string()));
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_EQ(run.out.rfind("3 added, 0 updated, 0 unchanged, 0 deleted, 0 skipped, 0 failed, 5 without id (2 exact "
                            "copies, indexed once) in ",
                            0),
              0u)
        << run.out;
    EXPECT_EQ(articles_in(db), 3u);

    // The same file again changes nothing, and --delete-missing deletes nothing: a copy is
    // no skipped record that would keep the file's old articles.
    const test::CommandRun again = index(db, "--delete-missing " + test::shell_quoted(feed.string()));
    EXPECT_EQ(again.out.rfind("0 added, 0 updated, 3 unchanged, 0 deleted, 0 skipped", 0), 0u) << again.out;
}

/// A database as the indexer before ids from content left `feed` and `other`: "file:line".
void index_with_line_ids(const std::string& db, const fs::path& feed, const fs::path& other, bool termlist) {
    IndexOptions options;
    options.termlist = termlist;
    IndexBuilder old(db, options);
    test::RecordingVisitor visitor;
    read_corpus({feed, other}, visitor);
    ASSERT_EQ(visitor.articles.size(), 3u);
    const std::vector<std::string> line_ids = {"feed.jsonl:1", "feed.jsonl:2", "other.jsonl:1"};
    for (std::size_t i = 0; i < 3; ++i) {
        Article a = visitor.articles[i];
        a.id = line_ids[i];
        old.add(a, fs::absolute(i < 2 ? feed : other).lexically_normal().string());
    }
    old.finish();
}

TEST(ContentIds, ARunOverADatabaseOfFileLineIdsReplacesThemAndSaysSo) {
    // With a term list; and without one, where deletions wait for the run's end, with
    // --delete-missing, which must not delete (or count) them a second time.
    for (const bool termlist : {true, false}) {
        SCOPED_TRACE(termlist ? "with a term list" : "without a term list, --delete-missing");
        test::TempDir dir;
        const std::string db = (dir / "db").string();
        const fs::path feed = dir / "feed.jsonl", other = dir / "other.jsonl";
        test::write_file(feed, kFirst + "\n" + kSecond + "\n");
        test::write_file(other, kInserted + "\n");
        index_with_line_ids(db, feed, other, termlist);

        const std::string args = (termlist ? "" : "--delete-missing ") + test::shell_quoted(feed.string());
        const test::CommandRun run = index(db, args);
        ASSERT_EQ(run.exit_code, 0) << run.out;
        EXPECT_NE(run.out.find("2 added, 0 updated, 0 unchanged, 2 deleted"), std::string::npos) << run.out;
        EXPECT_NE(run.out.find("replaced 2 articles indexed under file:line ids by an older indexer"),
                  std::string::npos)
            << run.out;
        const Xapian::Database after(db);
        EXPECT_EQ(after.get_doccount(), 3u);
        EXPECT_FALSE(after.term_exists(schema::id_term("feed.jsonl:1")));
        EXPECT_FALSE(after.term_exists(schema::id_term("feed.jsonl:2")));
        EXPECT_TRUE(after.term_exists(schema::id_term("other.jsonl:1"))) << "another file's articles are left alone";
        for (const std::string& id : ids_of(feed)) EXPECT_TRUE(after.term_exists(schema::id_term(id))) << id;
        const test::CommandRun again = index(db, args);
        EXPECT_EQ(again.out.rfind("0 added, 0 updated, 2 unchanged, 0 deleted", 0), 0u) << again.out;
    }
}

}  // namespace
}  // namespace news
