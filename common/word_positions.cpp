#include "common/word_positions.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <utility>

#include "common/hash.hpp"
#include "common/varint.hpp"

namespace news::word_positions {

namespace {

constexpr char kFormat = 2;
constexpr unsigned kNarrowest = 2;
constexpr unsigned kWidest = 8;

struct TermPositions {
    std::uint64_t hash;
    std::string term;
    std::vector<Xapian::termpos> positions;
};

std::uint64_t truncated(std::uint64_t hash, unsigned width) { return width >= 8 ? hash : hash >> (64 - 8 * width); }

/// The narrowest width at which the terms have distinct hashes; 0 when even the whole hash
/// repeats.
unsigned narrowest_distinct_width(std::vector<std::uint64_t> hashes) {
    std::sort(hashes.begin(), hashes.end());
    for (unsigned width = kNarrowest; width <= kWidest; ++width) {
        bool distinct = true;
        for (std::size_t i = 1; i < hashes.size() && distinct; ++i)
            distinct = truncated(hashes[i - 1], width) != truncated(hashes[i], width);
        if (distinct) return width;
    }
    return 0;
}

void put_big_endian(std::string& out, std::uint64_t value, unsigned width) {
    for (unsigned i = width; i-- > 0;) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t read_big_endian(std::string_view bytes, unsigned width) {
    std::uint64_t value = 0;
    for (unsigned i = 0; i < width; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
    return value;
}

/// Spreads the terms over lanes, each a run of positions holding one term at most: the
/// first lane a term fits in, all its positions free. Most documents need one lane; a
/// title's `S` terms (at its words' positions) and tag words (positions of their own) more.
std::vector<std::map<Xapian::termpos, std::size_t>> lanes_of(const std::vector<TermPositions>& terms) {
    std::vector<std::map<Xapian::termpos, std::size_t>> lanes;
    for (std::size_t t = 0; t < terms.size(); ++t) {
        auto fits = [&](const std::map<Xapian::termpos, std::size_t>& lane) {
            return std::none_of(terms[t].positions.begin(), terms[t].positions.end(),
                                [&](Xapian::termpos p) { return lane.count(p) > 0; });
        };
        auto lane = std::find_if(lanes.begin(), lanes.end(), fits);
        if (lane == lanes.end()) lane = lanes.emplace(lanes.end());
        for (Xapian::termpos p : terms[t].positions) lane->emplace(p, t);
    }
    return lanes;
}

/// One lane as codes: a term's index + 1 at each position in turn, and 0 followed by a
/// count for a run of positions holding none of its terms.
std::string encode_lane(const std::map<Xapian::termpos, std::size_t>& lane) {
    std::string out;
    Xapian::termpos next = 1;
    for (const auto& [position, term] : lane) {
        if (position > next) {
            put_varint(out, 0);
            put_varint(out, position - next);
        }
        put_varint(out, term + 1);
        next = position + 1;
    }
    return out;
}

[[noreturn]] void damaged() { throw std::runtime_error("damaged word positions (value slot of positions)"); }

}  // namespace

std::uint64_t term_hash(std::string_view term) {
    // FNV-1a spreads short strings poorly over the top bits; a final mix (splitmix64's)
    // makes every byte of the hash depend on every byte of the term.
    std::uint64_t h = fnv1a64(term);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

std::string encode(const Xapian::Document& doc) {
    std::vector<TermPositions> terms;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if (t.positionlist_count() == 0) continue;
        TermPositions entry{term_hash(*t), *t, {}};
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) entry.positions.push_back(*p);
        terms.push_back(std::move(entry));
    }
    if (terms.empty()) return {};
    // The most frequent terms first: their indexes, written at every occurrence, are the
    // smallest varints.
    std::sort(terms.begin(), terms.end(), [](const TermPositions& a, const TermPositions& b) {
        if (a.positions.size() != b.positions.size()) return a.positions.size() > b.positions.size();
        return a.term < b.term;
    });
    std::vector<std::uint64_t> hashes;
    hashes.reserve(terms.size());
    for (const TermPositions& t : terms) hashes.push_back(t.hash);
    const unsigned width = narrowest_distinct_width(std::move(hashes));
    std::string out;
    out.push_back(kFormat);
    out.push_back(static_cast<char>(width));
    put_varint(out, terms.size());
    for (const TermPositions& t : terms) {
        if (width > 0) {
            put_big_endian(out, truncated(t.hash, width), width);
        } else {
            put_varint(out, t.term.size());
            out += t.term;
        }
    }
    const auto lanes = lanes_of(terms);
    put_varint(out, lanes.size());
    for (const auto& lane : lanes) {
        const std::string codes = encode_lane(lane);
        put_varint(out, codes.size());
        out += codes;
    }
    return out;
}

void remove_positions(Xapian::Document& doc) {
    std::vector<std::pair<std::string, Xapian::termpos>> positional;  // term, last position
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if (t.positionlist_count() == 0) continue;
        Xapian::termpos last = 0;
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) last = *p;
        positional.emplace_back(*t, last);
    }
    for (const auto& [term, last] : positional) doc.remove_postings(term, 0, last, 0);
}

