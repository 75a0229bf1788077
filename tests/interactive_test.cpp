#include "searcher/interactive.hpp"

#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "indexer/index_builder.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using Outcome = CommandInterpreter::Outcome;

std::string two_digits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

/// Twelve solar farms, one a month through 2015, alternating sources; three wind farms
/// that also mention solar panels; one cricket article.
std::vector<Article> sample_articles() {
    std::vector<Article> articles;
    for (int month = 1; month <= 12; ++month) {
        Article a;
        a.id = "solar-" + two_digits(month);
        a.title = "Solar farm " + two_digits(month) + " opens";
        a.body = "The solar farm number " + two_digits(month) +
                 " produces clean energy for the valley. Solar panels cover the old fields.";
        a.date = "2015-" + two_digits(month) + "-10";
        a.source = month % 2 == 0 ? "bbc" : "reuters";
        a.category = "energy";
        articles.push_back(std::move(a));
    }
    for (int n = 1; n <= 3; ++n) {
        Article a;
        a.id = "wind-" + two_digits(n);
        a.title = "Wind turbines rise on coast " + two_digits(n);
        a.body = "Wind turbines join the solar panels of the valley as clean energy grows.";
        a.date = "2016-0" + std::to_string(n) + "-01";
        a.source = "bbc";
        articles.push_back(std::move(a));
    }
    Article cricket;
    cricket.id = "cricket";
    cricket.title = "Cricket season begins";
    cricket.body = "The cricket season begins with a match at the county ground.";
    cricket.date = "2016-05-01";
    cricket.source = "reuters";
    articles.push_back(std::move(cricket));
    return articles;
}

void index_samples(IndexBuilder& builder) {
    for (const Article& a : sample_articles()) builder.add(a);
    builder.finish();
}

/// The numbers of the hits listed in write_text output ("7. Solar farm 07 opens").
std::vector<int> listed_ranks(const std::string& out) {
    std::vector<int> ranks;
    static const std::regex hit_line(R"((?:^|\n)(\d+)\. )");
    for (std::sregex_iterator it(out.begin(), out.end(), hit_line), end; it != end; ++it)
        ranks.push_back(std::stoi((*it)[1]));
    return ranks;
}

/// The titles of the hits listed, in order.
std::vector<std::string> listed_titles(const std::string& out) {
    std::vector<std::string> titles;
    static const std::regex hit_line(R"((?:^|\n)\d+\. ([^\r\n]*))");
    for (std::sregex_iterator it(out.begin(), out.end(), hit_line), end; it != end; ++it) titles.push_back((*it)[1]);
    return titles;
}

std::vector<int> range(int first, int last) {
    std::vector<int> out;
    for (int i = first; i <= last; ++i) out.push_back(i);
    return out;
}

std::size_t count_lines(const std::string& text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

/// The command interpreter over an in-memory index of the sample articles, 5 hits a page,
/// with articles opened by `show` collected in paged_.
class Interpreter : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
        IndexBuilder builder(*db_, {});
        index_samples(builder);
    }
    static void TearDownTestSuite() { db_.reset(); }

    static SearchRequest defaults() {
        SearchRequest r;
        r.limit = 5;
        return r;
    }

    /// Runs one line and returns what it printed; the outcome goes to outcome_.
    std::string run(std::string_view line) {
        std::ostringstream out;
        outcome_ = interpreter_.execute(line, out);
        return out.str();
    }

    static std::unique_ptr<Xapian::WritableDatabase> db_;
    SearchEngine engine_{Xapian::Database(*db_)};
    std::string paged_;
    CommandInterpreter interpreter_{engine_, defaults(), {}, [this](const std::string& text) { paged_ += text; }};
    Outcome outcome_ = Outcome::kContinue;
};
std::unique_ptr<Xapian::WritableDatabase> Interpreter::db_;

TEST_F(Interpreter, AQueryShowsTheFirstPageWithTheDefaultLimit) {
    const std::string out = run("solar");
    EXPECT_EQ(outcome_, Outcome::kContinue);
    EXPECT_EQ(listed_ranks(out), range(1, 5)) << out;
    EXPECT_NE(out.find("matches for \"solar\""), std::string::npos) << out;
}

