#include "common/readers/reuters_reader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/date.hpp"
#include "common/readers/line_reader.hpp"
#include "common/zstd_codec.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using test::RecordingVisitor;

const char* const kSgmlFolder = "corpus/reuters21578-sgml";

fs::path sgml_file(int number) {
    char name[32];
    std::snprintf(name, sizeof name, "reut2-%03d.sgm", number);
    return test::shared_path(kSgmlFolder) / name;
}

RecordingVisitor read(const fs::path& file) {
    RecordingVisitor visitor;
    read_reuters_file(file.string(), visitor);
    return visitor;
}

/// A <REUTERS> element in the layout of the distribution, around `text` (the <TEXT> element).
std::string reuters_element(const std::string& newid, const std::string& text,
                            const std::string& date = "26-FEB-1987 15:01:01.79") {
    return "<REUTERS TOPICS=\"YES\" LEWISSPLIT=\"TRAIN\" CGISPLIT=\"TRAINING-SET\" OLDID=\"5544\" NEWID=\"" + newid +
           "\">\n"
           "<DATE>" +
           date +
           "</DATE>\n"
           "<TOPICS><D>cocoa</D></TOPICS>\n"
           "<PLACES><D>el-salvador</D><D>usa</D></PLACES>\n"
           "<PEOPLE><D>lawson</D></PEOPLE>\n<ORGS></ORGS>\n<EXCHANGES></EXCHANGES>\n<COMPANIES></COMPANIES>\n"
           "<UNKNOWN> \n&#5;&#5;&#5;C T\n&#22;&#22;&#1;f0704&#31;reute\nu f BC-BAHIA-COCOA-REVIEW   02-26 "
           "0105</UNKNOWN>\n" +
           text + "\n</REUTERS>\n";
}

struct ReferenceDoc {
    std::string title;
    std::string body;
    std::string date;
    std::vector<std::string> tags;
};

/// The JSON Lines conversion of the same collection, by NEWID.
std::map<std::string, ReferenceDoc> reference_docs() {
    std::map<std::string, ReferenceDoc> docs;
    LineReader lines(test::shared_path("corpus/reuters21578.jsonl.zst").string());
    std::string line;
    bool oversized = false;
    while (lines.next(line, oversized)) {
        const nlohmann::json record = nlohmann::json::parse(line);
        ReferenceDoc& doc = docs[record.at("id").get<std::string>()];
        doc.title = record.at("title").get<std::string>();
        doc.body = record.at("body").get<std::string>();
        doc.date = normalize_date(record.at("date").get<std::string>()).value_or("");
        for (const char* list : {"topics", "places"})
            for (const auto& tag : record.at(list))  // some documents list a place twice: read once
                if (std::find(doc.tags.begin(), doc.tags.end(), tag) == doc.tags.end())
                    doc.tags.push_back(tag.get<std::string>());
    }
    return docs;
}

TEST(ParseReutersDocument, ReadsEveryFieldOfANormalDocument) {
    std::string warning;
    const Article article = parse_reuters_document(
        reuters_element("1",
                        "<TEXT>&#2;\n<TITLE>BAHIA COCOA &lt;REVIEW>\n  FOR MARCH</TITLE>\n"
                        "<DATELINE>    SALVADOR, Feb 26 - </DATELINE><BODY>Showers continued   \n"
                        "    in the Bahia &amp; cocoa zone.\n Reuter\n&#3;</BODY></TEXT>"),
        warning);
    EXPECT_EQ(warning, "");
    Article expected;
    expected.id = "1";
    expected.title = "BAHIA COCOA <REVIEW> FOR MARCH";
    expected.body = "Showers continued\n    in the Bahia & cocoa zone.\n Reuter";  // no dateline
    expected.date = "1987-02-26T15:01:01";
    expected.source = "reuters-21578";
    expected.tags = {"cocoa", "el-salvador", "usa"};
    EXPECT_EQ(article, expected);
}

