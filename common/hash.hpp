/// @file hash.hpp
/// @brief A small, stable, non-cryptographic hash for ids and content fingerprints.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace news {

/// 64-bit FNV-1a. Stable across platforms and releases, which is what stored ids and
/// content hashes need (std::hash gives no such promise).
constexpr std::uint64_t fnv1a64(std::string_view data, std::uint64_t seed = 0xcbf29ce484222325ULL) {
    std::uint64_t h = seed;
    for (unsigned char c : data) {
        h ^= c;
        h *= 0x100000001b3ULL;
    }
    return h;
}

/// FNV-1a followed by splitmix64's finaliser. FNV-1a spreads short strings poorly over the
/// top bits; the mix makes every bit of the hash depend on every byte, so that its top bytes
/// alone are a fair hash. Stable: word positions and source codes store them.
constexpr std::uint64_t mixed_fnv1a64(std::string_view data) {
    std::uint64_t h = fnv1a64(data);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h;
}

/// The value as 8 bytes, most significant first (so that byte order is numeric order).
inline std::string to_big_endian(std::uint64_t value) {
    std::string out(8, '\0');
    for (std::size_t i = 8; i-- > 0; value >>= 8) out[i] = static_cast<char>(value & 0xff);
    return out;
}

/// The number whose bytes, most significant first, `bytes` are (at most 8 of them): the
/// inverse of to_big_endian(), and of any tail of it.
inline std::uint64_t from_big_endian(std::string_view bytes) {
    std::uint64_t value = 0;
    for (const char c : bytes) value = value << 8 | static_cast<unsigned char>(c);
    return value;
}

/// The value as 16 lowercase hex digits.
inline std::string to_hex(std::uint64_t value) {
    constexpr std::string_view kDigits = "0123456789abcdef";
    std::string out(16, '0');
    for (std::size_t i = 16; i-- > 0; value >>= 4) out[i] = kDigits[value & 0xf];
    return out;
}

}  // namespace news
