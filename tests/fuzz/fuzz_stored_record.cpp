// Fuzz target: the stored-record decoder (format and zstd), fed arbitrary bytes as if read
// from a damaged database. A record it accepts must survive a round trip unchanged.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/stored_record.hpp"
#include "tests/fuzz/fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace news;
    static RecordCodec codec;
    Article article;
    try {
        article = codec.decode(std::string_view(reinterpret_cast<const char*>(data), size));
    } catch (const CorruptRecordError&) {
        return 0;  // the documented outcome for a damaged record
    }
    fuzz::check(codec.decode(codec.encode(article)) == article, "decode(encode(record)) differs from record");
    return 0;
}
