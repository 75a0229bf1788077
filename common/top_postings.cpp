#include "common/top_postings.hpp"

#include <cstdint>
#include <limits>

#include "common/varint.hpp"

namespace news::top_postings {

namespace {

/// The format's first byte; another value is not ours (or of a later format): not used.
/// 1: docids only (never released); 2: docids with their shapes.
constexpr char kFormat = 2;
constexpr char kFingerprintFormat = 1;
/// Metadata keys share glass's key limit with terms; kept well below it.
constexpr std::size_t kMaxKeyBytes = 200;

/// Reads varints from bytes that may be damaged: every read is checked.
class Reader {
  public:
    explicit Reader(std::string_view bytes) : bytes_(bytes) {}

    std::optional<std::uint64_t> varint() { return read_varint(bytes_, pos_); }
    /// A count of items, each of at least `item_bytes` bytes: never more than could follow.
    std::optional<std::size_t> count(std::size_t item_bytes) {
        const auto n = varint();
        if (!n || *n > (bytes_.size() - pos_) / item_bytes) return std::nullopt;
        return static_cast<std::size_t>(*n);
    }
    std::optional<std::uint32_t> u32() {
        const auto v = varint();
        if (!v || *v > std::numeric_limits<std::uint32_t>::max()) return std::nullopt;
        return static_cast<std::uint32_t>(*v);
    }
    std::optional<std::string_view> bytes(std::size_t n) {
        if (n > bytes_.size() - pos_) return std::nullopt;
        const std::string_view out = bytes_.substr(pos_, n);
        pos_ += n;
        return out;
    }
    bool at_end() const { return pos_ == bytes_.size(); }

  private:
    std::string_view bytes_;
    std::size_t pos_ = 0;
};

void put_shapes(std::string& out, const std::vector<Shape>& shapes) {
    put_varint(out, shapes.size());
    for (const Shape& s : shapes) {
        put_varint(out, s.wdf);
        put_varint(out, s.length);
    }
}

bool read_shapes(Reader& in, std::vector<Shape>& shapes) {
    const auto n = in.count(2);
    if (!n) return false;
    shapes.reserve(*n);
    for (std::size_t i = 0; i < *n; ++i) {
        const auto wdf = in.u32();
        const auto length = in.u32();
        if (!wdf || !length) return false;
        shapes.push_back({*wdf, *length});
    }
    return true;
}

}  // namespace

std::string encode(const TermList& list) {
    std::string out(1, kFormat);
    put_varint(out, list.docids.size());
    Xapian::docid previous = 0;
    for (std::size_t i = 0; i < list.docids.size(); ++i) {  // ascending: gaps are small numbers
        put_varint(out, list.docids[i] - previous);
        previous = list.docids[i];
        const Shape shape = i < list.shapes.size() ? list.shapes[i] : Shape{};
        put_varint(out, shape.wdf);
        put_varint(out, shape.length);
    }
    put_shapes(out, list.unlisted);
    put_shapes(out, list.cut_group);
    put_varint(out, list.cut_key.size());
    out += list.cut_key;
    return out;
}

std::optional<TermList> decode(std::string_view bytes) {
    if (bytes.empty() || bytes.front() != kFormat) return std::nullopt;
    Reader in(bytes.substr(1));
    TermList list;
    const auto n = in.count(3);
    if (!n) return std::nullopt;
    list.docids.reserve(*n);
    list.shapes.reserve(*n);
    std::uint64_t docid = 0;
    for (std::size_t i = 0; i < *n; ++i) {
        const auto gap = in.u32();
        docid += gap.value_or(0);
        // Strictly ascending docids of 32 bits, or the bytes are not a list of ours.
        if (!gap || *gap == 0 || docid > std::numeric_limits<Xapian::docid>::max()) return std::nullopt;
        list.docids.push_back(static_cast<Xapian::docid>(docid));
        const auto wdf = in.u32();
        const auto length = in.u32();
        if (!wdf || !length) return std::nullopt;
        list.shapes.push_back({*wdf, *length});
    }
    if (!read_shapes(in, list.unlisted) || !read_shapes(in, list.cut_group)) return std::nullopt;
    const auto key_size = in.count(1);
    if (!key_size) return std::nullopt;
    const auto key = in.bytes(*key_size);
    if (!key || !in.at_end()) return std::nullopt;
    list.cut_key = std::string(*key);
    return list;
}

std::optional<std::string> list_key(std::string_view term) {
    if (term.empty() || kListKeyPrefix.size() + term.size() > kMaxKeyBytes) return std::nullopt;
    return std::string(kListKeyPrefix) + std::string(term);
}

std::string encode(const Fingerprint& f) {
    std::string out(1, kFingerprintFormat);
    for (std::uint64_t v : {std::uint64_t{f.doccount}, std::uint64_t{f.last_docid}, std::uint64_t{f.revision},
                            std::uint64_t{f.min_termfreq}, std::uint64_t{f.list_size}})
        put_varint(out, v);
    return out;
}

std::optional<Fingerprint> decode_fingerprint(std::string_view bytes) {
    if (bytes.empty() || bytes.front() != kFingerprintFormat) return std::nullopt;
    Reader in(bytes.substr(1));
    const auto doccount = in.u32();
    const auto last_docid = in.u32();
    const auto revision = in.varint();
    const auto min_termfreq = in.u32();
    const auto list_size = in.u32();
    if (!doccount || !last_docid || !revision || !min_termfreq || !list_size || !in.at_end()) return std::nullopt;
    return Fingerprint{*doccount, *last_docid, static_cast<Xapian::rev>(*revision), *min_termfreq, *list_size};
}

std::optional<Fingerprint> current_fingerprint(const Xapian::Database& db) {
    auto f = decode_fingerprint(db.get_metadata(std::string(kFingerprintKey)));
    if (!f || f->doccount != db.get_doccount() || f->last_docid != db.get_lastdocid()) return std::nullopt;
    try {
        if (f->revision != db.get_revision()) return std::nullopt;
    } catch (const Xapian::InvalidOperationError&) {
        return std::nullopt;  // not one local database: no revision to compare
    }
    return f;
}

bool lists_are_current(const Xapian::Database& db) { return current_fingerprint(db).has_value(); }

std::optional<Fingerprint> FingerprintMemo::current(const Xapian::Database& db) {
    if (db.size() != 1) return std::nullopt;  // lists describe one database
    Xapian::rev revision = 0;
    try {
        revision = db.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
        return std::nullopt;  // not a local database: no revision to compare
    } catch (const Xapian::UnimplementedError&) {
        return std::nullopt;  // a backend without revisions (in memory): no lists either
    }
    std::string uuid = db.get_uuid();
    if (uuid.empty()) return current_fingerprint(db);  // nothing to tell it from another by
    if (read_ && revision == revision_ && uuid == uuid_) return fingerprint_;
    fingerprint_ = current_fingerprint(db);
    revision_ = revision;
    uuid_ = std::move(uuid);
    read_ = true;
    return fingerprint_;
}

}  // namespace news::top_postings
