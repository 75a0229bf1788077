// A database from someone else must not run a program: Xapian runs the PROGRAM of a stub line
// `remote :PROGRAM ARGS` when it opens the stub (and follows nested stubs), so the programs
// refuse such lines unless --allow-stub-programs is given (issue 20, item 12).
#include <gtest/gtest.h>
#include <xapian.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "common/stub_file.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using test::CommandRun;

/// A folder holding a "database" whose stub would create `marker` if its program ran.
class StubPolicy : public ::testing::Test {
  protected:
    /// The stub line that would run a program: touch creates the marker file.
    std::string program_line() const { return "remote :/usr/bin/touch " + marker().string() + "\n"; }
    fs::path marker() const { return dir_ / "ran"; }
    std::string db() const { return (dir_ / "news.db").string(); }
    std::string seed() const { return test::project_path("corpus/seed").string(); }

    /// Runs a program line; stderr goes to the captured output.
    static CommandRun run(const std::string& program, const std::string& args) {
        return test::run_command(test::program(program) + " " + args + " 2>&1");
    }

    /// Both the indexer and the searcher refuse `db()`, exit 1, and the program did not run.
    void expect_refused_by_both(const std::string& stub_named) {
        for (const std::string& command : {test::program("searcher") + " --db " + db() + " china",
                                           test::program("indexer") + " --quiet --db " + db() + " " + seed()}) {
            const CommandRun r = test::run_command(command + " 2>&1");
            EXPECT_EQ(r.exit_code, 1) << command << "\n" << r.out;
            EXPECT_NE(r.out.find(stub_named + ", line 1: 'remote :/usr/bin/touch "), std::string::npos)
                << command << "\n"
                << r.out;
            EXPECT_NE(r.out.find("would run a program: refused"), std::string::npos) << r.out;
            EXPECT_NE(r.out.find("--allow-stub-programs"), std::string::npos) << r.out;
            EXPECT_FALSE(fs::exists(marker())) << command << " ran the stub's program";
        }
    }

    test::TempDir dir_;
};

TEST_F(StubPolicy, AProgramLineInADatabaseFolderIsRefusedByTheSearcherAndTheIndexer) {
    test::write_file(db() + "/XAPIANDB", program_line());
    expect_refused_by_both(db() + "/XAPIANDB");
}

TEST_F(StubPolicy, AProgramLineInANestedStubIsRefused) {
    test::write_file(db() + "/XAPIANDB", "# shards\nauto other.stub\n");
    test::write_file(db() + "/other.stub", program_line());
    expect_refused_by_both(db() + "/other.stub");
}

TEST_F(StubPolicy, AProgramLineInAStubFolderListedByAutoIsRefused) {
    test::write_file(db() + "/XAPIANDB", "auto inner\n");
    test::write_file(db() + "/inner/XAPIANDB", program_line());
    expect_refused_by_both(db() + "/inner/XAPIANDB");
}

TEST_F(StubPolicy, AStubFileThatLooksBinaryIsStillReadAsXapianReadsIt) {
    // Xapian reads any regular file that is not a single-file glass database as a stub: a
    // control character in a comment does not make the next line harmless.
    test::write_file(db() + "/XAPIANDB", "auto inner.stub\n");
    test::write_file(db() + "/inner.stub", std::string("#\x01\x02\n") + program_line());
    const CommandRun r = run("searcher", "--db " + db() + " china");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("inner.stub, line 2: 'remote :/usr/bin/touch "), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(marker())) << r.out;
}

TEST_F(StubPolicy, AGlassLineIsOpenedAsGlassNotFollowedAsAStub) {
    // "glass PATH" names a glass database: the searcher must not let Xapian look for a
    // stub in PATH, whose program would then run unchecked.
    test::write_file(db() + "/XAPIANDB", "glass inner\n");
    test::write_file(db() + "/inner/XAPIANDB", program_line());
    const CommandRun r = run("searcher", "--db " + db() + " china");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_FALSE(fs::exists(marker())) << r.out;
}

TEST_F(StubPolicy, TheIndexerRefusesAShardFolderThatIsAStub) {
    // A sharded database is opened shard by shard, not through its XAPIANDB.
    test::write_file(db() + "/shard0/XAPIANDB", program_line());
    const CommandRun r = run("indexer", "--quiet --db " + db() + " " + seed());
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("shard0/XAPIANDB, line 1: 'remote :/usr/bin/touch "), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(marker())) << r.out;
}

TEST_F(StubPolicy, TheIndexerReadsACarriageReturnAsPartOfThePathAsXapianDoes) {
    // Xapian keeps a line's '\r': "auto inner\r" opens the folder "inner\r", not "inner".
    test::write_file(db() + "/XAPIANDB", "auto inner\r\n");
    test::write_file(db() + "/inner\r/XAPIANDB", program_line());
    const CommandRun r = run("indexer", "--quiet --db " + db() + " " + seed());
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_FALSE(fs::exists(marker())) << r.out;
}

TEST_F(StubPolicy, RemoteTcpLinesAreStillAllowed) {
    // Nothing listens on port 1: the searcher gets as far as connecting, and says so.
    test::write_file(db() + "/XAPIANDB", "remote 127.0.0.1:1\n");
    const CommandRun r = run("searcher", "--db " + db() + " china");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("cannot open shard 127.0.0.1:1"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find("refused, since"), std::string::npos) << r.out;
}

