// --kwic (searcher/kwic.hpp): every occurrence of a query's words and phrases in the
// matching articles, one line each, aligned on the keyword; on texts made here, on the
// bundled BBC corpus against an independent count, and through the real searcher.
#include "searcher/kwic.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

/// The query as the searcher parses it on an English database (STEM_SOME).
Xapian::Query parse(const std::string& text) {
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    return parser.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_BOOLEAN);
}

std::vector<std::string> keywords_in(const std::string& query, const std::string& text) {
    const KwicFinder finder(Xapian::Stem("english"), parse(query));
    std::vector<std::string> keywords;
    for (const KwicLine& line : finder.find_in(text, "body", kKwicContextColumns)) keywords.push_back(line.keyword);
    return keywords;
}

using Words = std::vector<std::string>;

TEST(KwicFinder, FindsEveryOccurrenceOfAWordInEveryFormItsStemMatches) {
    EXPECT_EQ(keywords_in("dialogue", "A Dialogue began. Two dialogues later, the dialogue ended; dial tones."),
              (Words{"Dialogue", "dialogues", "dialogue"}));
}

TEST(KwicFinder, FindsAPhraseAsOneOccurrenceAndNotItsWordsAlone) {
    const std::string text = "The cyber dialogue opened. A cyber attack followed; then the Cyber\n  Dialogue resumed.";
    EXPECT_EQ(keywords_in("\"cyber dialogue\"", text), (Words{"cyber dialogue", "Cyber Dialogue"}));
    // With the word also outside the phrase, its other occurrences count too.
    EXPECT_EQ(keywords_in("\"cyber dialogue\" attack", text), (Words{"cyber dialogue", "attack", "Cyber Dialogue"}));
    // A word between the phrase's words breaks it.
    EXPECT_EQ(keywords_in("\"cyber dialogue\"", "cyber security dialogue"), Words{});
}

TEST(KwicFinder, LeavesOutExcludedWordsAndFilters) {
    EXPECT_EQ(keywords_in("china -trade", "China and trade: china trade talks"), (Words{"China", "china"}));
    EXPECT_EQ(keywords_in("china NOT trade", "China and trade"), (Words{"China"}));
    const KwicFinder filters_only(Xapian::Stem("english"), Xapian::Query("XSOURCEbbc"));
    EXPECT_EQ(filters_only.size(), 0u);
    EXPECT_TRUE(filters_only.find_in("bbc news from the BBC", "body", 40).empty());
}

TEST(KwicFinder, ContextIsOneLineCutToTheColumnsAskedForOnEachSide) {
    const std::string text = "First line\nsecond\tline   with the keyword zorblat in it, and then a long tail of words";
    const KwicFinder finder(Xapian::Stem("english"), parse("zorblat"));
    const std::vector<KwicLine> lines = finder.find_in(text, "body", 12);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].left, "the keyword ");
    EXPECT_EQ(lines[0].keyword, "zorblat");
    EXPECT_EQ(lines[0].right, " in it, and ");
    EXPECT_EQ(lines[0].offset, text.find("zorblat"));
    const std::vector<KwicLine> wide = finder.find_in(text, "body", 200);
    EXPECT_EQ(wide[0].left, "First line second line with the keyword ") << "line breaks and tabs are single spaces";
}

TEST(KwicFinder, CutsContextBetweenCharactersCountingWideOnesAsTwoColumns) {
    const KwicFinder finder(Xapian::Stem("english"), parse("zorblat"));
    const std::vector<KwicLine> lines = finder.find_in("Ünïcödé 北京市 zorblat café", "body", 5);
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].left, "京市 ");
    EXPECT_EQ(display_width(lines[0].left), 5u);
    EXPECT_EQ(lines[0].right, " café");
}

TEST(KwicFinder, FindsTitleOccurrencesBeforeBodyOnes) {
    Article a = test::article("x", "Solar power rises", "More solar panels. Solar is cheap.");
    const std::vector<KwicLine> lines = KwicFinder(Xapian::Stem("english"), parse("solar")).find(a);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0].field, "title");
    EXPECT_EQ(lines[1].field, "body");
    EXPECT_EQ(lines[2].keyword, "Solar");
}

/// The BBC corpus in memory, as the searcher's tests index it.
class KwicOfBbc : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        db_ = std::make_unique<Xapian::WritableDatabase>(std::string(), Xapian::DB_BACKEND_INMEMORY);
        test::index_into(*db_, {test::project_path("corpus/bbc.jsonl.zst")});
    }
    static void TearDownTestSuite() { db_.reset(); }

    static SearchResult every_match(const std::string& query) {
        SearchEngine engine{Xapian::Database(*db_)};
        SearchRequest request;
        request.query = query;
        request.limit = 10'000;
        request.kwic = true;
        request.snippets = false;
        request.collapse_duplicates = false;
        return engine.search(request);
    }

    /// Every article as stored: title and body.
    static std::vector<Article> all_articles() {
        SearchEngine engine{Xapian::Database(*db_)};
        SearchRequest request;
        request.query = "*";
        request.limit = 10'000;
        request.snippets = false;
        request.collapse_duplicates = false;
        std::vector<Article> articles;
        for (const Hit& hit : engine.search(request).hits) articles.push_back(hit.article);
        return articles;
    }

    static inline std::unique_ptr<Xapian::WritableDatabase> db_;
};

