// Query latency of the searcher's whole query path, per query type, with bare Xapian as the
// floor, so that the overhead is a ratio from one run (docs/benchmarks.md).
//
// The index is built once, outside any timed loop, from NEWS_BENCH_CORPUS (default: the
// bundled corpus/) into a temporary on-disk database, or NEWS_BENCH_DB names an existing one:
// a database folder, a sharded database's folder or a stub file (which may list remote
// shards). NEWS_BENCH_DB may also name several as LABEL=PATH,LABEL=PATH,... to compare
// layouts in one run, e.g. one database, its 4 local shards and 2 remote shards
// (docs/scaling.md); each benchmark name then ends in @LABEL.
//
// NEWS_BENCH_QUERIES is the folder of query sets (default benchmarks/queries/bbc), one
// `<type>.txt` per query type (kQueryTypes). Per type, three benchmarks:
//   BM_Searcher/TYPE      what `searcher QUERY` does: search, snippets, text output
//   BM_SearcherTrec/TYPE  what `searcher --format trec QUERY` does: no snippets, id lines
//   BM_SearcherTrecExhaustive/TYPE  the same with --exhaustive: every match ranked, never
//                         from the top postings (searcher/top_postings_search.hpp)
//   BM_BareXapian/TYPE    the floor: QueryParser, Enquire, get_mset(0, 10), get_data
// Each makes one untimed warm-up pass over its set, then times every query of at least
// NEWS_BENCH_MIN_SAMPLES (default 600) queries, whole passes, and reports per-query
// latency percentiles (nearest rank), mean and queries per second as counters. With
// NEWS_BENCH_LATENCIES=DIR every per-query latency is also written to DIR (for plots).
// NEWS_BENCH_HISTOGRAM=day|week|month|year adds `--histogram INTERVAL` to every searcher
// query (the floor stays bare Xapian), to time coverage over time on a query set, and
// NEWS_BENCH_TOP_TERMS=N adds `--top-terms N`. NEWS_BENCH_THREADS=N matches each query
// in N threads (searcher --threads; default 1). NEWS_BENCH_FEEDBACK=N adds
//   BM_SearcherFeedback/TYPE  BM_Searcher with pseudo-relevance feedback from the N best
//                         matches (searcher --feedback takes 10), timed in the same run
#include <benchmark/benchmark.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "common/stub_file.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/histogram.hpp"
#include "searcher/hit_formatter.hpp"
#include "searcher/query_language.hpp"
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
        if (eq == std::string::npos || eq == 0)
            throw std::invalid_argument("NEWS_BENCH_DB: expected LABEL=PATH, got '" + item + "'");
        targets.push_back({"@" + item.substr(0, eq), item.substr(eq + 1)});
    }
    return targets;
}

/// A query set: its type (the file name without .txt) and its queries.
struct QuerySet {
    std::string type;
    std::vector<std::string> queries;
};

/// The query types, in the order of the report; each is `<type>.txt` in the query folder.
/// "sorted" is searched newest first and "faceted" counts the facets of `facets.txt`; for
/// the others, everything the type asks for is in the query text.
constexpr const char* kQueryTypes[] = {"title", "single", "frequent", "rare",   "phrase",
                                       "and",   "date",   "sorted",   "faceted"};

/// The facets of `facets.txt` in the query folder (comma-separated), else all of them.
std::vector<std::string> load_facets(const fs::path& dir) {
    std::ifstream in(dir / "facets.txt");
    std::string line;
    if (!std::getline(in, line) || line.empty()) line = "source,category,tag,year";
    std::vector<std::string> out;
    std::stringstream items(line);
    for (std::string item; std::getline(items, item, ',');)
        if (!item.empty()) out.push_back(item);
    return out;
}

/// What `searcher` is asked for by a query of this type: top 10, the command's defaults.
news::SearchRequest request_for(const std::string& type, const std::vector<std::string>& facets) {
    news::SearchRequest request;
    if (type == "sorted") request.sort = news::SortOrder::kNewest;
    if (type == "faceted") request.facets = facets;
    const std::string histogram = env_or("NEWS_BENCH_HISTOGRAM", "");
    if (!histogram.empty()) {
        request.histogram = news::parse_histogram_interval(histogram);
        if (!request.histogram) throw std::invalid_argument("NEWS_BENCH_HISTOGRAM: not day, week, month or year");
    }
    request.top_terms = std::stoul(env_or("NEWS_BENCH_TOP_TERMS", "0"));
    return request;
}