TEST(ParseReutersDocument, UnprocDocumentsKeepTheirRawTextAndBriefOnesHaveNoBody) {
    std::string warning;
    const Article unproc = parse_reuters_document(
        reuters_element("99",
                        "<TEXT TYPE=\"UNPROC\">&#2;\nFEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n"
                        "    Two weeks ended Feb 25      daily avgs-mlns\n Reuter\n&#3;\n\n</TEXT>"),
        warning);
    EXPECT_EQ(unproc.title, "");
    EXPECT_EQ(unproc.body,
              "FEDERAL RESERVE WEEKLY REPORT 1 - FEB 26\n    Two weeks ended Feb 25      daily avgs-mlns\n Reuter");
    const Article brief = parse_reuters_document(
        reuters_element("7",
                        "<TEXT TYPE=\"BRIEF\">&#2;\n******<TITLE>CHRYSLER &lt;C> DEAL LEAVES UNCERTAINTY FOR AMC\n"
                        "</TITLE>\n&#3;\n</TEXT>"),
        warning);
    EXPECT_EQ(brief.title, "CHRYSLER <C> DEAL LEAVES UNCERTAINTY FOR AMC");
    EXPECT_EQ(brief.body, "");
}

TEST(ParseReutersDocument, BadDateWarnsAndMissingNewidIsRejected) {
    std::string warning;
    const Article article = parse_reuters_document(
        reuters_element("17192", "<TEXT><TITLE>T</TITLE></TEXT>", "31-MAR-1987 605:12:19.12"), warning);
    EXPECT_EQ(article.date, "");
    EXPECT_EQ(warning, "unparseable date \"31-MAR-1987 605:12:19.12\" ignored");
    EXPECT_THROW(parse_reuters_document("<REUTERS OLDID=\"1\"><TEXT><TITLE>T</TITLE></TEXT></REUTERS>", warning),
                 std::invalid_argument);
    EXPECT_THROW(parse_reuters_document("<REUTERS NEWID=\" \"><TEXT><TITLE>T</TITLE></TEXT></REUTERS>", warning),
                 std::invalid_argument);
}

TEST(ParseReutersDocument, DateQuotedInTheWarningIsEscapedOntoOneLine) {
    // Found by fuzzing: a <DATE> running over a line break was quoted raw, splitting the
    // one-line warning. (Its control characters, ESC included, are gone already: SGML text
    // is decoded without them.)
    std::string warning;
    parse_reuters_document(reuters_element("1", "<TEXT><TITLE>T</TITLE></TEXT>", "26-FEB-1987\n\x1b[2J15:01"), warning);
    EXPECT_EQ(warning, "unparseable date \"26-FEB-1987\\x0a[2J15:01\" ignored");
}

TEST(ParseReutersDocument, OverlongFractionOfASecondIsIgnored) {
    // Found by fuzzing (UBSan): 30 digits of hundredths overflowed the int they were read into.
    std::string warning;
    const Article article = parse_reuters_document(
        reuters_element("1", "<TEXT><TITLE>T</TITLE></TEXT>", "26-FEB-1987 15:01:01.79" + std::string(30, '5')),
        warning);
    EXPECT_EQ(article.date, "1987-02-26T15:01:01");
    EXPECT_EQ(warning, "");
}

TEST(ReadReutersFile, WholeCollectionMatchesTheJsonlConversionDocumentForDocument) {
    NEWS_REQUIRE_SHARED(kSgmlFolder);
    NEWS_REQUIRE_SHARED("corpus/reuters21578.jsonl.zst");
    RecordingVisitor visitor;
    std::uintmax_t bytes = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int number = 0; number <= 21; ++number) {
        read_reuters_file(sgml_file(number).string(), visitor);
        bytes += fs::file_size(sgml_file(number));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("read %.1f MB of Reuters-21578 SGML in %.3f s (%.0f MB/s)\n", bytes / 1e6, seconds,
                bytes / 1e6 / seconds);

    // 21,578 <REUTERS> elements: 21,577 articles and the one empty UNPROC document.
    EXPECT_EQ(visitor.skips, std::vector<std::string>{sgml_file(12).string() + ":25983: no title or body"});
    EXPECT_EQ(visitor.warnings,
              (std::vector<std::string>{
                  sgml_file(17).string() + ":6653: unparseable date \"31-MAR-1987 605:12:19.12\" ignored",
                  sgml_file(17).string() + ":35578: invalid UTF-8 at byte 22 (0xFC), read as Latin-1",
              }));
    ASSERT_EQ(visitor.articles.size(), 21577u);

    const std::map<std::string, ReferenceDoc> reference = reference_docs();
    ASSERT_EQ(reference.size(), 21578u);
    std::size_t briefs = 0;
    for (std::size_t i = 0; i < visitor.articles.size(); ++i) {
        const Article& article = visitor.articles[i];
        const std::size_t newid = i < 12792 ? i + 1 : i + 2;  // in NEWID order, 12793 missing
        ASSERT_EQ(article.id, std::to_string(newid));
        const ReferenceDoc& expected = reference.at(article.id);
        EXPECT_EQ(article.title, expected.title) << "NEWID " << article.id;
        EXPECT_EQ(article.body, expected.body) << "NEWID " << article.id;
        EXPECT_EQ(article.date, expected.date) << "NEWID " << article.id;
        EXPECT_EQ(article.tags, expected.tags) << "NEWID " << article.id;
        EXPECT_EQ(article.source, "reuters-21578");
        briefs += !article.title.empty() && article.body.empty() ? 1 : 0;
    }
    EXPECT_EQ(briefs, 1798u);
    const Article& lawson = visitor.articles[17980 - 2];
    EXPECT_EQ(lawson.id, "17980");
    EXPECT_NE(lawson.body.find("growth.\xC3\xBC"), std::string::npos);  // the 0xFC byte as U+00FC
}

