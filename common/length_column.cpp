#include "common/length_column.hpp"

#include <algorithm>
#include <cstring>

#include "common/varint.hpp"

namespace news::length_column {

namespace {

constexpr char kFormat = 1;

bool little_endian() {
    constexpr std::uint16_t kProbe = 1;
    return *reinterpret_cast<const unsigned char*>(&kProbe) == 1;
}

/// Copies `count` little-endian codes from `bytes` into `codes`.
template <typename Code>
void read_codes(std::string_view bytes, std::size_t count, std::vector<Code>& codes) {
    if (sizeof(Code) == 1) {
        codes.assign(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(count));
        return;
    }
    codes.resize(count);
    if (little_endian()) {
        std::memcpy(codes.data(), bytes.data(), count * sizeof(Code));
        return;
    }
    for (std::size_t i = 0; i < count; ++i)
        codes[i] = static_cast<Code>(static_cast<unsigned char>(bytes[2 * i]) |
                                     static_cast<unsigned char>(bytes[2 * i + 1]) << 8);
}

/// True when every code names one of `lengths` distinct lengths: the column is read at
/// each posting without a check.
template <typename Code>
bool codes_in_range(const std::vector<Code>& codes, std::size_t lengths) {
    Code highest = 0;
    for (const Code code : codes) highest = std::max(highest, code);  // a loop the compiler vectorises
    return highest < lengths;
}

}  // namespace

std::optional<Column> make(const std::vector<Xapian::termcount>& lengths_by_docid) {
    Column column;
    column.lengths = lengths_by_docid;
    std::sort(column.lengths.begin(), column.lengths.end());
    column.lengths.erase(std::unique(column.lengths.begin(), column.lengths.end()), column.lengths.end());
    if (column.lengths.size() > kMostLengths) return std::nullopt;
    const bool narrow = column.lengths.size() <= 256;
    for (const Xapian::termcount length : lengths_by_docid) {
        const auto code =
            std::lower_bound(column.lengths.begin(), column.lengths.end(), length) - column.lengths.begin();
        if (narrow)
            column.narrow_codes.push_back(static_cast<std::uint8_t>(code));
        else
            column.wide_codes.push_back(static_cast<std::uint16_t>(code));
    }
    return column;
}

std::string encode(const Column& column) {
    std::string out(1, kFormat);
    put_varint(out, column.lengths.size());
    Xapian::termcount previous = 0;
    for (const Xapian::termcount length : column.lengths) {  // ascending: as gaps
        put_varint(out, length - previous);
        previous = length;
    }
    // The width follows from the count of lengths; the codes are little-endian.
    for (const std::uint8_t code : column.narrow_codes) out.push_back(static_cast<char>(code));
    for (const std::uint16_t code : column.wide_codes) {
        out.push_back(static_cast<char>(code & 0xFF));
        out.push_back(static_cast<char>(code >> 8));
    }
    return out;
}

std::optional<Column> decode(std::string_view bytes, std::size_t docids) {
    if (docids == 0 || bytes.empty() || bytes.front() != kFormat) return std::nullopt;
    std::size_t pos = 1;
    const auto count = read_varint(bytes, pos);
    if (!count || *count == 0 || *count > kMostLengths || *count > bytes.size()) return std::nullopt;
    Column column;
    column.lengths.reserve(static_cast<std::size_t>(*count));
    std::uint64_t length = 0;
    for (std::uint64_t i = 0; i < *count; ++i) {
        const auto gap = read_varint(bytes, pos);
        if (!gap || (i > 0 && *gap == 0)) return std::nullopt;
        length += *gap;
        if (length > 0xFFFFFFFFu) return std::nullopt;
        column.lengths.push_back(static_cast<Xapian::termcount>(length));
    }
    const bool narrow = column.lengths.size() <= 256;
    const std::string_view codes = bytes.substr(pos);
    if (codes.size() != docids * (narrow ? 1 : 2)) return std::nullopt;
    if (narrow) {
        read_codes(codes, docids, column.narrow_codes);
        if (!codes_in_range(column.narrow_codes, column.lengths.size())) return std::nullopt;
    } else {
        read_codes(codes, docids, column.wide_codes);
        if (!codes_in_range(column.wide_codes, column.lengths.size())) return std::nullopt;
    }
    return column;
}

}  // namespace news::length_column