std::optional<Reader> Reader::parse(std::string_view bytes) {
    Reader reader;
    reader.bytes_ = bytes;
    if (bytes.empty()) return reader;
    if (bytes.size() < 2 || bytes[0] != kFormat) return std::nullopt;
    reader.width_ = static_cast<unsigned char>(bytes[1]);
    if (reader.width_ != 0 && (reader.width_ < kNarrowest || reader.width_ > kWidest)) return std::nullopt;
    std::size_t pos = 2;
    const auto n = read_varint(bytes, pos);
    if (!n || *n > bytes.size()) return std::nullopt;
    reader.terms_ = static_cast<std::size_t>(*n);
    reader.table_ = pos;
    if (reader.width_ > 0) {
        if (reader.terms_ * reader.width_ > bytes.size() - pos) return std::nullopt;
        pos += reader.terms_ * reader.width_;
    } else {
        for (std::size_t i = 0; i < reader.terms_; ++i) {
            const auto size = read_varint(bytes, pos);
            if (!size || *size > bytes.size() - pos) return std::nullopt;
            pos += static_cast<std::size_t>(*size);
        }
    }
    reader.lanes_ = pos;
    return reader;
}

std::optional<std::size_t> Reader::index_of(std::string_view term, std::uint64_t hash) const {
    std::size_t pos = table_;
    if (width_ > 0) {
        const std::uint64_t wanted = truncated(hash, width_);
        for (std::size_t i = 0; i < terms_; ++i, pos += width_)
            if (read_big_endian(bytes_.substr(pos), width_) == wanted) return i;
        return std::nullopt;
    }
    for (std::size_t i = 0; i < terms_; ++i) {
        const auto size = read_varint(bytes_, pos);  // checked by parse()
        if (bytes_.substr(pos, static_cast<std::size_t>(*size)) == term) return i;
        pos += static_cast<std::size_t>(*size);
    }
    return std::nullopt;
}

bool Reader::positions(std::string_view term, std::uint64_t hash, std::vector<Xapian::termpos>& out) const {
    const std::optional<std::size_t> index = index_of(term, hash);
    if (!index) return false;
    const std::uint64_t code = *index + 1;
    std::size_t pos = lanes_;
    const auto lanes = read_varint(bytes_, pos);
    if (!lanes) damaged();
    const std::size_t first = out.size();
    for (std::uint64_t lane = 0; lane < *lanes; ++lane) {
        const auto size = read_varint(bytes_, pos);
        if (!size || *size > bytes_.size() - pos) damaged();
        const std::string_view codes = bytes_.substr(pos, static_cast<std::size_t>(*size));
        pos += codes.size();
        std::size_t at = 0;
        std::uint64_t position = 1;
        while (at < codes.size()) {
            const auto c = read_varint(codes, at);
            if (!c) damaged();
            if (*c == 0) {
                const auto skip = read_varint(codes, at);
                if (!skip || *skip == 0) damaged();
                position += *skip;
            } else {
                if (*c > terms_) damaged();
                if (*c == code) out.push_back(static_cast<Xapian::termpos>(position));
                ++position;
            }
            if (position > 0xffffffffULL) damaged();
        }
        if (out.size() > first) return true;  // a term lives in one lane
    }
    return out.size() > first;
}

}  // namespace news::word_positions
