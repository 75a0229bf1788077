#include "common/stored_record.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "common/document_mapper.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/readers/text_article.hpp"
#include "common/schema.hpp"
#include "common/zstd_codec.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"
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

TEST(StoredRecord, VersionOneRecordsStillDecode) {
    // Version 1 compressed the whole payload, id included: [1][1][zstd frame].
    const Article original = seed_article();
    std::string v1 = {'\x01', '\x01'};
    ZstdCompressor compressor;
    compressor.compress(record_payload(original), v1);
    RecordCodec codec;
    EXPECT_EQ(codec.decode(v1), original);
    EXPECT_EQ(codec.decode_id(v1), original.id);
}

TEST(StoredRecord, TheIdIsReadWithoutDecompressing) {
    const Article original = seed_article();
    RecordCodec codec;
    std::string record = codec.encode(original);
    ASSERT_EQ(record[1], 1);  // zstd
    record.back() ^= 0x5a;    // the compressed part damaged: the article is lost, not its id
    EXPECT_THROW(codec.decode(record), CorruptRecordError);
    EXPECT_EQ(codec.decode_id(record), original.id);
    EXPECT_THROW(codec.decode_id(record.substr(0, 3)), CorruptRecordError);
}

/// Every article of the bundled BBC corpus, in file order.
std::vector<Article> bbc_articles() {
    test::RecordingVisitor visitor;
    read_corpus({test::project_path("corpus/bbc.jsonl.zst")}, visitor);
    return std::move(visitor.articles);
}

TEST(RecordDictionary, ShrinksBbcRecordsAndEveryOneDecodesBack) {
    const std::vector<Article> articles = bbc_articles();
    ASSERT_EQ(articles.size(), 2225u);
    // Trained on the first 700 articles (about a third), as the indexer samples a corpus's start.
    const auto dictionary = train_record_dictionary({articles.begin(), articles.begin() + 700});
    ASSERT_NE(dictionary, nullptr);
    RecordCodec plain;
    RecordCodec with_dictionary(kRecordZstdLevel, dictionary);
    with_dictionary.set_dictionary_lookup(
        [&](std::uint32_t id) { return id == dictionary->id() ? dictionary : nullptr; });
    std::size_t raw = 0, plain_bytes = 0, dictionary_bytes = 0;
    for (const Article& a : articles) {
        raw += a.title.size() + a.body.size();
        plain_bytes += plain.encode(a).size();
        const std::string record = with_dictionary.encode(a);
        dictionary_bytes += record.size();
        ASSERT_EQ(with_dictionary.decode(record), a) << a.id;
    }
    // Measured: plain 0.53 of the raw text, with the dictionary (kDictionaryZstdLevel 6) 0.40.
    EXPECT_LT(dictionary_bytes, plain_bytes * 4 / 5);
    EXPECT_LT(dictionary_bytes, raw * 9 / 20);
}

/// Schema 13 leaves out the 4 bytes every zstd frame starts with (codecs 3 and 4); older
/// schemas keep whole frames, which their searchers read; every record decodes alike.
TEST(RecordDictionary, BareFramesFromSchema13AreFourBytesShorterAndReadAlike) {
    const std::vector<Article> articles = bbc_articles();
    const auto dictionary = train_record_dictionary({articles.begin(), articles.begin() + 700});
    ASSERT_NE(dictionary, nullptr);
    const auto lookup = [&](std::uint32_t id) { return id == dictionary->id() ? dictionary : nullptr; };
    DocumentMapper current({}, dictionary), schema_12({}, dictionary);
    schema_12.set_schema_version(schema::kBareFrameSchema - 1);
    current.set_dictionary_lookup(lookup);
    RecordCodec plain, bare_plain;
    bare_plain.set_bare_frames(true);
    for (std::size_t i = 0; i < articles.size(); i += 7) {
        const Article& a = articles[i];
        const std::string record = schema::record_of(current.to_document(a));
        const std::string old_record = schema::record_of(schema_12.to_document(a));
        ASSERT_EQ(record[1], 4) << a.id << ": bare, with the dictionary";
        ASSERT_EQ(old_record[1], 2) << a.id;
        EXPECT_EQ(record.size() + 4, old_record.size()) << a.id;
        EXPECT_EQ(current.stored_article(current.to_document(a)), a) << a.id;
        EXPECT_EQ(current.stored_article(schema_12.to_document(a)), a) << a.id;
        EXPECT_EQ(current.stored_id(current.to_document(a)), a.id) << a.id;

        const std::string bare = bare_plain.encode(a);
        ASSERT_EQ(bare[1], 3) << a.id << ": bare, no dictionary";
        EXPECT_EQ(bare.size() + 4, plain.encode(a).size()) << a.id;
        EXPECT_EQ(plain.decode(bare), a) << a.id;
    }
}

