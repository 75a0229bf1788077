// Fuzz target: HTML to text (html_text: the fragments of JSON Lines and CSV fields) and the
// page reader (html_page), in memory and through read_corpus() as an .html file (Latin-1
// repair, id and category). Hostile markup must neither crash, hang nor leave control
// characters or invalid UTF-8 in the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/readers/html_page.hpp"
#include "common/readers/html_text.hpp"
#include "common/utf8.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

/// Text that is indexed and printed: valid UTF-8 (gumbo replaces bad bytes) without control
/// characters but tab and line breaks; one line when `one_line`.
void check_text(std::string_view text, bool one_line, std::string_view what) {
    using news::fuzz::check;
    check(news::valid_utf8(text), what, text);
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        check(c >= 0x20 || c == '\t' || c == '\n' || c == '\r', what, text);
        check(c != 0x7F, what, text);
        if (one_line) check(c != '\n', what, text);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace news;
    const std::string_view html(reinterpret_cast<const char*>(data), size);
    const bool utf8 = valid_utf8(html);

    const std::string text = html::fragment_text(html);
    const std::string line = html::fragment_line(html);
    // Plain text is kept as it is, control characters and all: checked only for markup.
    if (utf8 && html::may_hold_markup(html)) {
        check_text(text, false, "fragment text");
        check_text(line, false, "fragment line");
    }

    std::string date_warning;
    const Article article = parse_html_page(html, date_warning);
    check_text(article.body, false, "page body");
    fuzz::check(article.title.find('\n') == std::string::npos, "page title spans lines:", article.title);
    fuzz::check(date_warning.find('\n') == std::string::npos, "date warning spans lines:", date_warning);

    static fuzz::InputFile file("html");
    fuzz::CheckingVisitor visitor;
    read_corpus({file.write(data, size)}, visitor);
    return 0;
}
