#include "common/cli_app.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "common/cli_support.hpp"

namespace news::cli {
namespace {

/// A program with one option of its own, --db given as `add_db` adds it, and positionals.
struct Program {
    std::string name = "prog";
    std::vector<std::string> positionals;
    std::vector<std::string> dbs;
    unsigned count = 0;
    int help_calls = 0;

    std::optional<po::variables_map> parse(std::vector<std::string> args) {
        po::options_description options = standard_options();
        add_database_option(options, dbs, "PATH", "databases");
        options.add_options()("count", po::value(&count)->value_name("N"), "a number");
        std::vector<char*> argv{name.data()};
        for (std::string& arg : args) argv.push_back(arg.data());
        return parse_command_line(static_cast<int>(argv.size()), argv.data(),
                                  {.program = name,
                                   .options = options,
                                   .positional_name = "word",
                                   .positionals = &positionals,
                                   .print_help = [this](const std::string& program, const po::options_description&) {
                                       EXPECT_EQ(program, name);
                                       ++help_calls;
                                   }});
    }

    /// The message of the UsageError parsing `args` throws, or "(no error)".
    std::string usage_error(std::vector<std::string> args) {
        try {
            parse(std::move(args));
        } catch (const UsageError& e) {
            return e.what();
        }
        return "(no error)";
    }
};

TEST(ParseCommandLine, StoresOptionsAndPositionalsWhereTheProgramPointsThem) {
    Program p;
    const auto vm = p.parse({"one", "--count", "3", "two", "-d", "a", "--db", "b"});
    ASSERT_TRUE(vm.has_value());
    EXPECT_EQ(p.positionals, (std::vector<std::string>{"one", "two"}));
    EXPECT_EQ(p.count, 3u);
    EXPECT_EQ(p.dbs, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(vm->count("count"), 1u);
    EXPECT_EQ(vm->count("help"), 0u);
}

TEST(ParseCommandLine, BoostErrorsBecomeUsageErrorsWithBoostsMessage) {
    Program p;
    EXPECT_EQ(p.usage_error({"--bogus"}), "unrecognised option '--bogus'");
    EXPECT_EQ(p.usage_error({"--count", "many"}), "the argument ('many') for option '--count' is invalid");
    EXPECT_EQ(p.usage_error({"--count"}), "the required argument for option '--count' is missing");
}

TEST(ParseCommandLine, HelpAndVersionAreAnsweredAndNothingIsReturned) {
    Program p;
    EXPECT_FALSE(p.parse({"--help"}).has_value());
    EXPECT_FALSE(p.parse({"-h", "--count", "3"}).has_value());
    EXPECT_EQ(p.help_calls, 2);
    testing::internal::CaptureStdout();
    EXPECT_FALSE(p.parse({"--version"}).has_value());
    EXPECT_EQ(testing::internal::GetCapturedStdout(), version_text("prog"));
    EXPECT_EQ(p.help_calls, 2);
}

TEST(DatabaseOption, OneDatabaseMayBeGivenOnceAndItsHelpNamesTheDefault) {
    std::string db;
    po::options_description options = standard_options();
    add_database_option(options, db, "DIR", "database folder");
    std::ostringstream help;
    help << options;
    EXPECT_NE(help.str().find("-d [ --db ] DIR"), std::string::npos) << help.str();
    EXPECT_NE(help.str().find("database folder; default: $NEWS_SEARCH_DB, else"), std::string::npos) << help.str();
    char program[] = "prog", flag[] = "--db", a[] = "a", b[] = "b";
    char* argv[] = {program, flag, a, flag, b};
    std::vector<std::string> none;
    try {
        parse_command_line(
            5, argv,
            {.program = "prog", .options = options, .positional_name = "word", .positionals = &none, .print_help = {}});
        ADD_FAILURE() << "two --db accepted: " << db;
    } catch (const UsageError& e) {
        EXPECT_EQ(std::string(e.what()), "option '--db' cannot be specified more than once");
    }
}

}  // namespace
}  // namespace news::cli
