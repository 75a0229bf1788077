#include "common/terminal_text.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/utf8.hpp"

namespace news {
namespace {

struct Case {
    std::string input;
    std::string expected;
};

TEST(TerminalSafe, RemovesControlsAndEscapeSequencesAndKeepsPrintableText) {
    const Case cases[] = {
        {"Plain text, café, 中文, emoji \xF0\x9F\x93\xB0", "Plain text, café, 中文, emoji \xF0\x9F\x93\xB0"},
        {"\x1b[31mred\x1b[0m", "[31mred[0m"},        // ESC gone: the rest is inert text
        {"title\x1b]0;owned\x07", "title]0;owned"},  // OSC window title, BEL
        {"a\tb\nc\r\nd", "a b c  d"},
        {"del\x7f c1 \xC2\x9B"
         "31m nel \xC2\x85",
         "del c1 31m nel "},
        {"nbsp\xC2\xA0kept", "nbsp\xC2\xA0kept"},  // U+00A0 is the first non-control after C1
    };
    for (const Case& c : cases) EXPECT_EQ(terminal_safe(c.input), c.expected) << c.input;
}

TEST(TerminalSafe, EveryByteThatIsNotWellFormedUtf8BecomesAReplacementCharacter) {
    // Found by fuzzing: F5..F7 leads, overlong 3- and 4-byte forms and surrogates passed
    // through, so "always valid UTF-8" output (and JSON built from it) was not.
    const std::string replacement = "\xEF\xBF\xBD";
    const Case cases[] = {
        {"\xF7\xB9\xB9\xB9", replacement + replacement + replacement + replacement},  // beyond U+10FFFF
        {"\xE0\x80\xAF", replacement + replacement + replacement},                    // overlong '/'
        {"\xF0\x80\x80\xAF", replacement + replacement + replacement + replacement},  // overlong '/'
        {"\xED\xA0\x80", replacement + replacement + replacement},                    // surrogate U+D800
        {"\xC0\xAF", replacement + replacement},                                      // overlong '/'
        {"cut \xE4\xB8", "cut " + replacement + replacement},                         // truncated 中
        {"\xFF", replacement},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(terminal_safe(c.input), c.expected);
        EXPECT_TRUE(valid_utf8(terminal_safe(c.input)));
    }
}

TEST(EscapeForMessage, ShowsWhatTerminalSafeWouldRemoveAsHexOnOneLine) {
    const Case cases[] = {
        {"corpus/news.jsonl", "corpus/news.jsonl"},
        {"café 中文", "café 中文"},
        {"evil\x1b[2J.txt", "evil\\x1b[2J.txt"},
        {"two\nlines\ttab", "two\\x0alines\\x09tab"},
        {"c1 \xC2\x9B del \x7f", "c1 \\xc2\\x9b del \\x7f"},
        {"latin1 \xFC and \xF7\xB9", "latin1 \\xfc and \\xf7\\xb9"},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(escape_for_message(c.input), c.expected);
        EXPECT_EQ(escape_for_message(escape_for_message(c.input)), c.expected) << "not idempotent";
    }
}

}  // namespace
}  // namespace news