TEST_F(Interpreter, ShowsTitlesSnippetsAndSuggestionsWhateverTheCommandLineFormatAskedFor) {
    SearchRequest ids_only = defaults();  // what --format trec asks of the engine
    ids_only.stored_articles = false;
    ids_only.snippets = false;
    ids_only.suggest_spelling = false;
    CommandInterpreter prompt{engine_, ids_only, {}, [](const std::string&) {}};
    std::ostringstream out;
    prompt.execute("cricket", out);
    EXPECT_EQ(listed_titles(out.str()), std::vector<std::string>{"Cricket season begins"}) << out.str();
    EXPECT_NE(out.str().find("county ground"), std::string::npos) << "no snippet:\n" << out.str();
    out.str({});
    prompt.execute("crickett", out);
    EXPECT_NE(out.str().find("Did you mean"), std::string::npos) << out.str();
}

TEST_F(Interpreter, NextAndPreviousPageThroughTheResultsAndStopAtTheEnds) {
    run("solar");  // 12 farms + 3 wind articles: pages 1-5, 6-10, 11-15
    EXPECT_EQ(listed_ranks(run("n")), range(6, 10));
    EXPECT_EQ(listed_ranks(run("n")), range(11, 15));
    EXPECT_EQ(run("n"), "No more results.\n");
    EXPECT_EQ(listed_ranks(run("p")), range(6, 10));
    EXPECT_EQ(listed_ranks(run("p")), range(1, 5));
    EXPECT_EQ(run("p"), "Already at the first page.\n");
    EXPECT_EQ(listed_ranks(run("n")), range(6, 10)) << "the page stays where it was";
}

TEST_F(Interpreter, ANewQueryStartsAtItsFirstPage) {
    run("solar");
    run("n");
    const std::string out = run("cricket");
    EXPECT_EQ(listed_titles(out), std::vector<std::string>{"Cricket season begins"}) << out;
    EXPECT_EQ(run("n"), "No more results.\n");
}

TEST_F(Interpreter, ShowOpensTheWholeArticleByListedNumber) {
    run("solar");
    const std::vector<std::string> titles = listed_titles(run("n"));  // hits 6-10
    ASSERT_EQ(titles.size(), 5u);
    EXPECT_EQ(run("show 7"), "") << "the article goes to the pager";
    EXPECT_NE(paged_.find(titles[1]), std::string::npos) << paged_;
    EXPECT_NE(paged_.find("Solar panels cover the old fields."), std::string::npos) << "the whole body: " << paged_;
}

// Issue 17: "show 2" on page 2 showed hit 7, the second on that page, not the hit numbered 2.
TEST_F(Interpreter, ShowNMeansTheHitNumberedNWhateverThePage) {
    const std::vector<std::string> first_page = listed_titles(run("solar"));  // hits 1-5
    ASSERT_EQ(first_page.size(), 5u);
    run("n");  // hits 6-10 on screen
    EXPECT_EQ(run("show 2"), "");
    EXPECT_EQ(paged_.rfind(first_page[1] + "\n", 0), 0u) << "hit 2, not the second of this page: " << paged_;
    paged_.clear();
    run("p");  // hits 1-5 on screen
    EXPECT_EQ(run("show 7"), "");
    EXPECT_NE(paged_, "") << "hit 7, from the next page";
    EXPECT_EQ(paged_.find(first_page[1] + "\n"), std::string::npos) << paged_;
}

TEST_F(Interpreter, ShowWithoutAPagerWritesTheArticleToTheOutput) {
    CommandInterpreter plain(engine_, defaults(), {});
    std::ostringstream out;
    plain.execute("cricket", out);
    out.str("");
    plain.execute("show 1", out);
    EXPECT_EQ(out.str().rfind("Cricket season begins\n", 0), 0u) << out.str();
    EXPECT_NE(out.str().find("a match at the county ground."), std::string::npos) << out.str();
}

TEST_F(Interpreter, HitNumbersThatDoNotExistAreOneLineErrors) {
    run("solar");
    for (const char* line : {"show 99", "show 0", "show x", "show", "show -1", "show 1.5", "like 99", "like"}) {
        const std::string out = run(line);
        EXPECT_EQ(outcome_, Outcome::kContinue) << line;
        EXPECT_EQ(count_lines(out), 1u) << line << " printed: " << out;
        EXPECT_EQ(out.rfind(std::string(line).substr(0, 4), 0), 0u) << "names the command: " << out;
    }
    EXPECT_EQ(run("show 99"), "show: no hit 99 in these results\n");
    EXPECT_EQ(paged_, "");
}

