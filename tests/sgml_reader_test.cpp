#include "common/readers/sgml_reader.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using test::RecordingVisitor;

/// A minimal format for the streaming tests: <ITEM ID="x">title</ITEM>.
Article parse_item(std::string_view element, std::string& date_warning) {
    date_warning.clear();
    const auto item = find_sgml_element(element, "ITEM");
    if (!item) throw std::invalid_argument("not an item");
    Article article;
    article.id = std::string(sgml_attribute(item->attributes, "ID").value_or(""));
    if (article.id.empty()) throw std::invalid_argument("no ID");
    article.title = collapse_whitespace(decode_sgml_text(item->content));
    return article;
}

RecordingVisitor read_items(const fs::path& file, std::size_t max_element_bytes = 1 << 20) {
    RecordingVisitor visitor;
    read_sgml_file(file.string(), "ITEM", parse_item, visitor, max_element_bytes);
    return visitor;
}

TEST(FindSgmlElement, FindsTheFirstElementOfANameInAnyCaseWithItsAttributes) {
    const std::string_view text = R"(<TEXT TYPE="BRIEF">&#2;<title>A</title><TITLES>x</TITLES></TEXT><TEXT>B</TEXT>)";
    const auto first = find_sgml_element(text, "TEXT");
    ASSERT_TRUE(first);
    EXPECT_EQ(first->attributes, R"( TYPE="BRIEF")");
    EXPECT_EQ(first->content, "&#2;<title>A</title><TITLES>x</TITLES>");
    const auto title = find_sgml_element(first->content, "TITLE");
    ASSERT_TRUE(title);
    EXPECT_EQ(title->content, "A");  // <TITLES> is another element
    const auto second = find_sgml_element(text, "TEXT", first->end);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->content, "B");
    EXPECT_EQ(second->end, text.size());
    EXPECT_FALSE(find_sgml_element(text, "TEXT", second->end));
    EXPECT_FALSE(find_sgml_element("<BODY>never closed", "BODY"));
    EXPECT_FALSE(find_sgml_element("<BODY", "BODY"));
    EXPECT_FALSE(find_sgml_element("no markup", "BODY"));
}

