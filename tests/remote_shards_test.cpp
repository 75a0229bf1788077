// Searching over Xapian's remote backend: two xapian-tcpsrv on 127.0.0.1 serve the two
// shards of a sharded database, and the searcher must rank exactly as over one database.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/readers/corpus_reader.hpp"
#include "indexer/shard_writers.hpp"
#include "searcher/search_engine.hpp"
#include "searcher/shard_set.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using namespace std::chrono_literals;

using test::CommandRun;

/// Runs a command line with its standard error captured too.
CommandRun run(const std::string& command) { return test::run_command(command + " 2>&1"); }

std::string bin(const std::string& name) { return test::program(name); }

/// A port nobody listens on now (the kernel's pick); the server may lose a race for it, so
/// starting is retried.
unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof addr;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), size) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0;
    ::close(fd);
    return ok ? ntohs(addr.sin_port) : 0;
}

bool accepts_connections(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

/// scripts/serve.sh (xapian-tcpsrv) serving a database read-only on 127.0.0.1; stopped by
/// the destructor (so also when an assertion fails), and by the kernel if the test dies.
class TcpServer {
  public:
    explicit TcpServer(const std::string& database) {
        for (int attempt = 0; attempt < 5 && pid_ <= 0; ++attempt) start(database);
    }
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    bool running() const { return pid_ > 0; }
    unsigned port() const { return port_; }

    void stop() {
        if (pid_ <= 0) return;
        // Its own process group: the server and the children it forks per connection.
        ::kill(-pid_, SIGTERM);
        ::waitpid(pid_, nullptr, 0);
        pid_ = -1;
    }

  private:
    void start(const std::string& database) {
        port_ = free_port();
        const std::string port = std::to_string(port_);
        const std::string script = test::project_path("scripts/serve.sh").string();
        const pid_t pid = ::fork();
        if (pid == 0) {
            ::setsid();  // xapian-tcpsrv signals its process group when stopped: not ours
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            std::freopen("/dev/null", "w", stdout);
            std::freopen("/dev/null", "w", stderr);  // "Got exception" lines when a client goes
            ::execl(script.c_str(), script.c_str(), database.c_str(), port.c_str(), "127.0.0.1",
                    static_cast<char*>(nullptr));
            ::_exit(127);
        }
        for (int i = 0; i < 100; ++i) {  // up to 5 s
            if (accepts_connections(port_)) {
                pid_ = pid;
                return;
            }
            if (::waitpid(pid, nullptr, WNOHANG) == pid) return;  // exited: port taken, or no database
            std::this_thread::sleep_for(50ms);
        }
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }

    pid_t pid_ = -1;
    unsigned port_ = 0;
};

/// The first `n` lines of a query file.
std::vector<std::string> queries(const std::string& set, std::size_t n) {
    std::ifstream in(test::project_path("benchmarks/queries/bbc/" + set + ".txt"));
    std::vector<std::string> out;
    for (std::string line; out.size() < n && std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

/// The seed article and the first BBC articles of the bundled corpus as one JSON Lines file:
/// enough for ties and for every query to match, small enough to index in about a second.
void write_corpus_part(const std::string& path, std::size_t articles) {
    test::RecordingVisitor visitor;
    visitor.stop_after = articles;
    read_corpus({test::seed_article_path(), test::project_path("corpus/bbc.jsonl.zst")}, visitor);
    std::string lines;
    for (const Article& a : visitor.articles)
        lines += nlohmann::json{{"id", a.id},         {"title", a.title},       {"body", a.body}, {"date", a.date},
                                {"source", a.source}, {"category", a.category}, {"tags", a.tags}}
                     .dump() +
                 "\n";
    test::write_file(path, lines);
}

std::vector<std::string> top_ids(SearchEngine& engine, const std::string& query,
                                 SortOrder sort = SortOrder::kRelevance) {
    SearchRequest request;
    request.query = query;
    request.sort = sort;
    request.snippets = false;
    request.suggest_spelling = false;
    std::vector<std::string> ids;
    for (const Hit& hit : engine.search(request).hits) ids.push_back(hit.article.id);
    return ids;
}

/// What the searcher shows beyond the ranking: facet counts, related articles, one article.
std::string everything_else(SearchEngine& engine) {
    SearchRequest request;
    request.query = "election OR music";
    request.facets = {"source", "category", "tag", "year"};
    std::string out;
    for (const Facet& facet : engine.search(request).facets)
        for (const auto& [value, count] : facet.values)
            out += facet.name + ":" + value + "=" + std::to_string(count) + " ";
    request = {};
    request.like_id = "bbc/politics/001";
    for (const Hit& hit : engine.search(request).hits) out += hit.article.id + " ";
    const auto article = engine.find_article("bbc/business/001");
    return out + (article ? article->title : "(none)");
}

TEST(RemoteShards, RankAsOneDatabaseAndADownShardIsNamedOrSkipped) {
    if (std::system("command -v xapian-tcpsrv >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "needs xapian-tcpsrv (xapian-tools)";
    test::TempDir dir;
    const std::string one = (dir / "one").string(), sharded = (dir / "sharded").string();
    const std::string corpus = (dir / "part.jsonl").string();
    write_corpus_part(corpus, 1000);
    // Both databases at once: each indexer is mostly one busy thread.
    // The single database keeps its positions in a value (--compact-positions), the shards in
    // Xapian's table, where xapian-tcpsrv reads them: their phrases must agree.
    FILE* single = ::popen((bin("indexer") + " -q --compact-positions --db " + one + " " + corpus).c_str(), "r");
    const CommandRun shards = run(bin("indexer") + " -q --shards 2 --db " + sharded + " " + corpus);
    ASSERT_EQ(::pclose(single), 0);
    ASSERT_EQ(shards.exit_code, 0) << shards.out;

    TcpServer server0((dir / "sharded/shard0").string()), server1((dir / "sharded/shard1").string());
    ASSERT_TRUE(server0.running() && server1.running()) << "xapian-tcpsrv did not start";
    const std::string stub = (dir / "remote.stub").string();
    test::write_file(stub, "# two shards on loopback\nremote 127.0.0.1:" + std::to_string(server0.port()) +
                               "\nremote 127.0.0.1:" + std::to_string(server1.port()) + "\n");

    // 52 queries: words from titles, single words, phrases, and the query language's
    // filters, operators and fields (body: words are the combined field's, less the
    // title-only ones: schema 10); "source:bbc" alone scores every match 0, so its order
    // is the tie-break alone.
    std::vector<std::string> all = queries("title", 20);
    for (const auto& q : queries("single", 15)) all.push_back(q);
    for (const auto& q : queries("phrase", 10)) all.push_back(q);
    for (const char* q : {"source:bbc", "cyber dialogue China", "category:tech music OR film", "hack* -china",
                          "election AND (labour OR tory)", "body:oscar -title:oscar", "body:\"prime minister\""})
        all.push_back(q);
    ASSERT_EQ(all.size(), 52u);
    SearchEngine local_one(one), local_shards(sharded), remote(stub);
    for (const std::string& q : all) {
        const std::vector<std::string> expected = top_ids(local_one, q);
        EXPECT_EQ(top_ids(local_shards, q), expected) << q;
        EXPECT_EQ(top_ids(remote, q), expected) << q;
    }
    EXPECT_EQ(top_ids(local_one, "source:bbc").size(), 10u);
    for (const SortOrder sort : {SortOrder::kNewest, SortOrder::kOldest})
        for (const char* q : {"cyber dialogue China", "source:bbc"}) {
            EXPECT_EQ(top_ids(local_shards, q, sort), top_ids(local_one, q, sort)) << q;
            EXPECT_EQ(top_ids(remote, q, sort), top_ids(local_one, q, sort)) << q;
        }
    AnalysisConfig feedback;  // --feedback: a search, an expansion, a search again
    feedback.ranking.feedback_docs = 10;
    SearchEngine one_fb(one, feedback), shards_fb(sharded, feedback), remote_fb(stub, feedback);
    for (const char* q : {"election", "music industry", "\"general election\""}) {
        EXPECT_EQ(top_ids(shards_fb, q), top_ids(one_fb, q)) << q;
        EXPECT_EQ(top_ids(remote_fb, q), top_ids(one_fb, q)) << q;
    }
    const std::string shown = everything_else(local_one);
    EXPECT_NE(shown.find("category:politics="), std::string::npos) << shown;
    EXPECT_NE(shown.find("source:bbc="), std::string::npos) << shown << ": source codes named (schema 13)";
    EXPECT_EQ(everything_else(local_shards), shown);
    EXPECT_EQ(everything_else(remote), shown);

    // A database whose positions are in a value, served: words as ever; a phrase, which
    // xapian-tcpsrv cannot check on the value, is refused with the way out named.
    {
        TcpServer served(one);
        ASSERT_TRUE(served.running()) << "xapian-tcpsrv did not start";
        const std::string one_stub = (dir / "one.stub").string();
        test::write_file(one_stub, "remote 127.0.0.1:" + std::to_string(served.port()) + "\n");
        SearchEngine remote_one(one_stub);
        EXPECT_EQ(top_ids(remote_one, "music industry"), top_ids(local_one, "music industry"));
        try {
            top_ids(remote_one, "\"general election\"");
            ADD_FAILURE() << "a phrase on a remote shard without Xapian's positions was searched";
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("--compact-positions"), std::string::npos) << e.what();
        }
    }

    // One shard down: an error naming it, exit 1; with --allow-partial, the other's hits.
    server1.stop();
    const std::string down = "127.0.0.1:" + std::to_string(server1.port());
    CommandRun r = run(bin("searcher") + " --db " + stub + " --format tsv election");
    EXPECT_EQ(r.exit_code, 1) << r.out;
    EXPECT_NE(r.out.find("cannot open shard " + down + " (listed in " + stub + ", line 3)"), std::string::npos)
        << r.out;
    r = run(bin("searcher") + " --db " + stub + " --allow-partial --format tsv -n 5 election");
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("searcher: warning: skipping shard " + down), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n5\tbbc/"), std::string::npos) << "five hits from the live shard:\n" << r.out;
    // A searcher that was running when the shard died: its next search fails the same way.
    EXPECT_THROW(top_ids(remote, "election"), std::runtime_error);
    std::vector<std::string> warnings;
    ShardSetOptions partial;
    partial.allow_partial = true;
    partial.warn = [&](const std::string& message) { warnings.push_back(message); };
    SearchEngine survivor(ShardSet({stub}, partial));
    ASSERT_EQ(warnings.size(), 1u);
    for (const std::string& id : top_ids(survivor, "election")) EXPECT_EQ(shard_of(id, 2), 0u) << id;
}

}  // namespace
}  // namespace news
