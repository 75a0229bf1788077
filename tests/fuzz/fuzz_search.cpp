// Fuzz target: query parsing and search. The input is the query, run against an in-memory
// database of a few real articles (plus one with planted escape sequences and one with a
// damaged stored record); every output format is rendered and checked: the text formats
// must be terminal-safe, the JSON formats valid JSON.
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "common/utf8.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/hit_formatter.hpp"
#include "searcher/search_engine.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using news::fuzz::check;

class Collector : public news::CorpusVisitor {
  public:
    explicit Collector(news::IndexBuilder& builder) : builder_(builder) {}
    void on_article(news::Article&& a, const news::RecordLocation&) override {
        builder_.add(a);
        ++count_;
    }
    void on_skip(const news::RecordLocation& where, std::string_view reason) override {
        news::fuzz::fail("cannot read the fuzz database's articles:", where.to_string() + ": " + std::string(reason));
    }
    void on_warning(const news::RecordLocation&, std::string_view) override {}
    bool should_stop() override { return count_ >= 8; }  // the seed article and 7 BBC ones

  private:
    news::IndexBuilder& builder_;
    std::size_t count_ = 0;
};

Xapian::Database make_database() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    news::IndexBuilder builder(db, {});
    Collector collector(builder);
    const std::filesystem::path source(NEWS_SOURCE_DIR);
    news::read_corpus({source / "corpus/seed", source / "corpus/bbc.jsonl.zst"}, collector);

    news::Article planted;
    planted.id = "planted/\x1b[1mid\x07";
    planted.title = "Cyber \x1b]0;owned\x07 China \x1b[2J title";
    planted.body =
        "China cyber \x1b[31mred\x1b[0m dialogue \xc2\x9b"
        "31m C1 CSI, bell \x07, backspace \x08 end.";
    planted.date = "2015-09-22";
    planted.source = "bbc\x1b[5m";
    planted.category = "tech";
    planted.url = "https://example.com/\x1b[8m";
    planted.tags = {"hacking\x1b[4m", "china"};
    builder.add(planted);

    news::Article damaged;
    damaged.id = "damaged/record";
    damaged.title = "Cyber dialogue China damaged";
    damaged.body = "A record whose stored data is damaged: search must report it, not fail.";
    news::DocumentMapper mapper;
    news::PreparedArticle prepared = news::prepare_article(mapper, damaged, {});
    prepared.document.add_value(news::schema::kRecordSlot, std::string("\x01\x01\x28\xb5\x2f\xfd garbage", 13));
    builder.add(std::move(prepared));
    builder.finish();
    return db;
}

/// No byte the terminal could act on: valid UTF-8, no C0 control but line feed (and tab
/// when `tabs`), no DEL, no C1 control. `color` allows our own bold/dim/reset sequences.
void check_terminal_safe(std::string text, bool tabs, bool color, std::string_view format) {
    if (color) {
        for (const std::string_view sgr : {"\033[1m", "\033[2m", "\033[0m"})
            for (auto pos = text.find(sgr); pos != std::string::npos; pos = text.find(sgr, pos))
                text.erase(pos, sgr.size());
    }
    std::size_t bad = 0;
    if (!news::valid_utf8(text, &bad))
        news::fuzz::fail("output is not UTF-8 in format", std::string(format) + " at byte " + std::to_string(bad) +
                                                              ": " + text.substr(bad < 40 ? 0 : bad - 40, 80));
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        const bool c0 = c < 0x20 && c != '\n' && !(tabs && c == '\t');
        const bool c1 = c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xa0;
        if (c0 || c == 0x7f || c1)
            news::fuzz::fail("control character in output format", std::string(format) + ": " + text);
    }
}

void check_json_lines(const std::string& text, std::string_view format) {
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
        if (!nlohmann::json::accept(line))
            news::fuzz::fail("invalid JSON in format", std::string(format) + ": " + line);
        check_terminal_safe(line, false, false, format);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static news::SearchEngine engine(make_database());
    news::SearchRequest request;
    request.query.assign(reinterpret_cast<const char*>(data), size);
    // Settings from the input's length, so that every query meets each of them.
    request.all_terms = size % 2 == 1;
    request.sort = static_cast<news::SortOrder>(size / 2 % 3);
    request.correct_spelling = size / 6 % 2 == 1;
    request.collapse_duplicates = size / 12 % 2 == 0;
    if (size / 24 % 2 == 1) request.facets = {"source", "category", "tag", "year"};
    if (size / 48 % 2 == 1) request.since = "20050101";
    request.limit = 20;
    news::SearchResult result;
    try {
        result = engine.search(request);
    } catch (const std::invalid_argument&) {  // documented: a date that cannot exist, an overlong query
        return 0;
    }

    news::FormatOptions plain, color;
    color.color = true;
    std::ostringstream text, colored, json, jsonl, tsv, trec;
    news::write_text(text, result, plain);
    news::write_text(colored, result, color);
    news::write_json(json, result);
    news::write_json_lines(jsonl, result);
    news::write_tsv(tsv, result);
    news::write_trec(trec, "1", result, plain);
    check_terminal_safe(text.str(), false, false, "text");
    check_terminal_safe(colored.str(), false, true, "text (colour)");
    check_terminal_safe(tsv.str(), true, false, "tsv");
    check_terminal_safe(trec.str(), false, false, "trec");
    check_json_lines(json.str(), "json");
    check_json_lines(jsonl.str(), "jsonl");
    for (const news::Hit& hit : result.hits) {
        std::ostringstream article;
        if (hit.error.empty()) news::write_article(article, hit.article, plain);
        check_terminal_safe(article.str(), false, false, "article");
    }
    return 0;
}