/// Writes this benchmark's per-query latencies (µs, one per line) into NEWS_BENCH_LATENCIES,
/// when set, as `<benchmark name with / replaced by .>.txt`, for latency plots.
void dump_latencies(std::string name, const std::vector<double>& micros) {
    const std::string dir = env_or("NEWS_BENCH_LATENCIES", "");
    if (dir.empty()) return;
    std::replace(name.begin(), name.end(), '/', '.');
    std::replace(name.begin(), name.end(), '@', '.');
    fs::create_directories(dir);
    std::ofstream out(fs::path(dir) / (name + ".txt"));
    for (double m : micros) out << m << '\n';
}

/// Runs `one_query(query)` for every query, timing each.
template <typename F>
void run_queries(benchmark::State& state, const std::string& name, const std::vector<std::string>& queries,
                 F one_query) {
    for (const auto& q : queries) one_query(q);  // warm-up pass, untimed
    std::vector<double> micros;
    micros.reserve(static_cast<std::size_t>(state.max_iterations));
    std::size_t i = 0;
    for (auto _ : state) {
        const auto t0 = std::chrono::steady_clock::now();
        one_query(queries[i]);
        micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
        if (++i == queries.size()) i = 0;
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
    dump_latencies(name, micros);
    report_latencies(state, micros);
}

/// NEWS_BENCH_THREADS: the searcher's --threads (default 1: one thread per query, as
/// Lucene's harness searches).
unsigned match_threads() { return static_cast<unsigned>(std::stoul(env_or("NEWS_BENCH_THREADS", "1"))); }

/// Exactly what `searcher QUERY` does after option parsing, for top 10: parse, rank, decode
/// the stored articles, snippets and the text output (written to a string that is dropped).
void searcher_with(benchmark::State& state, const std::string& name, const std::string& db, const QuerySet& set,
                   const std::vector<std::string>& facets, const news::AnalysisConfig& config) {
    news::SearchEngine engine(db, config);
    engine.set_match_threads(match_threads());
    news::SearchRequest request = request_for(set.type, facets);
    const news::FormatOptions format;  // piped output: no colour
    std::ostringstream out;
    run_queries(state, name, set.queries, [&](const std::string& q) {
        request.query = q;
        out.str({});
        news::write_text(out, engine.search(request), format);
        benchmark::DoNotOptimize(out.tellp());
    });
}

void BM_Searcher(benchmark::State& state, const std::string& name, const std::string& db, const QuerySet& set,
                 const std::vector<std::string>& facets) {
    searcher_with(state, name, db, set, facets, {});
}

/// BM_Searcher with pseudo-relevance feedback (searcher --feedback), from the
/// NEWS_BENCH_FEEDBACK best matches, in the same run as BM_Searcher (docs/relevance.md).
void BM_SearcherFeedback(benchmark::State& state, const std::string& name, const std::string& db, const QuerySet& set,
                         const std::vector<std::string>& facets) {
    news::AnalysisConfig config;
    config.ranking.feedback_docs = static_cast<Xapian::doccount>(std::stoul(env_or("NEWS_BENCH_FEEDBACK", "10")));
    searcher_with(state, name, db, set, facets, config);
}

/// `searcher --format trec QUERY` (with --exhaustive when `exhaustive`): the same search
/// without snippets, ids-only output. The counter `listed` is the share of queries whose
/// page came from the top postings, `lengths` of those whose words were weighed from the
/// length column.
void searcher_trec(benchmark::State& state, const std::string& name, const std::string& db, const QuerySet& set,
                   const std::vector<std::string>& facets, bool exhaustive) {
    news::SearchEngine engine(db);
    engine.set_match_threads(match_threads());
    news::SearchRequest request = request_for(set.type, facets);
    request.snippets = false;          // as searcher sets it for trec and tsv
    request.stored_articles = false;   // as searcher sets it for trec
    request.suggest_spelling = false;  // trec shows no "did you mean"
    request.exhaustive = exhaustive;
    const news::FormatOptions format;
    std::ostringstream out;
    std::size_t searched = 0, listed = 0, weighed_from_lengths = 0, ranked_ties = 0;
    run_queries(state, name, set.queries, [&](const std::string& q) {
        request.query = q;
        out.str({});
        const news::SearchResult result = engine.search(request);
        ++searched;
        if (result.from_top_postings) ++listed;
        if (result.weighed_from_lengths) ++weighed_from_lengths;
        if (result.ties_from_rank_column) ++ranked_ties;
        news::write_trec(out, "1", result, format);
        benchmark::DoNotOptimize(out.tellp());
    });
    state.counters["listed"] = static_cast<double>(listed) / static_cast<double>(std::max<std::size_t>(searched, 1));
    state.counters["lengths"] =
        static_cast<double>(weighed_from_lengths) / static_cast<double>(std::max<std::size_t>(searched, 1));
    state.counters["ranks"] =
        static_cast<double>(ranked_ties) / static_cast<double>(std::max<std::size_t>(searched, 1));
}

void BM_SearcherTrec(benchmark::State& state, const std::string& name, const std::string& db, const QuerySet& set,
                     const std::vector<std::string>& facets) {
    searcher_trec(state, name, db, set, facets, false);
}

void BM_SearcherTrecExhaustive(benchmark::State& state, const std::string& name, const std::string& db,
                               const QuerySet& set, const std::vector<std::string>& facets) {
    searcher_trec(state, name, db, set, facets, true);
}

/// The value slot Xapian counts for a facet name (facets.hpp), for the floor.
Xapian::valueno facet_slot(const std::string& name) {
    if (name == "source") return news::schema::kSourceSlot;
    if (name == "category") return news::schema::kCategorySlot;
    if (name == "tag") return news::schema::kTagsSlot;
    return news::schema::kDateSlot;  // year
}

/// The floor: bare Xapian on the same database. Our query parser's prefixes, stemmer and
/// date syntax (so it searches the same terms), Xapian's default BM25, get_mset(0, 10) and
/// get_data of each hit, nothing else. Sorted and faceted queries do the same Xapian work
/// the searcher asks for: sort by the tie-break key (the date, newest first); a ValueCountMatchSpy per facet slot over
/// the whole result set.
void BM_BareXapian(benchmark::State& state, const std::string& name, const std::string& db_path, const QuerySet& set,
                   const std::vector<std::string>& facets) {
    news::refuse_stub_programs(db_path);  // NEWS_BENCH_DB is a path from the user, and Xapian follows stubs
    Xapian::Database db(db_path);
    Xapian::QueryParser qp = news::make_query_parser({}, db);
    Xapian::Enquire enquire(db);
    // Newest first: the tie-break key orders by time, newest first, ascending (schema.hpp).
    if (set.type == "sorted") enquire.set_sort_by_value(news::schema::kTieBreakSlot, false);
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    if (set.type == "faceted")
        for (const auto& f : facets) {
            spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(facet_slot(f)));
            enquire.add_matchspy(spies.back().get());
        }
    const Xapian::doccount check_at_least = spies.empty() ? 0 : db.get_doccount();
    run_queries(state, name, set.queries, [&](const std::string& q) {
        enquire.set_query(qp.parse_query(q, news::query_parser_flags()));
        const Xapian::MSet mset = enquire.get_mset(0, 10, check_at_least);
        for (auto it = mset.begin(); it != mset.end(); ++it)
            benchmark::DoNotOptimize(news::schema::record_of(it.get_document()));
    });
}

