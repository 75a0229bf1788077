#include "common/readers/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/readers/jsonl_reader.hpp"
#include "common/readers/reader_support.hpp"
#include "common/zstd_codec.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using test::RecordingVisitor;

RecordingVisitor read(const fs::path& path, const CsvOptions& options = {}) {
    RecordingVisitor visitor;
    read_csv_file(path.string(), path.filename().string(), visitor, options);
    return visitor;
}

/// One RFC 4180 field: quoted when it holds the delimiter, a quote or a line break.
std::string csv_field(const std::string& value, char delimiter) {
    if (value.find_first_of(std::string("\"\r\n") + delimiter) == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_row(const std::vector<std::string>& values, char delimiter, const std::string& line_end = "\n") {
    std::string row;
    for (std::size_t i = 0; i < values.size(); ++i)
        row += (i ? std::string(1, delimiter) : "") + csv_field(values[i], delimiter);
    return row + line_end;
}

CsvOptions with_delimiter(char delimiter) {
    CsvOptions options;
    options.delimiter = delimiter;
    return options;
}

TEST(ReadCsvFile, MapsColumnsByHeaderNameAndFollowsRfc4180Quoting) {
    test::TempDir dir;
    const fs::path file = dir / "news.csv";
    test::write_file(file,
                     "source,Title, body ,id,extra,date,tags,category,url\r\n"                 // 1 header
                     "bbc,\"Ad sales, profits\",\"He said \"\"up\"\".\r\nSecond line\",a1,x,"  // 2..3
                     "2015-09-22T20:30,\"china, cyber\",business,http://u/1\r\n"
                     "\r\n"  // 4 blank
                     "hill,\"Two\nparagraphs\",\"one\n\ntwo\",a2,,\"Tue, 22 Sep 2015 20:30:00 -0400\",,,\r\n"  // 5..8
                     " spaced , kept as is ,5\" screen,a3,,,,,");  // 9, no line end
    const RecordingVisitor visitor = read(file);
    EXPECT_EQ(visitor.skips, std::vector<std::string>{});
    EXPECT_EQ(visitor.warnings, std::vector<std::string>{});
    ASSERT_EQ(visitor.articles.size(), 3u);
    const std::string path = file.string();
    EXPECT_EQ(visitor.article_locations, (std::vector<std::string>{path + ":2", path + ":5", path + ":9"}));

    Article first;
    first.id = "a1";
    first.title = "Ad sales, profits";
    first.body = "He said \"up\".\nSecond line";  // the CRLF inside quotes becomes LF
    first.date = "2015-09-22T20:30:00";
    first.source = "bbc";
    first.category = "business";
    first.url = "http://u/1";
    first.tags = {"china", "cyber"};
    EXPECT_EQ(visitor.articles[0], first);
    EXPECT_EQ(visitor.articles[1].title, "Two\nparagraphs");
    EXPECT_EQ(visitor.articles[1].body, "one\n\ntwo");
    EXPECT_EQ(visitor.articles[1].date, "2015-09-22T20:30:00");
    EXPECT_EQ(visitor.articles[2].source, " spaced ");  // RFC 4180: spaces belong to the field
    EXPECT_EQ(visitor.articles[2].title, " kept as is ");
    EXPECT_EQ(visitor.articles[2].body, "5\" screen");  // a quote inside an unquoted field is text
}

TEST(ReadCsvFile, BbcCorpusWrittenAsCsvTsvAndZstdReadsBackLikeTheJsonl) {
    RecordingVisitor jsonl;
    read_jsonl_file(test::project_path("corpus/bbc.jsonl.zst").string(), "bbc", jsonl);
    ASSERT_EQ(jsonl.articles.size(), 2225u);

    const std::vector<std::string> header = {"id", "title", "body", "category", "source"};
    std::string csv = csv_row(header, ',', "\r\n");
    std::string tsv = csv_row(header, '\t');
    for (const Article& a : jsonl.articles) {
        csv += csv_row({a.id, a.title, a.body, a.category, a.source}, ',', "\r\n");
        tsv += csv_row({a.id, a.title, a.body, a.category, a.source}, '\t');
    }
    test::TempDir dir;
    std::string compressed;
    ZstdCompressor().compress(csv, compressed);
    test::write_file(dir / "bbc.csv", csv);
    test::write_file(dir / "bbc.csv.zst", compressed);
    test::write_file(dir / "bbc.tsv", tsv);

    for (const char* name : {"bbc.csv", "bbc.csv.zst", "bbc.tsv"}) {
        const RecordingVisitor visitor =
            read(dir / name, with_delimiter(std::string_view(name).ends_with(".tsv") ? '\t' : ','));
        EXPECT_EQ(visitor.skips, std::vector<std::string>{}) << name;
        ASSERT_EQ(visitor.articles.size(), 2225u) << name;
        for (std::size_t i = 0; i < 2225; ++i)
            ASSERT_EQ(visitor.articles[i], jsonl.articles[i]) << name << " record " << i;
    }
}

TEST(ReadCsvFile, MalformedRecordsAreReportedAtTheLineTheyStartOn) {
    test::TempDir dir;
    const fs::path file = dir / "bad.csv";
    test::write_file(file,
                     "id,title,body,date\n"           // 1
                     "1,One,Body one,2015-09-22\n"    // 2 ok
                     "2,Two,\"Body\ntwo\",x,extra\n"  // 3..4 five fields
                     "3,Three\n"                      // 5 two fields
                     "4,Caf\xE9,Body,\n"              // 6 Latin-1 byte
                     "5,,,\n"                         // 7 no title or body
                     "6,Six,Body six,yesterday\n"     // 8 ok, date warning
                     "7,\"Seven,\"Body\n"             // 9 a quote opened after the closing one...
                     "8,Eight,\"never closed\n"       // 10
                     "9,Nine,Body nine,\n");          // 11 ...swallowed by the open quote
    const RecordingVisitor visitor = read(file);
    const std::string path = file.string();
    EXPECT_EQ(visitor.skips, (std::vector<std::string>{
                                 path + ":3: expected 4 fields, got 5",
                                 path + ":5: expected 4 fields, got 2",
                                 path + ":6: invalid UTF-8 in column \"title\" at byte 3",
                                 path + ":7: no title or body",
                                 path + ":9: unterminated quoted field at end of file",
                             }));
    EXPECT_EQ(visitor.warnings, std::vector<std::string>{path + ":8: unparseable date \"yesterday\" ignored"});
    ASSERT_EQ(visitor.articles.size(), 2u);
    EXPECT_EQ(visitor.articles[0].id, "1");
    EXPECT_EQ(visitor.articles[1].id, "6");
    EXPECT_EQ(visitor.articles[1].date, "");
}

TEST(ReadCsvFile, UnterminatedQuoteInTheLastRecordIsReportedAtItsFirstLine) {
    test::TempDir dir;
    test::write_file(dir / "a.csv", "title,body\nOne,Body\n\"Two,\"Body\nstill in the quote\nand here");
    const RecordingVisitor visitor = read(dir / "a.csv");
    EXPECT_EQ(visitor.skips,
              std::vector<std::string>{(dir / "a.csv").string() + ":3: unterminated quoted field at end of file"});
    ASSERT_EQ(visitor.articles.size(), 1u);
    EXPECT_EQ(visitor.articles[0].id, content_id("a.csv", visitor.articles[0]));
}

TEST(ReadCsvFile, HeaderNamesMatchIgnoringCaseSpacesAndABom) {
    test::TempDir dir;
    test::write_file(dir / "a.csv", "\xEF\xBB\xBFTITLE, Body ,title,URL\nFirst,B,Second,http://u/1\n");
    const RecordingVisitor visitor = read(dir / "a.csv");
    ASSERT_EQ(visitor.articles.size(), 1u);
    EXPECT_EQ(visitor.articles[0].title, "First");  // the first of two "title" columns wins
    EXPECT_EQ(visitor.articles[0].body, "B");
    EXPECT_EQ(visitor.articles[0].id, "http://u/1");  // no id column: the url
}

TEST(ReadCsvFile, FieldMapRenamesColumns) {
    test::TempDir dir;
    test::write_file(dir / "a.tsv",
                     "headline\ttext\tpublished\ttitle\nXi visit\tBody\tSun Jul 24, 2011 10:46pm EDT\tignored\n");
    CsvOptions options = with_delimiter('\t');
    options.fields.assign("title=headline");
    options.fields.assign("body=text");
    options.fields.assign("date=published");
    const RecordingVisitor visitor = read(dir / "a.tsv", options);
    ASSERT_EQ(visitor.articles.size(), 1u);
    EXPECT_EQ(visitor.articles[0].title, "Xi visit");
    EXPECT_EQ(visitor.articles[0].body, "Body");
    EXPECT_EQ(visitor.articles[0].date, "2011-07-24T22:46:00");
    EXPECT_EQ(visitor.articles[0].id, content_id("a.tsv", visitor.articles[0]));
}

TEST(ReadCsvFile, UnusableFilesAreReportedOnce) {
    test::TempDir dir;
    test::write_file(dir / "empty.csv", "");
    test::write_file(dir / "blank.csv", "\n  \r\n");
    test::write_file(dir / "noheader.csv", "\n\nheadline,text\nA,B\n");
    const auto skips = [&](const char* name) { return read(dir / name).skips; };
    EXPECT_EQ(skips("empty.csv"), std::vector<std::string>{(dir / "empty.csv").string() + ": empty file"});
    EXPECT_EQ(skips("blank.csv"), std::vector<std::string>{(dir / "blank.csv").string() + ": empty file"});
    EXPECT_EQ(skips("noheader.csv"),
              std::vector<std::string>{(dir / "noheader.csv").string() +
                                       ":3: header has no title or body column (columns: headline, text)"});
    EXPECT_EQ(skips("missing.csv"),
              std::vector<std::string>{(dir / "missing.csv").string() + ": cannot open: No such file or directory"});
}

TEST(ReadCsvFile, HeaderNamesQuotedInReasonsAreEscapedOntoOneLine) {
    // Found by fuzzing: a quoted header name holding a line break split the one-line reason,
    // and an escape sequence in it would have reached the indexer's terminal raw.
    test::TempDir dir;
    test::write_file(dir / "a.csv", "\"head\nline\",\"\x1b[31mred\"\nA,B\n");
    EXPECT_EQ(
        read(dir / "a.csv").skips,
        std::vector<std::string>{(dir / "a.csv").string() +
                                 ":1: header has no title or body column (columns: head\\x0aline, \\x1b[31mred)"});
    CsvOptions options;
    options.fields.set(ArticleField::kBody, "b\x1b");
    test::write_file(dir / "b.csv", "title,b\x1b\nT,\xff\n");
    EXPECT_EQ(read(dir / "b.csv", options).skips,
              std::vector<std::string>{(dir / "b.csv").string() + ":2: invalid UTF-8 in column \"b\\x1b\" at byte 0"});
}

TEST(ReadCsvFile, OversizedRecordEndsTheFile) {
    test::TempDir dir;
    test::write_file(dir / "a.csv", "title,body\nA,short\nB,\"" + std::string(300, 'x') + "\nmore\"\nC,after\n");
    CsvOptions options;
    options.max_record_bytes = 200;
    const RecordingVisitor visitor = read(dir / "a.csv", options);
    EXPECT_EQ(visitor.skips,
              std::vector<std::string>{(dir / "a.csv").string() +
                                       ":3: record longer than 200 bytes; the rest of the file is not read"});
    ASSERT_EQ(visitor.articles.size(), 1u);
    EXPECT_EQ(visitor.articles[0].title, "A");
}

TEST(ReadCsvFile, TruncatedZstdDeliversTheRecordsBeforeTheCut) {
    std::string csv = "id,title\n";
    for (int i = 0; i < 20000; ++i) csv += std::to_string(i) + ",title number " + std::to_string(i * 7919) + "\n";
    std::string compressed;
    ZstdCompressor().compress(csv, compressed);
    test::TempDir dir;
    test::write_file(dir / "cut.csv.zst", compressed.substr(0, compressed.size() / 2));
    const RecordingVisitor visitor = read(dir / "cut.csv.zst");
    ASSERT_GT(visitor.articles.size(), 100u);
    ASSERT_LT(visitor.articles.size(), 20000u);
    ASSERT_EQ(visitor.skips.size(), 1u);
    EXPECT_NE(visitor.skips[0].find("truncated zstd data"), std::string::npos) << visitor.skips[0];
}

TEST(ReadCsvFile, StopsWhenTheVisitorAsksTo) {
    test::TempDir dir;
    test::write_file(dir / "a.csv", "title\nA\nB\nC\nD\n");
    RecordingVisitor visitor;
    visitor.stop_after = 2;
    read_csv_file((dir / "a.csv").string(), "a.csv", visitor);
    EXPECT_EQ(visitor.articles.size(), 2u);
    EXPECT_TRUE(visitor.skips.empty());
}

}  // namespace
}  // namespace news
