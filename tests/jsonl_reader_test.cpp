#include "common/readers/jsonl_reader.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/hash.hpp"
#include "common/readers/reader_support.hpp"
#include "common/zstd_codec.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using test::RecordingVisitor;

std::vector<std::string> bbc_lines() {
    std::vector<std::string> lines;
    std::istringstream in(test::read_file(test::shared_path("corpus/bbc.jsonl")));
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

RecordingVisitor read(const fs::path& path, std::string_view prefix = "f",
                      std::size_t max_line_bytes = LineReader::kDefaultMaxLineBytes) {
    RecordingVisitor visitor;
    read_jsonl_file(path.string(), prefix, visitor, FieldMap{}, max_line_bytes);
    return visitor;
}

Article parse(std::string_view json) {
    std::string warning;
    Article article = parse_json_article(json, warning);
    EXPECT_EQ(warning, "") << json;
    return article;
}

std::string parse_error(std::string_view json) {
    std::string warning;
    try {
        parse_json_article(json, warning);
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(ParseJsonArticle, ReadsEveryKnownFieldAndIgnoresUnknownOnes) {
    const Article article =
        parse(R"({"id": "rtfin-20110724-x", "title": "T", "body": "A\n\nB", "date": "2011-07-24T22:46",
        "tz": "EDT", "url": "http://www.reuters.com/x", "source": "reuters-financial-news", "category": "business",
        "tags": ["markets", "oil"], "author": "Jane Doe", "nested": {"a": [1, 2]}})");
    EXPECT_EQ(article.id, "rtfin-20110724-x");
    EXPECT_EQ(article.title, "T");
    EXPECT_EQ(article.body, "A\n\nB");
    EXPECT_EQ(article.date, "2011-07-24T22:46:00");
    EXPECT_EQ(article.url, "http://www.reuters.com/x");
    EXPECT_EQ(article.source, "reuters-financial-news");
    EXPECT_EQ(article.category, "business");
    EXPECT_EQ(article.tags, (std::vector<std::string>{"markets", "oil"}));
}

TEST(ParseJsonArticle, TheFirstBbcRecordKeepsItsTextExactly) {
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    const Article article = parse(bbc_lines().front());
    EXPECT_EQ(article.id, "bbc/business/001");
    EXPECT_EQ(article.title, "Ad sales boost Time Warner profit");
    EXPECT_EQ(article.body.rfind("Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn (\xC2\xA3"
                                 "600m)",
                                 0),
              0u);
    EXPECT_EQ(article.category, "business");
    EXPECT_EQ(article.source, "bbc");
    EXPECT_EQ(article.date, "");
}

TEST(ParseJsonArticle, AcceptsNumbersWhereStringsAreExpected) {
    EXPECT_EQ(parse(R"({"id": 17192, "title": "T"})").id, "17192");
    EXPECT_EQ(parse(R"({"id": -3, "title": "T"})").id, "-3");
    EXPECT_EQ(parse(R"({"id": 1.5, "title": "T"})").id, "1.5");
    EXPECT_EQ(parse(R"({"title": 2005})").title, "2005");
    EXPECT_EQ(parse(R"({"title": "T", "tags": [7, "x"]})").tags, (std::vector<std::string>{"7", "x"}));
}

TEST(ParseJsonArticle, TagsMayBeAnArrayOrACommaSeparatedString) {
    EXPECT_EQ(parse(R"({"title": "T", "tags": "China, Xi Jinping ,, Hacking"})").tags,
              (std::vector<std::string>{"China", "Xi Jinping", "Hacking"}));
    EXPECT_EQ(parse(R"({"title": "T", "tags": [" China ", "", null, "Xi Jinping"]})").tags,
              (std::vector<std::string>{"China", "Xi Jinping"}));
    EXPECT_EQ(parse(R"({"title": "T", "tags": ""})").tags, std::vector<std::string>{});
    EXPECT_EQ(parse(R"({"title": "T", "tags": null})").tags, std::vector<std::string>{});
}

TEST(ParseJsonArticle, NullCountsAsAbsent) {
    const Article article = parse(R"({"id": null, "title": "T", "body": null, "url": null, "date": null})");
    Article expected;
    expected.title = "T";
    EXPECT_EQ(article, expected);
}

TEST(ParseJsonArticle, UnparseableDateIsDroppedWithAWarning) {
    // The one raw date of Reuters-21578 (NEWID 17192).
    std::string warning;
    const Article article =
        parse_json_article(R"({"id": "17192", "title": "T", "date": "31-MAR-1987 605:12:19.12"})", warning);
    EXPECT_EQ(article.date, "");
    EXPECT_EQ(warning, "unparseable date \"31-MAR-1987 605:12:19.12\" ignored");
    parse_json_article(R"({"title": "T", "date": "1987-03-31"})", warning);
    EXPECT_EQ(warning, "") << "the warning is cleared for the next record";
}

TEST(ParseJsonArticle, FieldMapReadsArticleFieldsFromOtherKeys) {
    FieldMap fields;
    fields.assign("title=headline");
    fields.assign("tags=keywords");
    fields.assign("id=guid");
    std::string warning;
    const Article article = parse_json_article(
        R"({"guid": 17, "headline": "H", "title": "not read", "keywords": "a, b", "tags": ["not read"], "body": "B"})",
        warning, fields);
    EXPECT_EQ(article.id, "17");
    EXPECT_EQ(article.title, "H");
    EXPECT_EQ(article.body, "B");
    EXPECT_EQ(article.tags, (std::vector<std::string>{"a", "b"}));
    try {
        parse_json_article(R"({"headline": ["x"]})", warning, fields);
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "field \"headline\": expected a string, got array");  // the key in the file
    }
}

TEST(ParseJsonArticle, RejectsInvalidInputWithAOneLineReason) {
    EXPECT_EQ(parse_error(R"({"title": "T",})"),
              "invalid JSON: syntax error while parsing object key - unexpected '}'; "
              "expected string literal at byte 14");
    EXPECT_EQ(parse_error(R"({"title": "T"} x)"),
              "invalid JSON: syntax error while parsing value - invalid literal; "
              "expected end of input at byte 15");
    EXPECT_EQ(parse_error(R"({"title": "Caf)"
                          "\xE9"
                          R"("})"),
              "invalid UTF-8 at byte 14");
    EXPECT_EQ(parse_error(R"([{"title": "T"}])"), "expected a JSON object, got array");
    EXPECT_EQ(parse_error(R"("title")"), "expected a JSON object, got string");
    EXPECT_EQ(parse_error(R"({"title": ["T"]})"), "field \"title\": expected a string, got array");
    EXPECT_EQ(parse_error(R"({"title": "T", "id": true})"), "field \"id\": expected a string, got boolean");
    EXPECT_EQ(parse_error(R"({"title": "T", "tags": {"a": 1}})"),
              "field \"tags\": expected an array or a string, got object");
    EXPECT_EQ(parse_error(R"({"title": "T", "tags": [["a"]]})"), "field \"tags\": expected strings, got array");
}

