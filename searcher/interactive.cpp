#include "searcher/interactive.hpp"

#include <fcntl.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <sys/select.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "common/cli_support.hpp"
#include "common/terminal_text.hpp"
#include "searcher/explain.hpp"
#include "searcher/histogram.hpp"
#include "searcher/search_settings.hpp"

namespace news {

namespace {

constexpr const char* kPrompt = "search> ";
/// Lines kept in memory and in the history file (bash's default is 500).
constexpr int kHistoryLines = 1000;

/// A mistake in a command line: reported in one line, then the prompt carries on.
class CommandError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct CommandSpec {
    std::string_view name;
    bool takes_argument;
};

constexpr std::array<CommandSpec, 16> kCommands{{
    {"n", false},
    {"p", false},
    {"show", true},
    {"like", true},
    {"explain", true},
    {"sort", true},
    {"since", true},
    {"until", true},
    {"all", false},
    {"any", false},
    {"facets", true},
    {"histogram", true},
    {"terms", true},
    {"help", false},
    {"quit", false},
    {"exit", false},
}};

const CommandSpec* find_command(std::string_view word) {
    const auto it =
        std::find_if(kCommands.begin(), kCommands.end(), [&](const CommandSpec& c) { return c.name == word; });
    return it == kCommands.end() ? nullptr : &*it;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
    return s;
}

/// "show 3" -> {"show", "3"}; the rest is trimmed.
std::pair<std::string_view, std::string_view> split_first_word(std::string_view line) {
    const auto end = std::find_if(line.begin(), line.end(), is_space) - line.begin();
    return {line.substr(0, end), trim(line.substr(end))};
}

std::optional<std::size_t> parse_number(std::string_view text) {
    std::size_t n = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return n;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
    return out;
}

/// `terms` without a number: as many words as fit on a line or two.
constexpr std::size_t kDefaultTerms = 10;

/// The highest hit number looked up: the searcher's deepest page (main.cpp's kMaxOffset).
constexpr std::size_t kMaxHitNumber = 100'000'000;

/// "20150901" -> "2015-09-01", for showing a date filter as it was typed.
std::string iso_day(const std::string& yyyymmdd) {
    if (yyyymmdd.size() != 8) return yyyymmdd;
    return yyyymmdd.substr(0, 4) + "-" + yyyymmdd.substr(4, 2) + "-" + yyyymmdd.substr(6, 2);
}

}  // namespace

CommandInterpreter::CommandInterpreter(SearchEngine& engine, SearchRequest defaults, FormatOptions format, Pager pager)
    : engine_(engine), settings_(std::move(defaults)), format_(std::move(format)), pager_(std::move(pager)) {
    settings_.query.clear();
    settings_.like_id.clear();
    settings_.offset = 0;
    // The prompt shows text whatever --format asked for, so its hits need their articles,
    // snippets and spelling suggestions.
    settings_.stored_articles = true;
    settings_.snippets = true;
    settings_.suggest_spelling = true;
    // n and p step by the page size: a page of none would never move.
    settings_.limit = std::max<Xapian::doccount>(settings_.limit, 1);
}

std::string_view CommandInterpreter::help_text() {
    return "Type a query to search (the same query language as 'searcher QUERY'; see searcher --help).\n"
           "Commands:\n"
           "  n, p               next / previous page of results\n"
           "  show N             read hit N (the number it is listed with, on any page)\n"
           "  like N             articles related to hit N (n and p page through them)\n"
           "  explain N          why hit N scores what it does: each matching term's weight, the tie-break\n"
           "  sort ORDER         relevance, newest or oldest\n"
           "  since DATE         only articles dated on or after DATE (2015-09-01, 2015-09, 2015);\n"
           "  until DATE         ... on or before DATE; without DATE the limit is removed\n"
           "  all, any           require every word of a query / any word (best matches first)\n"
           "  facets LIST        count results by source, category, tag, year (comma-separated);\n"
           "                     without LIST, no counts\n"
           "  histogram INTERVAL count the whole result by day, week (ISO), month or year of its date;\n"
           "                     without INTERVAL, none\n"
           "  terms [N]          the N (default 10) words most distinctive of the results (as --top-terms)\n"
           "  help               this text\n"
           "  quit, exit, Ctrl-D leave (Ctrl-C abandons the line being typed)\n"
           "Settings re-run the current query. To search for words that start with a command name,\n"
           "quote the first one: \"show\" business.\n";
}

const std::vector<std::string_view>& CommandInterpreter::command_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for (const auto& c : kCommands) out.push_back(c.name);
        return out;
    }();
    return names;
}

