#include "common/readers/sgml_reader.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <stdexcept>
#include <utility>

#include "common/readers/line_reader.hpp"
#include "common/readers/reader_support.hpp"
#include "common/utf8.hpp"

namespace news {

namespace {

constexpr std::size_t kMaxReferenceBytes = 12;  // "&#x10FFFF;" and the longest named entity fit

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

/// Offset of the next tag "<name" (or "</name" when `closing`) at or after `from`, the name
/// in any case and followed by '>', whitespace or the end of `text`; npos when none.
std::size_t find_tag(std::string_view text, std::string_view name, bool closing, std::size_t from) {
    for (std::size_t pos = text.find('<', from); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
        std::size_t p = pos + 1;
        if (closing) {
            if (p >= text.size() || text[p] != '/') continue;
            ++p;
        }
        if (text.size() - p < name.size() || !equals_ignoring_case(text.substr(p, name.size()), name)) continue;
        p += name.size();
        if (p == text.size() || text[p] == '>' || is_space(text[p])) return pos;
    }
    return std::string_view::npos;
}

/// Control characters are transmission codes in these collections, never text.
bool is_control(char32_t c) { return (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7F && c <= 0x9F); }

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

/// The character a reference names ("lt", "#60", "#x3C", without '&' and ';'), or nullopt
/// when it is not one we decode (unknown entity, surrogate, beyond U+10FFFF).
std::optional<char32_t> referenced_character(std::string_view name) {
    constexpr std::array<std::pair<std::string_view, char32_t>, 5> kEntities = {
        {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}}};
    for (const auto& [entity, c] : kEntities)
        if (name == entity) return c;
    if (name.size() < 2 || name[0] != '#') return std::nullopt;
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty()) return std::nullopt;
    char32_t value = 0;
    for (char d : digits) {
        int digit = -1;
        if (d >= '0' && d <= '9')
            digit = d - '0';
        else if (hex && ascii_lower(d) >= 'a' && ascii_lower(d) <= 'f')
            digit = ascii_lower(d) - 'a' + 10;
        if (digit < 0) return std::nullopt;
        value = value * (hex ? 16 : 10) + static_cast<char32_t>(digit);
        if (value > 0x10FFFF) return std::nullopt;
    }
    if (value == 0 || (value >= 0xD800 && value <= 0xDFFF)) return std::nullopt;
    return value;
}

/// Yields the elements named `name` of a file, one at a time, from the lines of a
/// LineReader: only the element being read is held in memory.
class ElementStream {
  public:
    enum class Event { kElement, kUnterminated, kOversizedElement, kOversizedLine, kEnd };

    ElementStream(LineReader& lines, std::string_view name, std::size_t max_element_bytes)
        : lines_(lines), name_(name), max_element_bytes_(max_element_bytes) {}

    /// The next event; `text` and `line` describe the element (or the oversized line).
    /// Throws what LineReader::next() throws.
    Event next(std::string& text, std::size_t& line) {
        for (;;) {
            if (!have_line_ && !load_line()) {
                if (!inside_) return Event::kEnd;
                inside_ = false;
                line = start_line_;
                return Event::kUnterminated;
            }
            if (line_oversized_) {
                have_line_ = false;
                if (inside_) {
                    element_oversized_ = true;
                    continue;
                }
                line = lines_.line_number();
                return Event::kOversizedLine;
            }
            if (!inside_ && !find_start()) continue;
            const std::size_t end_tag = find_tag(line_, name_, true, scan_from_);
            const std::size_t next_start = find_tag(line_, name_, false, scan_from_);
            line = start_line_;
            if (next_start < end_tag) {  // the next element begins before this one ended
                inside_ = false;
                pos_ = scan_from_ = next_start;
                return Event::kUnterminated;
            }
            if (end_tag == std::string::npos) {
                append(std::string_view(line_).substr(pos_));
                append("\n");
                have_line_ = false;
                continue;
            }
            const std::size_t close = line_.find('>', end_tag);
            const std::size_t end = close == std::string::npos ? line_.size() : close + 1;
            append(std::string_view(line_).substr(pos_, end - pos_));
            pos_ = scan_from_ = end;
            inside_ = false;
            if (element_oversized_) return Event::kOversizedElement;
            text = std::move(element_);
            element_.clear();
            return Event::kElement;
        }
    }

  private:
    bool load_line() {
        if (!lines_.next(line_, line_oversized_)) return false;
        have_line_ = true;
        pos_ = scan_from_ = 0;
        return true;
    }

    /// Looks for a start tag in the rest of the line; false (line consumed) when none.
    bool find_start() {
        const std::size_t start = find_tag(line_, name_, false, scan_from_);
        if (start == std::string::npos) {
            have_line_ = false;
            return false;
        }
        inside_ = true;
        element_oversized_ = false;
        element_.clear();
        start_line_ = lines_.line_number();
        pos_ = start;
        scan_from_ = start + 1;  // not to find this start tag again
        return true;
    }

