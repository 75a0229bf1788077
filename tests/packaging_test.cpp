// The programs as installed: named after argv[0], --version, and the man pages and shell
// completions generated from --help at build time (packaging/CMakeLists.txt), which must
// cover every option --help lists. The Debian package: tests/package_test.sh.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "common/cli_support.hpp"
#include "common/schema.hpp"
#include "common/stored_record.hpp"
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
        const std::regex expected(
            std::string(program) +
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

/// Each installed program and what it is built as (news-serve: scripts/serve.sh).
struct Installed {
    std::string name;
    std::string built;
};
const std::vector<Installed> kInstalled = {{"news-indexer", test::program("indexer")},
                                           {"news-searcher", test::program("searcher")},
                                           {"news-evaluate", test::program("evaluate")},
                                           {"news-serve", test::project_path("scripts/serve.sh").string()}};

std::filesystem::path packaging_output(const std::string& relative) {
    return std::filesystem::path(NEWS_BINARY_DIR) / "packaging" / relative;
}

/// The options --help lists, long and short ("--db", "-d"), from the lines of its Options
/// section (Boost: "  -d [ --db ] DIR", GNU: "  -h, --help").
std::set<std::string> help_options(const std::string& program) {
    const CommandRun help = test::run_command(program + " --help");
    EXPECT_EQ(help.exit_code, 0) << program;
    std::set<std::string> options;
    std::istringstream in(help.out);
    bool in_options = false;
    const std::regex option(R"((--[a-z0-9][a-z0-9-]*|-[a-zA-Z0-9])\b)");
    for (std::string line; std::getline(in, line);) {
        if (line == "Options:")
            in_options = true;
        else if (line.empty())
            in_options = false;
        else if (in_options && line.rfind("  -", 0) == 0) {
            // The option names come before the description, which starts after 2+ spaces.
            const std::string names = line.substr(2, line.find("  ", 2) - 2);
            for (std::sregex_iterator it(names.begin(), names.end(), option), end; it != end; ++it)
                options.insert((*it)[1].str());
        }
    }
    return options;
}

/// A man page as text: the troff source without font changes and escapes.
std::string man_page_text(const std::filesystem::path& page) {
    std::string text = test::read_file(page);
    text = std::regex_replace(text, std::regex(R"(\\f[BIRP]|\\f\(..|\\[,/&])"), "");
    return std::regex_replace(text, std::regex(R"(\\-)"), "-");
}

TEST(ManPage, EveryOptionOfHelpIsInTheManPage) {
    for (const Installed& program : kInstalled) {
        const auto page = packaging_output("man/" + program.name + ".1");
        if (!std::filesystem::exists(page))
            GTEST_SKIP() << "no " << page << ": help2man was not found at configure time";
        const std::string text = man_page_text(page);
        const std::set<std::string> options = help_options(program.built);
        EXPECT_GE(options.size(), 2u) << program.name;  // at least --help and --version
        for (const std::string& option : options) {
            const std::regex whole(std::regex_replace(option, std::regex("-"), "\\-") + "(?![a-z0-9-])");
            EXPECT_TRUE(std::regex_search(text, whole)) << program.name << ".1 lacks " << option;
        }
    }
}

TEST(ManPage, NamesTheInstalledProgramAndItsSummary) {
    const auto page = packaging_output("man/news-searcher.1");
    if (!std::filesystem::exists(page)) GTEST_SKIP() << "no " << page << ": help2man was not found at configure time";
    const std::string text = man_page_text(page);
    EXPECT_TRUE(std::regex_search(text, std::regex(R"(\.TH NEWS-SEARCHER "1" "[^"]*" "news-search \d+\.\d+\.\d+")")))
        << text.substr(0, 300);
    EXPECT_NE(text.find("news-searcher - search a news article database"), std::string::npos);
    EXPECT_NE(text.find(".SH SYNOPSIS\n.B news-searcher\n[OPTIONS] QUERY..."), std::string::npos)
        << text.substr(0, 300);
    EXPECT_NE(text.find(".SH ENVIRONMENT"), std::string::npos);
}

/// What the bash completion of `program` offers when the last of `words` is being completed,
/// run in `folder`.
std::vector<std::string> bash_completions(const std::string& program, const std::vector<std::string>& words,
                                          const std::filesystem::path& folder = std::filesystem::current_path()) {
    test::TempDir dir;
    std::string script = "source '" + packaging_output("completions/bash/" + program).string() + "' || exit 3\n";
    script += "cd '" + folder.string() + "' || exit 3\nCOMP_WORDS=(";
    for (const std::string& w : words) script += "'" + w + "' ";
    script += ")\nCOMP_CWORD=" + std::to_string(words.size() - 1) + "\n";
    script += "_" + std::regex_replace(program, std::regex("-"), "_") + "\n";
    script += "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    test::write_file(dir / "complete.sh", script);
    const CommandRun run = test::run_command("bash " + (dir / "complete.sh").string() + " 2>/dev/null");
    EXPECT_EQ(run.exit_code, 0) << script;
    std::vector<std::string> offered;
    std::istringstream in(run.out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) offered.push_back(line);
    std::sort(offered.begin(), offered.end());
    return offered;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

TEST(BashCompletion, OffersEveryLongOptionOfHelp) {
    for (const Installed& program : kInstalled) {
        std::vector<std::string> expected;
        for (const std::string& option : help_options(program.built))
            if (option.rfind("--", 0) == 0) expected.push_back(option);
        EXPECT_EQ(bash_completions(program.name, {program.name, "--"}), sorted(expected)) << program.name;
    }
}

TEST(BashCompletion, OffersTheValuesTheProgramAccepts) {
    EXPECT_EQ(bash_completions("news-searcher", {"news-searcher", "--sort", ""}),
              sorted({"relevance", "newest", "oldest"}));
    EXPECT_EQ(bash_completions("news-searcher", {"news-searcher", "-f", "t"}), sorted({"trec", "text", "tsv"}));
    // --format=j: bash splits the word at '='.
    EXPECT_EQ(bash_completions("news-searcher", {"news-searcher", "--format", "=", "j"}), sorted({"json", "jsonl"}));
    EXPECT_EQ(bash_completions("news-searcher", {"news-searcher", "--facets", "source,c"}),
              sorted({"source,category"}));
    EXPECT_EQ(bash_completions("news-indexer", {"news-indexer", "--format", ""}),
              sorted({"auto", "text", "jsonl", "csv", "tsv", "reuters", "trec", "html"}));
    EXPECT_EQ(bash_completions("news-evaluate", {"news-evaluate", "--format", ""}), sorted({"text", "json"}));
    EXPECT_EQ(bash_completions("news-indexer", {"news-indexer", "--language", "germ"}), sorted({"german", "german2"}));
    EXPECT_EQ(bash_completions("news-searcher", {"news-searcher", "--language", "sp"}), sorted({"spanish"}));
    // Every offered value is one the program takes: no usage error (exit 2) for it.
    for (const std::string& sort : bash_completions("news-searcher", {"news-searcher", "--sort", ""}))
        EXPECT_EQ(
            test::run_command(test::program("searcher") + " --db /nonexistent/db --sort " + sort + " x 2>/dev/null")
                .exit_code,
            1)
            << sort;
}

TEST(BashCompletion, CompletesFoldersForTheDatabaseAndFilesForInputs) {
    test::TempDir dir;
    test::write_file(dir / "corpus.jsonl", "{}\n");
    std::filesystem::create_directory(dir / "cdb");
    EXPECT_EQ(bash_completions("news-indexer", {"news-indexer", "--db", "c"}, dir.path()), sorted({"cdb"}));
    EXPECT_EQ(bash_completions("news-indexer", {"news-indexer", "c"}, dir.path()), sorted({"cdb", "corpus.jsonl"}));
    EXPECT_EQ(bash_completions("news-searcher", {"news-searcher", "--queries", "co"}, dir.path()),
              sorted({"corpus.jsonl"}));
    EXPECT_EQ(bash_completions("news-serve", {"news-serve", "c"}, dir.path()), sorted({"cdb"}));
    // Query words: nothing to offer.
    EXPECT_TRUE(bash_completions("news-searcher", {"news-searcher", "c"}, dir.path()).empty());
}

TEST(ZshCompletion, DeclaresEveryOptionOfHelpForItsCommand) {
    for (const Installed& program : kInstalled) {
        const std::string text = test::read_file(packaging_output("completions/zsh/_" + program.name));
        EXPECT_EQ(text.rfind("#compdef " + program.name + "\n", 0), 0u) << program.name;
        for (const std::string& option : help_options(program.built)) {
            // '--db=[...]', '{-d+,--db=}', '--all[...]' ...
            const std::regex declared("[{'*,)]" + option + "[=+,\\[}]");
            EXPECT_TRUE(std::regex_search(text, declared)) << "_" << program.name << " lacks " << option;
        }
    }
}

/// Every match of `pattern`'s first group in `text`.
std::vector<std::string> all_matches(const std::string& text, const std::string& pattern) {
    std::vector<std::string> found;
    const std::regex re(pattern);
    for (std::sregex_iterator it(text.begin(), text.end(), re), end; it != end; ++it) found.push_back((*it)[1].str());
    return found;
}

TEST(DatabaseDocs, NameEveryPrefixSlotMetadataKeyAndVersionOfTheSchema) {
    const std::string schema = test::read_file(test::project_path("common/schema.hpp"));
    const std::string doc = test::read_file(test::project_path("docs/database.md"));
    const auto prefixes = all_matches(schema, R"re(constexpr std::string_view k\w+Prefix = "([^"]+)")re");
    const auto slots = all_matches(schema, R"re(\bk\w+Slot = (\d+),)re");
    const auto keys = all_matches(schema, R"re(constexpr std::string_view k\w+Key = "([^"]+)")re");
    // What schema.hpp holds today, so that a change in its spelling cannot empty the lists.
    EXPECT_GE(prefixes.size(), 10u);
    EXPECT_GE(slots.size(), 8u);
    EXPECT_GE(keys.size(), 4u);
    const std::string update = " is not in docs/database.md: describe it there";
    for (const std::string& prefix : prefixes)
        EXPECT_NE(doc.find("`" + prefix + "`"), std::string::npos) << "term prefix " << prefix << update;
    for (const std::string& slot : slots)
        EXPECT_NE(doc.find("\n| " + slot + " |"), std::string::npos) << "value slot " << slot << update;
    for (const std::string& key : keys)
        EXPECT_NE(doc.find("`" + key), std::string::npos) << "metadata key " << key << update;
    EXPECT_NE(doc.find("currently **" + std::to_string(schema::kSchemaVersion) + "**"), std::string::npos)
        << "schema version " << schema::kSchemaVersion << update;
    EXPECT_NE(doc.find("currently **" + std::to_string(kStoredRecordVersion) + "**"), std::string::npos)
        << "stored-record version " << int{kStoredRecordVersion} << update;
}

}  // namespace
}  // namespace news