CommandInterpreter::Outcome CommandInterpreter::execute(std::string_view line, std::ostream& out) {
    line = trim(line);
    if (line.empty()) return Outcome::kContinue;
    try {
        return dispatch(line, out);
    } catch (const CommandError& e) {
        out << terminal_safe(e.what()) << '\n';
    } catch (const Xapian::Error& e) {
        out << "search failed: " << terminal_safe(e.get_description()) << '\n';
    } catch (const std::exception& e) {  // e.g. a damaged stored record, an id deleted meanwhile
        out << "error: " << terminal_safe(e.what()) << '\n';
    }
    return Outcome::kContinue;
}

CommandInterpreter::Outcome CommandInterpreter::dispatch(std::string_view line, std::ostream& out) {
    const auto [word, arg] = split_first_word(line);
    const CommandSpec* command = find_command(word);
    if (!command) {
        SearchRequest request = settings_;
        request.query = std::string(line);
        search(std::move(request), out);
        return Outcome::kContinue;
    }
    if (!command->takes_argument && !arg.empty())
        throw CommandError(std::string(word) + ": takes no argument (to search for these words, quote the first: \"" +
                           std::string(word) + "\" ...)");
    if (word == "quit" || word == "exit") return Outcome::kQuit;
    if (word == "help") {
        out << help_text() << "Now: " << settings_line() << '\n';
    } else if (word == "n" || word == "p") {
        turn_page(word == "n", out);
    } else if (word == "show") {
        show(arg, out);
    } else if (word == "like") {
        like(arg, out);
    } else if (word == "explain") {
        explain(arg, out);
    } else if (word == "terms") {
        terms(arg, out);
    } else {
        if (word == "sort")
            set_sort(arg);
        else if (word == "since" || word == "until")
            set_date(word, arg);
        else if (word == "facets")
            set_facets(arg);
        else if (word == "histogram")
            set_histogram(arg);
        else
            settings_.all_terms = word == "all";
        settings_changed(out);
    }
    return Outcome::kContinue;
}

void CommandInterpreter::search(SearchRequest request, std::ostream& out) {
    SearchResult result = engine_.search(request);  // a --like header names its article itself
    current_ = std::move(request);
    result_ = std::move(result);
    for (const std::string& warning : result_.warnings) out << "warning: " << terminal_safe(warning) << '\n';
    write_text(out, result_, format_);
}

void CommandInterpreter::turn_page(bool forward, std::ostream& out) {
    if (!current_) throw CommandError(std::string(forward ? "n" : "p") + ": no results yet: type a query first");
    SearchRequest request = *current_;
    if (forward) {
        // A short page is the last one; a full page may still be the last, which only the
        // next search can tell.
        if (result_.hits.size() < request.limit) {
            out << "No more results.\n";
            return;
        }
        request.offset += request.limit;
        SearchResult next = engine_.search(request);
        if (next.hits.empty()) {
            out << "No more results.\n";
            return;
        }
    } else {
        if (request.offset == 0) {
            out << "Already at the first page.\n";
            return;
        }
        request.offset -= std::min(request.offset, request.limit);
    }
    search(std::move(request), out);
}

Hit CommandInterpreter::hit_numbered(std::string_view command, std::string_view arg) {
    const std::string name(command);
    if (!current_) throw CommandError(name + ": no results yet: type a query first");
    const auto n = parse_number(arg);
    if (!n || *n == 0) throw CommandError(name + ": expected a hit number, e.g. '" + name + " 1'");
    // N is the number a hit is listed with, its rank in the whole list (11, 12... on page
    // 2), never its place on the page: "show 2" on page 2 would otherwise mean hit 12
    // although a hit numbered 2 was on screen a moment ago.
    for (const Hit& hit : result_.hits)
        if (hit.rank == *n) return hit;
    const std::string missing = name + ": no hit " + std::string(arg) + " in these results";
    if (*n > kMaxHitNumber) throw CommandError(missing);
    // On another page: that hit alone, from the same list (ranked and collapsed alike).
    SearchRequest request = *current_;
    request.offset = static_cast<Xapian::doccount>(*n - 1);
    request.limit = 1;
    request.facets.clear();
    SearchResult one = engine_.search(request);
    if (one.hits.empty()) throw CommandError(missing);
    return std::move(one.hits.front());
}

