// The searcher side of issue 20, "Nothing lost, nothing hangs, no way in": what a hostile
// probe found, each kept from coming back. The programs are run as a user would run them.
#include <algorithm>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/test_support.hpp"

namespace news {
namespace {

using test::CommandRun;

[[maybe_unused]] std::string bin(const std::string& name) { return test::program(name); }

/// Single-quoted for the shell.
std::string quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// --- serve.sh ---------------------------------------------------------------------------

/// A folder holding a fake xapian-tcpsrv that prints its arguments, one a line, and exits:
/// put first in PATH, it shows how serve.sh would start the real server.
class FakeTcpServer {
  public:
    FakeTcpServer() {
        const auto script = dir_ / "xapian-tcpsrv";
        test::write_file(script, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        std::filesystem::permissions(script, std::filesystem::perms::owner_all);
        std::filesystem::create_directories(dir_ / "db");
    }

    /// Runs serve.sh with `args` after the database; stderr goes to the `err` file.
    CommandRun serve(const std::string& args) const {
        return test::run_command("PATH=" + quoted(dir_.path().string()) + ":\"$PATH\" " +
                                 test::project_path("scripts/serve.sh").string() + " " +
                                 quoted((dir_ / "db").string()) + " " + args + " 2>" + quoted(err_path()));
    }
    std::string err() const { return test::read_file(err_path()); }

  private:
    std::string err_path() const { return (dir_ / "err").string(); }
    test::TempDir dir_;
};

TEST(ServeScript, ListensOnLoopbackOnlyUnlessAnAddressIsGiven) {
    const FakeTcpServer server;
    const CommandRun r = server.serve("7000");
    EXPECT_EQ(r.exit_code, 0) << server.err();
    EXPECT_NE(r.out.find("--interface\n127.0.0.1\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--port\n7000\n"), std::string::npos) << r.out;
    EXPECT_EQ(server.err(), "");
}

TEST(ServeScript, WarnsThatTheProtocolIsOpenWhenServingBeyondLoopback) {
    const FakeTcpServer server;
    const CommandRun r = server.serve("7000 0.0.0.0");
    EXPECT_EQ(r.exit_code, 0) << server.err();
    EXPECT_NE(r.out.find("--interface\n0.0.0.0\n"), std::string::npos) << r.out;
    const std::string err = server.err();
    EXPECT_NE(err.find("serve.sh: warning: serving "), std::string::npos) << err;
    EXPECT_NE(err.find("no authentication or encryption"), std::string::npos) << err;
    EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << "one line: " << err;

    const FakeTcpServer local;
    local.serve("7000 127.0.0.1");
    EXPECT_EQ(local.err(), "") << "loopback given explicitly: nothing to warn about";
}

TEST(ServeScript, HelpNamesTheLoopbackDefault) {
    const CommandRun r = test::run_command(test::project_path("scripts/serve.sh").string() + " --help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("default: 127.0.0.1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("otherwise that of xapian-tcpsrv.\n"), std::string::npos) << "help cut short: " << r.out;
    EXPECT_EQ(r.out.find("Lines 2-"), std::string::npos) << "help runs past its end: " << r.out;
}

}  // namespace
}  // namespace news