TEST(ReadJsonlFile, ReadsAllBbcRecordsFromTheShippedZstdCorpus) {
    const RecordingVisitor visitor = read(test::project_path("corpus/bbc.jsonl.zst"));
    EXPECT_EQ(visitor.skips, std::vector<std::string>{});
    EXPECT_EQ(visitor.warnings, std::vector<std::string>{});
    ASSERT_EQ(visitor.articles.size(), 2225u);

    std::set<std::string> ids;
    std::map<std::string, int> per_category;
    for (const Article& article : visitor.articles) {
        ids.insert(article.id);
        ++per_category[article.category];
        EXPECT_EQ(article.source, "bbc");
        EXPECT_FALSE(article.title.empty());
    }
    EXPECT_EQ(ids.size(), 2225u);
    EXPECT_EQ(per_category,
              (std::map<std::string, int>{
                  {"business", 510}, {"entertainment", 386}, {"politics", 417}, {"sport", 511}, {"tech", 401}}));
    EXPECT_EQ(visitor.articles.front().id, "bbc/business/001");
    EXPECT_EQ(visitor.article_locations.front(), test::project_path("corpus/bbc.jsonl.zst").string() + ":1");
    EXPECT_EQ(visitor.article_locations.back(), test::project_path("corpus/bbc.jsonl.zst").string() + ":2225");

    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    const std::vector<std::string> lines = bbc_lines();
    for (std::size_t i = 0; i < lines.size(); i += 111)
        EXPECT_EQ(visitor.articles[i], parse(lines[i])) << "line " << i + 1;
}

TEST(ParseJsonArticle, NumberOutOfRangeIsInvalidJsonNotAnEscapingException) {
    // Found by fuzzing: nlohmann throws out_of_range, not parse_error, for 1e999; it escaped
    // read_jsonl_file and ended the whole indexing run.
    EXPECT_EQ(parse_error(R"({"id": 1e999, "title": "T"})"), "invalid JSON: number out of range");
    test::TempDir dir;
    test::write_file(dir / "a.jsonl",
                     "{\"title\": \"one\"}\n{\"id\": 88888888e8888888, \"title\": \"x\"}\n{\"title\": \"two\"}\n");
    const RecordingVisitor visitor = read(dir / "a.jsonl", "a.jsonl");
    EXPECT_EQ(visitor.skips,
              std::vector<std::string>{(dir / "a.jsonl").string() + ":2: invalid JSON: number out of range"});
    EXPECT_EQ(visitor.articles.size(), 2u);
}