using BenchFunction = void (*)(benchmark::State&, const std::string& name, const std::string& db, const QuerySet&,
                               const std::vector<std::string>& facets);
struct Variant {
    const char* prefix;
    BenchFunction function;
};
constexpr Variant kVariants[] = {{"BM_Searcher/", BM_Searcher},
                                 {"BM_SearcherFeedback/", BM_SearcherFeedback},
                                 {"BM_SearcherTrec/", BM_SearcherTrec},
                                 {"BM_SearcherTrecExhaustive/", BM_SearcherTrecExhaustive},
                                 {"BM_BareXapian/", BM_BareXapian}};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    const BenchDatabase db;
    const fs::path query_dir = env_or("NEWS_BENCH_QUERIES", std::string(NEWS_SOURCE_DIR) + "/benchmarks/queries/bbc");
    // Timed passes over each set (after one untimed warm-up pass): small sets get more, so
    // that every benchmark has at least ~600 timed queries for its percentiles.
    const int min_samples = std::stoi(env_or("NEWS_BENCH_MIN_SAMPLES", "600"));
    const std::vector<std::string> facets = load_facets(query_dir);
    std::vector<QuerySet> sets;
    for (const char* type : kQueryTypes) {
        QuerySet set{type, load_queries(query_dir / (std::string(type) + ".txt"))};
        if (!set.queries.empty()) sets.push_back(std::move(set));
    }
    for (const BenchTarget& target : bench_targets(db.path())) {
        for (const QuerySet& set : sets) {
            const auto n = static_cast<int>(set.queries.size());
            const benchmark::IterationCount passes = std::max(1, (min_samples + n - 1) / n);
            const std::string name = set.type + target.suffix;
            for (const auto& [prefix, fn] : kVariants) {
                if (fn == BM_SearcherFeedback && env_or("NEWS_BENCH_FEEDBACK", "").empty()) continue;
                const std::string full_name = prefix + name;
                benchmark::RegisterBenchmark(full_name.c_str(), fn, full_name, target.path, set, facets)
                    ->Iterations(passes * n)
                    ->Unit(benchmark::kMicrosecond);
            }
        }
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
