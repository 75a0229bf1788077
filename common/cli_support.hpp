/// @file cli_support.hpp
/// @brief What both programs share at their edge: exit codes, error translation, the
/// default database location, terminal detection and progress lines.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace news {

/// Exit codes shared by every program.
enum ExitCode : int { kExitOk = 0, kExitRuntimeError = 1, kExitUsage = 2, kExitInterrupted = 130 };

/// A mistake in how the program was called: reported in one line plus a pointer to --help,
/// exit code 2.
class UsageError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Runs `body` and translates exceptions into one line on stderr prefixed with `program`
/// and an exit code: UsageError (and Boost.Program_options errors, which the caller maps to
/// UsageError) -> 2, Xapian and other errors -> 1. Then flushes standard output: when a
/// write to it failed, says so ("cannot write to standard output: No space left on
/// device") and returns 1 instead of 0.
int run_main(std::string_view program, const std::function<int()>& body);

/// Environment variable that overrides the default database location.
inline constexpr std::string_view kDatabaseEnv = "NEWS_SEARCH_DB";

/// The database used when --db is not given: $NEWS_SEARCH_DB, else
/// $XDG_DATA_HOME/news-search/db, else ~/.local/share/news-search/db, else ./news-search.db.
std::string default_database_path();

/// `path` as an absolute path with no "." or ".." components, symlinks resolved where they
/// exist, and no trailing '/': so "DB/", "." and "link-to-db" name the folder itself, and a
/// sibling work folder or an atomic swap (indexer/compaction.hpp) acts on the real one.
/// Throws UsageError when it is the root folder or empty.
std::string normalize_database_path(const std::string& path);

/// True when file descriptor `fd` is a terminal.
bool is_terminal(int fd);

/// --color=WHEN, ripgrep's convention: auto (a terminal, and NO_COLOR unset or empty),
/// always (even into a pipe, whatever NO_COLOR says) or never.
enum class ColorChoice { kAuto, kAlways, kNever };

/// "auto", "always" or "never"; nullopt for anything else.
std::optional<ColorChoice> parse_color_choice(std::string_view name);

/// The valid --color values, for messages and --help.
inline constexpr std::string_view kColorChoiceNames = "auto, always, never";

/// True when colour/bold output is wanted on stdout under `choice`.
bool stdout_wants_color(ColorChoice choice = ColorChoice::kAuto);

/// The name a program was started under, for its messages and usage text: the last
/// component of `argv0` ("news-searcher" for /usr/bin/news-searcher), or `fallback` when
/// argv0 is null or empty.
std::string program_name(const char* argv0, std::string_view fallback);

/// The name of another program of the suite as installed beside `self`: the same prefix
/// before the build name, so ("news-searcher", "searcher", "indexer") gives "news-indexer"
/// and ("searcher", "searcher", "indexer") gives "indexer". `other` unchanged when `self`
/// does not end with `self_build_name`.
std::string sibling_program(std::string_view self, std::string_view self_build_name, std::string_view other);

/// The source revision the programs were built from: `git describe --always --dirty` when
/// built from a git checkout, else "unknown".
std::string_view build_revision();

/// For --version: "PROGRAM (news-search) VERSION", then the source revision, then the
/// Xapian and zstd library versions in use (asked of the libraries at run time).
std::string version_text(std::string_view program);

/// A single self-overwriting status line on stderr, shown only when stderr is a terminal
/// and not disabled; at most a few updates per second, so it costs nothing in hot loops.
class ProgressLine {
  public:
    explicit ProgressLine(bool enabled);
    ~ProgressLine();
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;

    /// Cheap when called often: formats only when the refresh interval has passed.
    void update(const std::function<std::string()>& make_text);
    /// Erases the line (before printing a normal message or at the end).
    void clear();

  private:
    bool enabled_;
    bool shown_ = false;
    std::chrono::steady_clock::time_point next_;
};

}  // namespace news
