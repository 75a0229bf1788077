/// @file varint.hpp
/// @brief Unsigned LEB128 varints (7 bits a byte, low bits first), as the stored records and
/// the top postings encode their numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace news {

inline void put_varint(std::string& out, std::uint64_t value) {
    while (value >= 0x80) {
        out.push_back(static_cast<char>((value & 0x7f) | 0x80));
        value >>= 7;
    }
    out.push_back(static_cast<char>(value));
}

/// The varint at `pos` in `bytes`, moving `pos` past it; nullopt when the bytes end first or
/// it runs past 64 bits (damaged data: every read is checked).
inline std::optional<std::uint64_t> read_varint(std::string_view bytes, std::size_t& pos) {
    std::uint64_t value = 0;
    for (int shift = 0; shift < 64 && pos < bytes.size(); shift += 7) {
        const auto byte = static_cast<unsigned char>(bytes[pos++]);
        value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if ((byte & 0x80) == 0) return value;
    }
    return std::nullopt;
}

}  // namespace news
