// Fuzz target: the TREC SGML reader: the input as one <DOC> element, and read
// as a .trec file (element streaming, Latin-1 repair, size limit, zstd when it is a frame).
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "common/trec_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

/// Small, so that the fuzzer reaches the "element longer than N bytes" path.
constexpr std::size_t kMaxElementBytes = 8192;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace news;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string date_warning;
    try {
        (void)parse_trec_document(text, date_warning);
    } catch (const std::invalid_argument& e) {
        fuzz::check(std::string_view(e.what()).find('\n') == std::string_view::npos, "reason spans lines:", e.what());
    }

    static fuzz::InputFile file("trec");
    fuzz::CheckingVisitor visitor;
    read_trec_file(file.write(data, size), visitor, kMaxElementBytes);
    return 0;
}