TEST_F(StubPolicy, WithAllowStubProgramsTheProgramRuns) {
    // touch is no database server, so opening fails after it ran: what counts is that it ran.
    test::write_file(db() + "/XAPIANDB", program_line());
    const CommandRun searcher = run("searcher", "--allow-stub-programs --db " + db() + " china");
    EXPECT_EQ(searcher.exit_code, 1) << searcher.out;
    EXPECT_TRUE(fs::exists(marker())) << searcher.out;
    fs::remove(marker());
    const CommandRun indexer = run("indexer", "--allow-stub-programs --quiet --db " + db() + " " + seed());
    EXPECT_EQ(indexer.exit_code, 1) << indexer.out;
    EXPECT_TRUE(fs::exists(marker())) << indexer.out;
}

TEST_F(StubPolicy, WithAllowStubProgramsXapianProgsrvServesTheSearcher) {
    if (std::system("command -v xapian-progsrv >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "needs xapian-progsrv (Debian: xapian-tools)";
    const std::string local = (dir_ / "local.db").string();
    const CommandRun indexed = run("indexer", "--quiet --db " + local + " " + seed());
    ASSERT_EQ(indexed.exit_code, 0) << indexed.out;
    test::write_file(dir_ / "progsrv.stub", "remote :xapian-progsrv " + local + "\n");
    const std::string stub = (dir_ / "progsrv.stub").string();

    const CommandRun refused = run("searcher", "--db " + stub + " cyber dialogue");
    EXPECT_EQ(refused.exit_code, 1) << refused.out;
    EXPECT_NE(refused.out.find("progsrv.stub, line 1: 'remote :xapian-progsrv "), std::string::npos) << refused.out;

    const CommandRun allowed = run("searcher", "--allow-stub-programs --format tsv --db " + stub + " cyber dialogue");
    EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
    EXPECT_NE(allowed.out.find("thehill"), std::string::npos) << allowed.out;

    // The indexer writes through `xapian-progsrv --writable` the same way.
    test::write_file(dir_ / "writable.stub", "remote :xapian-progsrv --writable " + local + "\n");
    const std::string writable = (dir_ / "writable.stub").string();
    EXPECT_EQ(run("indexer", "--quiet --db " + writable + " " + seed()).exit_code, 1);
    const CommandRun reindexed = run("indexer", "--allow-stub-programs --db " + writable + " " + seed());
    EXPECT_EQ(reindexed.exit_code, 0) << reindexed.out;
    EXPECT_EQ(reindexed.out.rfind("0 added, 0 updated, 1 unchanged, ", 0), 0u) << reindexed.out;
}

TEST_F(StubPolicy, ExpansionNamesTheStubLineAndItsTextWhenItRefusesAProgram) {
    test::write_file(dir_ / "mixed.stub", "auto a\nremote 10.0.0.1:7001\n" + program_line());
    try {
        expand_database_path((dir_ / "mixed.stub").string(), StubPrograms::kRefuse);
        FAIL() << "a program line was read without being allowed";
    } catch (const StubProgramError& e) {
        EXPECT_EQ(std::string(e.what()),
                  (dir_ / "mixed.stub").string() + ", line 3: 'remote :/usr/bin/touch " + marker().string() +
                      "' would run a program: refused, since a database from someone else could run any command "
                      "this way (pass --allow-stub-programs if you trust it)");
    }
    const auto allowed = expand_database_path((dir_ / "mixed.stub").string(), StubPrograms::kAllow);
    ASSERT_EQ(allowed.size(), 3u);
    EXPECT_EQ(allowed[2].kind, ShardSpec::Kind::kRemoteProgram);
    EXPECT_EQ(allowed[2].location, "/usr/bin/touch");
}

TEST_F(StubPolicy, TheLibrariesRefuseProgramsUnlessTheirCallerAllowsThem) {
    // The command-line options only relax a default that every caller of the libraries gets.
    test::write_file(db() + "/XAPIANDB", program_line());
    EXPECT_THROW(SearchEngine engine(db()), StubProgramError);
    EXPECT_THROW(IndexBuilder builder(db(), IndexOptions{}), StubProgramError);
    EXPECT_THROW(refuse_stub_programs(db()), StubProgramError);
    EXPECT_FALSE(fs::exists(marker()));
    EXPECT_NO_THROW(refuse_stub_programs((dir_ / "nothing here").string()));
}

TEST_F(StubPolicy, ASingleFileGlassDatabaseIsADatabaseNotAStub) {
    const std::string local = (dir_ / "local.db").string();
    const CommandRun indexed = run("indexer", "--quiet --db " + local + " " + seed());
    ASSERT_EQ(indexed.exit_code, 0) << indexed.out;
    const std::string single = (dir_ / "single.glass").string();
    Xapian::Database(local).compact(single, Xapian::DBCOMPACT_SINGLE_FILE);

    const auto specs = expand_database_path(single, StubPrograms::kRefuse);
    ASSERT_EQ(specs.size(), 1u);
    EXPECT_EQ(specs[0].kind, ShardSpec::Kind::kLocal);
    EXPECT_NO_THROW(refuse_stub_programs(single));
    const CommandRun r = run("searcher", "--format tsv --db " + single + " cyber dialogue");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("thehill"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace news
