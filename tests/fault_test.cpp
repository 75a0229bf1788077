// The programs facing a broken environment: a database folder that is read-only, missing,
// or not a database; a damaged stored record; a disk that fills up while indexing. Each
// must end with a clear one-line message and the right exit code, and leave the database
// usable.
#include <gtest/gtest.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "common/schema.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

struct CommandRun : test::CommandRun {
    std::string err;
};

/// Runs a shell command line, capturing standard output and standard error apart.
CommandRun run(const std::string& command, const test::TempDir& dir) {
    const fs::path err_file = dir / "stderr.txt";
    CommandRun r{test::run_command(command + " 2>" + err_file.string()), {}};
    r.err = test::read_file(err_file);
    return r;
}

std::string bin(const std::string& program) { return std::string(NEWS_BINARY_DIR) + "/bin/" + program; }

std::string quoted(const fs::path& path) { return "'" + path.string() + "'"; }

/// True when `text` is exactly one line (ending in a line break).
bool one_line(const std::string& text) { return !text.empty() && text.find('\n') == text.size() - 1; }

/// Moves this process (and the programs it runs) into a mount namespace of its own, once,
/// with nothing shared back: test mounts then vanish with the process even when it dies
/// before unmounting (an aborted sanitizer run left 2 MB tmpfs mounts behind).
bool in_private_mount_namespace() {
    static const bool done =
        ::unshare(CLONE_NEWNS) == 0 && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
    return done;
}

/// A file system mounted for a test, unmounted at the end. Only root can mount; tests skip
/// when that fails (not root, or a container without the capability).
class Mount {
  public:
    Mount(const char* source, const fs::path& target, const char* type, unsigned long flags, const char* data) {
        in_private_mount_namespace();  // when refused, mounts are still undone by the destructor
        ok_ = ::mount(source, target.c_str(), type, flags, data) == 0;
        if (ok_)
            target_ = target;
        else
            error_ = std::strerror(errno);
    }
    ~Mount() {
        if (ok_) ::umount2(target_.c_str(), MNT_DETACH);
    }
    Mount(const Mount&) = delete;
    Mount& operator=(const Mount&) = delete;

    bool ok() const { return ok_; }
    const std::string& error() const { return error_; }

  private:
    bool ok_ = false;
    fs::path target_;
    std::string error_;
};

/// Makes `dir` read-only for this process: permissions for an ordinary user; for root,
/// whom permissions do not stop, a read-only bind mount of it over itself.
class ReadOnly {
  public:
    explicit ReadOnly(const fs::path& dir) : dir_(dir) {
        if (::geteuid() != 0) {
            for (const auto& entry : fs::directory_iterator(dir))
                fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::remove);
            fs::permissions(dir, fs::perms::owner_write, fs::perm_options::remove);
            ok_ = true;
            return;
        }
        bind_ = std::make_unique<Mount>(dir.c_str(), dir, nullptr, MS_BIND, nullptr);
        if (!bind_->ok()) {
            error_ = "bind mount: " + bind_->error();
            return;
        }
        // A flag change of the bind mount: undone when bind_ unmounts it.
        ok_ = ::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0;
        if (!ok_) error_ = std::string("read-only remount: ") + std::strerror(errno);
    }
    ~ReadOnly() {
        if (::geteuid() != 0 && ok_) {
            fs::permissions(dir_, fs::perms::owner_write, fs::perm_options::add);
            for (const auto& entry : fs::directory_iterator(dir_))
                fs::permissions(entry.path(), fs::perms::owner_write, fs::perm_options::add);
        }
    }
    ReadOnly(const ReadOnly&) = delete;
    ReadOnly& operator=(const ReadOnly&) = delete;

    bool ok() const { return ok_; }
    const std::string& error() const { return error_; }

  private:
    fs::path dir_;
    std::unique_ptr<Mount> bind_;
    bool ok_ = false;
    std::string error_;
};

/// A database holding the seed article, built by the real indexer.
fs::path seed_database(const test::TempDir& dir) {
    const fs::path db = dir / "db";
    const CommandRun r = run(bin("indexer") + " -q --db " + quoted(db) + " " + quoted(test::seed_article_path()), dir);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return db;
}

