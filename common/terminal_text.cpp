#include "common/terminal_text.hpp"

#include <cstdio>

#include "common/utf8.hpp"

namespace news {

namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

bool is_printable_ascii(char c) { return c >= 0x20 && c < 0x7f; }

bool is_control(std::string_view text, std::size_t i, std::size_t len) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (len == 1) return c < 0x20 || c == 0x7f;
    return len == 2 && c == 0xc2 && static_cast<unsigned char>(text[i + 1]) < 0xa0;  // C1: U+0080..U+009F
}

/// Invisible characters that change how the text around them is shown. The bidirectional
/// controls behind "Trojan Source" (CVE-2021-42574) display text in an order other than its
/// own ("Oil \u202Egnp.exe" shows as "Oil exe.png"); zero-width characters make different
/// text look the same. U+061C, U+200B-U+200F, U+202A-U+202E, U+2060-U+206F, U+FEFF.
bool is_invisible_format(std::string_view text, std::size_t i, std::size_t len) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
    if (len == 2) return byte(0) == 0xd8 && byte(1) == 0x9c;
    if (len != 3) return false;
    if (byte(0) == 0xe2 && byte(1) == 0x80)
        return (byte(2) >= 0x8b && byte(2) <= 0x8f) || (byte(2) >= 0xaa && byte(2) <= 0xae);
    if (byte(0) == 0xe2 && byte(1) == 0x81) return byte(2) >= 0xa0 && byte(2) <= 0xaf;
    return byte(0) == 0xef && byte(1) == 0xbb && byte(2) == 0xbf;
}

void append_hex(std::string& out, unsigned char byte) {
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02x", byte);
    out += hex;
}

}  // namespace

bool is_unsafe_on_terminal(std::string_view text, std::size_t i, std::size_t len) {
    return is_control(text, i, len) || is_invisible_format(text, i, len);
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        // Printable ASCII, most of any text, is copied a run at a time.
        const std::size_t run = i;
        while (i < text.size() && is_printable_ascii(text[i])) ++i;
        out.append(text.substr(run, i - run));
        if (i == text.size()) break;
        const std::size_t len = utf8_sequence_length(text, i);
        const auto c = static_cast<unsigned char>(text[i]);
        if (len == 0) {
            out.append(kReplacement);
            ++i;
            continue;
        }
        if (len == 1 && (c == '\t' || c == '\n' || c == '\r'))
            out.push_back(' ');
        else if (!is_unsafe_on_terminal(text, i, len))
            out.append(text.substr(i, len));
        i += len;
    }
    return out;
}

std::string escape_for_message(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = utf8_sequence_length(text, i);
        if (len == 0) {
            append_hex(out, static_cast<unsigned char>(text[i]));
            ++i;
            continue;
        }
        if (is_unsafe_on_terminal(text, i, len)) {
            for (std::size_t k = 0; k < len; ++k) append_hex(out, static_cast<unsigned char>(text[i + k]));
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
    }
    return out;
}

}  // namespace news