TEST_F(Interpreter, PagingShowingAndLikingNeedAQueryFirst) {
    for (const char* line : {"n", "p", "show 1", "like 1"}) {
        const std::string out = run(line);
        EXPECT_EQ(count_lines(out), 1u) << out;
        EXPECT_NE(out.find("type a query first"), std::string::npos) << out;
    }
}

TEST_F(Interpreter, LikeMakesTheRelatedArticlesTheCurrentList) {
    const std::string first_title = listed_titles(run("solar")).at(0);
    const std::string out = run("like 1");
    EXPECT_NE(out.find("related to \"solar-"), std::string::npos) << out;
    const std::vector<std::string> related = listed_titles(out);
    EXPECT_EQ(listed_ranks(out), range(1, 5)) << out;
    EXPECT_EQ(std::find(related.begin(), related.end(), first_title), related.end()) << "itself excluded";
    const std::string next = run("n");
    EXPECT_EQ(listed_ranks(next), range(6, 10)) << next;
    EXPECT_NE(next.find("related to \"solar-"), std::string::npos) << next;
}

TEST_F(Interpreter, SortReRunsTheCurrentQuery) {
    run("solar");
    EXPECT_EQ(listed_titles(run("sort newest")).at(0), "Wind turbines rise on coast 03");
    EXPECT_EQ(listed_titles(run("sort oldest")).at(0), "Solar farm 01 opens");
    EXPECT_EQ(run("sort sideways"), "sort: unknown order 'sideways' (valid: relevance, newest, oldest)\n");
    EXPECT_EQ(listed_titles(run("n")).at(0), "Solar farm 06 opens") << "the order is unchanged";
}

TEST_F(Interpreter, SinceAndUntilFilterByDateAndAnEmptyDateClearsThem) {
    run("sort oldest");
    run("since 2015-06");
    EXPECT_EQ(listed_titles(run("solar")).at(0), "Solar farm 06 opens");
    EXPECT_EQ(listed_titles(run("until 2015-07-31")),
              (std::vector<std::string>{"Solar farm 06 opens", "Solar farm 07 opens"}));
    EXPECT_EQ(listed_titles(run("since")).at(0), "Solar farm 01 opens");
    EXPECT_EQ(listed_ranks(run("until")), range(1, 5));
    EXPECT_EQ(run("n").find("Solar farm 06 opens") != std::string::npos, true);
    const std::string bad = run("since not-a-date");
    EXPECT_EQ(bad, "since: cannot read the date 'not-a-date' (e.g. 2015-09-01, 2015-09, 2015)\n");
}

TEST_F(Interpreter, AllRequiresEveryWordAndAnyGoesBack) {
    EXPECT_FALSE(listed_ranks(run("solar cricket")).empty());
    EXPECT_NE(run("all").find("No matches for \"solar cricket\""), std::string::npos);
    EXPECT_FALSE(listed_ranks(run("any")).empty());
}

TEST_F(Interpreter, FacetsCountTheWholeResultAndAnEmptyListClearsThem) {
    run("solar");
    const std::string out = run("facets source, category");
    EXPECT_NE(out.find("source:  bbc (9, 60%)  reuters (6, 40%)"), std::string::npos) << out;
    EXPECT_NE(out.find("category:  energy (12, 80%)"), std::string::npos) << out;
    EXPECT_EQ(run("facets source,colour"), "facets: unknown facet 'colour' (valid: source, category, tag, year)\n");
    EXPECT_EQ(run("facets").find("source:"), std::string::npos);
}

TEST_F(Interpreter, HistogramCountsTheWholeResultByDateAndAnEmptyIntervalClearsIt) {
    run("solar");
    const std::string out = run("histogram month");
    EXPECT_EQ(listed_ranks(out), range(1, 5)) << "the current query again: " << out;
    EXPECT_NE(out.find("Matching articles per month: 15 (15 dated, 0 undated)\n"), std::string::npos) << out;
    for (const char* month : {"2015-01  1 ", "2015-12  1 ", "2016-03  1 "})
        EXPECT_NE(out.find(std::string("\n") + month), std::string::npos) << month << " in " << out;
    EXPECT_NE(run("histogram year").find("\n2015  12 "), std::string::npos);
    EXPECT_EQ(run("histogram").find("Matching articles per"), std::string::npos);
    EXPECT_EQ(run("histogram fortnight"), "histogram: unknown interval 'fortnight' (valid: day, week, month, year)\n");
}