void CommandInterpreter::show(std::string_view arg, std::ostream& out) {
    const Hit hit = hit_numbered("show", arg);
    if (!hit.error.empty())
        throw CommandError("show: the stored article " + hit.article.id + " is unreadable: " + hit.error);
    std::ostringstream text;
    write_article(text, hit.article, format_);
    if (pager_)
        pager_(text.str());
    else
        out << text.str();
}

void CommandInterpreter::like(std::string_view arg, std::ostream& out) {
    const Hit hit = hit_numbered("like", arg);
    SearchRequest request = settings_;
    request.like_id = hit.article.id;
    search(std::move(request), out);
}

void CommandInterpreter::explain(std::string_view arg, std::ostream& out) {
    const Hit listed = hit_numbered("explain", arg);
    // The hit again, alone and explained, from the same list (ranked and collapsed alike).
    SearchRequest request = *current_;
    request.offset = listed.rank - 1;
    request.limit = 1;
    request.facets.clear();
    request.histogram.reset();
    request.explain = true;
    const SearchResult one = engine_.search(request);
    if (one.hits.empty() || !one.hits.front().explanation)
        throw CommandError("explain: no hit " + std::string(arg) + " in these results");
    const Hit& hit = one.hits.front();
    out << hit.rank << ". " << (hit.article.title.empty() ? "(untitled)" : terminal_safe(hit.article.title)) << " · "
        << terminal_safe(hit.article.id) << '\n';
    write_explanation_text(out, *hit.explanation, hit.score);
}

void CommandInterpreter::terms(std::string_view arg, std::ostream& out) {
    if (!current_) throw CommandError("terms: no results yet: type a query first");
    // The prompt's own bound, as --top-terms': more than anyone reads.
    constexpr std::size_t kMaxTerms = 1000;
    const std::optional<std::size_t> n = arg.empty() ? std::optional<std::size_t>(kDefaultTerms) : parse_number(arg);
    if (!n || *n == 0 || *n > kMaxTerms)
        throw CommandError("terms: expected a number of words from 1 to " + std::to_string(kMaxTerms) +
                           ", e.g. 'terms 20'");
    // The current search again, its page and counts left out: only its best matches matter.
    SearchRequest request = *current_;
    request.offset = 0;
    request.limit = 0;
    request.facets.clear();
    request.histogram.reset();
    request.suggest_spelling = false;
    request.top_terms = *n;
    const SearchResult result = engine_.search(request);
    if (result.top_terms.empty()) {
        out << "terms: no distinctive words in these results\n";
        return;
    }
    write_top_terms_text(out, result, format_.color);
}

void CommandInterpreter::set_sort(std::string_view arg) {
    try {
        settings_.sort = parse_sort_order(arg);
    } catch (const std::invalid_argument&) {
        // The command already names the setting ("sort: unknown sort order" would say it
        // twice), so only this lead-in differs from parse_sort_order's message.
        throw CommandError("sort: unknown order '" + std::string(arg) + "' (valid: " + std::string(kSortOrderNames) +
                           ")");
    }
}

void CommandInterpreter::set_date(std::string_view command, std::string_view arg) {
    const bool until = command == "until";
    try {
        (until ? settings_.until : settings_.since) = parse_date_bound(arg, until);
    } catch (const std::invalid_argument& e) {
        throw CommandError(std::string(command) + ": " + e.what());
    }
}

void CommandInterpreter::set_facets(std::string_view arg) {
    try {
        settings_.facets = parse_facet_list(arg);
    } catch (const std::invalid_argument& e) {
        throw CommandError(std::string("facets: ") + e.what());
    }
}

void CommandInterpreter::set_histogram(std::string_view arg) {
    if (arg.empty()) {
        settings_.histogram.reset();
        return;
    }
    const std::optional<HistogramInterval> interval = parse_histogram_interval(arg);
    if (!interval)
        throw CommandError("histogram: unknown interval '" + std::string(arg) +
                           "' (valid: " + std::string(kHistogramIntervalNames) + ")");
    settings_.histogram = interval;
}

void CommandInterpreter::settings_changed(std::ostream& out) {
    if (!current_) {
        out << "Now: " << settings_line() << " (for the next query)\n";
        return;
    }
    SearchRequest request = settings_;
    request.query = current_->query;
    request.like_id = current_->like_id;
    search(std::move(request), out);
}

