#include "common/readers/text_article.hpp"

#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

Article parse_seed() { return parse_text_article(test::read_file(test::seed_article_path())); }

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

std::size_t paragraph_count(const std::string& body) {
    std::size_t count = body.empty() ? 0 : 1;
    for (std::size_t pos = 0; (pos = body.find("\n\n", pos)) != std::string::npos; pos += 2) ++count;
    return count;
}

TEST(TextArticle, SeedTitleIsTheFirstLineWithItsCurlyQuotes) {
    EXPECT_EQ(parse_seed().title,
              "Xi: \xE2\x80\x98"
              "China is ready\xE2\x80\x99 for cyber crime dialogue");
}

TEST(TextArticle, SeedBodyRunsFromTheFirstParagraphToTheLastBeforeTheTags) {
    const Article article = parse_seed();
    EXPECT_EQ(article.body.rfind("Chinese President Xi Jinping is prepared to start a", 0), 0u);
    const std::string_view last = "with many of Silicon Valley\xE2\x80\x99s top executives.";
    ASSERT_GE(article.body.size(), last.size());
    EXPECT_EQ(article.body.substr(article.body.size() - last.size()), last);
    EXPECT_EQ(paragraph_count(article.body), 19u);
    EXPECT_FALSE(contains(article.body, "\n\n\n"));
}

TEST(TextArticle, SeedBodyHasNoTemplateMarkerTagsOrSiteChrome) {
    const Article article = parse_seed();
    for (std::string_view debris : {"{mosads}", "{", "Tags", "Copyright", "Nexstar", "All rights reserved",
                                    "Most Popular", "Load more", "See all", "Hill.TV"}) {
        EXPECT_FALSE(contains(article.body, debris)) << debris;
    }
}

TEST(TextArticle, SeedMarkerIsRemovedWithoutLosingTheSentenceAfterIt) {
    EXPECT_TRUE(contains(parse_seed().body,
                         "\n\nIf the dialogue comes to fruition, it would be the first official, ongoing cyber talks"));
}

TEST(TextArticle, SeedTagsAreTheWhitespaceSeparatedWordsOfTheTagLine) {
    // The scraped tag line has no delimiters, so "Xi Jinping" cannot be kept as one tag.
    EXPECT_EQ(parse_seed().tags, (std::vector<std::string>{"China", "Cyberwarfare", "Hacking", "Xi", "Jinping"}));
}

TEST(TextArticle, SeedKeepsNonAsciiBytesInsideParagraphs) {
    // "reportedly\u00A0created": the no-break space is text, not trimmed or altered.
    EXPECT_TRUE(contains(parse_seed().body,
                         "The two sides have reportedly\xC2\xA0"
                         "created the tentative framework"));
}

TEST(TextArticle, CrLfLineEndingsParseLikeLf) {
    std::string crlf;
    for (char c : test::read_file(test::seed_article_path())) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    EXPECT_EQ(parse_text_article(crlf), parse_seed());
}

TEST(TextArticle, ByteOrderMarkIsDropped) {
    EXPECT_EQ(parse_text_article("\xEF\xBB\xBF" + test::read_file(test::seed_article_path())), parse_seed());
}

TEST(TextArticle, EveryBbcTextFileParsesToTheTitleAndBodyOfItsJsonlRecord) {
    NEWS_REQUIRE_SHARED("corpus/bbc");
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    std::map<std::string, std::pair<std::string, std::string>> expected;  // id -> title, body
    {
        std::istringstream jsonl(test::read_file(test::shared_path("corpus/bbc.jsonl")));
        for (std::string line; std::getline(jsonl, line);) {
            const auto record = nlohmann::json::parse(line);
            expected[record.at("id")] = {record.at("title"), record.at("body")};
        }
    }
    ASSERT_EQ(expected.size(), 2225u);

    const fs::path root = test::shared_path("corpus");
    std::size_t parsed = 0;
    for (const auto& entry : fs::recursive_directory_iterator(root / "bbc")) {
        if (entry.path().extension() != ".txt") continue;  // README.TXT is not an article
        fs::path id = entry.path().lexically_relative(root);
        id.replace_extension();
        const auto want = expected.find(id.generic_string());
        ASSERT_NE(want, expected.end()) << entry.path();
        const Article article = parse_text_article(test::read_file(entry.path()));
        EXPECT_EQ(article.title, want->second.first) << entry.path();
        EXPECT_EQ(article.body, want->second.second) << entry.path();
        EXPECT_TRUE(article.tags.empty()) << entry.path();
        ++parsed;
    }
    EXPECT_EQ(parsed, 2225u);
}

