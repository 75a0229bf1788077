// The indexer under hostile or careless use (issue 20): paths that name a database in an
// unusual way, folders it must not touch, inputs it cannot read or cannot read twice, and
// inputs that never end. Each test ran against the indexer before its fix and failed.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "common/readers/line_reader.hpp"
#include "common/record_dictionary.hpp"
#include "indexer/duplicate_ids.hpp"
#include "indexer/work_folder.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;
using test::program;
using test::run_command;
using test::write_file;

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

std::size_t doccount(const fs::path& db) { return Xapian::Database(db.string()).get_doccount(); }

/// The bundled BBC articles as plain JSON Lines (the first `limit` of them).
std::string bbc_jsonl(std::size_t limit) {
    LineReader reader(test::project_path("corpus/bbc.jsonl.zst").string());
    std::string out, line;
    bool oversized = false;
    for (std::size_t n = 0; n < limit && reader.next(line, oversized); ++n) out += line + "\n";
    return out;
}

/// A JSON Lines record with this id.
std::string record(const std::string& id, const std::string& title) {
    return R"({"id": ")" + id + R"(", "title": ")" + title + R"(", "body": "Text of )" + id + "\"}\n";
}

class HostileIndexing : public ::testing::Test {
  protected:
    /// Runs the indexer with `args` (a shell fragment) in `dir`; stdout and stderr together.
    test::CommandRun index(const std::string& args, const fs::path& dir) {
        return run_command("cd " + quoted(dir) + " && " + program("indexer") + " " + args + " 2>&1");
    }
    test::TempDir tmp_;
};

TEST_F(HostileIndexing, ADatabasePathEndingInSlashOrDotNamesTheFolderItself) {
    write_file(tmp_ / "x.jsonl", bbc_jsonl(40));
    for (const char* threads : {"-j1", "-j2"}) {
        const fs::path db = tmp_ / (std::string("db") + threads);
        for (int run = 0; run < 2; ++run) {  // a build from scratch, then a re-run
            const auto r = index(std::string(threads) + " --db " + quoted(db) + "/ x.jsonl", tmp_.path());
            EXPECT_EQ(r.exit_code, 0) << threads << " run " << run << ": " << r.out;
            EXPECT_EQ(doccount(db), 40u) << threads << " run " << run;
        }
        fs::create_directories(tmp_ / "here" / threads);
        const auto r = index(std::string(threads) + " --db . ../../x.jsonl", tmp_ / "here" / threads);
        EXPECT_EQ(r.exit_code, 0) << r.out;
        EXPECT_EQ(doccount(tmp_ / "here" / threads), 40u);
    }
    const auto root = index("--db / x.jsonl", tmp_.path());
    EXPECT_EQ(root.exit_code, 2) << root.out;
}

TEST_F(HostileIndexing, DeleteMissingLeavesSiblingFoldersWhoseNamesExtendTheGivenOne) {
    write_file(tmp_ / "corpus" / "a.jsonl", record("a1", "Alpha"));
    write_file(tmp_ / "corpus-2016" / "b.jsonl", record("b1", "Beta"));
    ASSERT_EQ(index("-q --db db corpus corpus-2016", tmp_.path()).exit_code, 0);
    fs::remove_all(tmp_ / "corpus");  // a folder that is gone, as well as one that is there
    write_file(tmp_ / "corpus-2017" / "c.jsonl", record("c1", "Gamma"));
    const auto r = index("--delete-missing --db db corpus corpus-2017", tmp_.path());
    const Xapian::Database db((tmp_ / "db").string());
    EXPECT_FALSE(db.term_exists("Qa1"));
    EXPECT_TRUE(db.term_exists("Qb1")) << "an article of corpus-2016/ was deleted: " << r.out;
    EXPECT_TRUE(db.term_exists("Qc1"));
}

TEST_F(HostileIndexing, DeleteMissingLeavesACompressedSiblingOfTheGivenFile) {
    if (run_command("command -v zstd >/dev/null").exit_code != 0) GTEST_SKIP() << "needs the zstd program";
    write_file(tmp_ / "feed.jsonl", record("plain", "Plain"));
    write_file(tmp_ / "zst" / "feed.jsonl", record("packed", "Packed"));
    ASSERT_EQ(run_command("zstd -q " + quoted(tmp_ / "zst" / "feed.jsonl") + " -o " + quoted(tmp_ / "feed.jsonl.zst"))
                  .exit_code,
              0);
    ASSERT_EQ(index("-q --db db feed.jsonl feed.jsonl.zst", tmp_.path()).exit_code, 0);
    const auto r = index("--delete-missing --db db feed.jsonl", tmp_.path());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_TRUE(Xapian::Database((tmp_ / "db").string()).term_exists("Qpacked")) << r.out;
}

