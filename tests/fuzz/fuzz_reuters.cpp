// Fuzz target: the Reuters-21578 SGML reader: the input as one <REUTERS> element, and read
// as a .sgm file (element streaming, Latin-1 repair, size limit, zstd when it is a frame).
#include <cstddef>
#include <cstdint>

#include "common/readers/reuters_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static news::fuzz::InputFile file("sgm");
    news::fuzz::fuzz_sgml_reader(data, size, file, news::parse_reuters_document, news::read_reuters_file);
    return 0;
}
