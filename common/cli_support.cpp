#include "common/cli_support.hpp"

#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iostream>

#include "common/build_info.hpp"
#include "common/terminal_text.hpp"
#include "common/zstd_codec.hpp"

namespace news {

namespace {

int run_body(std::string_view program, const std::function<int()>& body) {
    // Messages quote paths, ids and queries: escaped, so that none reaches the terminal raw.
    try {
        return body();
    } catch (const UsageError& e) {
        std::cerr << program << ": " << escape_for_message(e.what()) << "\nTry '" << program
                  << " --help' for more information.\n";
        return kExitUsage;
    } catch (const Xapian::DatabaseLockError& e) {
        // Also what Xapian throws when the lock file cannot be created (a read-only folder).
        if (e.get_msg().find("already locked") != std::string::npos)
            std::cerr << program << ": the database is locked by another writer (another indexer is running?)\n";
        else
            std::cerr << program << ": cannot write to the database: " << escape_for_message(e.get_msg()) << '\n';
        return kExitRuntimeError;
    } catch (const Xapian::Error& e) {
        std::cerr << program << ": " << escape_for_message(e.get_description()) << '\n';
        return kExitRuntimeError;
    } catch (const std::exception& e) {
        std::cerr << program << ": " << escape_for_message(e.what()) << '\n';
        return kExitRuntimeError;
    }
}

}  // namespace

int run_main(std::string_view program, const std::function<int()>& body) {
    const int code = run_body(program, body);
    // Output still buffered is written now, and a write that failed, now or before (a full
    // disk, a closed stdout), is an error: `--help > /dev/full` must not exit 0. Both
    // streams: the programs write with std::cout, some with and some without stdio sync,
    // and with printf.
    errno = 0;
    std::cout.flush();
    int error = errno;
    const bool cout_failed = !std::cout;
    if (std::fflush(stdout) != 0 && error == 0) error = errno;
    if (!cout_failed && !std::ferror(stdout)) return code;
    std::cerr << program << ": cannot write to standard output"
              << (error != 0 ? std::string(": ") + std::strerror(error) : "") << '\n';
    return code == kExitOk ? kExitRuntimeError : code;
}

std::string default_database_path() {
    if (const char* env = std::getenv(std::string(kDatabaseEnv).c_str()); env && *env) return env;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        return (std::filesystem::path(xdg) / "news-search" / "db").string();
    if (const char* home = std::getenv("HOME"); home && *home)
        return (std::filesystem::path(home) / ".local" / "share" / "news-search" / "db").string();
    return "news-search.db";
}

std::string normalize_database_path(const std::string& path) {
    namespace fs = std::filesystem;
    if (path.empty()) throw UsageError("--db: empty path");
    fs::path normal = fs::weakly_canonical(fs::absolute(path)).lexically_normal();
    if (!normal.has_filename()) normal = normal.parent_path();  // "DB/" -> "DB"
    if (normal == normal.root_path())
        throw UsageError("--db " + path + ": the database needs a folder of its own, not the root folder");
    return normal.string();
}

bool is_terminal(int fd) { return ::isatty(fd) == 1; }

std::optional<ColorChoice> parse_color_choice(std::string_view name) {
    if (name == "auto") return ColorChoice::kAuto;
    if (name == "always") return ColorChoice::kAlways;
    if (name == "never") return ColorChoice::kNever;
    return std::nullopt;
}

bool stdout_wants_color(ColorChoice choice) {
    if (choice != ColorChoice::kAuto) return choice == ColorChoice::kAlways;
    // no-color.org: a NO_COLOR that is set and not empty turns off colour chosen by default,
    // never colour the user asked for (--color=always).
    const char* no_color = std::getenv("NO_COLOR");
    return is_terminal(STDOUT_FILENO) && !(no_color && *no_color);
}

std::string program_name(const char* argv0, std::string_view fallback) {
    if (argv0 == nullptr || *argv0 == '\0') return std::string(fallback);
    std::string_view path(argv0);
    if (const auto slash = path.find_last_of('/'); slash != std::string_view::npos) path.remove_prefix(slash + 1);
    return path.empty() ? std::string(fallback) : std::string(path);
}

std::string sibling_program(std::string_view self, std::string_view self_build_name, std::string_view other) {
    if (!self.ends_with(self_build_name)) return std::string(other);
    self.remove_suffix(self_build_name.size());
    return std::string(self) + std::string(other);
}

std::string_view build_revision() { return kBuildRevision; }

std::string version_text(std::string_view program) {
    return std::string(program) + " (news-search) " NEWS_VERSION "\nrevision " + std::string(build_revision()) +
           "\nXapian " + Xapian::version_string() + ", zstd " + zstd_version() + "\n";
}

ProgressLine::ProgressLine(bool enabled) : enabled_(enabled && is_terminal(STDERR_FILENO)) {}

ProgressLine::~ProgressLine() { clear(); }

void ProgressLine::update(const std::function<std::string()>& make_text) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now < next_) return;
    next_ = now + std::chrono::milliseconds(200);
    std::cerr << "\r\033[K" << make_text() << std::flush;
    shown_ = true;
}

void ProgressLine::clear() {
    if (!shown_) return;
    std::cerr << "\r\033[K" << std::flush;
    shown_ = false;
}

}  // namespace news