TEST_F(HostileIndexing, DeleteMissingKeepsTheArticlesOfAFolderItCannotRead) {
    // Root reads any folder, so the indexer runs as an unprivileged user where it can.
    std::string as_user;
    if (::geteuid() == 0) {
        if (run_command("command -v setpriv >/dev/null").exit_code != 0) GTEST_SKIP() << "root without setpriv";
        as_user = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
        fs::permissions(tmp_.path(), fs::perms::all);
    }
    const auto run_as_user = [&](const std::string& args) {
        return run_command("cd " + quoted(tmp_.path()) + " && " + as_user + program("indexer") + " " + args + " 2>&1");
    };
    write_file(tmp_ / "corpus" / "open" / "a.jsonl", record("a1", "Alpha"));
    write_file(tmp_ / "corpus" / "locked" / "b.jsonl", record("b1", "Beta") + record("b2", "Beta two"));
    if (!as_user.empty()) {
        ASSERT_EQ(run_command("chown -R 65534:65534 " + quoted(tmp_ / "corpus")).exit_code, 0);
    }
    const auto first = run_as_user("-q --db db corpus");
    ASSERT_EQ(first.exit_code, 0) << first.out;
    ASSERT_EQ(doccount(tmp_ / "db"), 3u);

    fs::permissions(tmp_ / "corpus" / "locked", fs::perms::none);
    const auto r = run_as_user("--delete-missing --db db corpus");
    fs::permissions(tmp_ / "corpus" / "locked", fs::perms::owner_all);
    EXPECT_NE(r.out.find("locked: skipped: cannot read folder"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("kept 2 articles"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" 0 deleted"), std::string::npos) << r.out;
    EXPECT_EQ(doccount(tmp_ / "db"), 3u);
}

TEST_F(HostileIndexing, AnInputThatCanBeReadOnlyOnceIsIndexedWhole) {
    // More than the dictionary's sample, so that training happens on the stream itself.
    write_file(tmp_ / "bbc.jsonl", bbc_jsonl(2225));
    for (const char* threads : {"-j1", "-j2"}) {
        const std::string db = std::string("db") + threads;
        const auto r = run_command("cd " + quoted(tmp_.path()) + " && cat bbc.jsonl | " + program("indexer") + " " +
                                   threads + " --db " + db + " --format jsonl /dev/stdin 2>&1");
        EXPECT_EQ(r.exit_code, 0) << r.out;
        EXPECT_EQ(r.out.find("invalid JSON"), std::string::npos) << r.out;
        EXPECT_EQ(doccount(tmp_ / db), 2225u) << threads;
        EXPECT_NE(current_record_dictionary(Xapian::Database((tmp_ / db).string())), nullptr)
            << "no dictionary was trained from the stream";
    }
}

TEST_F(HostileIndexing, FoldersNamedLikeItsWorkFoldersAreNeverRemoved) {
    write_file(tmp_ / "x.jsonl", bbc_jsonl(20));
    write_file(tmp_ / "news.staging" / "mine.txt", "the user's own file");
    write_file(tmp_ / "news.compacting" / "mine.txt", "the user's own file");
    for (const char* threads : {"-j1", "-j2"}) {
        const auto r = index(std::string(threads) + " --db news x.jsonl", tmp_.path());
        EXPECT_EQ(r.exit_code, 1) << r.out;
        EXPECT_NE(r.out.find("was not made by the indexer"), std::string::npos) << r.out;
        EXPECT_TRUE(fs::exists(tmp_ / "news.staging" / "mine.txt")) << threads;
        EXPECT_TRUE(fs::exists(tmp_ / "news.compacting" / "mine.txt")) << threads;
    }
    // Moved away, the next run works and leaves no work folder behind.
    fs::rename(tmp_ / "news.staging", tmp_ / "kept.staging");
    fs::rename(tmp_ / "news.compacting", tmp_ / "kept.compacting");
    const auto r = index("--db news x.jsonl", tmp_.path());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(doccount(tmp_ / "news"), 20u);
    EXPECT_FALSE(fs::exists(tmp_ / "news.staging"));
    EXPECT_FALSE(fs::exists(tmp_ / "news.compacting"));
}

TEST_F(HostileIndexing, ACompactionKilledHalfwayIsCleanedUpAndDoneByTheNextRun) {
    write_file(tmp_ / "x.jsonl", bbc_jsonl(300));
    ASSERT_EQ(index("-q --no-compact --db news x.jsonl", tmp_.path()).exit_code, 0);
    const auto size_of = [](const fs::path& folder) {
        std::uintmax_t total = 0;
        for (const auto& entry : fs::recursive_directory_iterator(folder))
            if (entry.is_regular_file()) total += entry.file_size();
        return total;
    };
    const std::uintmax_t uncompacted = size_of(tmp_ / "news");
    // What a kill during compaction leaves: the marked work folder, a partial copy inside.
    create_work_folder(tmp_ / "news.compacting");
    write_file(tmp_ / "news.compacting" / "database" / "postlist.glass", std::string(4096, 'x'));

    const auto r = index("--db news x.jsonl", tmp_.path());  // nothing changed in the input
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("an earlier compaction was interrupted"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(tmp_ / "news.compacting"));
    EXPECT_LT(size_of(tmp_ / "news"), uncompacted) << "not compacted";
    EXPECT_EQ(doccount(tmp_ / "news"), 300u);
    EXPECT_EQ(run_command("xapian-check " + quoted(tmp_ / "news") + " >/dev/null 2>&1").exit_code, 0);
}

TEST_F(HostileIndexing, AKilledCompactionOfAShardIsDoneByTheNextRun) {
    write_file(tmp_ / "x.jsonl", bbc_jsonl(100));
    ASSERT_EQ(index("-q --shards 2 --no-compact --db news x.jsonl", tmp_.path()).exit_code, 0);
    create_work_folder(tmp_ / "news" / "shard1.compacting");
    const auto r = index("--db news x.jsonl", tmp_.path());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("an earlier compaction was interrupted"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(tmp_ / "news" / "shard1.compacting"));
    EXPECT_EQ(doccount(tmp_ / "news"), 100u);
}

TEST_F(HostileIndexing, ARepeatedIdWithinOneFileIsReportedWithBothLinesAndTheFirstKept) {
    write_file(tmp_ / "feed.jsonl", record("a", "First") + record("b", "Other") + record("a", "Second"));
    const auto r = index("--db db feed.jsonl", tmp_.path());
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("feed.jsonl:3: skipped: duplicate id a (first at line 1)"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("2 added, 0 updated, 0 unchanged, 0 deleted, 1 skipped"), std::string::npos) << r.out;
    EXPECT_EQ(doccount(tmp_ / "db"), 2u);
    EXPECT_EQ(index("--strict --db db feed.jsonl", tmp_.path()).exit_code, 1);
    // The same id in another file is an update, as before.
    write_file(tmp_ / "later.jsonl", record("a", "Corrected"));
    const auto update = index("--db db later.jsonl", tmp_.path());
    EXPECT_NE(update.out.find("0 added, 1 updated"), std::string::npos) << update.out;
}

TEST_F(HostileIndexing, AnInputThatNeverEndsStopsOnTheFirstInterrupt) {
    // /dev/zero is one endless line: skipped chunk by chunk, and the skipping must listen.
    const pid_t pid =
        test::spawn({program("indexer"), "-j1", "--db", (tmp_ / "db").string(), "--format", "jsonl", "/dev/zero"});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::kill(pid, SIGTERM);
    EXPECT_EQ(test::wait_exit_within(pid, 20), 130) << "-1: still running 20 s after SIGTERM";
}

TEST_F(HostileIndexing, AFifoNoOneWritesToDoesNotHoldOffAnInterrupt) {
    const fs::path fifo = tmp_ / "feed.jsonl";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const pid_t pid = test::spawn({program("indexer"), "-j1", "--db", (tmp_ / "db").string(), fifo.string()});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    ::kill(pid, SIGINT);
    EXPECT_EQ(test::wait_exit_within(pid, 20), 130) << "-1: still blocked 20 s after SIGINT";
}

TEST_F(HostileIndexing, SpecialFilesInsideFoldersAreNotRead) {
    write_file(tmp_ / "corpus" / "a.jsonl", record("a1", "Alpha"));
    ASSERT_EQ(::mkfifo((tmp_ / "corpus" / "b.jsonl").c_str(), 0600), 0);  // would block forever if opened
    const pid_t pid = test::spawn({program("indexer"), "--db", (tmp_ / "db").string(), (tmp_ / "corpus").string()});
    EXPECT_EQ(test::wait_exit_within(pid, 60), 0);
    EXPECT_EQ(doccount(tmp_ / "db"), 1u);
}

TEST_F(HostileIndexing, ARecordOfAMillionDistinctWordsIsIndexedInBoundedMemory) {
    // 7.9 MB of distinct words: Xapian holds every term of a document being written in
    // memory, and this record took 1.42 GB before only its first kMaxIndexedWords were.
    std::string body;
    for (int i = 0; i < 1'000'000; ++i) body += "w" + std::to_string(i) + " ";
    write_file(tmp_ / "big.jsonl", R"({"id": "big", "title": "Big", "body": ")" + body + "\"}\n");
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::freopen("/dev/null", "w", stdout);
        ::freopen((tmp_ / "stderr.txt").c_str(), "w", stderr);
        ::execl(program("indexer").c_str(), "indexer", "--db", (tmp_ / "db").c_str(), (tmp_ / "big.jsonl").c_str(),
                static_cast<char*>(nullptr));
        ::_exit(127);
    }
    int status = 0;
    rusage usage{};
    ASSERT_EQ(::wait4(pid, &status, 0, &usage), pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
#if !defined(__SANITIZE_ADDRESS__)  // ASan's shadow memory and quarantine add their own
    EXPECT_LT(usage.ru_maxrss, 400 * 1024) << "peak RSS in KiB";
#endif
    EXPECT_NE(test::read_file(tmp_ / "stderr.txt").find("big.jsonl:1: warning: more than 100000 words"),
              std::string::npos);
    const Xapian::Database db((tmp_ / "db").string());
    // The title's word counts first: the body's first 99,999 words, w0 to w99998, are indexed.
    EXPECT_TRUE(db.term_exists("w99998"));
    EXPECT_FALSE(db.term_exists("w99999"));
    EXPECT_EQ(db.get_doccount(), 1u);
}

