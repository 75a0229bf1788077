// Fuzz target: the plain-text article parser (.txt files), in memory and through
// read_corpus() as the indexer reads a file (UTF-8 check, size limit, id and category).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/readers/corpus_reader.hpp"
#include "common/readers/text_article.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace news;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const Article article = parse_text_article(text);
    // The title is one trimmed line; the parser says so, the mapper and the output rely on it.
    fuzz::check(article.title.find('\n') == std::string_view::npos, "title spans lines:", article.title);
    fuzz::check(article.title.empty() || (article.title.front() != ' ' && article.title.back() != ' '),
                "title not trimmed:", article.title);
    for (const std::string& tag : article.tags) fuzz::check(!tag.empty(), "empty tag");

    static fuzz::InputFile file("txt");
    fuzz::CheckingVisitor visitor;
    read_corpus({file.write(data, size)}, visitor);
    return 0;
}
