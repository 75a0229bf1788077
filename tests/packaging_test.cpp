// The programs as installed: named after argv[0], --version contents.
#include <filesystem>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "common/cli_support.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using test::CommandRun;

TEST(ProgramName, IsTheLastComponentOfArgv0) {
    EXPECT_EQ(program_name("/usr/bin/news-searcher", "searcher"), "news-searcher");
    EXPECT_EQ(program_name("build/bin/searcher", "searcher"), "searcher");
    EXPECT_EQ(program_name("indexer", "x"), "indexer");
}

TEST(ProgramName, FallsBackWhenArgv0IsMissingOrEndsInASlash) {
    EXPECT_EQ(program_name(nullptr, "searcher"), "searcher");
    EXPECT_EQ(program_name("", "searcher"), "searcher");
    EXPECT_EQ(program_name("/usr/bin/", "searcher"), "searcher");
}

TEST(SiblingProgram, TakesTheSamePrefixAsTheRunningProgram) {
    EXPECT_EQ(sibling_program("news-searcher", "searcher", "indexer"), "news-indexer");
    EXPECT_EQ(sibling_program("searcher", "searcher", "indexer"), "indexer");
    EXPECT_EQ(sibling_program("my-search", "searcher", "indexer"), "indexer");
}

/// A link named `name` to the built program `program`, so that it runs under that name.
std::string linked_as(const test::TempDir& dir, const std::string& program, const std::string& name) {
    const std::filesystem::path link = dir / name;
    std::filesystem::create_symlink(test::program(program), link);
    return link.string();
}

TEST(InstalledName, UsageTextAndMessagesUseTheNameTheProgramRunsAs) {
    test::TempDir dir;
    const std::string searcher = linked_as(dir, "searcher", "news-searcher");
    const CommandRun help = test::run_command(searcher + " --help");
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_EQ(help.out.rfind("Usage: news-searcher [OPTIONS] QUERY...\n", 0), 0u) << help.out;
    EXPECT_NE(help.out.find("built by news-indexer;"), std::string::npos) << help.out;

    const CommandRun wrong = test::run_command(searcher + " --no-such-option 2>&1");
    EXPECT_EQ(wrong.exit_code, 2);
    EXPECT_EQ(wrong.out.rfind("news-searcher: ", 0), 0u) << wrong.out;
    EXPECT_NE(wrong.out.find("Try 'news-searcher --help'"), std::string::npos) << wrong.out;

    const std::string indexer = linked_as(dir, "indexer", "news-indexer");
    EXPECT_EQ(test::run_command(indexer + " --help").out.rfind("Usage: news-indexer [OPTIONS] PATH...\n", 0), 0u);
    const std::string evaluate = linked_as(dir, "evaluate", "news-evaluate");
    const CommandRun evaluate_help = test::run_command(evaluate + " --help");
    EXPECT_EQ(evaluate_help.out.rfind("Usage: news-evaluate [OPTIONS] QRELS RUN\n", 0), 0u) << evaluate_help.out;
    EXPECT_NE(evaluate_help.out.find("output of 'news-searcher --format trec"), std::string::npos) << evaluate_help.out;
}

TEST(Version, NamesTheReleaseTheRevisionAndTheLibrariesInUse) {
    for (const char* program : {"indexer", "searcher", "evaluate"}) {
        const CommandRun v = test::run_command(test::program(program) + " --version");
        EXPECT_EQ(v.exit_code, 0);
        const std::regex expected(std::string(program) +
                                  R"( \(news-search\) \d+\.\d+\.\d+\nrevision \S+\nXapian \d+\.\d+\.\d+, zstd \d+\.\d+\.\d+\n)");
        EXPECT_TRUE(std::regex_match(v.out, expected)) << v.out;
    }
}

TEST(Version, RevisionIsTheGitDescriptionOfThisCheckoutOrUnknown) {
    const std::string revision(build_revision());
    ASSERT_FALSE(revision.empty());
    if (!std::filesystem::exists(test::project_path(".git"))) {
        EXPECT_EQ(revision, "unknown");
        return;
    }
    // The abbreviated commit the build saw is an ancestor of (or is) HEAD now.
    std::smatch hash;
    ASSERT_TRUE(std::regex_search(revision, hash, std::regex("(?:^|-g)([0-9a-f]{7,40})(?:-dirty)?$"))) << revision;
    const CommandRun ancestor = test::run_command("git -C " + test::project_path("").string() +
                                                  " merge-base --is-ancestor " + hash[1].str() + " HEAD");
    EXPECT_EQ(ancestor.exit_code, 0) << revision;
}

}  // namespace
}  // namespace news
