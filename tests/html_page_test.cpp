// Saved article pages (.html, .htm; issue 17): metadata and main text from the markup of
// real news sites (tests/fixtures/html/: a WordPress page with og: tags and comments, a
// page with JSON-LD NewsArticle and <time datetime>, a page with only <title> and <p>s, a
// page with itemprop=articleBody, navigation and ads), and hostile pages.
#include "common/readers/html_page.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/readers/corpus_reader.hpp"
#include "common/utf8.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

fs::path fixture(const std::string& name) { return test::project_path("tests/fixtures/html/" + name); }

Article page(const std::string& name) {
    std::string date_warning;
    Article article = parse_html_page(test::read_file(fixture(name)), date_warning);
    EXPECT_EQ(date_warning, "") << name;
    return article;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Each of `parts` is in `text`.
void expect_present(const std::string& text, const std::vector<std::string>& parts) {
    for (const std::string& part : parts) EXPECT_TRUE(contains(text, part)) << part << "\n--- in ---\n" << text;
}

/// None of `parts` is in `text`.
void expect_absent(const std::string& text, const std::vector<std::string>& parts) {
    for (const std::string& part : parts) EXPECT_FALSE(contains(text, part)) << part << "\n--- in ---\n" << text;
}

TEST(HtmlPage, WordPressPageTakesOgTagsAndLeavesOutMenuAdsShareBarRelatedAndComments) {
    const Article article = page("wordpress-harbour-desalination.html");
    EXPECT_EQ(article.title, "Harbour town votes for desalination plant – after a “long, salty” debate");
    EXPECT_EQ(article.date, "2023-05-02T08:15:00");
    EXPECT_EQ(article.source, "The Coastal Courier");
    EXPECT_EQ(article.url, "https://www.coastalcourier.example/2023/05/harbour-town-desalination-vote/");
    EXPECT_EQ(article.category, "Local News");
    EXPECT_EQ(article.tags, (std::vector<std::string>{"Water", "Council"}));
    EXPECT_EQ(article.body.rfind("Councillors in Port Alder voted on Monday night to build a desalination plant on "
                                 "the old ferry pier, ending a debate that has divided the town for two years.\n\n"
                                 "The plant will turn up to four million litres",
                                 0),
              0u)
        << article.body;
    expect_present(article.body, {"town’s cafés and guest houses", "Objections from fishermen\n\nOpponents",
                                  "lobster grounds.\n“Nobody has shown us", "five years & publish the results."});
    EXPECT_TRUE(article.body.ends_with("publish the results.")) << article.body;
    expect_absent(article.body, {"Horoscopes", "Skip to content", "Refinance", "Advertisement", "Share this", "Twitter",
                                 "Lighthouse reopens", "Posted on", "Mary Jones", "Tagged", "boondoggle",
                                 "Leave a Reply", "Newsletter", "cookies", "scriptword", "Proudly powered"});
}

TEST(HtmlPage, JsonLdNewsArticleGivesHeadlineDatePublisherAndTheLongestArticleIsTheText) {
    const Article article = page("jsonld-lighthouse-keeper.html");
    EXPECT_EQ(article.title, "Last lighthouse keeper on Skerry Rock retires after 41 years");
    EXPECT_EQ(article.date, "2022-11-14T06:00:00");
    EXPECT_EQ(article.source, "Northern Ledger");
    EXPECT_EQ(article.url, "https://news.northernledger.example/scotland/last-lighthouse-keeper-retires-2022-11-14");
    EXPECT_EQ(article.tags, (std::vector<std::string>{"Lighthouses", "Shetland"}));
    // The DOM's text, not the one-sentence JSON-LD articleBody.
    expect_present(article.body,
                   {"Angus Petrie climbed the 143 steps of the Skerry Rock light for the last time on Sunday, ending",
                    "the station's fog signal", "\n\n\"You get used to the wind,\" he said.", "since 1854."});
    expect_absent(article.body,
                  {"Puzzles", "Horoscopes", "privacy", "Home", "ADVERTISEMENT", "Tenerife", "Ledger Briefing",
                   "newsletter", "Share on", "Ferry timetable", "More from Scotland", "believe", "All rights reserved",
                   "analyticsword", "noscriptword", "Photograph", "By Isla Fraser"});
}

TEST(HtmlPage, APageWithOnlyATitleAndParagraphsGivesThemAndNothingMore) {
    const Article article = page("plain-allotment-centenary.htm");
    EXPECT_EQ(article.title, "Allotment society celebrates its centenary");
    EXPECT_EQ(article.date, "");
    EXPECT_EQ(article.source, "");
    EXPECT_EQ(article.url, "");
    EXPECT_EQ(article.body,
              "The Millbrook Allotment Society marked its hundredth year on Saturday with a show of prize marrows, a "
              "brass band and a cake in the shape of a greenhouse.\n\n"
              "Founded in 1923 by workers from the town's tannery, the society now tends 212 plots on the banks of the "
              "Mill Brook, and has a waiting list of more than eighty households.\n\n"
              "Its oldest member, Doris Kettle, 94, has worked the same plot since 1951. She still grows the runner "
              "beans her father planted there.");
}

TEST(HtmlPage, ItempropArticleBodyIsTheTextAndTheHostTheSource) {
    const Article article = page("itemprop-glacier-mailbag.html");
    EXPECT_EQ(article.title, "Glacier retreat uncovers 1920s mail bag");
    EXPECT_EQ(article.date, "2021-03-09T11:42:00");
    EXPECT_EQ(article.source, "mountainherald.example");
    EXPECT_EQ(article.url, "https://www.mountainherald.example/news/science-environment-56321");
    expect_present(article.body, {"A mail bag lost in a crevasse in 1926 has been found by hikers",
                                  "since the 1990s.\n\nThe bag was sent from Gletsch on 4 August 1926\nA mule "
                                  "carrying it fell into a crevasse\n\nThe Swiss postal service"});
    EXPECT_TRUE(article.body.starts_with("A mail bag lost")) << article.body;
    expect_absent(article.body,
                  {"Podcasts", "Crosswords", "Weather", "cruise", "advert", "Share this page", "Facebook",
                   "Related Internet links", "Most read", "Avalanche", "Copyright", "scriptword", "Anna Keller"});
}

TEST(HtmlPage, TheTitleTagLosesTheSiteNameAndTheFirstH1StandsInForIt) {
    std::string warning;
    EXPECT_EQ(parse_html_page("<title>Floods close the A9 | Highland Post</title>"
                              "<meta property=og:site_name content='Highland Post'><p>Text",
                              warning)
                  .title,
              "Floods close the A9");
    EXPECT_EQ(parse_html_page("<title>Floods close the A9 - Highland Post</title><p>Text", warning).title,
              "Floods close the A9 - Highland Post");  // no site name to be sure of
    const Article untitled = parse_html_page("<body><h1>Big <em>news</em></h1><p>Text of it</p>", warning);
    EXPECT_EQ(untitled.title, "Big news");
    EXPECT_EQ(untitled.body, "Text of it");
}

TEST(HtmlPage, AnUnreadableDateIsAWarningAndAnArticleBodyLongerThanTheDomWins) {
    std::string warning;
    const Article article = parse_html_page(
        R"(<meta property="article:published_time" content="yesterday"><title>T</title>)"
        R"(<script type="application/ld+json">{"@type":"NewsArticle","articleBody":"<p>One long paragraph)"
        R"( loaded by script.</p><p>And another one.</p>"}</script><div id="app"><p>Loading</p></div>)",
        warning);
    EXPECT_EQ(warning, "unparseable date \"yesterday\" ignored");
    EXPECT_EQ(article.date, "");
    EXPECT_EQ(article.body, "One long paragraph loaded by script.\n\nAnd another one.");
}