TEST(ReadJsonlFile, MalformedLinesAreReportedByLineAndTheRestIsRead) {
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    const std::vector<std::string> bbc = bbc_lines();
    std::string bad_utf8 = bbc[3];
    const std::size_t bad_offset = bad_utf8.find("\xC2\xA3");
    ASSERT_NE(bad_offset, std::string::npos);
    bad_utf8.replace(bad_offset, 2, "\xA3");  // a Latin-1 pound sign, as sport/199.txt originally had
    test::TempDir dir;
    const fs::path file = dir / "mixed.jsonl";
    test::write_file(file, bbc[0] + "\n" +                                         // 1 ok
                               "{\"id\": \"x\", \"title\": \"cut\n" +              // 2 a record cut at a line break
                               bad_utf8 + "\n" +                                   // 3
                               "\n   \n" +                                         // 4, 5 blank: ignored
                               "[1, 2]\n" +                                        // 6
                               "{\"title\": \" \", \"body\": \"\"}\n" +            // 7
                               bbc[2] + "\r\n" +                                   // 8 ok, CRLF
                               "\x89PNG\r\n\x1A\n" +                               // 9 binary junk, 10 control byte
                               "{\"title\": \"late\", \"date\": \"yesterday\"}");  // 11 ok, no newline
    const RecordingVisitor visitor = read(file, "mixed.jsonl");
    const std::string path = file.string();
    EXPECT_EQ(visitor.skips,
              (std::vector<std::string>{
                  path + ":2: invalid JSON: syntax error while parsing value - invalid string: missing "
                         "closing quote at byte 25",
                  path + ":3: invalid UTF-8 at byte " + std::to_string(bad_offset),
                  path + ":6: expected a JSON object, got array",
                  path + ":7: no title or body",
                  path + ":9: invalid UTF-8 at byte 0",
                  path + ":10: invalid JSON: syntax error while parsing value - invalid literal at byte 0",
              }));
    EXPECT_EQ(visitor.warnings, std::vector<std::string>{path + ":11: unparseable date \"yesterday\" ignored"});
    ASSERT_EQ(visitor.articles.size(), 3u);
    EXPECT_EQ(visitor.articles[0], parse(bbc[0]));
    EXPECT_EQ(visitor.articles[1], parse(bbc[2]));
    EXPECT_EQ(visitor.articles[2].id, content_id("mixed.jsonl", visitor.articles[2]));
    EXPECT_EQ(visitor.article_locations, (std::vector<std::string>{path + ":1", path + ":8", path + ":11"}));
}

TEST(ReadJsonlFile, IdFallsBackToTheUrlThenToPrefixAndContentHash) {
    test::TempDir dir;
    test::write_file(dir / "a.ndjson", R"({"id": "given", "url": "http://u/1", "title": "A"})"
                                       "\n"
                                       R"({"url": "http://u/2", "title": "B"})"
                                       "\n"
                                       R"({"id": "", "title": "C"})"
                                       "\n");
    const RecordingVisitor visitor = read(dir / "a.ndjson", "sub/a.ndjson");
    ASSERT_EQ(visitor.articles.size(), 3u);
    EXPECT_EQ(visitor.articles[0].id, "given");
    EXPECT_EQ(visitor.articles[1].id, "http://u/2");
    EXPECT_EQ(visitor.articles[2].id, "sub/a.ndjson:" + to_hex(fnv1a64("\x1f", fnv1a64("C\x1f", fnv1a64("\x1f")))));
}

TEST(ReadJsonlFile, OversizedLineIsSkippedWithTheLimitAsReason) {
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    const std::vector<std::string> bbc = bbc_lines();
    // business/001 (line 1) is longer than 2000 bytes; business/003 (line 3) is shorter.
    ASSERT_GT(bbc[0].size(), 2000u);
    ASSERT_LT(bbc[2].size(), 2000u);
    test::TempDir dir;
    test::write_file(dir / "a.jsonl", bbc[0] + "\n" + bbc[2] + "\n");
    const RecordingVisitor visitor = read(dir / "a.jsonl", "a", 2000);
    EXPECT_EQ(visitor.skips, std::vector<std::string>{(dir / "a.jsonl").string() + ":1: line longer than 2000 bytes"});
    ASSERT_EQ(visitor.articles.size(), 1u);
    EXPECT_EQ(visitor.articles[0].id, "bbc/business/003");
}