TEST(SgmlAttribute, ReadsQuotedAndUnquotedValuesInAnyCase) {
    const std::string_view attributes =
        R"( TOPICS="YES" lewissplit='TRAIN' CGISPLIT=TRAINING-SET COMPACT NEWID = "17")";
    EXPECT_EQ(sgml_attribute(attributes, "TOPICS"), "YES");
    EXPECT_EQ(sgml_attribute(attributes, "LEWISSPLIT"), "TRAIN");
    EXPECT_EQ(sgml_attribute(attributes, "cgisplit"), "TRAINING-SET");
    EXPECT_EQ(sgml_attribute(attributes, "NEWID"), "17");
    EXPECT_EQ(sgml_attribute(attributes, "OLDID"), std::nullopt);
    EXPECT_EQ(sgml_attribute(attributes, "COMPACT"), std::nullopt);  // present, but no value
    EXPECT_EQ(sgml_attribute(R"(A="unclosed)", "A"), "unclosed");
    EXPECT_EQ(sgml_attribute("", "A"), std::nullopt);
}

TEST(DecodeSgmlText, DecodesReferencesAndDropsControlCharacters) {
    const std::pair<std::string_view, std::string_view> cases[] = {
        {"STANDARD OIL &lt;SRD> TO FORM", "STANDARD OIL <SRD> TO FORM"},
        {"Market &amp; Opinion", "Market & Opinion"},
        {"&quot;a&quot; &apos;b&apos;", "\"a\" 'b'"},
        {"&#2;\nTEXT&#3;", "\nTEXT"},  // Reuters transmission codes
        {"&#5;&#5;&#5;C T\n&#22;&#22;&#1;f0704&#31;reute", "C T\nf0704reute"},
        {"DEL&#127;ETE", "DELETE"},
        {"caf&#233; &#x20AC;5 &#X1F600;",
         "caf\xC3\xA9 \xE2\x82\xAC"
         "5 \xF0\x9F\x98\x80"},
        {"raw\x01\x02 control\x7F bytes\r\n", "raw control bytes\n"},
        {"C1 \xC2\x85 next line", "C1  next line"},
        {"tab\tkept", "tab\tkept"},
        {"&nbsp; &unknown; & alone &#; &#xZZ; &#55296; &#1114112; &amp",
         "&nbsp; &unknown; & alone &#; &#xZZ; &#55296; &#1114112; &amp"},
        {"", ""},
    };
    for (const auto& [raw, expected] : cases) EXPECT_EQ(decode_sgml_text(raw), expected) << raw;
}

TEST(StripSgmlTags, TurnsTagsIntoLineBreaksAndKeepsLoneAngleBrackets) {
    EXPECT_EQ(strip_sgml_tags("<P>one</P><P>two</P>"), "\none\n\ntwo\n");
    EXPECT_EQ(strip_sgml_tags("a < b and c > d, 1<2"), "a < b and c > d, 1<2");
    EXPECT_EQ(strip_sgml_tags("x <!-- note --> y <?pi?> z <br"), "x \n y \n z <br");
}

TEST(CollapseWhitespace, JoinsWrappedTitles) {
    EXPECT_EQ(collapse_whitespace("  BONUS WHEAT FLOUR FOR NORTH YEMEN  -- USDA\n"),
              "BONUS WHEAT FLOUR FOR NORTH YEMEN -- USDA");
    EXPECT_EQ(collapse_whitespace("a\n\tb"), "a b");
    EXPECT_EQ(collapse_whitespace(" \n "), "");
}

TEST(TidyLines, CutsTrailingSpacesAndBlankEndsButKeepsIndentation) {
    EXPECT_EQ(tidy_lines("\n    Two weeks   \n Net free..644   \n       \n Reuter\n\n", false),
              "Two weeks\n Net free..644\n\n Reuter");
    EXPECT_EQ(tidy_lines("a\n\n\n\nb\n \n\nc", false), "a\n\n\n\nb\n\n\nc");
    EXPECT_EQ(tidy_lines("a\n\n\n\nb\n \n\nc", true), "a\n\nb\n\nc");
    EXPECT_EQ(tidy_lines(" \n\t\n", true), "");
}

TEST(RepairUtf8AsLatin1, DecodesOnlyTheInvalidBytes) {
    std::string text = "growth.\xFC side, caf\xC3\xA9, \xE9t\xE9";
    EXPECT_TRUE(repair_utf8_as_latin1(text));
    EXPECT_EQ(text, "growth.\xC3\xBC side, caf\xC3\xA9, \xC3\xA9t\xC3\xA9");
    EXPECT_FALSE(repair_utf8_as_latin1(text));
    std::string truncated = "end \xE2\x82";  // a cut sequence: each byte as Latin-1
    EXPECT_TRUE(repair_utf8_as_latin1(truncated));
    EXPECT_EQ(truncated, "end \xC3\xA2\xC2\x82");
}

TEST(ReadSgmlFile, StreamsElementsLocatedAtTheirStartTagWhateverTheLineLayout) {
    test::TempDir dir;
    const fs::path file = dir / "items.sgm";
    test::write_file(file,
                     "<!DOCTYPE items>\n"                                          // 1 outside: ignored
                     "<ITEM ID=\"a\">First\n"                                      // 2
                     "title</ITEM>\n"                                              // 3
                     "junk <ITEM ID=\"b\">B</ITEM><ITEM ID=\"c\">C</ITEM> junk\n"  // 4: two on one line
                     "<item id=\"d\">\n"                                           // 5 any case
                     "D &amp; more\n"
                     "</item>\n"
                     "<ITEM ID=\"e\">no end tag\n"            // 8
                     "<ITEM>no id</ITEM>\n"                   // 9
                     "<ITEMS ID=\"x\">not an item</ITEMS>\n"  // 10
                     "<ITEM ID=\"f\"></ITEM>\n"               // 11 empty
                     "<ITEM ID=\"g\">Caf\xE9\n"               // 12 Latin-1 byte
                     "au lait</ITEM>\n"
                     "<ITEM ID=\"h\">cut off at the end");  // 14
    const RecordingVisitor visitor = read_items(file);
    const std::string path = file.string();
    EXPECT_EQ(visitor.skips, (std::vector<std::string>{
                                 path + ":8: unterminated <ITEM> element",
                                 path + ":9: no ID",
                                 path + ":11: no title or body",
                                 path + ":14: unterminated <ITEM> element",
                             }));
    EXPECT_EQ(visitor.warnings,
              std::vector<std::string>{path + ":12: invalid UTF-8 at byte 16 (0xE9), read as Latin-1"});
    ASSERT_EQ(visitor.articles.size(), 5u);
    EXPECT_EQ(visitor.article_locations,
              (std::vector<std::string>{path + ":2", path + ":4", path + ":4", path + ":5", path + ":12"}));
    EXPECT_EQ(visitor.articles[0].title, "First title");
    EXPECT_EQ(visitor.articles[1].id, "b");
    EXPECT_EQ(visitor.articles[2].id, "c");
    EXPECT_EQ(visitor.articles[3].title, "D & more");
    EXPECT_EQ(visitor.articles[4].title, "Caf\xC3\xA9 au lait");
}

TEST(ReadSgmlFile, OversizedElementsAndLinesAreSkippedAndReadingGoesOn) {
    test::TempDir dir;
    const fs::path file = dir / "big.sgm";
    test::write_file(file, "<ITEM ID=\"a\">" + std::string(50, 'x') + "\n" + std::string(50, 'y') +
                               "</ITEM>\n" +                      // 1..2
                               std::string(150, 'z') + "\n" +     // 3
                               "<ITEM ID=\"b\">small</ITEM>\n");  // 4
    const RecordingVisitor visitor = read_items(file, 80);
    EXPECT_EQ(visitor.skips, (std::vector<std::string>{file.string() + ":1: <ITEM> element longer than 80 bytes",
                                                       file.string() + ":3: line longer than 80 bytes"}));
    ASSERT_EQ(visitor.articles.size(), 1u);
    EXPECT_EQ(visitor.articles[0].id, "b");
}

TEST(ReadSgmlFile, FilesWithoutElementsOrUnreadableAreReportedOnce) {
    test::TempDir dir;
    test::write_file(dir / "empty.sgm", "");
    test::write_file(dir / "other.sgm", "<DOC><DOCNO>1</DOCNO></DOC>\n");
    EXPECT_EQ(read_items(dir / "empty.sgm").skips,
              std::vector<std::string>{(dir / "empty.sgm").string() + ": no <ITEM> element"});
    EXPECT_EQ(read_items(dir / "other.sgm").skips,
              std::vector<std::string>{(dir / "other.sgm").string() + ": no <ITEM> element"});
    EXPECT_EQ(read_items(dir / "missing.sgm").skips,
              std::vector<std::string>{(dir / "missing.sgm").string() + ": cannot open: No such file or directory"});
}

}  // namespace
}  // namespace news