/// A headline's record compresses its id with the rest from schema 13 (version 1's layout),
/// a full article's keeps it apart; both give back the article and the id.
TEST(RecordDictionary, HeadlinesCompressTheirIdFromSchema13) {
    const std::vector<Article> articles = bbc_articles();
    const auto dictionary = train_record_dictionary({articles.begin(), articles.begin() + 700});
    ASSERT_NE(dictionary, nullptr);
    DocumentMapper current({}, dictionary), schema_12({}, dictionary);
    schema_12.set_schema_version(schema::kBareFrameSchema - 1);
    current.set_dictionary_lookup([&](std::uint32_t id) { return id == dictionary->id() ? dictionary : nullptr; });
    std::size_t headlines = 0, raw = 0, bytes = 0, old_bytes = 0;
    for (std::size_t i = 0; i < articles.size(); i += 5) {
        Article a = articles[i];
        const bool headline = i % 2 == 0;
        if (headline) a.body.clear();
        const Xapian::Document doc = current.to_document(a);
        const std::string record = schema::record_of(doc);
        if (record[1] == 0) {
            ++raw;  // a record zstd cannot shrink is stored raw, in either version
        } else {
            ASSERT_EQ(record[0], headline ? 1 : 2) << a.id;
        }
        EXPECT_EQ(current.stored_article(doc), a) << a.id;
        EXPECT_EQ(current.stored_id(doc), a.id) << a.id;
        if (!headline) continue;
        ++headlines;
        bytes += record.size();
        old_bytes += schema::record_of(schema_12.to_document(a)).size();
    }
    // Measured: 5.3 bytes a headline saved; two in five are too short for zstd to shrink
    // (BBC titles with a 16-byte id, about 60 bytes); news-large's save 12 (docs).
    EXPECT_LT(bytes + headlines * 4, old_bytes);
    EXPECT_LT(raw * 2, headlines);
}

TEST(StoredRecord, DamagedBareFramesAreRefused) {
    RecordCodec codec;
    codec.set_bare_frames(true);
    const std::string good = codec.encode(seed_article());
    ASSERT_EQ(good[1], 3);
    for (std::size_t size = 0; size < good.size(); size += 1 + size / 8)
        EXPECT_THROW(codec.decode(good.substr(0, size)), CorruptRecordError) << size;
    for (std::size_t at = 2 + seed_article().id.size() + 1; at < good.size(); at += 97) {
        std::string flipped = good;
        flipped[at] ^= 0x5a;
        EXPECT_THROW(codec.decode(flipped), CorruptRecordError) << at;
    }
    std::string whole_frame = good;
    whole_frame.insert(2 + 1 + seed_article().id.size(), "\x28\xb5\x2f\xfd", 4);
    EXPECT_THROW(codec.decode(whole_frame), CorruptRecordError) << "a whole frame under a bare frame's codec";
}

TEST(RecordDictionary, RecordWhoseDictionaryIsMissingIsAnErrorNotAWrongArticle) {
    const std::vector<Article> articles = bbc_articles();
    const auto dictionary = train_record_dictionary({articles.begin(), articles.begin() + 700});
    const auto other = train_record_dictionary({articles.end() - 700, articles.end()});
    ASSERT_NE(dictionary, nullptr);
    ASSERT_NE(other, nullptr);
    ASSERT_NE(dictionary->id(), other->id());
    RecordCodec writer(kRecordZstdLevel, dictionary);
    const std::string record = writer.encode(articles[1000]);

    RecordCodec no_lookup;
    EXPECT_THROW(no_lookup.decode(record), CorruptRecordError);
    RecordCodec wrong;
    wrong.set_dictionary_lookup([&](std::uint32_t) { return other; });  // a lookup that lies
    EXPECT_THROW(wrong.decode(record), CorruptRecordError);
    try {
        no_lookup.decode(record);
    } catch (const CorruptRecordError& e) {
        EXPECT_NE(std::string(e.what()).find(std::to_string(dictionary->id())), std::string::npos) << e.what();
    }
}

