#include "common/stored_record.hpp"

#include <cstdint>
#include <optional>
#include <utility>

#include "common/varint.hpp"
#include "common/zstd_codec.hpp"

namespace news {

namespace {

enum Codec : unsigned char { kRaw = 0, kZstd = 1, kZstdDictionary = 2, kBareZstd = 3, kBareZstdDictionary = 4 };

/// The 4 bytes every zstd frame starts with (0xFD2FB528, little-endian), which a bare frame
/// (codecs 3 and 4) leaves out: the codec byte says what follows already.
constexpr std::string_view kZstdMagic{"\x28\xb5\x2f\xfd", 4};

bool is_bare(unsigned char codec) { return codec == kBareZstd || codec == kBareZstdDictionary; }
bool is_zstd(unsigned char codec) { return codec >= kZstd && codec <= kBareZstdDictionary; }

// No article we store comes near this; a larger declared size means corruption.
constexpr std::size_t kMaxPayloadBytes = std::size_t{1} << 30;
// zstd's default dictionary size. Record bytes / raw text on the bundled corpus: at level 3
// 64 KB 0.44, 110 KB 0.43, 220 KB 0.43; at level 12 110 KB 0.39, 220 KB 0.37; without a
// dictionary 0.57. The default, not the best of one corpus: a larger dictionary learns more
// of its 4 MB sample, which says less about the articles that come later.
constexpr std::size_t kRecordDictionaryCapacity = 110 * 1024;
// Below this, zstd's frame header outweighs what it saves; a dictionary lets much shorter
// records (headlines) compress. Either way a record zstd cannot shrink is stored raw.
constexpr std::size_t kMinCompressBytes = 64;
constexpr std::size_t kMinCompressBytesWithDictionary = 16;
// From schema 13, a payload up to this size is compressed whole, id included (version 1's
// layout). On 200,000 headlines (payloads of about 180 bytes) records took 21.56 MB with
// the id apart and 19.15 MB without; full-text articles, a few kilobytes each, keep it
// apart, where decompressing them for an id would cost more and save less.
constexpr std::size_t kWholeFrameBytes = 512;

/// The flags a payload may end with: tags_unseparated, and a language field following.
constexpr std::uint64_t kTagsUnseparatedFlag = 1;
constexpr std::uint64_t kLanguageFlag = 2;
constexpr std::uint64_t kKnownFlags = kTagsUnseparatedFlag | kLanguageFlag;

void put_field(std::string& out, std::string_view field) {
    put_varint(out, field.size());
    out.append(field);
}

class PayloadReader {
  public:
    explicit PayloadReader(std::string_view data) : data_(data) {}

    std::uint64_t varint() {
        if (const auto v = read_varint(data_, pos_)) return *v;
        // Out of bytes, or more than 64 bits of them.
        throw CorruptRecordError(pos_ >= data_.size() ? "stored record truncated"
                                                      : "stored record has a malformed length");
    }

    std::string field() {
        const std::uint64_t n = varint();
        if (n > data_.size() - pos_) throw CorruptRecordError("stored record field overruns the record");
        std::string s(data_.substr(pos_, static_cast<std::size_t>(n)));
        pos_ += static_cast<std::size_t>(n);
        return s;
    }

    bool at_end() const { return pos_ == data_.size(); }
    std::size_t position() const { return pos_; }