TEST_F(Interpreter, TermsListsTheMostDistinctiveWordsOfTheCurrentResultsAndKeepsThePage) {
    EXPECT_EQ(run("terms"), "terms: no results yet: type a query first\n");
    run("solar");
    const std::string out = run("terms 3");
    EXPECT_EQ(out.rfind("Top terms of the best 15 matches:", 0), 0u) << out;
    // A word or a two-word phrase ("solar farm"), each with its count.
    static const std::regex term(R"(  (?:[^ ()]+ )?[^ ()]+ \((\d+)\))");
    std::vector<int> counts;
    for (std::sregex_iterator it(out.begin(), out.end(), term), end; it != end; ++it)
        counts.push_back(std::stoi((*it)[1]));
    ASSERT_EQ(counts.size(), 3u) << out;
    for (const int n : counts) EXPECT_TRUE(n >= 1 && n <= 15) << out;
    EXPECT_EQ(out.find("solar ("), std::string::npos) << "the query's own word is left out: " << out;
    EXPECT_EQ(count_lines(run("terms")), 1u) << "10 by default, on one line";
    EXPECT_EQ(listed_ranks(run("n")), range(6, 10)) << "the results on screen are still the current ones";
    for (const char* bad : {"terms 0", "terms many", "terms 1001"})
        EXPECT_NE(run(bad).find("terms: expected a number of words from 1 to 1000"), std::string::npos) << bad;
}

TEST_F(Interpreter, FacetsWithAHistogramBreakItDownByTheTopValues) {
    run("facets source");
    const std::string out = run("histogram year");
    run("solar");
    const std::string both = run("histogram year");
    EXPECT_NE(both.find("Per source (the 2 most frequent):\n"), std::string::npos) << both;
    // 15 solar matches: bbc has 6 solar farms in 2015 and 3 wind farms in 2016, reuters 6 in 2015.
    EXPECT_TRUE(std::regex_search(both, std::regex("\n +bbc +reuters\n2015 +6 +6\n2016 +3 +0\ntotal +9 +6\n"))) << both;
    EXPECT_EQ(out.find("Per source"), std::string::npos) << "no query yet: " << out;
}

TEST_F(Interpreter, SettingsBeforeAQueryApplyToTheNextOne) {
    EXPECT_EQ(
        run("sort newest"),
        "Now: sort newest, any words, since -, until -, facets -, histogram -, 5 per page (for the next query)\n");
    EXPECT_EQ(run("since 2015-03-02"),
              "Now: sort newest, any words, since 2015-03-02, until -, facets -, histogram -, 5 per page (for the next "
              "query)\n");
    EXPECT_EQ(listed_titles(run("solar")).at(0), "Wind turbines rise on coast 03");
}

TEST_F(Interpreter, CommandsWithoutArgumentsRejectOneAndSayHowToSearchTheWords) {
    for (const char* line : {"n 2", "p back", "all of them", "any day", "help me", "quit now", "exit stage"}) {
        const std::string out = run(line);
        EXPECT_EQ(outcome_, Outcome::kContinue) << line;
        EXPECT_EQ(count_lines(out), 1u) << out;
        EXPECT_NE(out.find("takes no argument"), std::string::npos) << out;
    }
    EXPECT_FALSE(listed_ranks(run("\"show\" cricket")).empty()) << "a quoted command word is a query";
}

TEST_F(Interpreter, QuitAndExitEndTheSessionAndHelpListsTheCommands) {
    run("  quit ");
    EXPECT_EQ(outcome_, Outcome::kQuit);
    run("exit");
    EXPECT_EQ(outcome_, Outcome::kQuit);
    const std::string help = run("help");
    EXPECT_EQ(outcome_, Outcome::kContinue);
    for (const char* command : {"n, p", "show N", "like N", "sort ORDER", "since DATE", "until DATE", "all, any",
                                "facets LIST", "histogram INTERVAL", "explain N", "quit, exit, Ctrl-D"})
        EXPECT_NE(help.find(command), std::string::npos) << command;
    EXPECT_NE(help.find("Now: sort relevance"), std::string::npos) << help;
}

TEST_F(Interpreter, BlankLinesDoNothingAndOddQueriesNeverThrow) {
    EXPECT_EQ(run(""), "");
    EXPECT_EQ(run("   \t "), "");
    for (const char* line : {"\"", "(((", "AND", "NOT", "*", "title:", "date:xyz..", "year:abc", "-", "+", "\x1b[31m",
                             "id:", "solar NEAR", "\xff\xfe"}) {
        std::string out;
        EXPECT_NO_THROW(out = run(line)) << line;
        EXPECT_EQ(outcome_, Outcome::kContinue) << line;
        EXPECT_FALSE(out.empty()) << line;
        EXPECT_EQ(out.find('\x1b'), std::string::npos) << "no escape codes from the input: " << out;
    }
}

