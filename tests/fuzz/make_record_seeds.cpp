// Writes the stored-record seeds of fuzz_stored_record: the records the indexer stores for
// the seed article and a few BBC articles (zstd), and for a short article (raw).
// Usage: build-fuzz/bin/make_record_seeds tests/fuzz/seeds/stored_record   (after scripts/fuzz.sh built it)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/readers/corpus_reader.hpp"
#include "common/stored_record.hpp"

namespace {

class Collector : public news::CorpusVisitor {
  public:
    void on_article(news::Article&& a, const news::RecordLocation&) override { articles.push_back(std::move(a)); }
    void on_skip(const news::RecordLocation&, std::string_view) override {}
    void on_warning(const news::RecordLocation&, std::string_view) override {}
    bool should_stop() override { return articles.size() >= 4; }
    std::vector<news::Article> articles;
};

}  // namespace

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_record_seeds OUTPUT_DIR\n");
        return 2;
    }
    const std::filesystem::path source(NEWS_SOURCE_DIR);
    Collector collector;
    news::read_corpus({source / "corpus/seed", source / "corpus/bbc.jsonl.zst"}, collector);
    news::Article short_one;
    short_one.id = "x";
    short_one.title = "Short";
    short_one.tags = {"a", "b"};
    collector.articles.push_back(short_one);
    news::RecordCodec codec;
    int n = 0;
    for (const news::Article& a : collector.articles) {
        std::ofstream out(std::filesystem::path(argv[1]) / ("record-" + std::to_string(++n) + ".bin"),
                          std::ios::binary);
        out << codec.encode(a);
    }
    return 0;
}
