/// @file utf8.hpp
/// @brief UTF-8 validation: Xapian terms and JSON output both need valid UTF-8, so
/// readers check their input once and report the first bad byte.
#pragma once

#include <cstddef>
#include <string_view>

namespace news {

/// True when `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
/// nothing above U+10FFFF). On failure, `bad_offset` (if not null) receives the 0-based
/// offset of the first byte of the first ill-formed sequence.
bool valid_utf8(std::string_view text, std::size_t* bad_offset = nullptr);

/// Length (1 to 4) of the well-formed UTF-8 sequence starting at text[i], or 0 when the
/// byte there does not start one (same rules as valid_utf8). Requires i < text.size().
std::size_t utf8_sequence_length(std::string_view text, std::size_t i);

}  // namespace news
