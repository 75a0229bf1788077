// Fuzz target: the TREC SGML reader: the input as one <DOC> element, and read
// as a .trec file (element streaming, Latin-1 repair, size limit, zstd when it is a frame).
#include <cstddef>
#include <cstdint>

#include "common/readers/trec_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static news::fuzz::InputFile file("trec");
    news::fuzz::fuzz_sgml_reader(data, size, file, news::parse_trec_document, news::read_trec_file);
    return 0;
}