TEST(ReadReutersFile, FirstFileReadsAsThousandArticlesAlsoFromZstd) {
    NEWS_REQUIRE_SHARED(kSgmlFolder);
    const RecordingVisitor plain = read(sgml_file(0));
    EXPECT_TRUE(plain.skips.empty());
    ASSERT_EQ(plain.articles.size(), 1000u);
    EXPECT_EQ(plain.article_locations.front(), sgml_file(0).string() + ":2");
    EXPECT_EQ(plain.articles.front().title, "BAHIA COCOA REVIEW");
    EXPECT_EQ(plain.articles.front().date, "1987-02-26T15:01:01");
    EXPECT_EQ(plain.articles.front().tags, (std::vector<std::string>{"cocoa", "el-salvador", "usa", "uruguay"}));
    EXPECT_EQ(plain.articles.back().id, "1000");

    test::TempDir dir;
    std::string compressed;
    ZstdCompressor().compress(test::read_file(sgml_file(0)), compressed);
    test::write_file(dir / "reut2-000.sgm.zst", compressed);
    const RecordingVisitor zst = read(dir / "reut2-000.sgm.zst");
    EXPECT_TRUE(zst.skips.empty());
    EXPECT_EQ(zst.articles, plain.articles);
}

TEST(ReadReutersFile, MalformedDocumentsAreSkippedWithTheirLineAndTheRestIsRead) {
    test::TempDir dir;
    const fs::path file = dir / "bad.sgm";
    const std::string good = reuters_element("1", "<TEXT><TITLE>GOOD</TITLE><BODY>Body.</BODY></TEXT>");
    test::write_file(file,
                     "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n" +                                           // 1
                         good +                                                                            // 2..15
                         "<REUTERS OLDID=\"2\">\n<TEXT><TITLE>NO ID</TITLE></TEXT>\n</REUTERS>\n" +        // 16..18
                         "<REUTERS NEWID=\"3\">\n<TEXT TYPE=\"UNPROC\">&#2;\n&#3;</TEXT>\n</REUTERS>\n" +  // 19..22
                         "<REUTERS NEWID=\"4\">\n<TEXT><TITLE>CUT SHORT</TITLE>\n" +                       // 23..24
                         reuters_element("5", "<TEXT><TITLE>AFTER</TITLE></TEXT>", "bad date") +           // 25..38
                         "<REUTERS NEWID=\"6\">\n<TEXT><TITLE>NEVER ENDS");                                // 39..
    RecordingVisitor visitor = read(file);
    const std::string path = file.string();
    EXPECT_EQ(visitor.skips, (std::vector<std::string>{
                                 path + ":16: <REUTERS> without NEWID",
                                 path + ":19: no title or body",
                                 path + ":23: unterminated <REUTERS> element",
                                 path + ":39: unterminated <REUTERS> element",
                             }));
    EXPECT_EQ(visitor.warnings, std::vector<std::string>{path + ":25: unparseable date \"bad date\" ignored"});
    ASSERT_EQ(visitor.articles.size(), 2u);
    EXPECT_EQ(visitor.articles[0].id, "1");
    EXPECT_EQ(visitor.articles[1].id, "5");
    EXPECT_EQ(visitor.article_locations, (std::vector<std::string>{path + ":2", path + ":25"}));
}

}  // namespace
}  // namespace news
