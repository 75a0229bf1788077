#include "tests/test_support.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "common/document_mapper.hpp"
#include "common/schema.hpp"
#include "common/word_positions.hpp"
#include "indexer/index_builder.hpp"

namespace news::test {

TempDir::TempDir() {
    std::random_device rd;
    const auto base = std::filesystem::temp_directory_path();
    for (int attempt = 0; attempt < 100; ++attempt) {
        auto candidate = base / ("news-test-" + std::to_string(rd()));
        if (std::filesystem::create_directory(candidate)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void RecordingVisitor::on_article(Article&& a, const RecordLocation& where) {
    articles.push_back(std::move(a));
    article_locations.push_back(where.to_string());
}

void RecordingVisitor::on_skip(const RecordLocation& where, std::string_view reason) {
    skips.push_back(where.to_string() + ": " + std::string(reason));
}

void RecordingVisitor::on_warning(const RecordLocation& where, std::string_view message) {
    warnings.push_back(where.to_string() + ": " + std::string(message));
}

std::vector<std::string> RecordingVisitor::ids() const {
    std::vector<std::string> out;
    for (const Article& a : articles) out.push_back(a.id);
    return out;
}

CommandRun run_command(const std::string& command) {
    CommandRun r;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return r;
    std::array<char, 4096> buf{};
    std::size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

pid_t spawn(const std::vector<std::string>& argv) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int devnull = ::open("/dev/null", O_WRONLY);
        ::dup2(devnull, STDOUT_FILENO);
        ::dup2(devnull, STDERR_FILENO);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    return pid;
}

namespace {

int exit_code_of(int status) { return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status); }

}  // namespace

int wait_exit(pid_t pid) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return exit_code_of(status);
}

int wait_exit_within(pid_t pid, double seconds) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        if (::waitpid(pid, &status, WNOHANG) == pid) return exit_code_of(status);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid, SIGKILL);
    ::waitpid(pid, &status, 0);
    return -1;
}

Xapian::WritableDatabase in_memory_db() { return Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY); }

Article article(std::string id, std::string title, std::string body) {
    Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = std::move(body);
    return a;
}

std::size_t index_into(Xapian::WritableDatabase& db, const std::vector<std::filesystem::path>& inputs) {
    /// Adds as it reads, so no corpus is held in memory.
    class Adder : public CorpusVisitor {
      public:
        explicit Adder(IndexBuilder& builder) : builder_(builder) {}
        void on_article(Article&& a, const RecordLocation&) override { builder_.add(a); }
        void on_skip(const RecordLocation& where, std::string_view reason) override {
            ADD_FAILURE() << where.to_string() << ": " << reason;
        }
        void on_warning(const RecordLocation&, std::string_view) override {}

      private:
        IndexBuilder& builder_;
    };
    IndexBuilder builder(db, {});
    Adder adder(builder);
    read_corpus(inputs, adder);
    builder.finish();
    return builder.counts().added;
}

