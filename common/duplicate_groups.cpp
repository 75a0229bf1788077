#include "common/duplicate_groups.hpp"

#include <algorithm>
#include <utility>

#include "common/varint.hpp"

namespace news::duplicate_groups {

namespace {

constexpr char kFormat = 1;

/// Ascending docids as the gaps between them.
void put_ascending(std::string& out, Xapian::docid& previous, Xapian::docid docid) {
    put_varint(out, docid - previous);
    previous = docid;
}

std::optional<Xapian::docid> read_ascending(std::string_view bytes, std::size_t& pos, Xapian::docid& previous) {
    const auto gap = read_varint(bytes, pos);
    if (!gap || *gap == 0 || *gap > Xapian::docid(-1) - previous) return std::nullopt;  // not ascending
    previous += static_cast<Xapian::docid>(*gap);
    return previous;
}

/// A count, then ascending docids as gaps.
void put_docids(std::string& out, const std::vector<Xapian::docid>& docids) {
    put_varint(out, docids.size());
    Xapian::docid previous = 0;
    for (const Xapian::docid docid : docids) put_ascending(out, previous, docid);
}

/// What put_docids() wrote at `pos`; nullopt for anything else.
std::optional<std::vector<Xapian::docid>> read_docids(std::string_view bytes, std::size_t& pos) {
    const auto count = read_varint(bytes, pos);
    if (!count || *count > bytes.size()) return std::nullopt;  // each takes a byte at least
    std::vector<Xapian::docid> docids;
    docids.reserve(static_cast<std::size_t>(*count));
    Xapian::docid previous = 0;
    for (std::uint64_t i = 0; i < *count; ++i) {
        const auto docid = read_ascending(bytes, pos, previous);
        if (!docid) return std::nullopt;
        docids.push_back(*docid);
    }
    return docids;
}

}  // namespace

std::string encode(const Groups& groups) {
    std::string out(1, kFormat);
    put_docids(out, groups.copies);
    put_varint(out, groups.firsts.size());
    Xapian::docid previous = 0;
    for (const auto& [docid, size] : groups.firsts) {
        put_ascending(out, previous, docid);
        put_varint(out, size);
    }
    return out;
}

std::optional<Groups> decode(std::string_view bytes) {
    if (bytes.empty() || bytes.front() != kFormat) return std::nullopt;
    std::size_t pos = 1;
    Groups groups;
    auto copies = read_docids(bytes, pos);
    if (!copies) return std::nullopt;
    groups.copies = std::move(*copies);
    const auto firsts = read_varint(bytes, pos);
    if (!firsts || *firsts > bytes.size()) return std::nullopt;
    groups.firsts.reserve(static_cast<std::size_t>(*firsts));
    Xapian::docid previous = 0;
    for (std::uint64_t i = 0; i < *firsts; ++i) {
        const auto docid = read_ascending(bytes, pos, previous);
        const auto size = read_varint(bytes, pos);
        if (!docid || !size || *size < 2 || *size > Xapian::doccount(-1)) return std::nullopt;
        groups.firsts.emplace_back(*docid, static_cast<Xapian::doccount>(*size));
    }
    if (pos != bytes.size()) return std::nullopt;
    return groups;
}

std::string encode_twins(const std::vector<Xapian::docid>& twins) {
    std::string out(1, kFormat);
    put_docids(out, twins);
    return out;
}

std::optional<std::vector<Xapian::docid>> decode_twins(std::string_view bytes) {
    if (bytes.empty() || bytes.front() != kFormat) return std::nullopt;
    std::size_t pos = 1;
    auto twins = read_docids(bytes, pos);
    if (!twins || pos != bytes.size()) return std::nullopt;
    return twins;
}

}  // namespace news::duplicate_groups