std::string CommandInterpreter::settings_line() const {
    const auto date = [](const std::string& d) { return d.empty() ? std::string("-") : iso_day(d); };
    return "sort " + std::string(sort_order_name(settings_.sort)) + ", " + (settings_.all_terms ? "all" : "any") +
           " words, since " + date(settings_.since) + ", until " + date(settings_.until) + ", facets " +
           (settings_.facets.empty() ? "-" : join(settings_.facets, ",")) + ", histogram " +
           (settings_.histogram ? std::string(histogram_interval_name(*settings_.histogram)) : "-") + ", " +
           std::to_string(settings_.limit) + " per page";
}

std::filesystem::path history_path() {
    // The XDG base directory spec says relative paths in these variables are to be ignored.
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state && *state == '/') return std::filesystem::path(state) / "news-search" / "history";
    const char* home = std::getenv("HOME");
    if (home && *home) return std::filesystem::path(home) / ".local" / "state" / "news-search" / "history";
    return {};
}

namespace {

/// The prompt's history: loaded from its file at start, each line appended as soon as it is
/// entered (a crash loses nothing), the file trimmed to kHistoryLines at the end. When the
/// file cannot be written, that is said once and the history stays in memory.
class PromptHistory {
  public:
    explicit PromptHistory(std::filesystem::path file) : file_(std::move(file)) {
        using_history();
        stifle_history(kHistoryLines);
        if (file_.empty()) return;
        std::error_code ignored;  // the open below reports the problem
        std::filesystem::create_directories(file_.parent_path(), ignored);
        // Queries can be private: like a shell's history, the file is its owner's only.
        const int fd = ::open(file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0) {
            stop_saving(errno);
            return;
        }
        ::close(fd);
        read_history(file_.c_str());  // a file that exists but cannot be read: start empty
    }

    ~PromptHistory() {
        if (!file_.empty()) history_truncate_file(file_.c_str(), kHistoryLines);
        clear_history();
    }

    PromptHistory(const PromptHistory&) = delete;
    PromptHistory& operator=(const PromptHistory&) = delete;

    void add(const std::string& line) {
        if (trim(line).empty() || line == last_) return;
        last_ = line;
        add_history(line.c_str());
        if (file_.empty()) return;
        if (const int error = append_history(1, file_.c_str()); error != 0) stop_saving(error);
    }

  private:
    void stop_saving(int error) {
        // glibc's basename of argv[0]: "news-searcher" when installed under that name.
        std::cerr << program_invocation_short_name << ": history not saved (" << escape_for_message(file_.string())
                  << ": " << std::strerror(error) << ")\n";
        file_.clear();
    }

    std::filesystem::path file_;  ///< empty: history in memory only
    std::string last_;
};

volatile std::sig_atomic_t g_interrupted = 0;

void note_interrupt(int) { g_interrupted = 1; }

/// While the prompt runs, Ctrl-C must not end the session: at the prompt it abandons the
/// line being typed, as in a shell; during a search it is ignored; in the pager, the pager
/// handles it.
class InterruptCatcher {
  public:
    InterruptCatcher() {
        struct sigaction action {};
        action.sa_handler = note_interrupt;
        sigemptyset(&action.sa_mask);
        ::sigaction(SIGINT, &action, &previous_);
    }
    ~InterruptCatcher() { ::sigaction(SIGINT, &previous_, nullptr); }
    InterruptCatcher(const InterruptCatcher&) = delete;
    InterruptCatcher& operator=(const InterruptCatcher&) = delete;

  private:
    struct sigaction previous_ {};
};

/// Blocks SIGINT for its lifetime (around readline): then read_key's pselect is the only
/// place a Ctrl-C can arrive, so it is never lost between two waits for a key.
class InterruptBlock {
  public:
    InterruptBlock() {
        sigset_t interrupt;
        sigemptyset(&interrupt);
        sigaddset(&interrupt, SIGINT);
        ::sigprocmask(SIG_BLOCK, &interrupt, &previous_);
    }
    ~InterruptBlock() { ::sigprocmask(SIG_SETMASK, &previous_, nullptr); }
    InterruptBlock(const InterruptBlock&) = delete;
    InterruptBlock& operator=(const InterruptBlock&) = delete;