std::string shell_quoted(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

std::vector<std::string> trec_ids(const std::string& run) {
    std::vector<std::string> ids;
    std::istringstream lines(run);
    for (std::string qid, q0, id, rest; lines >> qid >> q0 >> id && std::getline(lines, rest);) ids.push_back(id);
    return ids;
}

void IndexedByTheIndexer::index(const std::string& inputs) {
    index_run_ = run_command(program("indexer") + " --quiet --db " + shell_quoted(db()) + " " + inputs + " 2>&1");
}

CommandRun IndexedByTheIndexer::search(const std::string& args) const {
    return run_command(program("searcher") + " --db " + shell_quoted(db()) + " " + args + " 2>" +
                       shell_quoted((dir() / "err").string()));
}

std::string IndexedByTheIndexer::err() const { return read_file(dir() / "err"); }

SearchResult exhaustive_search(SearchEngine& engine, const std::string& query, Xapian::doccount limit) {
    SearchRequest request;
    request.query = query;
    request.limit = limit;
    request.snippets = false;
    request.exhaustive = true;
    return engine.search(request);
}

SearchResult exhaustive_search(const std::string& db, const std::string& query, Xapian::doccount limit) {
    SearchEngine engine(db);
    return exhaustive_search(engine, query, limit);
}

SearchRequest page_request(const std::string& query, Xapian::doccount offset, Xapian::doccount limit) {
    SearchRequest request;
    request.query = query;
    request.offset = offset;
    request.limit = limit;
    request.snippets = false;
    request.suggest_spelling = false;
    return request;
}

void expect_same_pages_as_exhaustive(SearchEngine& engine, const std::vector<std::string>& queries,
                                     const std::function<void(const SearchResult& fast)>& each) {
    for (const std::string& q : queries) {
        for (const auto& [offset, limit] : {std::pair{0u, 10u}, {7u, 3u}, {0u, 40u}}) {
            SearchRequest request = page_request(q, offset, limit);
            const SearchResult fast = engine.search(request);
            request.exhaustive = true;
            const SearchResult full = engine.search(request);
            EXPECT_FALSE(full.from_top_postings || full.weighed_from_lengths) << q;
            EXPECT_EQ(ranking_of(fast), ranking_of(full)) << q << " (offset " << offset << ", " << limit << " hits)";
            each(fast);
        }
    }
}

std::size_t count_same_pages_as_exhaustive(SearchEngine& engine, const std::vector<std::string>& queries,
                                           const std::function<bool(const SearchResult& fast)>& counted) {
    std::size_t count = 0;
    expect_same_pages_as_exhaustive(engine, queries, [&](const SearchResult& fast) { count += counted(fast); });
    return count;
}

std::vector<std::string> hit_ids(const SearchResult& result) {
    std::vector<std::string> ids;
    for (const Hit& hit : result.hits) ids.push_back(hit.article.id);
    return ids;
}

std::vector<std::pair<std::string, double>> ranking_of(const SearchResult& result) {
    std::vector<std::pair<std::string, double>> out;
    for (const Hit& h : result.hits) out.emplace_back(h.article.id, h.score);
    return out;
}

std::vector<std::string> query_set(const std::string& corpus, const std::vector<std::string>& sets) {
    std::vector<std::string> all;
    for (const std::string& set : sets) {
        const std::filesystem::path file = project_path("benchmarks/queries/" + corpus + "/" + set + ".txt");
        std::ifstream in(file);
        const std::size_t before = all.size();
        for (std::string line; std::getline(in, line);)
            if (!line.empty()) all.push_back(line);
        EXPECT_GT(all.size(), before) << file << ": no queries";
    }
    return all;
}

std::filesystem::path news_large_sample(const std::filesystem::path& dir, std::size_t headlines) {
    const std::filesystem::path sample = dir / "news-large-sample.jsonl";
    const std::string command = "zstd -dc " + shell_quoted(shared_path("corpus/news-large.jsonl.zst").string()) +
                                " | head -n " + std::to_string(headlines) + " > " + shell_quoted(sample.string());
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    return sample;
}

void expect_same_top_terms(const SearchResult& a, const SearchResult& b, const std::string& what, double tolerance) {
    ASSERT_EQ(b.top_terms.size(), a.top_terms.size()) << what;
    for (std::size_t i = 0; i < a.top_terms.size(); ++i) {
        EXPECT_EQ(b.top_terms[i].term, a.top_terms[i].term) << what << " #" << i;
        EXPECT_EQ(b.top_terms[i].word, a.top_terms[i].word) << what << " #" << i;
        EXPECT_EQ(b.top_terms[i].count, a.top_terms[i].count) << what << " #" << i;
        EXPECT_NEAR(b.top_terms[i].weight, a.top_terms[i].weight, tolerance) << what << " #" << i;
    }
}

std::vector<Xapian::termpos> word_positions_of(const Xapian::Document& doc, const std::string& term) {
    std::vector<Xapian::termpos> positions;
    const std::string value = doc.get_value(schema::kWordPositionsSlot);
    if (!value.empty()) {
        const auto reader = word_positions::Reader::parse(value);
        if (!reader) throw std::runtime_error("damaged word positions");
        reader->positions(term, word_positions::term_hash(term), positions);
        return positions;
    }
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(term);
    if (t != doc.termlist_end() && *t == term) positions.assign(t.positionlist_begin(), t.positionlist_end());
    return positions;
}

Xapian::WritableDatabase indexed_in_schema(const std::vector<Article>& articles, int schema_version,
                                           bool compact_positions) {
    Xapian::WritableDatabase db = in_memory_db();
    DocumentMapper mapper;
    mapper.set_schema_version(schema_version);
    mapper.set_positions_in_value(compact_positions);
    for (const Article& a : articles) db.replace_document(schema::id_term(a.id), mapper.to_document(a));
    db.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(schema_version));
    if (compact_positions) db.set_metadata(std::string(schema::kPositionsKey), std::string(schema::kPositionsInValue));
    db.commit();
    return db;
}

}  // namespace news::test