TEST_F(HostileIndexing, HostileHtmlPagesAndFieldsAreIndexedInTimeWithoutTheirScript) {
    std::string deep;
    for (int i = 0; i < 100'000; ++i) deep += "<div><b id=" + std::to_string(i) + ">";
    // A page nested 100,000 deep, with script, bad references and a byte that is not UTF-8.
    write_file(tmp_ / "pages" / "deep.html", "<title>Deep page</title>" + deep +
                                                 "<p>abyssal words &#0;&#x110000; caf\xE9</p>"
                                                 "<script>var scriptword = 1;</script><!---->");
    // The same in a JSON Lines body.
    write_file(tmp_ / "pages" / "deep.jsonl", R"({"id": "deep-field", "title": "Deep <i>field</i>", "body": ")" + deep +
                                                  R"(<p>bathyal words</p><script>scriptword()</script>"})"
                                                  "\n");
    // Gumbo alone takes minutes on each (a hang would show as the ctest timeout).
    const test::CommandRun run = index("--db db -j1 pages", tmp_.path());
    ASSERT_EQ(run.exit_code, 0) << run.out;
    EXPECT_NE(run.out.find("deep.html:1: warning: invalid UTF-8 at byte"), std::string::npos) << run.out;
    const Xapian::Database db((tmp_ / "db").string());
    EXPECT_EQ(db.get_doccount(), 2u);
    EXPECT_TRUE(db.term_exists("abyssal"));
    EXPECT_TRUE(db.term_exists("bathyal"));
    EXPECT_TRUE(db.term_exists("café") || db.term_exists("cafe"));
    EXPECT_FALSE(db.term_exists("scriptword"));
}

TEST(FirstLineById, RemembersTheFirstLineOfEveryIdAcrossGrowth) {
    FirstLineById ids;
    for (std::size_t i = 1; i <= 100000; ++i) ASSERT_EQ(ids.first_line("id-" + std::to_string(i), i), 0u) << i;
    for (std::size_t i = 1; i <= 100000; i += 997) EXPECT_EQ(ids.first_line("id-" + std::to_string(i), 200000), i);
    EXPECT_EQ(ids.size(), 100000u);
    ids.clear();
    EXPECT_EQ(ids.first_line("id-1", 7), 0u);
}

}  // namespace
}  // namespace news
