#include "common/word_positions.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include "common/hash.hpp"
#include "common/varint.hpp"

namespace news::word_positions {

namespace {

constexpr char kTermsFormat = 1;
constexpr char kSequenceFormat = 2;
constexpr unsigned kNarrowest = 2;
constexpr unsigned kWidest = 8;

struct TermPositions {
    std::uint64_t hash;
    std::string term;
    std::vector<Xapian::termpos> positions;
};

std::uint64_t truncated(std::uint64_t hash, unsigned width) { return width >= 8 ? hash : hash >> (64 - 8 * width); }

/// The narrowest width at which the terms (sorted by hash) have distinct hashes; 0 when
/// even the whole hash repeats.
unsigned narrowest_distinct_width(const std::vector<TermPositions>& terms) {
    for (unsigned width = kNarrowest; width <= kWidest; ++width) {
        bool distinct = true;
        for (std::size_t i = 1; i < terms.size() && distinct; ++i)
            distinct = truncated(terms[i - 1].hash, width) != truncated(terms[i].hash, width);
        if (distinct) return width;
    }
    return 0;
}

void put_big_endian(std::string& out, std::uint64_t value, unsigned width) {
    for (unsigned i = width; i-- > 0;) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::string delta_coded(const std::vector<Xapian::termpos>& positions) {
    std::string out;
    Xapian::termpos previous = 0;
    for (Xapian::termpos p : positions) {
        put_varint(out, p - previous);
        previous = p;
    }
    return out;
}

[[noreturn]] void damaged() { throw std::runtime_error("damaged word positions (value slot of positions)"); }

}  // namespace

std::uint64_t term_hash(std::string_view term) { return mixed_fnv1a64(term); }

namespace {

/// Format 1 of `terms`, sorted by hash (or by term, when `width` is 0).
std::string by_term(const std::vector<TermPositions>& terms, unsigned width) {
    std::string lengths;
    std::vector<std::string> coded;
    coded.reserve(terms.size());
    for (const TermPositions& t : terms) {
        coded.push_back(delta_coded(t.positions));
        put_varint(lengths, coded.back().size());
    }
    std::string out;
    out.push_back(kTermsFormat);
    out.push_back(static_cast<char>(width));
    put_varint(out, terms.size());
    put_varint(out, lengths.size());
    for (const TermPositions& t : terms) {
        if (width > 0) {
            put_big_endian(out, truncated(t.hash, width), width);
        } else {
            put_varint(out, t.term.size());
            out += t.term;
        }
    }
    out += lengths;
    for (const std::string& c : coded) out += c;
    return out;
}

std::size_t varint_size(std::uint64_t value) {
    std::size_t size = 1;
    for (; value >= 0x80; value >>= 7) ++size;
    return size;
}

/// Format 2 of `terms` when it can hold them (no two at one position, no hash that reads as
/// a gap) in fewer than `limit` bytes; nullopt otherwise.
std::optional<std::string> by_position(const std::vector<TermPositions>& terms, unsigned width, std::size_t limit) {
    if (width == 0) return std::nullopt;
    Xapian::termpos first = std::numeric_limits<Xapian::termpos>::max(), last = 0;
    for (const TermPositions& t : terms) {
        if (truncated(t.hash, width) == 0) return std::nullopt;
        first = std::min(first, t.positions.front());  // positions are ascending, never empty
        last = std::max(last, t.positions.back());
    }
    // Checked before anything is allocated: positions far apart would need many entries.
    const std::uint64_t entries = std::uint64_t{last} - first + 1;
    const std::size_t header = 2 + varint_size(first);
    if (first == 0 || limit <= header || entries > (limit - header - 1) / width) return std::nullopt;
    std::string out(header + static_cast<std::size_t>(entries) * width, '\0');
    out[0] = kSequenceFormat;
    out[1] = static_cast<char>(width);
    std::string prefix;
    put_varint(prefix, first);
    out.replace(2, prefix.size(), prefix);
    const std::string gap(width, '\0');
    for (const TermPositions& t : terms) {
        std::string hash;
        put_big_endian(hash, truncated(t.hash, width), width);
        for (Xapian::termpos p : t.positions) {
            const std::size_t at = header + static_cast<std::size_t>(p - first) * width;
            if (out.compare(at, width, gap) != 0) return std::nullopt;  // a second term here
            out.replace(at, width, hash);
        }
    }
    return out;
}

}  // namespace

std::string encode(const Xapian::Document& doc, int newest_format) {
    std::vector<TermPositions> terms;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if (t.positionlist_count() == 0) continue;
        TermPositions entry{term_hash(*t), *t, {}};
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) entry.positions.push_back(*p);
        terms.push_back(std::move(entry));
    }
    if (terms.empty()) return {};
    std::sort(terms.begin(), terms.end(), [](const TermPositions& a, const TermPositions& b) {
        return a.hash != b.hash ? a.hash < b.hash : a.term < b.term;
    });
    const unsigned width = narrowest_distinct_width(terms);
    if (width == 0)
        std::sort(terms.begin(), terms.end(),
                  [](const TermPositions& a, const TermPositions& b) { return a.term < b.term; });
    std::string listed = by_term(terms, width);
    if (newest_format >= kSequenceFormat)
        if (std::optional<std::string> sequence = by_position(terms, width, listed.size())) return std::move(*sequence);
    return listed;
}

void remove_positions(Xapian::Document& doc) {
    std::vector<std::string> positional;  // gathered first: removing while iterating the terms is not safe
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if (t.positionlist_count() > 0) positional.push_back(*t);
    // wdf_dec 0: the term keeps its wdf. Xapian finds the range in the sorted positions.
    for (const std::string& term : positional)
        doc.remove_postings(term, 0, std::numeric_limits<Xapian::termpos>::max(), 0);
}

