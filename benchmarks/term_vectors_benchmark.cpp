// What a database without termlists (Xapian::DB_NO_TERMLIST, issue 15) costs the features
// that read a document's terms, which then re-analyse its stored article
// (common/document_terms.hpp): --like, feedback, --top-terms and --explain, each timed on
// the same articles indexed with and without termlists, in one run, so that the cost is a
// ratio (docs/benchmarks.md).
//
// NEWS_BENCH_CORPUS: what to index (default: the bundled corpus/); NEWS_BENCH_QUERIES: the
// query file (default benchmarks/queries/bbc/title.txt), of which the first 50 are asked.
//   BM_Plain/LABEL      the query alone, 10 hits: the floor
//   BM_Like/LABEL       --like ID, 10 hits, for 50 articles spread over the database
//   BM_Feedback/LABEL   the query with feedback from its 10 best matches, 10 hits
//   BM_TopTerms/LABEL   -n 0 --top-terms 10: from the best 1,000 matches
//   BM_Explain/LABEL    --explain, 10 hits
//   BM_TermVector/LABEL one document's terms (DocumentTerms::of), every document in turn
// LABEL is `termlist` or `no-termlist`.
#include <benchmark/benchmark.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/document_terms.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/stored_record.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"

namespace {

namespace fs = std::filesystem;

std::string env_or(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? v : fallback;
}

class Collector : public news::CorpusVisitor {
  public:
    std::vector<news::Article> articles;
    void on_article(news::Article&& a, const news::RecordLocation&) override { articles.push_back(std::move(a)); }
    void on_skip(const news::RecordLocation&, std::string_view) override {}
    void on_warning(const news::RecordLocation&, std::string_view) override {}
};

struct Setup {
    fs::path dir;
    std::vector<std::string> queries;
    std::vector<std::string> like_ids;
    ~Setup() {
        std::error_code ignored;
        fs::remove_all(dir, ignored);
    }
};

std::unique_ptr<Setup> setup;

std::string db_path(bool termlist) { return (setup->dir / (termlist ? "termlist" : "no-termlist")).string(); }

void build() {
    setup = std::make_unique<Setup>();
    setup->dir = fs::temp_directory_path() / ("term-vectors-bench-" + std::to_string(::getpid()));
    fs::create_directories(setup->dir);
    Collector corpus;
    news::read_corpus({env_or("NEWS_BENCH_CORPUS", std::string(NEWS_SOURCE_DIR) + "/corpus")}, corpus);
    // A record dictionary, as the indexer trains one on the first articles.
    const std::size_t trained = std::min<std::size_t>(corpus.articles.size(), 1000);
    const auto dictionary = news::train_record_dictionary(
        std::vector<news::Article>(corpus.articles.begin(), corpus.articles.begin() + trained));
    for (const bool termlist : {true, false}) {
        news::IndexOptions options;
        options.record_dictionary = dictionary;
        news::IndexBuilder builder(
            Xapian::WritableDatabase(db_path(termlist), Xapian::DB_CREATE | (termlist ? 0 : Xapian::DB_NO_TERMLIST)),
            options);
        for (const news::Article& a : corpus.articles) builder.add(a, "/corpus/input.jsonl");
        builder.finish();
    }
    std::ifstream in(env_or("NEWS_BENCH_QUERIES", std::string(NEWS_SOURCE_DIR) + "/benchmarks/queries/bbc/title.txt"));
    for (std::string line; std::getline(in, line) && setup->queries.size() < 50;)
        if (!line.empty()) setup->queries.push_back(line);
    const std::size_t step = std::max<std::size_t>(corpus.articles.size() / 50, 1);
    for (std::size_t i = 0; i < corpus.articles.size() && setup->like_ids.size() < 50; i += step)
        setup->like_ids.push_back(corpus.articles[i].id);
    std::cerr << corpus.articles.size() << " articles, " << setup->queries.size() << " queries\n";
}

enum class Feature { kPlain, kLike, kFeedback, kTopTerms, kExplain, kTermVector };

void term_vectors(benchmark::State& state, bool termlist) {
    const Xapian::Database db(db_path(termlist));
    news::DocumentTerms documents(db);
    Xapian::docid docid = 1;
    std::size_t terms = 0;
    for (auto _ : state) {
        terms += documents.of(docid).terms.size();
        docid = docid % db.get_lastdocid() + 1;
    }
    state.SetItemsProcessed(state.iterations());
    state.counters["terms"] = benchmark::Counter(static_cast<double>(terms) / static_cast<double>(state.iterations()));
}

void run(benchmark::State& state, bool termlist, Feature feature) {
    if (feature == Feature::kTermVector) return term_vectors(state, termlist);
    news::AnalysisConfig config;
    if (feature == Feature::kFeedback) config.ranking.feedback_docs = 10;
    news::SearchEngine engine(db_path(termlist), config);
    const std::vector<std::string>& inputs = feature == Feature::kLike ? setup->like_ids : setup->queries;
    std::size_t i = 0;
    for (auto _ : state) {
        news::SearchRequest request;
        if (feature == Feature::kLike)
            request.like_id = inputs[i];
        else
            request.query = inputs[i];
        request.snippets = false;
        if (feature == Feature::kTopTerms) {
            request.limit = 0;
            request.top_terms = 10;
        }
        request.explain = feature == Feature::kExplain;
        benchmark::DoNotOptimize(engine.search(request));
        i = (i + 1) % inputs.size();
    }
    state.SetItemsProcessed(state.iterations());
}

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    build();
    const std::pair<const char*, Feature> features[] = {
        {"Plain", Feature::kPlain},       {"Like", Feature::kLike},       {"Feedback", Feature::kFeedback},
        {"TopTerms", Feature::kTopTerms}, {"Explain", Feature::kExplain}, {"TermVector", Feature::kTermVector}};
    for (const auto& [name, feature] : features)
        for (const bool termlist : {true, false})
            benchmark::RegisterBenchmark(
                (std::string("BM_") + name + "/" + (termlist ? "termlist" : "no-termlist")).c_str(),
                [termlist, feature = feature](benchmark::State& state) { run(state, termlist, feature); })
                ->Unit(benchmark::kMicrosecond)
                ->MinTime(2.0);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    setup.reset();
    return 0;
}