  private:
    sigset_t previous_{};
};

/// What read_key returns for a Ctrl-C. The terminal turns a typed Ctrl-C into SIGINT, so
/// this byte never arrives as input and can stand for the interrupt.
constexpr int kInterruptKey = 0x03;

/// readline's key reader: waits with SIGINT unblocked (atomically, by pselect) and returns
/// kInterruptKey for a Ctrl-C, which readline then runs as a key binding.
int read_key(FILE* in) {
    const int fd = ::fileno(in);
    sigset_t wait_mask;
    ::sigprocmask(SIG_SETMASK, nullptr, &wait_mask);
    sigdelset(&wait_mask, SIGINT);
    while (true) {
        if (g_interrupted) {
            g_interrupted = 0;
            return kInterruptKey;
        }
        fd_set ready;
        FD_ZERO(&ready);
        FD_SET(fd, &ready);
        if (::pselect(fd + 1, &ready, nullptr, nullptr, nullptr, &wait_mask) < 0) {
            if (errno != EINTR) return EOF;
            rl_check_signals();  // readline's own, e.g. a window resize
            continue;
        }
        unsigned char key = 0;
        const ssize_t got = ::read(fd, &key, 1);
        if (got == 1) return key;
        if (got == 0 || errno != EINTR) return EOF;
    }
}

/// The Ctrl-C key binding: drop the line, show "^C" and a fresh prompt, as shells do.
int abandon_line(int /*count*/, int /*key*/) {
    std::fputs("^C", rl_outstream);
    rl_replace_line("", 1);
    rl_point = rl_mark = 0;
    rl_crlf();
    rl_on_new_line();
    return 0;
}

char* next_command_match(const char* text, int state) {
    static std::size_t next = 0;
    if (state == 0) next = 0;
    const auto& names = CommandInterpreter::command_names();
    while (next < names.size()) {
        const std::string_view name = names[next++];
        if (name.starts_with(text)) return ::strdup(std::string(name).c_str());  // readline frees it
    }
    return nullptr;
}

/// Tab completes command names at the start of a line, and nothing else: readline's default
/// would complete file names, which are never part of a query.
char** complete_command(const char* text, int start, int /*end*/) {
    rl_attempted_completion_over = 1;
    return start == 0 ? rl_completion_matches(text, next_command_match) : nullptr;
}

void configure_readline() {
    rl_readline_name = "news-search";  // for $if news-search in ~/.inputrc
    rl_attempted_completion_function = complete_command;
    rl_catch_signals = 0;  // SIGINT is ours (InterruptCatcher); readline keeps SIGWINCH
    rl_getc_function = read_key;
    for (Keymap keymap : {emacs_standard_keymap, vi_insertion_keymap, vi_movement_keymap})
        rl_bind_key_in_map(kInterruptKey, abandon_line, keymap);
}

}  // namespace

int run_interactive(SearchEngine& engine, const SearchRequest& defaults, const FormatOptions& format) {
    // A user at the prompt may have just indexed in another terminal: every search looks.
    engine.set_refresh_interval({});
    CommandInterpreter interpreter(engine, defaults, format, page_output);  // colour: --color decided
    PromptHistory history(history_path());
    InterruptCatcher interrupts;
    configure_readline();
    std::cout << "Type a query, or 'help' for the commands; Ctrl-D quits.\n";
    while (true) {
        std::cout.flush();  // readline writes the prompt through stdio, not std::cout
        g_interrupted = 0;  // a Ctrl-C during the last search is forgotten
        const std::unique_ptr<char, decltype(&std::free)> line = [] {
            const InterruptBlock block;
            return std::unique_ptr<char, decltype(&std::free)>(readline(kPrompt), std::free);
        }();
        if (!line) {  // Ctrl-D on an empty line, or the terminal went away
            std::cout << '\n';
            break;
        }
        history.add(line.get());
        if (interpreter.execute(line.get(), std::cout) == CommandInterpreter::Outcome::kQuit) break;
    }
    std::cout.flush();
    return kExitOk;
}

void page_output(const std::string& text) {
    if (!is_terminal(STDOUT_FILENO)) {
        std::cout << text;
        return;
    }
    const char* pager = std::getenv("PAGER");
    const std::string command = pager && *pager ? pager : "less -R";
    std::cout.flush();
    if (FILE* pipe = ::popen(command.c_str(), "w")) {
        // Quitting the pager before the end closes the pipe; that must not kill us with
        // SIGPIPE (ignored only after popen, so the pager itself keeps the default).
        struct sigaction ignore {
        }, previous{};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        ::sigaction(SIGPIPE, &ignore, &previous);
        std::fwrite(text.data(), 1, text.size(), pipe);
        ::pclose(pipe);
        ::sigaction(SIGPIPE, &previous, nullptr);
        return;
    }
    std::cout << text;
}

}  // namespace news