    void append(std::string_view bytes) {
        if (element_oversized_) return;
        if (element_.size() + bytes.size() > max_element_bytes_) {
            element_oversized_ = true;
            std::string().swap(element_);  // give the memory back now
            return;
        }
        element_ += bytes;
    }

    LineReader& lines_;
    std::string_view name_;
    std::size_t max_element_bytes_;
    std::string line_;
    bool have_line_ = false;
    bool line_oversized_ = false;
    std::size_t pos_ = 0;        ///< where the unread part of the line (or the element) begins
    std::size_t scan_from_ = 0;  ///< where to look for the next tag in the line
    bool inside_ = false;
    bool element_oversized_ = false;
    std::size_t start_line_ = 0;
    std::string element_;
};

/// "line:offset" of byte `offset` of an element that starts on `first_line`.
RecordLocation location_of_byte(const std::string& path, std::size_t first_line, std::string_view text,
                                std::size_t offset, std::size_t& column) {
    const std::string_view before = text.substr(0, offset);
    const std::size_t last_newline = before.rfind('\n');
    column = last_newline == std::string_view::npos ? offset : offset - last_newline - 1;
    return {path, first_line + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'))};
}

std::string hex_byte(unsigned char byte) {
    constexpr std::string_view kDigits = "0123456789ABCDEF";
    return {'0', 'x', kDigits[byte >> 4], kDigits[byte & 0xF]};
}

void deliver_element(std::string& text, const RecordLocation& where, SgmlDocumentParser parse, CorpusVisitor& visitor) {
    if (std::size_t bad = 0; !valid_utf8(text, &bad)) {
        std::size_t column = 0;
        const RecordLocation at = location_of_byte(where.path, where.line, text, bad, column);
        visitor.on_warning(at, "invalid UTF-8 at byte " + std::to_string(column) + " (" +
                                   hex_byte(static_cast<unsigned char>(text[bad])) + "), read as Latin-1");
        repair_utf8_as_latin1(text);
    }
    std::string date_warning;
    Article article;
    try {
        article = parse(text, date_warning);
    } catch (const std::invalid_argument& e) {
        visitor.on_skip(where, e.what());
        return;
    }
    deliver_article(std::move(article), where, where.path, date_warning, visitor);
}

}  // namespace

std::optional<SgmlSpan> find_sgml_element(std::string_view text, std::string_view name, std::size_t from) {
    const std::size_t start = find_tag(text, name, false, from);
    if (start == std::string_view::npos) return std::nullopt;
    const std::size_t start_end = text.find('>', start);
    if (start_end == std::string_view::npos) return std::nullopt;
    const std::size_t end_tag = find_tag(text, name, true, start_end + 1);
    if (end_tag == std::string_view::npos) return std::nullopt;
    const std::size_t close = text.find('>', end_tag);
    const std::size_t attributes_start = start + 1 + name.size();
    return SgmlSpan{text.substr(attributes_start, start_end - attributes_start),
                    text.substr(start_end + 1, end_tag - start_end - 1),
                    close == std::string_view::npos ? text.size() : close + 1};
}

std::optional<std::string_view> sgml_attribute(std::string_view attributes, std::string_view name) {
    std::size_t pos = 0;
    const auto skip_spaces = [&] {
        while (pos < attributes.size() && is_space(attributes[pos])) ++pos;
    };
    while (skip_spaces(), pos < attributes.size()) {
        const std::size_t name_start = pos;
        while (pos < attributes.size() && !is_space(attributes[pos]) && attributes[pos] != '=') ++pos;
        const std::string_view attribute = attributes.substr(name_start, pos - name_start);
        skip_spaces();
        if (pos >= attributes.size() || attributes[pos] != '=') {
            if (pos == name_start) ++pos;  // a stray character: step over it
            continue;                      // an attribute without a value
        }
        ++pos;
        skip_spaces();
        std::string_view value;
        if (pos < attributes.size() && (attributes[pos] == '"' || attributes[pos] == '\'')) {
            const std::size_t close = attributes.find(attributes[pos], pos + 1);
            const std::size_t end = close == std::string_view::npos ? attributes.size() : close;
            value = attributes.substr(pos + 1, end - pos - 1);
            pos = end + 1;
        } else {
            const std::size_t value_start = pos;
            while (pos < attributes.size() && !is_space(attributes[pos])) ++pos;
            value = attributes.substr(value_start, pos - value_start);
        }
        if (equals_ignoring_case(attribute, name)) return value;
    }
    return std::nullopt;
}

