#include "common/facet_columns.hpp"

#include <algorithm>
#include <cstring>
#include <map>

#include "common/varint.hpp"
#include "common/zstd_codec.hpp"

namespace news::facet_columns {

namespace {

constexpr char kFormat = 1;

}  // namespace

std::string fold(Fold fold, std::string_view value) {
    switch (fold) {
        case Fold::kLowercase:
            return schema::lowercase(value);
        case Fold::kYear:
            return std::string(value.substr(0, 4));
        case Fold::kAsIs:
            break;
    }
    return std::string(value);
}

SourceNames::SourceNames(const Xapian::Database& db) {
    const std::string prefix(schema::kSourcePrefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        std::string name = (*t).substr(prefix.size());
        names_.emplace(schema::source_code(name), std::move(name));  // the first of two that collide
    }
}

std::string SourceNames::facet_value(std::string_view value) const {
    if (schema::is_source_code(value))
        if (const auto it = names_.find(value); it != names_.end()) return it->second;
    return fold(Fold::kLowercase, value);
}

std::string facet_value(const ColumnFacet& facet, std::string_view value, const SourceNames* names) {
    if (facet.slot == schema::kSourceSlot && names) return names->facet_value(value);
    return fold(facet.fold, value);
}

const ColumnFacet* column_facet(std::string_view name) {
    const auto it = std::find_if(kColumnFacets.begin(), kColumnFacets.end(),
                                 [&](const ColumnFacet& facet) { return facet.name == name; });
    return it == kColumnFacets.end() ? nullptr : &*it;
}

std::optional<Column> read_column(const Xapian::Database& db, const ColumnFacet& facet) {
    // Values as read, each once: a slot repeats few distinct values (one source of
    // millions of headlines, a few thousand days), so they are folded once each.
    std::map<std::string, std::vector<Xapian::docid>> docids_of;
    std::optional<SourceNames> names;
    if (facet.slot == schema::kSourceSlot) names.emplace(db);
    for (auto v = db.valuestream_begin(facet.slot); v != db.valuestream_end(facet.slot); ++v)
        docids_of[facet_value(facet, *v, names ? &*names : nullptr)].push_back(v.get_docid());
    if (docids_of.size() > kMostValues) return std::nullopt;
    Column column;
    column.codes.assign(std::size_t{db.get_lastdocid()} + 1, 0);
    for (auto& [value, docids] : docids_of) {
        column.values.push_back(value);
        const auto code = static_cast<std::uint16_t>(column.values.size());
        for (const Xapian::docid docid : docids) column.codes[docid] = code;
    }
    return column;
}

std::string key(std::string_view name) { return std::string(kKeyPrefix) + std::string(name); }

std::string encode(const Column& column) {
    std::string out(1, kFormat);
    put_varint(out, column.values.size());
    for (const std::string& value : column.values) {
        put_varint(out, value.size());
        out += value;
    }
    // Little-endian codes, compressed: a corpus read in date order, or of few sources, is
    // long runs of one code.
    std::string plain;
    plain.reserve(column.codes.size() * 2);
    for (const std::uint16_t code : column.codes) {
        plain.push_back(static_cast<char>(code & 0xFF));
        plain.push_back(static_cast<char>(code >> 8));
    }
    ZstdCompressor().compress(plain, out);
    return out;
}

std::optional<Column> decode(std::string_view bytes, std::size_t docids) {
    if (bytes.empty() || bytes.front() != kFormat) return std::nullopt;
    std::size_t pos = 1;
    Column column;
    const auto count = read_varint(bytes, pos);
    if (!count || *count > kMostValues || *count > bytes.size()) return std::nullopt;
    for (std::uint64_t i = 0; i < *count; ++i) {
        const auto size = read_varint(bytes, pos);
        if (!size || *size > bytes.size() - pos) return std::nullopt;
        column.values.emplace_back(bytes.substr(pos, static_cast<std::size_t>(*size)));
        pos += static_cast<std::size_t>(*size);
    }
    std::string plain;
    try {
        plain = ZstdDecompressor().decompress(bytes.substr(pos), 2 * docids);
    } catch (const ZstdError&) {
        return std::nullopt;
    }
    if (plain.size() != 2 * docids) return std::nullopt;
    column.codes.resize(docids);
    // The codes are little-endian, as this machine most likely is: then one copy. Codes past
    // the values (damaged data) are left for the reader to ignore: every 16-bit code is safe
    // to count under (FacetCounter counts into 65,536 slots).
    constexpr std::uint16_t kProbe = 1;
    if (*reinterpret_cast<const unsigned char*>(&kProbe) == 1) {
        std::memcpy(column.codes.data(), plain.data(), plain.size());
    } else {
        for (std::size_t i = 0; i < docids; ++i)
            column.codes[i] = static_cast<std::uint16_t>(static_cast<unsigned char>(plain[2 * i]) |
                                                         static_cast<unsigned char>(plain[2 * i + 1]) << 8);
    }
    return column;
}

}  // namespace news::facet_columns