std::string repeated(const std::string& unit, std::size_t times) {
    std::string out;
    out.reserve(unit.size() * times);
    for (std::size_t i = 0; i < times; ++i) out += unit;
    return out;
}

TEST(HtmlPage, HostilePagesGiveTheirTextInTimeAndNeverScript) {
    std::string warning;
    for (const std::string tag : {"div", "article", "b", "main", "font"}) {
        const std::string html = "<title>Deep</title><meta property=og:site_name content=Site>" +
                                 repeated("<" + tag + ">", 100'000) + "<p>deep words</p><script>scriptword</script>";
        Article article;
        article = parse_html_page(html, warning);
        EXPECT_EQ(article.title, "Deep") << tag;
        EXPECT_EQ(article.source, "Site") << tag;
        EXPECT_TRUE(contains(article.body, "deep words")) << tag;
        EXPECT_FALSE(contains(article.body, "scriptword")) << tag;
    }
    // JSON-LD nested 100,000 deep, broken, or of the wrong types, is ignored.
    for (const std::string& json : {repeated("[", 100'000), repeated("{\"a\":", 100'000), std::string("{\"@type\":7}"),
                                    std::string(R"({"@type":"NewsArticle","headline":{"x":[]},"publisher":[1]})")}) {
        const Article article =
            parse_html_page("<script type=application/ld+json>" + json + "</script><p>text", warning);
        EXPECT_EQ(article.body, "text");
    }
}

TEST(HtmlPage, HugePagesAreReadInTime) {
    std::string warning;
    // 250 nested <article>s around 10 MB of text: each one measured apart read it 250 times.
    const std::string nested = repeated("<article>", 250) + repeated("<p>Words of a nested article.</p>", 300'000);
    (void)parse_html_page(nested, warning);
    const std::string html =
        "<title>Huge</title><article>" + repeated("<p>Words of a long article, <a href=x>linked</a>.</p>", 300'000);
    Article article;
    article = parse_html_page(html, warning);
    EXPECT_TRUE(article.body.starts_with("Words of a long article, linked.\n\nWords")) << article.body.substr(0, 80);
}

TEST(HtmlPage, TheFolderWalkerReadsHtmlAndHtmPagesWithIdsFromTheirPaths) {
    EXPECT_EQ(detect_format("a/page.html"), CorpusFormat::kHtml);
    EXPECT_EQ(detect_format("page.htm"), CorpusFormat::kHtml);
    EXPECT_EQ(parse_format_name("html"), CorpusFormat::kHtml);
    test::RecordingVisitor visitor;
    read_corpus({test::project_path("tests/fixtures/html")}, visitor);
    EXPECT_EQ(visitor.skips, std::vector<std::string>{});
    EXPECT_EQ(visitor.warnings, std::vector<std::string>{});
    EXPECT_EQ(visitor.ids(), (std::vector<std::string>{"itemprop-glacier-mailbag", "jsonld-lighthouse-keeper",
                                                       "plain-allotment-centenary", "wordpress-harbour-desalination"}));
}

TEST(HtmlPage, APageInLatin1IsReadAsLatin1WithAWarningAndAnEmptyPageIsSkipped) {
    test::TempDir dir;
    test::write_file(dir / "news" / "old.html",
                     "<title>Caf\xE9 reopens</title>\n<p>The caf\xE9 on the square reopened.</p>");
    test::write_file(dir / "news" / "empty.html", "<html><head><script>x</script></head><body> </body></html>");
    test::RecordingVisitor visitor;
    read_corpus({dir.path()}, visitor);
    ASSERT_EQ(visitor.articles.size(), 1u);
    EXPECT_EQ(visitor.articles[0].id, "news/old");
    EXPECT_EQ(visitor.articles[0].category, "news");
    EXPECT_EQ(visitor.articles[0].title, "Café reopens");
    EXPECT_EQ(visitor.articles[0].body, "The café on the square reopened.");
    EXPECT_EQ(visitor.warnings,
              std::vector<std::string>{(dir / "news" / "old.html").string() + ":1: invalid UTF-8 at byte 10, read as "
                                                                              "Latin-1"});
    EXPECT_EQ(visitor.skips, std::vector<std::string>{(dir / "news" / "empty.html").string() + ": no title or body"});
}

TEST(HtmlPage, DateFromMtimeDatesOnlyPagesWithoutADate) {
    ReadOptions options;
    options.date_from_mtime = true;
    test::RecordingVisitor visitor;
    read_corpus({fixture("plain-allotment-centenary.htm"), fixture("itemprop-glacier-mailbag.html")}, visitor, options);
    ASSERT_EQ(visitor.articles.size(), 2u);
    EXPECT_EQ(visitor.articles[0].date.size(), std::string("2023-05-01T09:30:00").size()) << visitor.articles[0].date;
    EXPECT_EQ(visitor.articles[1].date, "2021-03-09T11:42:00");
}

class HtmlPagesSearched : public test::IndexedOnceSuite<HtmlPagesSearched> {
  public:
    static void build(test::IndexedByTheIndexer& database) {
        database.index(test::shell_quoted(test::project_path("tests/fixtures/html").string()));
    }

  protected:
    static std::vector<std::string> ids(const std::string& query) {
        const test::CommandRun run = search("--format trec " + test::shell_quoted(query));
        EXPECT_EQ(run.exit_code, 0) << query << ": " << err();
        return test::trec_ids(run.out);
    }
};

TEST_F(HtmlPagesSearched, BodyWordsFindTheArticleAndNavigationAdsAndCommentsDoNot) {
    EXPECT_EQ(ids("desalination"), std::vector<std::string>{"wordpress-harbour-desalination"});
    EXPECT_EQ(ids("lobster"), std::vector<std::string>{"wordpress-harbour-desalination"});
    EXPECT_EQ(ids("fog signal"), std::vector<std::string>{"jsonld-lighthouse-keeper"});
    EXPECT_EQ(ids("marrows"), std::vector<std::string>{"plain-allotment-centenary"});
    EXPECT_EQ(ids("crevasse"), std::vector<std::string>{"itemprop-glacier-mailbag"});
    for (const char* boilerplate :
         {"horoscopes", "crosswords", "refinance", "boondoggle", "tenerife", "cruise", "newsletter", "cookies",
          "scriptword", "noscriptword", "analyticsword", "avalanche"})
        EXPECT_EQ(ids(boilerplate), std::vector<std::string>{}) << boilerplate;
}

TEST_F(HtmlPagesSearched, SourceAndDateComeFromThePage) {
    EXPECT_EQ(ids("source:\"The Coastal Courier\" harbour"),
              std::vector<std::string>{"wordpress-harbour-desalination"});
    const test::CommandRun run = search("--format tsv crevasse");
    EXPECT_TRUE(contains(run.out, "2021-03-09T11:42:00\tmountainherald.example")) << run.out;
}

}  // namespace
}  // namespace news