TEST_F(KwicOfBbc, APhraseHasOneLinePerOccurrenceAnIndependentCountFinds) {
    // Independently: the phrase's two words with nothing but spaces and punctuation
    // between them, in any case, in every article's title and body.
    // ("phone's" is a word of its own, as Xapian splits words.)
    const std::regex phrase(R"((^|[^A-Za-z0-9_])mobile[^A-Za-z0-9_]+phone(?![A-Za-z0-9_]|'[A-Za-z]))",
                            std::regex::icase);
    std::size_t expected_lines = 0, expected_articles = 0;
    const std::vector<Article> articles = all_articles();
    ASSERT_EQ(articles.size(), 2225u);
    for (const Article& a : articles) {
        std::size_t n = 0;
        for (const std::string* text : {&a.title, &a.body})
            n += std::distance(std::sregex_iterator(text->begin(), text->end(), phrase), std::sregex_iterator());
        expected_lines += n;
        expected_articles += n > 0;
    }
    ASSERT_GT(expected_lines, 50u);

    const SearchResult result = every_match("\"mobile phone\"");
    std::size_t lines = 0, articles_with_lines = 0;
    for (const Hit& hit : result.hits) {
        lines += hit.kwic.size();
        articles_with_lines += !hit.kwic.empty();
        for (const KwicLine& line : hit.kwic) {
            std::string lower = line.keyword;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            EXPECT_TRUE(std::regex_match(lower, std::regex("mobile[^a-z0-9]+phone"))) << line.keyword;
        }
    }
    EXPECT_EQ(lines, expected_lines);
    EXPECT_EQ(articles_with_lines, expected_articles);
    EXPECT_EQ(result.hits.size(), expected_articles) << "every matching article holds the phrase";
}

TEST_F(KwicOfBbc, EveryMatchingArticleOfAWordHasALineForIt) {
    const SearchResult result = every_match("broadband");
    ASSERT_GT(result.hits.size(), 20u);
    for (const Hit& hit : result.hits) {
        EXPECT_FALSE(hit.kwic.empty()) << hit.article.id;
        for (const KwicLine& line : hit.kwic) {
            const std::string& text = line.field == "title" ? hit.article.title : hit.article.body;
            EXPECT_EQ(text.substr(line.offset, line.keyword.size()), line.keyword) << hit.article.id;
        }
    }
}

/// A small dated corpus, indexed by the real indexer, searched by the real searcher.
class KwicCli : public test::IndexedOnceSuite<KwicCli> {
  public:
    static void build(test::IndexedByTheIndexer& database) {
        std::string jsonl;
        for (int i = 1; i <= 6; ++i) {
            const std::string n = std::to_string(i);
            jsonl += R"({"id": "quill-)" + n + R"(", "date": "2016-0)" + n +
                     R"(-15", "source": "gazette", "title": "Quillbay harbour report )" + n +
                     R"(", "body": "The quillbay harbour opened again. Boats left the Quillbay Harbour at dawn, )"
                     R"(and the harbour master counted them."})"
                     "\n";
        }
        jsonl += R"({"id": "undated-quill", "title": "Harbour news", "body": "No date, one harbour."})"
                 "\n";
        test::write_file(database.dir() / "quill.jsonl", jsonl);
        database.index(test::shell_quoted((database.dir() / "quill.jsonl").string()));
    }
};

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
}

TEST_F(KwicCli, TextLinesCarryIdAndDateAndAlignTheKeyword) {
    const test::CommandRun run = search("--kwic --color never harbour");
    ASSERT_EQ(run.exit_code, 0) << err();
    const std::vector<std::string> lines = lines_of(run.out);
    ASSERT_EQ(lines.size(), 1u + 6 * 4 + 2) << run.out;  // each dated article: title + 3 in the body
    EXPECT_EQ(lines[0], "7 matches for \"harbour\"; 26 occurrences in 7 articles") << run.out;
    // The id padded to the longest ("undated-quill"), two spaces, the date, two spaces.
    const std::string quill_1 = "quill-1" + std::string(6 + 2, ' ') + "2016-01-15  ";
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(), [&](const std::string& l) { return l.rfind(quill_1, 0) == 0; }),
              4)
        << run.out;
    // Then 40 columns of context before the keyword: every keyword starts in one column.
    const std::size_t keyword_column = 13 + 2 + 10 + 2 + kKwicContextColumns;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        ASSERT_GT(lines[i].size(), keyword_column + 7) << lines[i];
        std::string keyword = lines[i].substr(keyword_column, 7);
        keyword[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(keyword[0])));
        EXPECT_EQ(keyword, "harbour") << "not aligned:\n" << run.out;
    }
    EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                            [](const std::string& l) { return l.rfind("undated-quill ", 0) == 0; }),
              2)
        << "the undated article's title and body, without a date";
}