std::optional<Reader> Reader::parse(std::string_view bytes) {
    Reader reader;
    reader.bytes_ = bytes;
    if (bytes.empty()) return reader;
    if (bytes[0] == kSequenceFormat) return parse_sequence(bytes);
    if (bytes.size() < 2 || bytes[0] != kTermsFormat) return std::nullopt;
    reader.width_ = static_cast<unsigned char>(bytes[1]);
    if (reader.width_ != 0 && (reader.width_ < kNarrowest || reader.width_ > kWidest)) return std::nullopt;
    std::size_t pos = 2;
    const auto n = read_varint(bytes, pos);
    const auto lengths_size = read_varint(bytes, pos);
    if (!n || *n > bytes.size() || !lengths_size || *lengths_size > bytes.size()) return std::nullopt;
    reader.terms_ = static_cast<std::size_t>(*n);
    reader.table_ = pos;
    if (reader.width_ > 0) {
        if (reader.terms_ * reader.width_ > bytes.size() - pos) return std::nullopt;
        reader.lengths_ = pos + reader.terms_ * reader.width_;
    } else {
        for (std::size_t i = 0; i < reader.terms_; ++i) {
            const auto size = read_varint(bytes, pos);
            if (!size || *size > bytes.size() - pos) return std::nullopt;
            pos += static_cast<std::size_t>(*size);
        }
        reader.lengths_ = pos;
    }
    if (*lengths_size > bytes.size() - reader.lengths_) return std::nullopt;
    reader.positions_ = reader.lengths_ + static_cast<std::size_t>(*lengths_size);
    return reader;
}

std::optional<Reader> Reader::parse_sequence(std::string_view bytes) {
    Reader reader;
    reader.bytes_ = bytes;
    reader.sequence_ = true;
    if (bytes.size() < 2) return std::nullopt;
    reader.width_ = static_cast<unsigned char>(bytes[1]);
    if (reader.width_ < kNarrowest || reader.width_ > kWidest) return std::nullopt;
    std::size_t pos = 2;
    const auto first = read_varint(bytes, pos);
    if (!first || *first == 0 || (bytes.size() - pos) % reader.width_ != 0) return std::nullopt;
    const std::uint64_t entries = (bytes.size() - pos) / reader.width_;
    if (*first > std::uint64_t{std::numeric_limits<Xapian::termpos>::max()} - entries) return std::nullopt;
    reader.first_ = static_cast<Xapian::termpos>(*first);
    reader.positions_ = pos;
    return reader;
}

bool Reader::sequence_positions(std::uint64_t hash, std::vector<Xapian::termpos>& out) const {
    const std::uint64_t key = truncated(hash, width_);
    if (key == 0) return false;  // the gap's mark: no term of the document hashes so
    std::string wanted;
    put_big_endian(wanted, key, width_);
    const std::string_view entries = bytes_.substr(positions_);
    bool found = false;
    for (std::size_t at = 0, i = 0; at < entries.size(); at += width_, ++i) {
        if (entries.compare(at, width_, wanted) != 0) continue;
        out.push_back(first_ + static_cast<Xapian::termpos>(i));
        found = true;
    }
    return found;
}

std::size_t Reader::terms() const {
    if (!sequence_) return terms_;
    std::vector<std::string_view> hashes;
    const std::string gap(width_, '\0');
    for (std::size_t at = positions_; at < bytes_.size(); at += width_)
        if (const std::string_view entry = bytes_.substr(at, width_); entry != gap) hashes.push_back(entry);
    std::sort(hashes.begin(), hashes.end());
    return static_cast<std::size_t>(std::unique(hashes.begin(), hashes.end()) - hashes.begin());
}

std::optional<std::size_t> Reader::index_of(std::string_view term, std::uint64_t hash) const {
    if (width_ > 0) {
        const std::uint64_t wanted = truncated(hash, width_);
        std::size_t low = 0, high = terms_;
        while (low < high) {
            const std::size_t mid = low + (high - low) / 2;
            const std::uint64_t here = from_big_endian(bytes_.substr(table_ + mid * width_, width_));
            if (here == wanted) return mid;
            if (here < wanted)
                low = mid + 1;
            else
                high = mid;
        }
        return std::nullopt;
    }
    std::size_t pos = table_;
    for (std::size_t i = 0; i < terms_; ++i) {
        const auto size = read_varint(bytes_, pos);  // checked by parse()
        if (bytes_.substr(pos, static_cast<std::size_t>(*size)) == term) return i;
        pos += static_cast<std::size_t>(*size);
    }
    return std::nullopt;
}

bool Reader::positions(std::string_view term, std::uint64_t hash, std::vector<Xapian::termpos>& out) const {
    if (sequence_) return sequence_positions(hash, out);
    const std::optional<std::size_t> index = index_of(term, hash);
    if (!index) return false;
    std::size_t pos = lengths_;
    std::size_t start = 0, length = 0;
    for (std::size_t i = 0; i <= *index; ++i) {
        const auto size = read_varint(bytes_, pos);
        if (!size || *size > bytes_.size() || pos > positions_) damaged();
        start += length;
        length = static_cast<std::size_t>(*size);
    }
    if (pos > positions_ || start > bytes_.size() - positions_ || length > bytes_.size() - positions_ - start)
        damaged();
    const std::string_view coded = bytes_.substr(positions_ + start, length);
    std::size_t at = 0;
    Xapian::termpos position = 0;
    while (at < coded.size()) {
        const auto delta = read_varint(coded, at);
        if (!delta || *delta == 0 || *delta > 0xffffffffULL - position) damaged();
        position += static_cast<Xapian::termpos>(*delta);
        out.push_back(position);
    }
    return true;
}

}  // namespace news::word_positions