TEST(Faults, ReadOnlyDatabaseIsSearchableAndTheIndexerSaysWhyItCannotWrite) {
    test::TempDir dir;
    const fs::path db = seed_database(dir);
    const ReadOnly read_only(db);
    if (!read_only.ok()) GTEST_SKIP() << "cannot make the database read-only here (" << read_only.error() << ")";

    const CommandRun search = run(bin("searcher") + " --db " + quoted(db) + " --format tsv cyber dialogue", dir);
    EXPECT_EQ(search.exit_code, 0) << search.err;
    EXPECT_NE(search.out.find("thehill-xi-cyber-dialogue"), std::string::npos) << search.out;

    const CommandRun index =
        run(bin("indexer") + " -q --db " + quoted(db) + " " + quoted(test::seed_article_path()), dir);
    EXPECT_EQ(index.exit_code, 1);
    EXPECT_TRUE(one_line(index.err)) << index.err;
    EXPECT_EQ(index.err.rfind("indexer: cannot write to the database: ", 0), 0u) << index.err;
    EXPECT_EQ(index.err.find("another writer"), std::string::npos)
        << "a read-only folder is not a lock held: " << index.err;
}

TEST(Faults, ADatabaseHeldByAnotherWriterIsReportedAsLocked) {
    test::TempDir dir;
    const fs::path db = seed_database(dir);
    Xapian::WritableDatabase writer(db.string(), Xapian::DB_OPEN);
    const CommandRun index =
        run(bin("indexer") + " -q --db " + quoted(db) + " " + quoted(test::seed_article_path()), dir);
    EXPECT_EQ(index.exit_code, 1);
    EXPECT_EQ(index.err, "indexer: the database is locked by another writer (another indexer is running?)\n");
}

TEST(Faults, MissingDatabaseIsAOneLineErrorForTheSearcher) {
    test::TempDir dir;
    const CommandRun r = run(bin("searcher") + " --db " + quoted(dir / "nothing") + " cyber", dir);
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_TRUE(one_line(r.err)) << r.err;
    EXPECT_EQ(r.err.rfind("searcher: no database at " + (dir / "nothing").string(), 0), 0u) << r.err;
    EXPECT_EQ(r.out, "");
}

TEST(Faults, AFolderOfOtherFilesIsNotADatabaseAndIsLeftAlone) {
    test::TempDir dir;
    const fs::path junk = dir / "junk";
    test::write_file(junk / "notes.txt", "not a database\n");
    test::write_file(junk / "photo.jpg", std::string("\xFF\xD8\xFF\xE0", 4));

    const CommandRun search = run(bin("searcher") + " --db " + quoted(junk) + " cyber", dir);
    EXPECT_EQ(search.exit_code, 1);
    EXPECT_TRUE(one_line(search.err)) << search.err;
    EXPECT_EQ(search.err, "searcher: " + junk.string() + " is not a database: the folder holds no index\n");

    // Xapian would have created a database among the files; the indexer refuses.
    const CommandRun index =
        run(bin("indexer") + " -q --db " + quoted(junk) + " " + quoted(test::seed_article_path()), dir);
    EXPECT_EQ(index.exit_code, 1);
    EXPECT_TRUE(one_line(index.err)) << index.err;
    EXPECT_NE(index.err.find("holds other files and no database"), std::string::npos) << index.err;
    std::size_t entries = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(junk)) ++entries;
    EXPECT_EQ(entries, 2u) << "files were added to the folder";

    // An empty folder is a fine place for a new database.
    fs::create_directory(dir / "empty");
    EXPECT_EQ(run(bin("indexer") + " -q --db " + quoted(dir / "empty") + " " + quoted(test::seed_article_path()), dir)
                  .exit_code,
              0);
}

