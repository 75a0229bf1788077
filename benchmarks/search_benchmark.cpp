// Query latency of the searcher's query path, per query set, with bare Xapian as the floor.
//
// The index is built once, outside any timed loop, from NEWS_BENCH_CORPUS (default: the
// bundled corpus/) into a temporary on-disk database, or NEWS_BENCH_DB names an existing one:
// a database folder, a sharded database's folder or a stub file (which may list remote
// shards). NEWS_BENCH_DB may also name several as LABEL=PATH,LABEL=PATH,... to compare
// layouts in one run, e.g. one database, its 4 local shards and 2 remote shards
// (docs/scaling.md); each benchmark name then ends in @LABEL.
// Each benchmark runs every query of its set once per pass and reports per-query latency
// percentiles (nearest rank) as counters, so runs compare as ratios within one process.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include <benchmark/benchmark.h>
#include <xapian.h>

#include "common/corpus_reader.hpp"
#include "common/text_analysis.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"

namespace {

namespace fs = std::filesystem;

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

std::vector<std::string> load_queries(const fs::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) out.push_back(line);
    return out;
}

class CountingVisitor : public news::CorpusVisitor {
  public:
    explicit CountingVisitor(news::IndexBuilder& b) : builder_(b) {}
    void on_article(news::Article&& a, const news::RecordLocation&) override { builder_.add(a); }
    void on_skip(const news::RecordLocation& where, std::string_view reason) override {
        std::cerr << where.to_string() << ": skipped: " << reason << '\n';
    }
    void on_warning(const news::RecordLocation&, std::string_view) override {}

  private:
    news::IndexBuilder& builder_;
};

/// Builds the benchmark database once, unless NEWS_BENCH_DB is set; removes it at exit.
class BenchDatabase {
  public:
    BenchDatabase() {
        if (!env_or("NEWS_BENCH_DB", "").empty()) return;
        owned_ = fs::temp_directory_path() / ("news-bench-" + std::to_string(::getpid()));
        path_ = owned_.string();
        const std::string corpus = env_or("NEWS_BENCH_CORPUS", std::string(NEWS_SOURCE_DIR) + "/corpus");
        const auto start = std::chrono::steady_clock::now();
        news::IndexBuilder builder(path_, {});
        CountingVisitor visitor(builder);
        news::read_corpus({fs::path(corpus)}, visitor);
        builder.finish();
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << "indexed " << corpus << ": " << builder.counts().added << " articles in " << s << " s\n";
    }
    ~BenchDatabase() {
        std::error_code ec;
        if (!owned_.empty()) fs::remove_all(owned_, ec);
    }
    const std::string& path() const { return path_; }

  private:
    std::string path_;
    fs::path owned_;
};

void report_latencies(benchmark::State& state, std::vector<double>& micros) {
    if (micros.empty()) return;
    std::sort(micros.begin(), micros.end());
    auto pct = [&](double p) {
        const std::size_t rank = static_cast<std::size_t>(std::max(1.0, std::ceil(p / 100.0 * micros.size())));
        return micros[std::min(rank, micros.size()) - 1];
    };
    double sum = 0;
    for (double m : micros) sum += m;
    state.counters["p50_us"] = pct(50);
    state.counters["p95_us"] = pct(95);
    state.counters["p99_us"] = pct(99);
    state.counters["mean_us"] = sum / micros.size();
    state.counters["qps"] = micros.size() / (sum / 1e6);
}

/// Runs `one_query(query)` for every query, timing each.
template <typename F>
void run_queries(benchmark::State& state, const std::vector<std::string>& queries, F one_query) {
    std::vector<double> micros;
    micros.reserve(queries.size() * 4);
    std::size_t i = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        one_query(queries[i]);
        micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
        if (++i == queries.size()) i = 0;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    report_latencies(state, micros);
}

/// A database to measure, and the suffix of its benchmarks' names ("" or "@LABEL").
struct BenchTarget {
    std::string suffix;
    std::string path;
};

/// NEWS_BENCH_DB read as one PATH or as LABEL=PATH,LABEL=PATH,...; `built` when unset.
std::vector<BenchTarget> bench_targets(const std::string& built) {
    const std::string spec = env_or("NEWS_BENCH_DB", "");
    if (spec.empty()) return {{"", built}};
    if (spec.find('=') == std::string::npos) return {{"", spec}};
    std::vector<BenchTarget> targets;
    std::stringstream items(spec);
    for (std::string item; std::getline(items, item, ',');) {
        const auto eq = item.find('=');
        if (eq == std::string::npos || eq == 0) throw std::invalid_argument("NEWS_BENCH_DB: expected LABEL=PATH, got '" + item + "'");
        targets.push_back({"@" + item.substr(0, eq), item.substr(eq + 1)});
    }
    return targets;
}

/// What `searcher` does for one query: parse, rank, top 10, decode stored articles, snippets.
void BM_Searcher(benchmark::State& state, const std::string& db, std::vector<std::string> queries, bool snippets) {
    news::SearchEngine engine(db);
    news::SearchRequest request;
    request.snippets = snippets;
    for (const auto& q : queries) {  // warm-up pass, untimed
        request.query = q;
        benchmark::DoNotOptimize(engine.search(request));
    }
    run_queries(state, queries, [&](const std::string& q) {
        request.query = q;
        benchmark::DoNotOptimize(engine.search(request));
    });
}

/// The floor: bare Xapian with the same parser, top 10, get_data of each hit, nothing else.
void BM_BareXapian(benchmark::State& state, const std::string& db_path, std::vector<std::string> queries) {
    Xapian::Database db(db_path);
    Xapian::QueryParser qp = news::make_query_parser({}, db);
    Xapian::Enquire enquire(db);
    auto one = [&](const std::string& q) {
        enquire.set_query(qp.parse_query(q, news::query_parser_flags()));
        const Xapian::MSet mset = enquire.get_mset(0, 10);
        for (auto it = mset.begin(); it != mset.end(); ++it) benchmark::DoNotOptimize(it.get_document().get_data());
    };
    for (const auto& q : queries) one(q);
    run_queries(state, queries, one);
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    const BenchDatabase db;
    const fs::path query_dir = env_or("NEWS_BENCH_QUERIES", std::string(NEWS_SOURCE_DIR) + "/benchmarks/queries/bbc");
    for (const BenchTarget& target : bench_targets(db.path())) {
        for (const char* set : {"title", "single", "phrase", "literal"}) {
            const auto queries = load_queries(query_dir / (std::string(set) + ".txt"));
            if (queries.empty()) continue;
            const auto passes = static_cast<benchmark::IterationCount>(queries.size() * (queries.size() < 100 ? 200 : 3));
            const std::string name = std::string(set) + target.suffix;
            benchmark::RegisterBenchmark(("BM_Searcher/" + name).c_str(), BM_Searcher, target.path, queries, true)
                ->Iterations(passes)->Unit(benchmark::kMicrosecond);
            benchmark::RegisterBenchmark(("BM_SearcherNoSnippets/" + name).c_str(), BM_Searcher, target.path, queries,
                                         false)
                ->Iterations(passes)->Unit(benchmark::kMicrosecond);
            benchmark::RegisterBenchmark(("BM_BareXapian/" + name).c_str(), BM_BareXapian, target.path, queries)
                ->Iterations(passes)->Unit(benchmark::kMicrosecond);
        }
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
