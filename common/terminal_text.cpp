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

void append_hex(std::string& out, unsigned char byte) {
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02x", byte);
    out += hex;
}

}  // namespace

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
        if (len == 1 && (c == '\t' || c == '\n' || c == '\r')) out.push_back(' ');
        else if (!is_control(text, i, len)) out.append(text.substr(i, len));
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
        if (is_control(text, i, len)) {
            for (std::size_t k = 0; k < len; ++k) append_hex(out, static_cast<unsigned char>(text[i + k]));
        } else {
            out.append(text.substr(i, len));
        }
        i += len;
    }
    return out;
}

}  // namespace news