  private:
    std::string_view data_;
    std::size_t pos_ = 0;
};

std::string encode_payload(const Article& a) {
    std::string out;
    out.reserve(a.id.size() + a.title.size() + a.body.size() + a.url.size() + 64);
    for (const std::string* field : {&a.id, &a.title, &a.body, &a.date, &a.source, &a.category, &a.url})
        put_field(out, *field);
    put_varint(out, a.tags.size());
    for (const auto& tag : a.tags) put_field(out, tag);
    // Optional, so that every other record is what it was: flags, bit 0 tags_unseparated,
    // bit 1 a language field after them.
    const std::uint64_t flags =
        (a.tags_unseparated ? kTagsUnseparatedFlag : 0) | (a.language.empty() ? 0 : kLanguageFlag);
    if (flags != 0) put_varint(out, flags);
    if (!a.language.empty()) put_field(out, a.language);
    return out;
}

/// The fields after the id (title ... tags) from `in` into `a`; the whole of `in` is used.
void decode_fields_after_id(PayloadReader& in, std::size_t size, Article& a) {
    for (std::string* field : {&a.title, &a.body, &a.date, &a.source, &a.category, &a.url}) *field = in.field();
    const std::uint64_t tag_count = in.varint();
    if (tag_count > size) throw CorruptRecordError("stored record has an implausible tag count");
    a.tags.reserve(static_cast<std::size_t>(tag_count));
    for (std::uint64_t i = 0; i < tag_count; ++i) a.tags.push_back(in.field());
    if (!in.at_end()) {
        const std::uint64_t flags = in.varint();
        // Zero is never written: flags are only there when one is set.
        if (flags == 0 || (flags & ~kKnownFlags) != 0) throw CorruptRecordError("stored record has unknown flags");
        a.tags_unseparated = (flags & kTagsUnseparatedFlag) != 0;
        if ((flags & kLanguageFlag) != 0) {
            a.language = in.field();
            if (a.language.empty()) throw CorruptRecordError("stored record has an empty language");
        }
    }
    if (!in.at_end()) throw CorruptRecordError("stored record has trailing bytes");
}

Article decode_payload(std::string_view payload) {
    PayloadReader in(payload);
    Article a;
    a.id = in.field();
    decode_fields_after_id(in, payload.size(), a);
    return a;
}

}  // namespace

std::string record_payload(const Article& article) { return encode_payload(article); }

std::shared_ptr<const ZstdDictionary> train_record_dictionary(const std::vector<Article>& sample) {
    std::vector<std::string> payloads;
    payloads.reserve(sample.size());
    for (const Article& article : sample) payloads.push_back(encode_payload(article));
    const std::optional<std::string> dictionary = train_zstd_dictionary(payloads, kRecordDictionaryCapacity);
    if (!dictionary) return nullptr;
    return std::make_shared<const ZstdDictionary>(*dictionary, kDictionaryZstdLevel);
}

struct RecordCodec::Codecs {
    Codecs(int level, std::shared_ptr<const ZstdDictionary> dict) : compressor(level), dictionary(std::move(dict)) {}
    ZstdCompressor compressor;
    ZstdDecompressor decompressor;
    std::shared_ptr<const ZstdDictionary> dictionary;  ///< for encoding
    DictionaryLookup lookup;                           ///< for decoding
    bool bare_frames = false;                          ///< codecs 3 and 4 for encoding
};

RecordCodec::RecordCodec(int zstd_level, std::shared_ptr<const ZstdDictionary> dictionary)
    : codecs_(std::make_unique<Codecs>(zstd_level, std::move(dictionary))) {}

void RecordCodec::set_dictionary_lookup(DictionaryLookup lookup) { codecs_->lookup = std::move(lookup); }
void RecordCodec::set_bare_frames(bool bare) { codecs_->bare_frames = bare; }
RecordCodec::~RecordCodec() = default;
RecordCodec::RecordCodec(RecordCodec&&) noexcept = default;
RecordCodec& RecordCodec::operator=(RecordCodec&&) noexcept = default;

std::string RecordCodec::encode(const Article& article) { return encode_payload(news::encode_payload(article)); }

std::string RecordCodec::encode_payload(std::string_view payload) {
    // The id field stays uncompressed in front, so ids-only output never decompresses; but a
    // short record (a headline) is compressed whole, in version 1's layout (schema 13 on):
    // kept apart, its id was a fifth of its bytes, and a frame this small is decompressed in
    // about a microsecond.
    const bool whole = codecs_->bare_frames && payload.size() <= kWholeFrameBytes;
    PayloadReader reader(payload);
    reader.field();
    const std::string_view id_field = whole ? std::string_view() : payload.substr(0, reader.position());
    const std::string_view rest = whole ? payload : payload.substr(reader.position());
    std::string out;
    out.push_back(static_cast<char>(whole ? 1 : kStoredRecordVersion));
    const std::size_t header = 2 + id_field.size();
    if (rest.size() >= (codecs_->dictionary ? kMinCompressBytesWithDictionary : kMinCompressBytes)) {
        const bool dictionary = codecs_->dictionary != nullptr;
        const bool bare = codecs_->bare_frames;
        out.push_back(static_cast<char>(bare ? (dictionary ? kBareZstdDictionary : kBareZstd)
                                             : (dictionary ? kZstdDictionary : kZstd)));
        out.append(id_field);
        const std::size_t frame = out.size();
        if (dictionary)
            codecs_->compressor.compress(rest, out, *codecs_->dictionary);
        else
            codecs_->compressor.compress(rest, out);
        if (bare) out.erase(frame, kZstdMagic.size());  // zstd always writes it first
        if (out.size() < header + rest.size()) return out;
        out.resize(1);  // zstd did not help: fall back to raw
    }
    out[0] = static_cast<char>(kStoredRecordVersion);  // raw records of both versions are alike
    out.push_back(static_cast<char>(kRaw));
    out.append(payload);
    return out;
}

std::string RecordCodec::decompress_with_dictionary(std::string_view frame) {
    const std::uint32_t id = zstd_frame_dictionary(frame);
    if (id == 0) throw CorruptRecordError("stored record names no dictionary");
    const std::shared_ptr<const ZstdDictionary> dictionary = codecs_->lookup ? codecs_->lookup(id) : nullptr;
    if (!dictionary)
        throw CorruptRecordError("stored record needs zstd dictionary " + std::to_string(id) +
                                 ", which the database does not hold");
    return codecs_->decompressor.decompress(frame, kMaxPayloadBytes, *dictionary);
}

std::string RecordCodec::decompress(unsigned char codec, std::string_view stored) {
    std::string whole;  // a bare frame with its magic number back, as zstd reads frames
    std::string_view frame = stored;
    if (is_bare(codec)) {
        whole.reserve(kZstdMagic.size() + stored.size());
        whole.append(kZstdMagic).append(stored);
        frame = whole;
        codec = codec == kBareZstd ? kZstd : kZstdDictionary;
    }
    try {
        switch (codec) {
            case kZstd:
                return codecs_->decompressor.decompress(frame, kMaxPayloadBytes);
            case kZstdDictionary:
                return decompress_with_dictionary(frame);
            default:
                throw CorruptRecordError("stored record has unknown codec " + std::to_string(codec));
        }
    } catch (const ZstdError& e) {
        throw CorruptRecordError(std::string("stored record: ") + e.what());
    }
}

namespace {

/// Version and codec bytes checked; `version` set. The rest of the record is data[2..].
unsigned char record_codec(std::string_view data, unsigned char& version) {
    if (data.size() < 2) throw CorruptRecordError("stored record too short");
    version = static_cast<unsigned char>(data[0]);
    if (version != 1 && version != kStoredRecordVersion)
        throw CorruptRecordError("stored record has unknown format version " + std::to_string(version));
    return static_cast<unsigned char>(data[1]);
}

}  // namespace

Article RecordCodec::decode(std::string_view data) {
    unsigned char version = 0;
    const unsigned char codec = record_codec(data, version);
    const std::string_view body = data.substr(2);
    if (codec == kRaw) return decode_payload(body);
    if (version == 1) return decode_payload(decompress(codec, body));  // all fields compressed
    PayloadReader head(body);
    Article a;
    a.id = head.field();
    const std::string rest = decompress(codec, body.substr(head.position()));
    PayloadReader in(rest);
    decode_fields_after_id(in, rest.size(), a);
    return a;
}

std::string RecordCodec::decode_id(std::string_view data) {
    unsigned char version = 0;
    const unsigned char codec = record_codec(data, version);
    if (version == 1 && codec != kRaw) {  // the id is the payload's first field, inside the frame
        const std::string payload = decompress(codec, data.substr(2));
        return PayloadReader(payload).field();
    }
    if (codec != kRaw && !is_zstd(codec))
        throw CorruptRecordError("stored record has unknown codec " + std::to_string(codec));
    PayloadReader head(data.substr(2));
    return head.field();
}

}  // namespace news
