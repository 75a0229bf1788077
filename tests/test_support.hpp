/// @file test_support.hpp
/// @brief Paths to the project's and the shared folder's real data, for tests.
#pragma once

#include <gtest/gtest.h>
#include <sys/types.h>
#include <xapian.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/article.hpp"
#include "common/readers/corpus_reader.hpp"
#include "searcher/search_engine.hpp"

namespace news::test {

/// A path inside the source tree, e.g. project_path("corpus/seed").
inline std::filesystem::path project_path(const std::string& relative) {
    return std::filesystem::path(NEWS_SOURCE_DIR) / relative;
}

/// A path inside ../shared (the read-only data folder beside the checkout).
inline std::filesystem::path shared_path(const std::string& relative) {
    return std::filesystem::path(NEWS_SOURCE_DIR) / ".." / "shared" / relative;
}

inline std::filesystem::path seed_article_path() { return project_path("corpus/seed/thehill-xi-cyber-dialogue.txt"); }

/// A fresh, empty temporary directory removed when the object goes out of scope.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

/// Records everything a reader reports; skips and warnings as "location: message".
class RecordingVisitor : public CorpusVisitor {
  public:
    std::vector<Article> articles;
    std::vector<std::string> article_locations;
    std::vector<std::string> skips;
    std::vector<std::string> warnings;
    std::size_t stop_after = static_cast<std::size_t>(-1);

    void on_article(Article&& article, const RecordLocation& where) override;
    void on_skip(const RecordLocation& where, std::string_view reason) override;
    void on_warning(const RecordLocation& where, std::string_view message) override;
    bool should_stop() override { return articles.size() >= stop_after; }

