#include "common/stored_record.hpp"

#include <gtest/gtest.h>

#include "common/text_article.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

Article seed_article() {
    Article a = parse_text_article(test::read_file(test::seed_article_path()));
    a.id = "seed/thehill-xi-cyber-dialogue";
    a.source = "thehill";
    a.date = "2015-09-22T20:30:00";
    a.url = "https://thehill.com/policy/cybersecurity/254510";
    a.category = "seed";
    return a;
}

TEST(StoredRecord, RoundTripsEveryFieldByteForByteIncludingNonAscii) {
    RecordCodec codec;
    const Article original = seed_article();
    ASSERT_NE(original.title.find("\xE2\x80\x98"), std::string::npos);  // ‘ curly quote survives
    const Article decoded = codec.decode(codec.encode(original));
    EXPECT_EQ(decoded, original);
    EXPECT_EQ(decoded.body, original.body);
}

TEST(StoredRecord, RoundTripsEmptyFieldsAndEmbeddedNulBytes) {
    RecordCodec codec;
    Article a;
    a.id = std::string("a\0b", 3);
    a.body = "";
    a.tags = {"", "x"};
    EXPECT_EQ(codec.decode(codec.encode(a)), a);
}

TEST(StoredRecord, CompressesLongArticles) {
    RecordCodec codec;
    const Article a = seed_article();
    EXPECT_LT(codec.encode(a).size(), a.body.size() * 3 / 4);
}

TEST(StoredRecord, RejectsUnknownVersionCodecAndDamage) {
    RecordCodec codec;
    const std::string good = codec.encode(seed_article());
    std::string bad_version = good;
    bad_version[0] = 9;
    EXPECT_THROW(codec.decode(bad_version), CorruptRecordError);
    std::string bad_codec = good;
    bad_codec[1] = 7;
    EXPECT_THROW(codec.decode(bad_codec), CorruptRecordError);
    EXPECT_THROW(codec.decode(good.substr(0, good.size() - 5)), CorruptRecordError);
    EXPECT_THROW(codec.decode(""), CorruptRecordError);
    std::string flipped = good;
    flipped[flipped.size() / 2] ^= 0x5a;
    EXPECT_THROW(codec.decode(flipped), CorruptRecordError);
}

TEST(StoredRecord, RejectsRawRecordsWithTrailingOrMissingBytes) {
    RecordCodec codec;
    Article small;
    small.id = "x";
    const std::string raw = codec.encode(small);  // too small to compress: stored raw
    ASSERT_EQ(raw[1], 0);
    EXPECT_EQ(codec.decode(raw), small);
    EXPECT_THROW(codec.decode(raw + "z"), CorruptRecordError);
    EXPECT_THROW(codec.decode(raw.substr(0, raw.size() - 1)), CorruptRecordError);
}

}  // namespace
}  // namespace news