TEST_F(KwicCli, MinusNCapsTheLines) {
    const test::CommandRun run = search("--kwic -n 5 harbour");
    ASSERT_EQ(run.exit_code, 0) << err();
    const std::vector<std::string> lines = lines_of(run.out);
    EXPECT_EQ(lines.size(), 1u + 5) << run.out;
    EXPECT_NE(lines[0].find("5 occurrences in 2 articles (limit 5)"), std::string::npos) << lines[0];
}

TEST_F(KwicCli, ACapThatLeavesNothingOutIsNotCalledALimit) {
    const std::size_t all = lines_of(search("--kwic -n 1000 harbour").out).size() - 1;
    ASSERT_GT(all, 5u);
    const test::CommandRun exact = search("--kwic -n " + std::to_string(all) + " harbour");
    ASSERT_EQ(exact.exit_code, 0) << err();
    const std::vector<std::string> lines = lines_of(exact.out);
    EXPECT_EQ(lines.size(), 1 + all) << exact.out;
    EXPECT_NE(lines[0].find(std::to_string(all) + " occurrences in "), std::string::npos) << lines[0];
    EXPECT_EQ(lines[0].find("(limit"), std::string::npos) << "every occurrence is shown: " << lines[0];
    const test::CommandRun one_short = search("--kwic -n " + std::to_string(all - 1) + " harbour");
    EXPECT_NE(one_short.out.find("(limit " + std::to_string(all - 1) + ")"), std::string::npos) << one_short.out;
}

TEST_F(KwicCli, NoMatchesAndFiltersAloneSaySo) {
    const test::CommandRun none = search("--kwic zzqqxxv");
    EXPECT_EQ(none.exit_code, 0) << err();
    EXPECT_EQ(none.out, "No matches for \"zzqqxxv\".\n");
    const test::CommandRun filters = search("--kwic source:gazette");
    EXPECT_EQ(filters.exit_code, 0) << err();
    EXPECT_NE(filters.out.find("0 occurrences in 0 articles"), std::string::npos) << filters.out;
    EXPECT_NE(filters.out.find("no words or phrases to find"), std::string::npos) << filters.out;
}

TEST_F(KwicCli, TsvGivesOneRowPerOccurrenceWithItsFields) {
    const test::CommandRun run = search("--kwic --format tsv '\"quillbay harbour\"'");
    ASSERT_EQ(run.exit_code, 0) << err();
    const std::vector<std::string> lines = lines_of(run.out);
    ASSERT_EQ(lines.size(), 1u + 6 * 3) << run.out;  // per article: one in the title, two in the body
    EXPECT_EQ(lines[0], "rank\tid\tdate\tfield\toffset\tleft\tkeyword\tright");
    std::set<std::string> keywords;
    for (std::size_t i = 1; i < lines.size(); ++i) {
        std::vector<std::string> fields;
        std::istringstream row(lines[i]);
        for (std::string f; std::getline(row, f, '\t');) fields.push_back(f);
        ASSERT_EQ(fields.size(), 8u) << lines[i];
        EXPECT_TRUE(fields[3] == "body" || fields[3] == "title") << lines[i];
        EXPECT_EQ(fields[2].substr(0, 5), "2016-");
        keywords.insert(fields[6]);
    }
    EXPECT_EQ(keywords, (std::set<std::string>{"Quillbay harbour", "quillbay harbour", "Quillbay Harbour"}));
}

TEST_F(KwicCli, BatchRowsNameTheirQuery) {
    test::write_file(dir() / "q.txt", "h\tharbour\nb\tboats\n");
    const test::CommandRun run =
        search("--kwic --format tsv -n 2 --queries " + test::shell_quoted((dir() / "q.txt").string()));
    ASSERT_EQ(run.exit_code, 0) << err();
    const std::vector<std::string> lines = lines_of(run.out);
    ASSERT_EQ(lines.size(), 1u + 2 + 2) << run.out;
    EXPECT_EQ(lines[0].rfind("qid\trank\t", 0), 0u);
    EXPECT_EQ(lines[1].rfind("h\t", 0), 0u);
    EXPECT_EQ(lines[3].rfind("b\t", 0), 0u);
}

TEST_F(KwicCli, OtherFormatsAndHitOnlyOptionsAreUsageErrors) {
    for (const std::string args : {"--kwic --format json harbour", "--kwic --histogram month harbour",
                                   "--kwic --top-terms 5 harbour", "--kwic --explain harbour", "--kwic --stats"}) {
        const test::CommandRun run = search(args);
        EXPECT_EQ(run.exit_code, 2) << args;
        EXPECT_NE(err().find("--kwic"), std::string::npos) << args << ": " << err();
    }
}

TEST_F(KwicCli, HelpDescribesIt) {
    const test::CommandRun run = search("--help");
    EXPECT_NE(run.out.find("--kwic"), std::string::npos);
    EXPECT_NE(run.out.find("keyword in context"), std::string::npos);
}

}  // namespace
}  // namespace news
