// Fuzz target: the JSON Lines reader: one object parsed in memory, and the whole input read
// as a .jsonl file (line splitting, long lines, zstd when the input is a zstd frame).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/readers/jsonl_reader.hpp"
#include "common/utf8.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

/// Small, so that the fuzzer reaches the "line longer than N bytes" path.
constexpr std::size_t kMaxLineBytes = 2048;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace news;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string date_warning;
    try {
        const Article a = parse_json_article(text, date_warning);
        // Everything a record yields is indexed and printed: it must be valid UTF-8.
        for (const std::string* field : {&a.id, &a.title, &a.body, &a.date, &a.source, &a.category, &a.url})
            fuzz::check(valid_utf8(*field), "field is not UTF-8:", *field);
        for (const std::string& tag : a.tags) fuzz::check(valid_utf8(tag) && !tag.empty(), "bad tag:", tag);
        fuzz::check(date_warning.find('\n') == std::string::npos, "date warning spans lines:", date_warning);
    } catch (const std::invalid_argument& e) {
        fuzz::check(std::string_view(e.what()).find('\n') == std::string_view::npos, "reason spans lines:", e.what());
    }

    static fuzz::InputFile file("jsonl");
    fuzz::CheckingVisitor visitor;
    read_jsonl_file(file.write(data, size), "fuzz", visitor, {}, kMaxLineBytes);
    return 0;
}
