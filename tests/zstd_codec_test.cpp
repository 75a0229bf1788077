#include "common/zstd_codec.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "tests/test_support.hpp"

namespace news {
namespace {

TEST(ZstdCodec, RoundTripsTheSeedArticleByteForByte) {
    const std::string plain = test::read_file(test::seed_article_path());
    ZstdCompressor compressor;
    std::string frame;
    compressor.compress(plain, frame);
    EXPECT_LT(frame.size(), plain.size());
    ZstdDecompressor decompressor;
    EXPECT_EQ(decompressor.decompress(frame, plain.size()), plain);
}

TEST(ZstdCodec, CompressorAppendsToExistingOutput) {
    ZstdCompressor compressor;
    std::string out = "head";
    compressor.compress("some text to compress", out);
    ASSERT_EQ(out.substr(0, 4), "head");
    ZstdDecompressor decompressor;
    EXPECT_EQ(decompressor.decompress(std::string_view(out).substr(4), 1000), "some text to compress");
}

TEST(ZstdCodec, RejectsGarbageTruncatedAndOversizedFrames) {
    const std::string plain = test::read_file(test::seed_article_path());
    ZstdCompressor compressor;
    std::string frame;
    compressor.compress(plain, frame);
    ZstdDecompressor decompressor;
    EXPECT_THROW(decompressor.decompress("not a zstd frame at all", 1 << 20), ZstdError);
    EXPECT_THROW(decompressor.decompress(std::string_view(frame).substr(0, frame.size() / 2), 1 << 20), ZstdError);
    EXPECT_THROW(decompressor.decompress(frame, plain.size() - 1), ZstdError);
}

TEST(ZstdCodec, AFrameDeclaringMoreThanItCanHoldIsRejectedBeforeAllocating) {
    // Found by fuzzing: the declared size was allocated before decompressing, so a damaged
    // stored record of 20 bytes made the searcher allocate up to its 1 GiB limit.
    std::string frame("\x28\xb5\x2f\xfd\xe0", 5);  // magic; single segment, 8-byte content size
    const std::uint64_t declared = std::uint64_t{1} << 30;
    for (int i = 0; i < 8; ++i) frame.push_back(static_cast<char>((declared >> (8 * i)) & 0xff));
    frame += std::string(
        "\x03\x00\x10"
        "a",
        4);  // the last block: 128 KiB of 'a' (RLE)
    try {
        ZstdDecompressor().decompress(frame, std::size_t{1} << 30);
        FAIL() << "expected an error";
    } catch (const ZstdError& e) {
        EXPECT_STREQ(e.what(), "zstd: frame declares 1073741824 bytes, more than its 17 bytes can hold");
    }
    // Real frames stay far within the bound, even of the most compressible text.
    const std::string plain(std::size_t{8} << 20, 'a');
    std::string compressed;
    ZstdCompressor().compress(plain, compressed);
    EXPECT_EQ(ZstdDecompressor().decompress(compressed, plain.size()), plain);
}

TEST(ZstdFileReader, StreamsTheShippedBbcCorpusCompletely) {
    ZstdFileReader reader(test::project_path("corpus/bbc.jsonl.zst").string());
    std::string chunk;
    std::size_t bytes = 0, newlines = 0;
    while (reader.read(chunk)) {
        bytes += chunk.size();
        for (char c : chunk) newlines += c == '\n';
    }
    EXPECT_EQ(newlines, 2225u);  // one JSON line per BBC article
    EXPECT_GT(bytes, 5'000'000u);
    EXPECT_EQ(reader.compressed_bytes_read(), std::filesystem::file_size(test::project_path("corpus/bbc.jsonl.zst")));
}

TEST(ZstdFileReader, ReportsATruncatedFileAfterDeliveringWhatItCould) {
    test::TempDir dir;
    std::string frame;
    ZstdCompressor compressor;
    compressor.compress(test::read_file(test::seed_article_path()), frame);
    test::write_file(dir / "cut.zst", frame.substr(0, frame.size() - 10));
    ZstdFileReader reader((dir / "cut.zst").string());
    std::string chunk;
    EXPECT_THROW(
        {
            while (reader.read(chunk)) {
            }
        },
        ZstdError);
}

TEST(ZstdFileReader, MissingFileThrowsWithItsPath) {
    try {
        ZstdFileReader reader("/nonexistent/file.zst");
        FAIL() << "expected an exception";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("/nonexistent/file.zst"), std::string::npos);
    }
}

}  // namespace
}  // namespace news
