// Fuzz target: the CSV reader, and the TSV reader when the input holds a tab (quoting,
// multi-line records, header mapping, record size limit, zstd when the input is a frame).
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/readers/csv_reader.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

/// Small, so that the fuzzer reaches the "record longer than N bytes" path.
constexpr std::size_t kMaxRecordBytes = 4096;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace news;
    static fuzz::InputFile file("csv");
    const std::string& path = file.write(data, size);
    CsvOptions options;
    options.max_record_bytes = kMaxRecordBytes;
    fuzz::CheckingVisitor csv;
    read_csv_file(path, "fuzz", csv, options);
    if (std::memchr(data, '\t', size) != nullptr) {
        options.delimiter = '\t';
        fuzz::CheckingVisitor tsv;
        read_csv_file(path, "fuzz", tsv, options);
    }
    return 0;
}
