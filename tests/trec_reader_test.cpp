#include "common/readers/trec_reader.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using test::RecordingVisitor;

RecordingVisitor read(const fs::path& file) {
    RecordingVisitor visitor;
    read_trec_file(file.string(), visitor);
    return visitor;
}

Article parse(std::string_view element) {
    std::string warning;
    Article article = parse_trec_document(element, warning);
    EXPECT_EQ(warning, "") << element;
    return article;
}

std::string escape_sgml(std::string_view text) {
    std::string out;
    for (char c : text) out += c == '&' ? "&amp;" : c == '<' ? "&lt;" : c == '>' ? "&gt;" : std::string(1, c);
    return out;
}

/// The Cranfield collection (SMART format: ".I n", ".T", ".A", ".B", ".W" sections, CRLF)
/// rewritten as TREC SGML, the way TREC distributes its own collections.
std::string cranfield_as_trec(const std::string& smart) {
    std::istringstream in(smart);
    std::string trec;
    std::string section;
    const auto close_section = [&] {
        if (!section.empty()) trec += "</" + section + ">\n";
        section.clear();
    };
    const auto close_doc = [&] {
        close_section();
        if (!trec.empty()) trec += "</DOC>\n";
    };
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.starts_with(".I ")) {
            close_doc();
            trec += "<DOC>\n<DOCNO> " + line.substr(3) + " </DOCNO>\n<DOCID>cran-" + line.substr(3) + "</DOCID>\n";
        } else if (line == ".T" || line == ".A" || line == ".B" || line == ".W") {
            const std::string next = line == ".T"   ? "TITLE"
                                     : line == ".A" ? "AUTHOR"
                                     : line == ".B" ? "BIBLIO"
                                                    : "TEXT";
            if (next == section) continue;  // documents 576 and 578 repeat ".W": docs.jsonl reads one abstract
            close_section();
            section = next;
            trec += "<" + section + ">\n";
        } else {
            trec += escape_sgml(line) + "\n";
        }
    }
    close_doc();
    return trec;
}

TEST(ParseTrecDocument, TakesDocnoHeadlineAndEveryTextBlock) {
    const Article article = parse(
        "<DOC>\n<DOCNO> FT911-3 </DOCNO>\n<PROFILE>_AN-BEOA7AAIFT</PROFILE>\n<DATE>1991-05-14</DATE>\n"
        "<HEADLINE>\nFT  14 MAY 91 / Kohl &amp; the\n   Bundesbank\n</HEADLINE>\n<BYLINE>By our staff</BYLINE>\n"
        "<TEXT>\nFirst block,   \nsecond line.\n</TEXT>\n<PUB>Financial Times</PUB>\n"
        "<TEXT>\n\n<P>\nParagraph one.\n</P>\n<P>\nParagraph &lt;two&gt;.\n</P>\n</TEXT>\n</DOC>");
    Article expected;
    expected.id = "FT911-3";
    expected.title = "FT 14 MAY 91 / Kohl & the Bundesbank";
    expected.body = "First block,\nsecond line.\n\nParagraph one.\n\nParagraph <two>.";
    expected.date = "1991-05-14";
    EXPECT_EQ(article, expected);
}

TEST(ParseTrecDocument, TitleComesFromHeadlineTitleHlOrHeadInAnyCase) {
    EXPECT_EQ(parse("<DOC><DOCNO>a</DOCNO><TITLE>T</TITLE><HEADLINE>H</HEADLINE></DOC>").title, "H");
    EXPECT_EQ(parse("<DOC><DOCNO>a</DOCNO><headline> </headline><title>T</title></DOC>").title, "T");
    EXPECT_EQ(parse("<DOC><DOCNO>WSJ870324-0001</DOCNO><HL> John Blair Is Near Accord </HL></DOC>").title,
              "John Blair Is Near Accord");
    EXPECT_EQ(parse("<DOC><DOCNO>AP880212-0001</DOCNO><HEAD>Reports Former Saigon Officials</HEAD></DOC>").title,
              "Reports Former Saigon Officials");
    EXPECT_EQ(parse("<DOC><DOCNO>LA010189-0001</DOCNO><HEADLINE><P>Nested</P>\n<P>markup</P></HEADLINE></DOC>").title,
              "Nested markup");
    EXPECT_EQ(parse("<doc><docno>x</docno><text>lower case</text></doc>").body, "lower case");
}