TEST(ReadJsonlFile, TruncatedZstdDeliversEveryCompleteLineThenReportsTheFile) {
    const std::string full = test::read_file(test::project_path("corpus/bbc.jsonl.zst"));
    test::TempDir dir;
    const fs::path cut = dir / "cut.jsonl.zst";
    test::write_file(cut, full.substr(0, full.size() / 2));

    const RecordingVisitor visitor = read(cut);
    const RecordingVisitor complete = read(test::project_path("corpus/bbc.jsonl.zst"));
    const std::size_t delivered = visitor.articles.size();
    ASSERT_GT(delivered, 500u);
    ASSERT_LT(delivered, 2225u);
    for (std::size_t i = 0; i < delivered; ++i)
        ASSERT_EQ(visitor.articles[i], complete.articles[i]) << "line " << i + 1;
    EXPECT_EQ(visitor.skips, std::vector<std::string>{cut.string() + ":" + std::to_string(delivered + 1) +
                                                      ": truncated zstd data (the last frame is incomplete)"});
}

TEST(ReadJsonlFile, DataThatIsNotZstdIsReportedOnce) {
    test::TempDir dir;
    const fs::path junk = dir / "seed.jsonl.zst";
    test::write_file(junk, test::read_file(test::seed_article_path()));
    const RecordingVisitor visitor = read(junk);
    EXPECT_TRUE(visitor.articles.empty());
    ASSERT_EQ(visitor.skips.size(), 1u);
    EXPECT_EQ(visitor.skips[0].rfind(junk.string() + ":1: zstd", 0), 0u) << visitor.skips[0];
}

TEST(ReadJsonlFile, EmptyOrBlankFileIsReported) {
    test::TempDir dir;
    test::write_file(dir / "empty.jsonl", "");
    test::write_file(dir / "blank.jsonl", "\n \r\n\n");
    {
        std::string empty_frame;
        ZstdCompressor().compress("", empty_frame);
        test::write_file(dir / "empty.jsonl.zst", empty_frame);
    }
    for (const char* name : {"empty.jsonl", "blank.jsonl", "empty.jsonl.zst"}) {
        const RecordingVisitor visitor = read(dir / name);
        EXPECT_TRUE(visitor.articles.empty());
        EXPECT_EQ(visitor.skips, std::vector<std::string>{(dir / name).string() + ": empty file"});
    }
}

TEST(ReadJsonlFile, MissingFileIsReportedNotThrown) {
    test::TempDir dir;
    for (const char* name : {"missing.jsonl", "missing.jsonl.zst"}) {
        const RecordingVisitor visitor = read(dir / name);
        EXPECT_EQ(visitor.skips,
                  std::vector<std::string>{(dir / name).string() + ": cannot open: No such file or directory"});
    }
}

TEST(ReadJsonlFile, StopsWhenTheVisitorAsksTo) {
    RecordingVisitor visitor;
    visitor.stop_after = 10;
    read_jsonl_file(test::project_path("corpus/bbc.jsonl.zst").string(), "bbc", visitor);
    EXPECT_EQ(visitor.articles.size(), 10u);
    EXPECT_TRUE(visitor.skips.empty());
}

TEST(ReadJsonlFile, ReutersDatesAllNormaliseExceptTheOneKnownRawDate) {
    NEWS_REQUIRE_SHARED("corpus/reuters21578.jsonl.zst");
    const RecordingVisitor visitor = read(test::shared_path("corpus/reuters21578.jsonl.zst"));
    const std::string path = test::shared_path("corpus/reuters21578.jsonl.zst").string();
    // NEWID 12793 is the one UNPROC document with no text at all.
    EXPECT_EQ(visitor.skips, std::vector<std::string>{path + ":12793: no title or body"});
    EXPECT_EQ(visitor.warnings,
              std::vector<std::string>{path + ":17192: unparseable date \"31-MAR-1987 605:12:19.12\" ignored"});
    ASSERT_EQ(visitor.articles.size(), 21577u);
    std::size_t dated = 0;
    for (const Article& article : visitor.articles) dated += article.date.rfind("1987-", 0) == 0 ? 1 : 0;
    EXPECT_EQ(dated, 21576u);
    EXPECT_EQ(visitor.articles.front().date, "1987-02-26T15:01:01");
}

}  // namespace
}  // namespace news