std::string decode_sgml_text(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '&') {
            const std::size_t semicolon = raw.substr(i + 1, kMaxReferenceBytes).find(';');
            if (semicolon != std::string_view::npos) {
                if (const auto decoded = referenced_character(raw.substr(i + 1, semicolon))) {
                    if (!is_control(*decoded)) append_utf8(out, *decoded);
                    i += semicolon + 1;
                    continue;
                }
            }
            out += c;
        } else if (c == '\xC2' && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) <= 0x9F &&
                   static_cast<unsigned char>(raw[i + 1]) >= 0x80) {
            ++i;  // a C1 control character, in UTF-8
        } else if (const auto byte = static_cast<unsigned char>(c); byte >= 0x80 || !is_control(byte)) {
            out += c;  // bytes of multi-byte characters are never control characters
        }
    }
    return out;
}

std::string strip_sgml_tags(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (std::size_t open; (open = text.find('<', pos)) != std::string_view::npos;) {
        const char next = open + 1 < text.size() ? text[open + 1] : ' ';
        const std::size_t close = text.find('>', open);
        if (!(is_letter(next) || next == '/' || next == '!' || next == '?') || close == std::string_view::npos) {
            out.append(text.substr(pos, open + 1 - pos));  // a lone '<' is text
            pos = open + 1;
            continue;
        }
        out.append(text.substr(pos, open - pos)).append("\n");
        pos = close + 1;
    }
    out.append(text.substr(pos));
    return out;
}

std::string collapse_whitespace(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    bool pending_space = false;
    for (char c : text) {
        if (is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (pending_space) out += ' ';
        pending_space = false;
        out += c;
    }
    return out;
}

std::string tidy_lines(std::string_view text, bool single_blank_lines) {
    std::string out;
    out.reserve(text.size());
    bool previous_blank = false;
    for (;;) {
        const std::size_t newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        while (!line.empty() && is_space(line.back())) line.remove_suffix(1);
        const bool blank = line.empty();
        if (!(blank && previous_blank && single_blank_lines)) out.append(line).append("\n");
        previous_blank = blank;
        if (newline == std::string_view::npos) break;
        text.remove_prefix(newline + 1);
    }
    const std::size_t first = out.find_first_not_of(" \t\n\r\f\v");
    if (first == std::string::npos) return {};
    out.resize(out.find_last_not_of(" \t\n\r\f\v") + 1);
    out.erase(0, first);
    return out;
}

bool repair_utf8_as_latin1(std::string& text) {
    std::size_t bad = 0;
    if (valid_utf8(text, &bad)) return false;
    std::string out;
    out.reserve(text.size() + 16);
    std::string_view rest = text;
    do {
        out.append(rest.substr(0, bad));
        append_utf8(out, static_cast<unsigned char>(rest[bad]));
        rest.remove_prefix(bad + 1);
    } while (!valid_utf8(rest, &bad));
    out.append(rest);
    text = std::move(out);
    return true;
}

void read_sgml_file(const std::string& path, std::string_view element_name, SgmlDocumentParser parse,
                    CorpusVisitor& visitor, std::size_t max_element_bytes) {
    std::unique_ptr<LineReader> lines;
    try {
        lines = std::make_unique<LineReader>(path, max_element_bytes, [&visitor] { return visitor.should_stop(); });
    } catch (const std::runtime_error& e) {
        visitor.on_skip({path, 0}, "cannot open: " + reason_without_path(path, e.what()));
        return;
    }
    const std::string tag = "<" + std::string(element_name) + ">";
    ElementStream stream(*lines, element_name, max_element_bytes);
    std::string text;
    std::size_t line = 0;
    bool saw_element = false;
    while (!visitor.should_stop()) {
        ElementStream::Event event = ElementStream::Event::kEnd;
        try {
            event = stream.next(text, line);
        } catch (const std::runtime_error& e) {  // corrupt or truncated zstd data, read errors
            visitor.on_skip({path, lines->line_number() + 1}, reason_without_path(path, e.what()));
            return;
        }
        switch (event) {
            case ElementStream::Event::kEnd:
                if (!saw_element) visitor.on_skip({path, 0}, "no " + tag + " element");
                return;
            case ElementStream::Event::kUnterminated:
                visitor.on_skip({path, line}, "unterminated " + tag + " element");
                break;
            case ElementStream::Event::kOversizedElement:
                visitor.on_skip({path, line},
                                tag + " element longer than " + std::to_string(max_element_bytes) + " bytes");
                break;
            case ElementStream::Event::kOversizedLine:
                visitor.on_skip({path, line}, "line longer than " + std::to_string(max_element_bytes) + " bytes");
                break;
            case ElementStream::Event::kElement:
                deliver_element(text, {path, line}, parse, visitor);
                visitor.on_file_progress(lines->bytes_read());
                break;
        }
        saw_element = saw_element || event != ElementStream::Event::kOversizedLine;
    }
}

}  // namespace news