TEST(ParseTrecDocument, MissingDocnoIsRejectedAndAnOddDateWarns) {
    std::string warning;
    EXPECT_THROW(parse_trec_document("<DOC><TEXT>no number</TEXT></DOC>", warning), std::invalid_argument);
    EXPECT_THROW(parse_trec_document("<DOC><DOCNO>  </DOCNO><TEXT>blank</TEXT></DOC>", warning), std::invalid_argument);
    const Article article = parse_trec_document(
        "<DOC><DOCNO>LA1</DOCNO><DATE><P>January 1, 1989, Sunday</P></DATE><TEXT>x</TEXT></DOC>", warning);
    EXPECT_EQ(article.date, "");
    EXPECT_EQ(warning, "unparseable date \"January 1, 1989, Sunday\" ignored");
    parse_trec_document("<DOC><DOCNO>x</DOCNO><DATE>Tue, 22 Sep 2015 20:30:00 -0400</DATE><TEXT>x</TEXT></DOC>",
                        warning);
    EXPECT_EQ(warning, "");
}

TEST(ReadTrecFile, MalformedDocumentsAreSkippedWithTheirLineAndTheRestIsRead) {
    test::TempDir dir;
    const fs::path file = dir / "sample.trec";
    test::write_file(
        file,
        "<DOC>\n<DOCNO>d1</DOCNO>\n<TEXT>one</TEXT>\n</DOC>\n"                                          // 1..4
        "<DOC><DOCNO>d2</DOCNO><TEXT>two</TEXT></DOC><DOC><DOCNO>d3</DOCNO><TEXT>three</TEXT></DOC>\n"  // 5
        "<DOC>\n<TEXT>no docno</TEXT>\n</DOC>\n"                                                        // 6..8
        "<DOC>\n<DOCNO>d4</DOCNO>\n<TEXT>unclosed\n"                                                    // 9..11
        "<DOC>\n<DOCNO>d5</DOCNO>\n</DOC>\n"                          // 12..14 no text
        "<DOC>\n<DOCNO>d6</DOCNO>\n<TEXT>Caf\xE9</TEXT>\n</DOC>\n");  // 15..18
    const RecordingVisitor visitor = read(file);
    const std::string path = file.string();
    EXPECT_EQ(visitor.skips, (std::vector<std::string>{
                                 path + ":6: no <DOCNO>",
                                 path + ":9: unterminated <DOC> element",
                                 path + ":12: no title or body",
                             }));
    EXPECT_EQ(visitor.warnings,
              std::vector<std::string>{path + ":17: invalid UTF-8 at byte 9 (0xE9), read as Latin-1"});
    ASSERT_EQ(visitor.articles.size(), 4u);
    EXPECT_EQ(visitor.article_locations,
              (std::vector<std::string>{path + ":1", path + ":5", path + ":5", path + ":15"}));
    EXPECT_EQ(visitor.articles[3].body, "Caf\xC3\xA9");
}

TEST(ReadTrecFile, CranfieldWrittenAsTrecMatchesItsJsonlConversion) {
    NEWS_REQUIRE_SHARED("eval/cranfield/raw/cran.all.1400");
    NEWS_REQUIRE_SHARED("eval/cranfield/docs.jsonl");
    test::TempDir dir;
    const fs::path file = dir / "cran.trec";
    test::write_file(file, cranfield_as_trec(test::read_file(test::shared_path("eval/cranfield/raw/cran.all.1400"))));
    const RecordingVisitor visitor = read(file);
    // Documents 471 and 995 are empty in the original.
    ASSERT_EQ(visitor.skips.size(), 2u);
    EXPECT_NE(visitor.skips[0].find(": no title or body"), std::string::npos) << visitor.skips[0];
    EXPECT_TRUE(visitor.warnings.empty());
    ASSERT_EQ(visitor.articles.size(), 1398u);

    std::istringstream jsonl(test::read_file(test::shared_path("eval/cranfield/docs.jsonl")));
    std::size_t i = 0;
    for (std::string line; std::getline(jsonl, line);) {
        const nlohmann::json doc = nlohmann::json::parse(line);
        if (doc.at("id") == "471" || doc.at("id") == "995") continue;
        ASSERT_LT(i, visitor.articles.size());
        const Article& article = visitor.articles[i++];
        EXPECT_EQ(article.id, doc.at("id").get<std::string>());
        EXPECT_EQ(article.title, doc.at("title").get<std::string>()) << article.id;
        EXPECT_EQ(article.body, doc.at("body").get<std::string>()) << article.id;
    }
    EXPECT_EQ(i, 1398u);
}

}  // namespace
}  // namespace news
