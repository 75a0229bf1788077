// HTML inside JSON Lines and CSV fields (issue 17): scrapers hand over fragments such as
// `Caf&eacute; owners &amp; the <b>budget</b>`, which were displayed and indexed raw.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/readers/csv_reader.hpp"
#include "common/readers/jsonl_reader.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

Article json_article(const std::string& json) {
    std::string warning;
    return parse_json_article(json, warning);
}

TEST(HtmlInFields, JsonlTitleAndBodyLoseTagsAndEntitiesAndKeepParagraphs) {
    const Article article = json_article(
        R"({"id": "x", "title": "Caf&eacute; owners &amp; the <b>budget</b>",)"
        R"( "body": "<p>&ldquo;It hurts,&rdquo; said one.</p>\n<p>Rates rise&nbsp;again<br>in May.</p><script>track()</script>",)"
        R"( "source": "Eat &amp; Drink", "category": "<i>food</i>", "tags": ["Tax &amp; spend", "<b></b>"],)"
        R"( "url": "http://x.example/?a=1&amp;b=2"})");
    EXPECT_EQ(article.title, "Café owners & the budget");
    EXPECT_EQ(article.body, "“It hurts,” said one.\n\nRates rise again\nin May.");
    EXPECT_EQ(article.source, "Eat & Drink");
    EXPECT_EQ(article.category, "food");
    EXPECT_EQ(article.tags, std::vector<std::string>{"Tax & spend"});  // a tag of markup alone goes
    EXPECT_EQ(article.url, "http://x.example/?a=1&amp;b=2");           // ids and urls are not text
}

TEST(HtmlInFields, PlainTextIsLeftAsItIs) {
    const std::string body = "First line\nsecond  line\n\n  Indented paragraph with no markup.  ";
    const Article article =
        json_article(R"({"title": "Is a < b? Yes, if b > a", "body": "First line\nsecond  line\n\n  Indented )"
                     R"(paragraph with no markup.  "})");
    EXPECT_EQ(article.title, "Is a < b? Yes, if b > a");
    EXPECT_EQ(article.body, body);
    EXPECT_EQ(json_article(R"({"title": "AT&T and M&S", "body": "R&D\n\nrises"})").body, "R&D\n\nrises");
}

TEST(HtmlInFields, CsvFieldsAreReadAsHtmlToo) {
    test::TempDir dir;
    test::write_file(dir / "a.csv",
                     "id,title,body\n"
                     "1,\"Caf&eacute; owners &amp; the <b>budget</b>\",\"<p>One &hellip;</p><p>Two</p>\"\n"
                     "2,a < b,plain\n");
    test::RecordingVisitor visitor;
    read_csv_file((dir / "a.csv").string(), "a", visitor);
    ASSERT_EQ(visitor.articles.size(), 2u) << ::testing::PrintToString(visitor.skips);
    EXPECT_EQ(visitor.articles[0].title, "Café owners & the budget");
    EXPECT_EQ(visitor.articles[0].body, "One …\n\nTwo");
    EXPECT_EQ(visitor.articles[1].title, "a < b");
}

TEST(HtmlInFields, ARecordOfMarkupAloneIsSkippedAsHavingNoText) {
    test::TempDir dir;
    test::write_file(dir / "a.jsonl", R"({"id": "x", "title": "<br>", "body": "<script>only()</script>"})"
                                      "\n");
    test::RecordingVisitor visitor;
    read_jsonl_file((dir / "a.jsonl").string(), "a", visitor);
    EXPECT_EQ(visitor.articles.size(), 0u);
    EXPECT_EQ(visitor.skips, std::vector<std::string>{(dir / "a.jsonl").string() + ":1: no title or body"});
}

class HtmlFieldsSearched : public test::IndexedOnceSuite<HtmlFieldsSearched> {
  public:
    static void build(test::IndexedByTheIndexer& database) {
        test::write_file(database.dir() / "scraped.jsonl",
                         R"({"id": "cafe", "title": "Caf&eacute; owners &amp; the <b>budget</b>",)"
                         R"( "body": "<p>&ldquo;We will close,&rdquo; one <a href=\"/owner\">owner</a> said.</p>"})"
                         "\n");
        database.index(test::shell_quoted((database.dir() / "scraped.jsonl").string()));
    }
};

TEST_F(HtmlFieldsSearched, EntityNamesAndTagsAreNotWordsAndTheTitleShowsDecoded) {
    for (const char* markup : {"ldquo", "eacute", "amp", "href"}) {
        const test::CommandRun run = search("--format trec " + std::string(markup));
        EXPECT_EQ(test::trec_ids(run.out), std::vector<std::string>{}) << markup;
    }
    const test::CommandRun run = search("--format tsv café");
    EXPECT_NE(run.out.find("\tCafé owners & the budget"), std::string::npos) << run.out;
    EXPECT_EQ(test::trec_ids(search("--format trec close").out), std::vector<std::string>{"cafe"});
}

}  // namespace
}  // namespace news