TEST(RecordDictionary, TooSmallASampleTrainsNothing) {
    const std::vector<Article> articles = bbc_articles();
    EXPECT_EQ(train_record_dictionary({articles.begin(), articles.begin() + 2}), nullptr);
}

/// What `db`'s documents keep their records in: {documents with data, documents with a
/// kRecordSlot value}.
std::pair<Xapian::doccount, Xapian::doccount> record_places(const Xapian::Database& db) {
    std::pair<Xapian::doccount, Xapian::doccount> places;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        const Xapian::Document doc = db.get_document(*d);
        places.first += !doc.get_data().empty();
        places.second += !doc.get_value(schema::kRecordSlot).empty();
    }
    return places;
}

}  // namespace

TEST(StoredRecord, IsAValueFromSchema12TheDataBeforeAndShardsOfBothAreReadAlike) {
    std::vector<Article> articles = bbc_articles();
    articles.resize(40);
    const std::vector<Article> older(articles.begin(), articles.begin() + 20);
    const std::vector<Article> newer(articles.begin() + 20, articles.end());
    const Xapian::Database old_db = test::indexed_in_schema(older, schema::kRecordInValueSchema - 1);
    const Xapian::Database new_db = test::indexed_in_schema(newer, schema::kRecordInValueSchema);
    EXPECT_EQ(record_places(old_db), std::make_pair(Xapian::doccount{20}, Xapian::doccount{0}));
    EXPECT_EQ(record_places(new_db), std::make_pair(Xapian::doccount{0}, Xapian::doccount{20}));

    Xapian::Database both;
    both.add_database(old_db);
    both.add_database(new_db);
    SearchEngine engine(both);
    for (const Article& a : articles) {
        const std::optional<Article> stored = engine.find_article(a.id);
        ASSERT_TRUE(stored.has_value()) << a.id;
        EXPECT_EQ(*stored, a) << a.id;
    }
    SearchRequest request;
    request.query = "said";
    request.limit = 40;
    const SearchResult result = engine.search(request);
    std::size_t from_older = 0, from_newer = 0;
    for (const Hit& hit : result.hits) {
        EXPECT_TRUE(hit.error.empty()) << hit.error;
        const auto is_hit = [&](const Article& a) { return a.id == hit.article.id; };
        from_older += std::any_of(older.begin(), older.end(), is_hit);
        from_newer += std::any_of(newer.begin(), newer.end(), is_hit);
        EXPECT_NE(hit.snippet.text.find("said"), std::string::npos) << hit.article.id << ": " << hit.snippet.text;
    }
    EXPECT_GT(from_older, 0u);  // hits with snippets from the shard of either schema
    EXPECT_GT(from_newer, 0u);
}

TEST(StoredRecord, HashesAreEightBytesFromSchema12AndStillFindUnchangedArticlesAndCopies) {
    std::vector<Article> articles = bbc_articles();
    articles.resize(10);
    articles.push_back(articles.front());  // the same story under another id
    articles.back().id = "copy-of-" + articles.front().id;
    for (const int version : {schema::kBinaryHashSchema - 1, schema::kBinaryHashSchema}) {
        Xapian::WritableDatabase db = test::indexed_in_schema(articles, version);
        const std::size_t size = version >= schema::kBinaryHashSchema ? 8 : 16;
        for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
            const Xapian::Document doc = db.get_document(*d);
            EXPECT_EQ(doc.get_value(schema::kContentHashSlot).size(), size) << version;
            EXPECT_EQ(doc.get_value(schema::kDuplicateSlot).size(), size) << version;
        }
        const auto key = [&](const std::string& id) {
            return db.get_document(*db.postlist_begin(schema::id_term(id))).get_value(schema::kDuplicateSlot);
        };
        EXPECT_EQ(key(articles.front().id), key(articles.back().id)) << version;
        EXPECT_NE(key(articles.front().id), key(articles[1].id)) << version;
        IndexBuilder again(db, {});
        for (const Article& a : articles) EXPECT_EQ(again.add(a), AddOutcome::kUnchanged) << version << " " << a.id;
    }
}

}  // namespace news