// --- the real program on a pseudo-terminal ---------------------------------------------

/// The searcher running on a pseudo-terminal, as a user at a terminal runs it: input is
/// typed into the terminal, output (stdout and stderr) read back from it.
class TerminalSession {
  public:
    TerminalSession(const std::vector<std::string>& args, const std::vector<std::pair<std::string, std::string>>& env) {
        struct winsize size {};
        size.ws_row = 40;
        size.ws_col = 120;
        pid_ = ::forkpty(&terminal_, nullptr, nullptr, &size);
        if (pid_ == 0) {
            ::unsetenv("NO_COLOR");
            for (const auto& [name, value] : env) ::setenv(name.c_str(), value.c_str(), 1);
            std::vector<char*> argv;
            for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
            argv.push_back(nullptr);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
    }
    ~TerminalSession() {
        if (pid_ > 0 && !exited_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        if (terminal_ >= 0) ::close(terminal_);
    }
    TerminalSession(const TerminalSession&) = delete;
    TerminalSession& operator=(const TerminalSession&) = delete;

    bool started() const { return pid_ > 0; }

    void type(std::string_view keys) {
        ASSERT_EQ(::write(terminal_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
    }

    /// Reads until `text` appears after the previous match; false after the timeout.
    bool wait_for(std::string_view text, std::chrono::seconds timeout = std::chrono::seconds(20)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (true) {
            if (const auto at = output_.find(text, mark_); at != std::string::npos) {
                mark_ = at + text.size();
                return true;
            }
            if (std::chrono::steady_clock::now() > deadline || !read_some()) return false;
        }
    }

    /// Reads to the end of the output and returns the exit code (-1: killed or timed out).
    int wait_exit(std::chrono::seconds timeout = std::chrono::seconds(20)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline && read_some()) {
        }
        int status = 0;
        for (int i = 0; i < 100; ++i) {
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                exited_ = true;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            }
            ::usleep(50'000);
        }
        return -1;
    }

    const std::string& output() const { return output_; }
    /// Output since the previous wait_for match.
    std::string recent() const { return output_.substr(mark_); }

  private:
    /// Appends whatever arrives within 100 ms; false at the end of the output.
    bool read_some() {
        pollfd fd{terminal_, POLLIN, 0};
        const int ready = ::poll(&fd, 1, 100);
        if (ready == 0) return true;
        std::array<char, 4096> buffer{};
        const ssize_t n = ready > 0 ? ::read(terminal_, buffer.data(), buffer.size()) : -1;
        if (n <= 0) return false;  // Linux reports EIO once the program has closed the terminal
        output_.append(buffer.data(), static_cast<std::size_t>(n));
        return true;
    }

    pid_t pid_ = -1;
    int terminal_ = -1;
    bool exited_ = false;
    std::string output_;
    std::size_t mark_ = 0;
};

std::string searcher_bin() { return std::string(NEWS_BINARY_DIR) + "/bin/searcher"; }

constexpr std::string_view kPrompt = "search> ";

/// The sample articles in an on-disk database, built once; each test gets its own state
/// folder for the history.
class InteractivePrompt : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        IndexBuilder builder((dir_->path() / "db").string(), {});
        index_samples(builder);
    }
    static void TearDownTestSuite() { dir_.reset(); }

    std::vector<std::pair<std::string, std::string>> environment(const std::filesystem::path& state) const {
        return {
            {"PAGER", "cat"}, {"TERM", "dumb"}, {"XDG_STATE_HOME", state.string()}, {"HOME", home_.path().string()}};
    }
    TerminalSession start(const std::filesystem::path& state, const std::vector<std::string>& options = {}) const {
        std::vector<std::string> args{searcher_bin(), "--db", (dir_->path() / "db").string()};
        args.insert(args.end(), options.begin(), options.end());
        return TerminalSession(args, environment(state));
    }
    TerminalSession start(const std::vector<std::string>& options = {}) const {
        return start(home_ / "state", options);
    }
    std::filesystem::path history() const { return home_ / "state/news-search/history"; }

    static std::unique_ptr<test::TempDir> dir_;
    test::TempDir home_;
};
std::unique_ptr<test::TempDir> InteractivePrompt::dir_;

TEST_F(InteractivePrompt, ATypedSessionSearchesPagesShowsAndQuits) {
    TerminalSession session = start({"-n", "5", "--sort", "oldest"});
    ASSERT_TRUE(session.started());
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    session.type("solar farm\n");
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    const std::string first_page = session.output();
    EXPECT_NE(first_page.find("Solar farm 01 opens"), std::string::npos) << first_page;
    EXPECT_NE(first_page.find("Solar farm 05 opens"), std::string::npos) << first_page;
    EXPECT_EQ(first_page.find("Solar farm 06 opens"), std::string::npos) << "5 a page, from the command line";
    EXPECT_NE(first_page.find("\033[1m"), std::string::npos) << "bold titles on a terminal";
    session.type("n\n");
    ASSERT_TRUE(session.wait_for("Solar farm 06 opens")) << session.output();
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    session.type("show 6\n");  // the first on the page: farm 06, through $PAGER
    ASSERT_TRUE(session.wait_for("The solar farm number 06 produces clean energy")) << session.output();
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    session.type("quit\n");
    EXPECT_EQ(session.wait_exit(), 0) << session.output();
    EXPECT_EQ(test::read_file(history()), "solar farm\nn\nshow 6\nquit\n");
}

TEST_F(InteractivePrompt, HistoryFromThePreviousSessionIsRecalled) {
    test::write_file(history(), "cricket\n");
    TerminalSession session = start();
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    session.type("\x10\n");  // Ctrl-P: the previous line
    ASSERT_TRUE(session.wait_for("Cricket season begins")) << session.output();
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    session.type("exit\n");
    EXPECT_EQ(session.wait_exit(), 0) << session.output();
}

TEST_F(InteractivePrompt, CtrlCAbandonsTheLineAndCtrlDQuits) {
    TerminalSession session = start();
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    session.type("solar farm");
    ASSERT_TRUE(session.wait_for("solar farm")) << session.output();
    session.type("\x03");
    ASSERT_TRUE(session.wait_for(kPrompt)) << "a fresh prompt: " << session.output();
    session.type("\x04");
    EXPECT_EQ(session.wait_exit(), 0) << session.output();
    EXPECT_EQ(session.output().find("matches for"), std::string::npos) << "nothing searched: " << session.output();
}

TEST_F(InteractivePrompt, AnUnwritableHistoryIsReportedAndNotFatal) {
    test::write_file(home_ / "not-a-folder", "");
    TerminalSession session = start(home_ / "not-a-folder");
    ASSERT_TRUE(session.wait_for("history not saved")) << session.output();
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    session.type("cricket\n");
    ASSERT_TRUE(session.wait_for("Cricket season begins")) << session.output();
    ASSERT_TRUE(session.wait_for(kPrompt)) << session.output();
    session.type("quit\n");
    EXPECT_EQ(session.wait_exit(), 0) << session.output();
}

TEST_F(InteractivePrompt, WithoutATerminalNoQueryIsStillAUsageError) {
    const std::string command = searcher_bin() + " --db " + (dir_->path() / "db").string() + " </dev/null 2>&1";
    FILE* pipe = ::popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string out;
    std::array<char, 4096> buffer{};
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) out.append(buffer.data(), n);
    const int status = ::pclose(pipe);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 2) << out;
    EXPECT_NE(out.find("no query given"), std::string::npos) << out;
}

TEST(HistoryPath, FollowsXdgStateHomeElseHome) {
    const std::string saved_state = std::getenv("XDG_STATE_HOME") ? std::getenv("XDG_STATE_HOME") : "";
    const std::string saved_home = std::getenv("HOME") ? std::getenv("HOME") : "";
    ::setenv("HOME", "/home/reader", 1);
    ::setenv("XDG_STATE_HOME", "/var/state", 1);
    EXPECT_EQ(history_path(), "/var/state/news-search/history");
    ::setenv("XDG_STATE_HOME", "relative/state", 1);  // the XDG spec says to ignore it
    EXPECT_EQ(history_path(), "/home/reader/.local/state/news-search/history");
    ::unsetenv("XDG_STATE_HOME");
    EXPECT_EQ(history_path(), "/home/reader/.local/state/news-search/history");
    if (saved_state.empty())
        ::unsetenv("XDG_STATE_HOME");
    else
        ::setenv("XDG_STATE_HOME", saved_state.c_str(), 1);
    ::setenv("HOME", saved_home.c_str(), 1);
}

}  // namespace
}  // namespace news