TEST(Faults, ADamagedStoredRecordIsShownAsUnreadableAndTheOtherHitsAreListed) {
    test::TempDir dir;
    const fs::path db = dir / "db";
    test::write_file(dir / "two.jsonl",
                     R"({"id": "good", "title": "Budget news", "body": "The budget was passed."})"
                     "\n"
                     R"({"id": "bad", "title": "Budget plans", "body": "A budget record that gets damaged."})"
                     "\n");
    ASSERT_EQ(run(bin("indexer") + " -q --db " + quoted(db) + " " + quoted(dir / "two.jsonl"), dir).exit_code, 0);
    {
        Xapian::WritableDatabase writable(db.string(), Xapian::DB_OPEN);
        const Xapian::docid bad = *writable.postlist_begin(schema::id_term("bad"));
        Xapian::Document doc = writable.get_document(bad);
        std::string data = schema::record_of(doc);
        data.resize(data.size() / 2);  // a record cut short, as by a bad sector
        doc.add_value(schema::kRecordSlot, data);
        writable.replace_document(bad, doc);
        writable.commit();
    }
    const CommandRun text = run(bin("searcher") + " --db " + quoted(db) + " budget", dir);
    EXPECT_EQ(text.exit_code, 0) << text.err;
    EXPECT_NE(text.out.find("Budget news"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("bad · score"), std::string::npos) << "the id comes from the index: " << text.out;
    EXPECT_NE(text.out.find("[unreadable stored article: stored record"), std::string::npos) << text.out;

    const CommandRun json = run(bin("searcher") + " --db " + quoted(db) + " --format json budget", dir);
    EXPECT_EQ(json.exit_code, 0) << json.err;
    const nlohmann::json result = nlohmann::json::parse(json.out);
    ASSERT_EQ(result["hits"].size(), 2u);
    for (const auto& hit : result["hits"]) EXPECT_EQ(!hit.at("error").is_null(), hit["id"] == "bad") << hit.dump();
}

TEST(Faults, DiskFullWhileIndexingKeepsTheLastCommitAndExitsOne) {
    test::TempDir dir;
    const fs::path small = dir / "small";
    fs::create_directory(small);
    const Mount tmpfs("tmpfs", small, "tmpfs", 0, "size=2m");
    if (!tmpfs.ok())
        GTEST_SKIP() << "cannot mount a 2 MB tmpfs here (" << tmpfs.error() << "): disk full not simulated";
    const fs::path db = small / "db";
    const std::string indexer = bin("indexer") + " -q --db " + quoted(db);
    ASSERT_EQ(run(indexer + " " + quoted(test::seed_article_path()), dir).exit_code, 0);

    // 2,225 BBC articles need ~10 MB: commits of 20 fill the 2 MB disk part way. (Under
    // the sanitizers, a leak inside libxapian on ENOSPC is suppressed for this run: see
    // the suppression file.)
    constexpr Xapian::doccount kCommitEvery = 20;
    const std::string leaks =
        "LSAN_OPTIONS='suppressions=" + test::project_path("tests/lsan_xapian_enospc.supp").string() +
        ":print_suppressions=0' ";
    const CommandRun full = run(leaks + indexer + " -j1 --commit-every " + std::to_string(kCommitEvery) + " " +
                                    quoted(test::project_path("corpus/bbc.jsonl.zst")),
                                dir);
    EXPECT_EQ(full.exit_code, 1);
    EXPECT_TRUE(one_line(full.err)) << full.err;
    EXPECT_EQ(full.err.rfind("indexer: ", 0), 0u) << full.err;
    EXPECT_NE(full.err.find("No space left on device"), std::string::npos) << full.err;

    // The database is as of a commit: whole batches, consistent, searchable. Checked by
    // the xapian-check tool: Database::check() in libxapian 1.4.22 trips ASan
    // (new-delete-type-mismatch inside the library), which would fail the sanitizer build.
    const CommandRun check = run("xapian-check " + quoted(db), dir);
    if (check.exit_code == 127) {
        std::cout << "xapian-check not installed (Debian: xapian-tools): consistency not checked\n";
    } else {
        EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
        EXPECT_NE(check.out.find("No errors found"), std::string::npos) << check.out;
    }
    const Xapian::doccount count = Xapian::Database(db.string()).get_doccount();
    EXPECT_EQ((count - 1) % kCommitEvery, 0u) << count << " documents: not the seed plus whole batches";
    const CommandRun search = run(bin("searcher") + " --db " + quoted(db) + " --format tsv cyber dialogue", dir);
    EXPECT_EQ(search.exit_code, 0) << search.err;
    EXPECT_NE(search.out.find("thehill-xi-cyber-dialogue"), std::string::npos) << search.out;
    std::cout << "disk full after " << count << " documents committed\n";
}

}  // namespace
}  // namespace news
