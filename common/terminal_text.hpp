/// @file terminal_text.hpp
/// @brief Text from corpus files, the database or the command line made safe to print on a
/// terminal: an escape sequence planted in an article, a file name or a query must never
/// reach the terminal raw (it could retitle the window, hide text or fake output).
#pragma once

#include <string>
#include <string_view>

namespace news {

/// Article text for output: control characters (C0, DEL, C1) and therefore escape
/// sequences are removed, and so are the invisible characters that reorder or hide text
/// (bidirectional controls: U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069; zero-width and
/// other invisible format characters: U+200B-U+200D, U+2060-U+2065, U+206A-U+206F, U+FEFF);
/// tabs and line breaks become spaces, bytes that are not part of well-formed UTF-8
/// (overlong forms, surrogates and stray bytes included) become U+FFFD. Printable text,
/// non-ASCII included, is unchanged; the result is valid UTF-8.
std::string terminal_safe(std::string_view text);

/// True when terminal_safe() removes (or turns into a space) the character whose well-formed
/// UTF-8 sequence of `len` bytes (utf8.hpp: utf8_sequence_length) starts at text[i].
bool is_unsafe_on_terminal(std::string_view text, std::size_t i, std::size_t len);

/// Text quoted in a one-line diagnostic (a file name, a JSON key, a date value): what
/// terminal_safe() would remove is shown instead, as \xNN per byte (control characters,
/// tab and line feed included, and bytes that are not well-formed UTF-8), so the message
/// stays one line, valid UTF-8 and inert, and still says what was there. Idempotent.
std::string escape_for_message(std::string_view text);

}  // namespace news