    std::vector<std::string> ids() const;
};

/// An empty in-memory database (Xapian's inmemory backend).
Xapian::WritableDatabase in_memory_db();

/// An article with just these fields set.
Article article(std::string id, std::string title, std::string body);

/// Reads `inputs` and adds every article to `db` (committed); a skipped record fails the
/// test. Returns how many articles were added.
std::size_t index_into(Xapian::WritableDatabase& db, const std::vector<std::filesystem::path>& inputs);

/// What a command line printed on standard output, and its exit code (-1 if it did not exit).
struct CommandRun {
    int exit_code = -1;
    std::string out;
};

/// Runs a shell command line and captures its standard output.
CommandRun run_command(const std::string& command);

/// Starts a program (argv[0] is its path) with its output discarded; returns its pid.
pid_t spawn(const std::vector<std::string>& argv);

/// Waits for `pid`: its exit code, or 128 + the signal number when a signal ended it.
int wait_exit(pid_t pid);

/// Like wait_exit(), but gives up after `seconds`: then the process is killed (SIGKILL),
/// reaped, and -1 returned. For tests of programs that must not hang.
int wait_exit_within(pid_t pid, double seconds);

/// The path of one of the project's programs in the build tree, e.g. program("searcher").
inline std::string program(const std::string& name) { return std::string(NEWS_BINARY_DIR) + "/bin/" + name; }

/// `text` single-quoted for the shell.
std::string shell_quoted(const std::string& text);

/// The ids a `searcher --format trec` run lists, in order.
std::vector<std::string> trec_ids(const std::string& run);

/// The first `limit` hits of `query` with every match ranked (SearchRequest::exhaustive),
/// without snippets: the ranking tests compare databases of different layouts by.
SearchResult exhaustive_search(SearchEngine& engine, const std::string& query, Xapian::doccount limit = 30);
/// The same on the database at `db`.
SearchResult exhaustive_search(const std::string& db, const std::string& query, Xapian::doccount limit = 30);

/// A request for the page of `limit` hits from `offset` of `query`, without snippets or a
/// spelling suggestion: what the tests that compare rankings ask for.
SearchRequest page_request(const std::string& query, Xapian::doccount offset, Xapian::doccount limit);

/// Searches each of `queries` for the pages 0+10, 7+3 and 0+40, as the engine ranks them
/// by default and with every match ranked (SearchRequest::exhaustive), without snippets,
/// and expects the same hits in the same order with the same scores. Calls `each(fast)`
/// with every default-path result, for the caller to count the paths taken.
void expect_same_pages_as_exhaustive(SearchEngine& engine, const std::vector<std::string>& queries,
                                     const std::function<void(const SearchResult& fast)>& each);
/// The same, returning how many default-path results `counted` is true of.
std::size_t count_same_pages_as_exhaustive(SearchEngine& engine, const std::vector<std::string>& queries,
                                           const std::function<bool(const SearchResult& fast)>& counted);

/// Expects `b`'s top terms to be `a`'s, in order: the same terms, words and counts, and
/// weights within `tolerance`; `what` names the comparison in failures.
void expect_same_top_terms(const SearchResult& a, const SearchResult& b, const std::string& what, double tolerance = 0);

/// The article ids of a result's hits, in rank order.
std::vector<std::string> hit_ids(const SearchResult& result);

/// The hits of a page as the user sees their order: ids and scores.
std::vector<std::pair<std::string, double>> ranking_of(const SearchResult& result);

/// The queries of `sets` (benchmarks/queries/CORPUS/SET.txt, one per line) in order.
std::vector<std::string> query_set(const std::string& corpus, const std::vector<std::string>& sets);

/// The first `headlines` lines of the shared news-large corpus, written to `dir` as JSON
/// Lines (the caller has checked it exists: NEWS_REQUIRE_SHARED). Returns the file's path.
std::filesystem::path news_large_sample(const std::filesystem::path& dir, std::size_t headlines);

/// The positions of `term` in `doc` as the searcher reads them: from its value of word
/// positions (schema 11, common/word_positions.hpp), else from Xapian's positions.
std::vector<Xapian::termpos> word_positions_of(const Xapian::Document& doc, const std::string& term);

/// A database of `articles` as an indexer of `schema_version` writes it (in memory), with
/// its word positions in a value when `compact_positions` (indexer --compact-positions).
Xapian::WritableDatabase indexed_in_schema(const std::vector<Article>& articles, int schema_version,
                                           bool compact_positions = false);

/// A database in a temporary folder built by the real indexer, and the real searcher run on
/// it: what the command-line suites share. Made once per suite (SetUpTestSuite), since
/// indexing the bundled corpus takes seconds.
class IndexedByTheIndexer {
  public:
    IndexedByTheIndexer() = default;
    /// The folder the database and any input files written for it live in.
    const std::filesystem::path& dir() const { return dir_.path(); }
    std::string db() const { return (dir() / "db").string(); }
    /// Runs `indexer --quiet --db DB INPUTS` (INPUTS as given to the shell); its run is kept.
    void index(const std::string& inputs);
    const CommandRun& index_run() const { return index_run_; }
    /// The searcher on the database with `args` (as given to the shell); stderr goes to err().
    CommandRun search(const std::string& args) const;
    std::string err() const;

  private:
    TempDir dir_;
    CommandRun index_run_;
};

/// A suite whose tests share one IndexedByTheIndexer, built once for the suite by
/// `Suite::build(database)` (which writes its inputs into database.dir() and indexes them).
template <typename Suite>
class IndexedOnceSuite : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        database_ = std::make_unique<IndexedByTheIndexer>();
        Suite::build(*database_);
    }
    static void TearDownTestSuite() { database_.reset(); }
    void SetUp() override { ASSERT_EQ(database_->index_run().exit_code, 0) << database_->index_run().out; }

    static CommandRun search(const std::string& args) { return database_->search(args); }
    static std::string err() { return database_->err(); }
    static std::string err_path() { return (dir() / "err").string(); }
    static const std::filesystem::path& dir() { return database_->dir(); }
    static std::string db() { return database_->db(); }

  private:
    static inline std::unique_ptr<IndexedByTheIndexer> database_;
};

/// Writes `content` to `path` (binary, truncating), creating parent folders.
void write_file(const std::filesystem::path& path, const std::string& content);
/// The whole file as bytes.
std::string read_file(const std::filesystem::path& path);

}  // namespace news::test

/// Skips the current test with a message when ../shared/<relative> does not exist.
#define NEWS_REQUIRE_SHARED(relative)                                                      \
    do {                                                                                   \
        if (!std::filesystem::exists(::news::test::shared_path(relative)))                 \
            GTEST_SKIP() << "needs ../shared/" << (relative) << " (not present: skipped)"; \
    } while (0)