struct ParseCase {
    const char* name;
    std::string input;
    std::string title;
    std::string body;
    std::vector<std::string> tags;
};

TEST(TextArticle, AppliesTheDocumentedLayoutAndDebrisRules) {
    const ParseCase cases[] = {
        {"title, blank line, body", "Title\n\nBody.", "Title", "Body.", {}},
        {"leading blank lines and spaces are trimmed", "\n \n  Title \t\n\n  A  \n\n\n\nB\n\n", "Title", "A\n\nB", {}},
        {"body may follow the title directly", "Title\nA\n\nB", "Title", "A\n\nB", {}},
        {"line breaks inside a paragraph are kept", "T\n\nline one \n - item", "T", "line one \n - item", {}},
        {"whitespace-only lines separate paragraphs", "T\n\nA\n \t \nB", "T", "A\n\nB", {}},
        {"comma tag line",
         "T\n\nBody.\n\nTags: Xi Jinping, Cyberwarfare ,,",
         "T",
         "Body.",
         {"Xi Jinping", "Cyberwarfare"}},
        {"tag line without delimiters", "T\n\nBody.\n\nTags China  Hacking", "T", "Body.", {"China", "Hacking"}},
        {"tags only count as the last paragraph", "T\n\nTags A B\n\nBody.", "T", "Tags A B\n\nBody.", {}},
        {"a sentence starting with Tags is text", "T\n\nTagsmith said so.", "T", "Tagsmith said so.", {}},
        {"a bare Tags word is text", "T\n\nBody.\n\nTags", "T", "Body.\n\nTags", {}},
        {"a multi-line Tags paragraph is text", "T\n\nBody.\n\nTags a\nb", "T", "Body.\n\nTags a\nb", {}},
        {"copyright line and everything after it go",
         "T\n\nBody.\n\nCopyright 2004 BBC.\n\nMost Popular\n\nMore",
         "T",
         "Body.",
         {}},
        {"copyright sign line", "T\n\nBody.\n\n\xC2\xA9 2024 Example Ltd\n\nNav", "T", "Body.", {}},
        {"copyright with sign and year", "T\n\nBody.\n\nCOPYRIGHT \xC2\xA9 1999 X", "T", "Body.", {}},
        {"all rights reserved line", "T\n\nBody.\n\nAll Rights Reserved.\n\nNav", "T", "Body.", {}},
        {"tags before the copyright line", "T\n\nBody.\n\nTags A\n\nCopyright 2023 X\n\nTags B", "T", "Body.", {"A"}},
        {"copyright without a year is text", "T\n\nCopyright law was changed.", "T", "Copyright law was changed.", {}},
        {"a long copyright-like paragraph is text",
         "T\n\nCopyright 2004 " + std::string(400, 'x'),
         "T",
         "Copyright 2004 " + std::string(400, 'x'),
         {}},
        {"markers go anywhere, title included", "{ad}T{x}\n\n{mosads}A {slot-1} b{c}", "T", "A b", {}},
        {"a line holding only a marker is blank", "T\n\nA\n{mosads}\nB", "T", "A\n\nB", {}},
        {"braces around non-words stay", "T\n\n{a b} {} {\xC3\xA9} {x", "T", "{a b} {} {\xC3\xA9} {x", {}},
        {"title only", "Only a title\n", "Only a title", "", {}},
    };
    for (const ParseCase& c : cases) {
        const Article article = parse_text_article(c.input);
        EXPECT_EQ(article.title, c.title) << c.name;
        EXPECT_EQ(article.body, c.body) << c.name;
        EXPECT_EQ(article.tags, c.tags) << c.name;
        EXPECT_TRUE(article.id.empty() && article.source.empty() && article.category.empty()) << c.name;
    }
}

