/// @file terminal_text.hpp
/// @brief Text from corpus files, the database or the command line made safe to print on a
/// terminal: an escape sequence planted in an article, a file name or a query must never
/// reach the terminal raw (it could retitle the window, hide text or fake output).
#pragma once

#include <string>
#include <string_view>

namespace news {

/// Article text for output: control characters (C0, DEL, C1) and therefore escape
/// sequences are removed, tabs and line breaks become spaces, bytes that are not part of
/// well-formed UTF-8 (overlong forms, surrogates and stray bytes included) become U+FFFD.
/// Printable text, non-ASCII included, is unchanged; the result is valid UTF-8.
std::string terminal_safe(std::string_view text);

/// Text quoted in a one-line diagnostic (a file name, a JSON key, a date value): what
/// terminal_safe() would remove is shown instead, as \xNN per byte (control characters,
/// tab and line feed included, and bytes that are not well-formed UTF-8), so the message
/// stays one line, valid UTF-8 and inert, and still says what was there. Idempotent.
std::string escape_for_message(std::string_view text);

}  // namespace news