TEST(TextArticle, InputWithoutTextGivesAnArticleWithoutText) {
    for (const char* input : {"", "\n\n", " \t\r\n \r\n", "{mosads}\n\n{x}"}) {
        EXPECT_FALSE(has_text(parse_text_article(input))) << '"' << input << '"';
    }
}

TEST(TextArticle, InvalidUtf8AndBinaryBytesPassThroughWithoutCrashing) {
    const Article article = parse_text_article(
        "Caf\xE9 \xFF\n\n\xA3"
        "5m \xC3");
    EXPECT_EQ(article.title, "Caf\xE9 \xFF");
    EXPECT_EQ(article.body,
              "\xA3"
              "5m \xC3");

    // Real binary data (the compressed BBC corpus) still splits into a one-line title and a body.
    const std::string junk = test::read_file(test::project_path("corpus/bbc.jsonl.zst")).substr(0, 1 << 16);
    const Article parsed = parse_text_article(junk);
    EXPECT_FALSE(parsed.title.empty());
    EXPECT_EQ(parsed.title.find('\n'), std::string::npos);
    EXPECT_GT(parsed.body.size(), junk.size() / 2);
}

// --- issue 17: a date line at the top is the article's date ---------------------------------

TEST(TextArticleDate, ADateOrPublishedLineAboveOrBelowTheTitleIsTheDateAndNotText) {
    struct Case {
        std::string content, date, title, body;
    };
    const std::vector<Case> cases = {
        {"Date: 2023-05-01\nBudget passed\n\nThe vote was close.\n", "2023-05-01", "Budget passed",
         "The vote was close."},
        {"Budget passed\nDate: 2023-05-01\n\nThe vote was close.\n", "2023-05-01", "Budget passed",
         "The vote was close."},
        {"Budget passed\n\nPublished: Tue, 22 Sep 2015 20:30:00 -0400\n\nThe vote was close.\n", "2015-09-22T20:30:00",
         "Budget passed", "The vote was close."},
        {"\r\n  DATE:   2015-09-22  \r\nBudget passed\r\n\r\nThe vote was close.\r\n", "2015-09-22", "Budget passed",
         "The vote was close."},
        // Not at the top: text like any other.
        {"Budget passed\n\nThe vote was close.\n\nDate: 2023-05-01\n", "", "Budget passed",
         "The vote was close.\n\nDate: 2023-05-01"},
        // A date that cannot be read stays text (here the title).
        {"Date: next Tuesday\nBudget passed\n\nThe vote was close.\n", "", "Date: next Tuesday",
         "Budget passed\n\nThe vote was close."},
        {"Date: 2015-02-30\nBudget passed\n", "", "Date: 2015-02-30", "Budget passed"},
        // "Dated:" is not a date line.
        {"Dated: 2015-09-22\nBudget passed\n", "", "Dated: 2015-09-22", "Budget passed"},
    };
    for (const Case& c : cases) {
        const Article a = parse_text_article(c.content);
        EXPECT_EQ(a.date, c.date) << c.content;
        EXPECT_EQ(a.title, c.title) << c.content;
        EXPECT_EQ(a.body, c.body) << c.content;
    }
}

TEST(TextArticleDate, TheSeedArticleWithADateLineKeepsItsTextAndGainsTheDate) {
    const std::string seed = test::read_file(test::seed_article_path());
    const Article dated = parse_text_article("Date: 2015-09-22\n" + seed);
    const Article plain = parse_text_article(seed);
    EXPECT_EQ(dated.date, "2015-09-22");
    EXPECT_EQ(plain.date, "");
    EXPECT_EQ(dated.title, plain.title);
    EXPECT_EQ(dated.body, plain.body);
    EXPECT_EQ(dated.tags, plain.tags);
}

}  // namespace
}  // namespace news
