#include "searcher/snippet.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "common/text_analysis.hpp"
#include "common/utf8.hpp"
#include "searcher/query_language.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

constexpr std::string_view kEllipsis = "\u2026";

/// The terms a plain English STEM_SOME QueryParser makes of `query`, as a searcher gets them.
std::vector<std::string> parse_terms(const std::string& query) {
    Xapian::QueryParser parser;
    parser.set_stemmer(Xapian::Stem("english"));
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    const Xapian::Query parsed = parser.parse_query(query);
    return {parsed.get_unique_terms_begin(), parsed.get_unique_terms_end()};
}

Snippet snippet_for(const std::vector<std::string>& terms, std::string_view text, std::size_t max_chars = 240) {
    return SnippetGenerator(Xapian::Stem("english"), terms).make(text, max_chars);
}

Snippet snippet_for(const std::string& query, std::string_view text, std::size_t max_chars = 240) {
    return snippet_for(parse_terms(query), text, max_chars);
}

std::vector<std::string> highlighted(const Snippet& s) {
    std::vector<std::string> words;
    for (const auto& [begin, end] : s.highlights) words.push_back(s.text.substr(begin, end - begin));
    return words;
}

std::string lowercase_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

std::string seed_text() { return test::read_file(test::seed_article_path()); }

std::string_view without_ellipses(std::string_view text) {
    if (text.starts_with(kEllipsis)) text.remove_prefix(kEllipsis.size());
    if (text.ends_with(kEllipsis)) text.remove_suffix(kEllipsis.size());
    return text;
}

/// Every promise make() makes about its output, whatever the input.
void expect_well_formed(const Snippet& s, std::size_t max_chars, const std::string& context) {
    SCOPED_TRACE(context);
    EXPECT_TRUE(valid_utf8(s.text));
    EXPECT_LE(without_ellipses(s.text).size(), max_chars);
    EXPECT_EQ(s.text.find_first_of("\n\r\t"), std::string::npos);
    EXPECT_EQ(s.text.find("  "), std::string::npos);
    std::size_t previous_end = 0;
    for (const auto& [begin, end] : s.highlights) {
        EXPECT_LT(begin, end);
        EXPECT_LE(previous_end, begin);
        EXPECT_LE(end, s.text.size());
        if (end > s.text.size() || begin >= end) return;
        EXPECT_TRUE(valid_utf8(std::string_view(s.text).substr(begin, end - begin)));
        previous_end = end;
    }
}

struct BbcArticle {
    std::string id;
    std::string body;
};

/// The BBC corpus, read once: several tests walk all of it.
const std::vector<BbcArticle>& bbc_articles() {
    static const std::vector<BbcArticle> articles = [] {
        std::vector<BbcArticle> loaded;
        std::ifstream in(test::shared_path("corpus/bbc.jsonl"));
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty()) continue;
            const auto record = nlohmann::json::parse(line);
            loaded.push_back({record.at("id").get<std::string>(), record.at("body").get<std::string>()});
        }
        return loaded;
    }();
    return articles;
}

/// Words TermGenerator indexed in `doc` (its total wdf, given positions).
std::size_t word_count(const Xapian::Document& doc) {
    std::size_t words = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) words += t.get_wdf();
    return words;
}

TEST(SnippetGenerator, StemmedTermHighlightsTheInflectedWord) {
    const Snippet s = snippet_for(std::vector<std::string>{"Zdialogu"}, seed_text());
    ASSERT_FALSE(s.highlights.empty()) << s.text;
    for (const std::string& word : highlighted(s)) EXPECT_EQ(lowercase_ascii(word), "dialogue") << s.text;

    const Snippet plural = snippet_for(std::vector<std::string>{"Zdialogu"}, "Two dialogues began.");
    EXPECT_EQ(highlighted(plural), std::vector<std::string>{"dialogues"});
}

TEST(SnippetGenerator, ExactTermMatchesOnlyThatWordInAnyCase) {
    const Snippet s = snippet_for(std::vector<std::string>{"cyber"}, "Cyber talks: cyber, cybers and cybercrime.");
    EXPECT_EQ(s.text, "Cyber talks: cyber, cybers and cybercrime.");
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"Cyber", "cyber"}));
}

TEST(SnippetGenerator, HighlightRangesPointExactlyAtTheWords) {
    const std::string text = "\u201cChina is ready,\u201d said Xi (again). China\u2019s offer stands.";
    const Snippet s = snippet_for("china ready xi", text);
    EXPECT_EQ(s.text, text);
    using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;
    const std::size_t china = text.find("China");
    const std::size_t ready = text.find("ready");
    const std::size_t xi = text.find("Xi");
    const std::size_t china2 = text.find("China\u2019s");  // "china's" stems to "china"
    EXPECT_EQ(s.highlights, (Ranges{{china, china + 5}, {ready, ready + 5}, {xi, xi + 2}, {china2, china2 + 9}}));
}

TEST(SnippetGenerator, PassageWithTheMostDistinctTermsWinsOverAnEarlierSingleTerm) {
    std::string text = "Cyber attacks worried the markets. ";
    for (int i = 0; i < 20; ++i) text += "Shares fell again on weak results and a gloomy outlook. ";
    const std::string best = "Xi said China wants a dialogue on cyber crime.";
    text += best + " Trade was quiet afterwards.";

    const Snippet s = snippet_for("cyber crime dialogue china", text, 120);
    EXPECT_NE(s.text.find(best), std::string::npos) << s.text;
    EXPECT_TRUE(s.text.starts_with(std::string(kEllipsis) + "Xi said")) << s.text;  // at the sentence start
    std::set<std::string> words;
    for (const std::string& w : highlighted(s)) words.insert(lowercase_ascii(w));
    EXPECT_EQ(words, (std::set<std::string>{"china", "dialogue", "cyber", "crime"}));
}

TEST(SnippetGenerator, MoreMatchesBreakTiesBetweenEquallyDistinctPassages) {
    std::string text = "One cyber mention. ";
    for (int i = 0; i < 10; ++i) text += "Nothing to see in this filler sentence at all. ";
    text += "Cyber here, cyber there, cyber everywhere.";
    const Snippet s = snippet_for("cyber", text, 60);
    EXPECT_EQ(s.highlights.size(), 3U) << s.text;
}

TEST(SnippetGenerator, WordAndItsStemCountAsOneDistinctTerm) {
    // From the phrase "cyber dialogue" plus the stemmed word: "dialogue" and "Zdialogu" are
    // one concept, so two dialogues alone must not beat "cyber" with "dialogue".
    std::string text = "The dialogue, a long dialogue. ";
    for (int i = 0; i < 10; ++i) text += "Nothing to see in this filler sentence at all. ";
    text += "A cyber dialogue began.";
    const Snippet s = snippet_for(std::vector<std::string>{"dialogue", "Zdialogu", "Zcyber"}, text, 60);
    EXPECT_NE(s.text.find("A cyber dialogue began."), std::string::npos) << s.text;
}

TEST(SnippetGenerator, PassageStartsAFewWordsBeforeTheMatchWhenNoSentenceStartIsNear) {
    std::string text = "It";
    for (int i = 0; i < 40; ++i) text += " went on and on";
    text += " until the dialogue";
    for (int i = 0; i < 40; ++i) text += " went on and on";
    const Snippet s = snippet_for("dialogue", text, 120);
    ASSERT_EQ(highlighted(s), std::vector<std::string>{"dialogue"});
    const std::size_t at = s.highlights[0].first;
    EXPECT_GT(at, kEllipsis.size() + 5) << s.text;  // some context before the match...
    EXPECT_LT(at, 60U) << s.text;                   // ...but the match is not at the end
    EXPECT_TRUE(s.text.starts_with(std::string(kEllipsis) + "went") ||
                s.text.starts_with(std::string(kEllipsis) + "on") || s.text.starts_with(std::string(kEllipsis) + "and"))
        << s.text;  // cut between words
}

TEST(SnippetGenerator, EllipsisMarksTextCutAtEitherEndOnly) {
    const std::string text = seed_text();
    const Snippet middle = snippet_for("sanctions", text, 100);
    EXPECT_TRUE(middle.text.starts_with(kEllipsis)) << middle.text;
    EXPECT_TRUE(middle.text.ends_with(kEllipsis)) << middle.text;

    const Snippet start = snippet_for("Xi", text, 100);
    EXPECT_TRUE(start.text.starts_with("Xi: ")) << start.text;
    EXPECT_TRUE(start.text.ends_with(kEllipsis)) << start.text;

    const Snippet whole = snippet_for("dialogue", "  A short cyber dialogue.\n", 100);
    EXPECT_EQ(whole.text, "A short cyber dialogue.");
}

TEST(SnippetGenerator, NoMatchReturnsTheStartOfTheText) {
    const std::string text = seed_text();
    const Snippet s = snippet_for("zebra giraffe", text, 80);
    EXPECT_TRUE(s.highlights.empty());
    EXPECT_TRUE(s.text.starts_with("Xi: \u2018China is ready\u2019 for cyber crime dialogue Chinese")) << s.text;
    EXPECT_TRUE(s.text.ends_with(kEllipsis));
    EXPECT_EQ(snippet_for(std::vector<std::string>{}, text, 80).text, s.text);
}

TEST(SnippetGenerator, WhitespaceRunsBecomeOneSpaceAndHighlightsFollow) {
    const Snippet s = snippet_for("cyber dialogue china", "cyber\n\n\tdialogue  \r\n  with\u00a0China\n");
    EXPECT_EQ(s.text, "cyber dialogue with\u00a0China");  // a no-break space is not collapsed
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"cyber", "dialogue", "China"}));
}

TEST(SnippetGenerator, NonAsciiWordsMatchAndHighlightWhole) {
    const std::string text =
        "Profits of $1.13bn (\u00a3600m) were toasted at the Caf\u00e9 Fl\u00f6ra, a caf\u00e9 in Z\u00fcrich.";
    const Snippet s = snippet_for("\u00a3600m caf\u00e9 $1.13bn z\u00fcrich", text);
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"1.13bn", "600m", "Caf\u00e9", "caf\u00e9", "Z\u00fcrich"}));
    const Snippet upper = snippet_for(std::vector<std::string>{"fl\u00f6ra"}, "FL\u00d6RA opened.");
    EXPECT_EQ(highlighted(upper), std::vector<std::string>{"FL\u00d6RA"});
}

TEST(SnippetGenerator, ApostrophesAcronymsAndSymbolsSplitLikeTermGenerator) {
    const std::string text = "Johnson\u2019s visit to the U.S. helped AT&T and C++ fans; fish+chips.";
    EXPECT_EQ(highlighted(snippet_for("johnson", text)), std::vector<std::string>{"Johnson\u2019s"});
    EXPECT_EQ(highlighted(snippet_for("U.S.", text)), std::vector<std::string>{"U.S."});
    EXPECT_EQ(highlighted(snippet_for("AT&T", text)), std::vector<std::string>{"AT&T"});
    EXPECT_EQ(highlighted(snippet_for("C++", text)), std::vector<std::string>{"C++"});
    EXPECT_EQ(highlighted(snippet_for("fish", text)), std::vector<std::string>{"fish"});
}

TEST(SnippetGenerator, FieldPrefixesAndTheStemMarkerAreStripped) {
    const Snippet s = snippet_for(std::vector<std::string>{"ZSchina", "XBcyber", "ZXBdialogu", "Q", "Z"},
                                  "China and cyber dialogues.");
    EXPECT_EQ(highlighted(s), (std::vector<std::string>{"China", "cyber", "dialogues"}));
}

TEST(SnippetGenerator, ProjectQueryParserTermsHighlightTheSeedArticle) {
    Xapian::QueryParser parser = make_query_parser(AnalysisConfig{}, Xapian::Database());
    const Xapian::Query query = parser.parse_query("cyber dialogue China", query_parser_flags());
    const std::vector<std::string> terms(query.get_unique_terms_begin(), query.get_unique_terms_end());
    const Snippet s = snippet_for(terms, seed_text());
    std::set<std::string> words;
    for (const std::string& w : highlighted(s)) words.insert(lowercase_ascii(w));
    EXPECT_TRUE(words.contains("cyber")) << s.text;
    EXPECT_TRUE(words.contains("dialogue")) << s.text;
    EXPECT_TRUE(words.contains("china")) << s.text;
    expect_well_formed(s, 240, "seed");
}

TEST(SnippetGenerator, TinyMaxCharsCutsALongWordAtACharacterBoundary) {
    EXPECT_EQ(snippet_for("dialogue", seed_text(), 0).text, "");
    const Snippet cut = snippet_for("caf\u00e9", "caf\u00e9 society", 4);  // 'é' is two bytes
    EXPECT_EQ(cut.text, "caf\u2026");
    EXPECT_EQ(highlighted(cut), std::vector<std::string>{"caf"});
    for (std::size_t max_chars = 1; max_chars < 20; ++max_chars)
        expect_well_formed(snippet_for("dialogue china", seed_text(), max_chars), max_chars,
                           "max_chars " + std::to_string(max_chars));
}

TEST(SnippetGenerator, HugeMaxCharsReturnsTheWholeTextWithWhitespaceCollapsed) {
    const std::string text = seed_text();
    std::string collapsed;
    for (const char c : text) {
        const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (!space)
            collapsed += c;
        else if (!collapsed.empty() && collapsed.back() != ' ')
            collapsed += ' ';
    }
    while (collapsed.ends_with(' ')) collapsed.pop_back();
    for (const std::size_t max_chars : {text.size(), SIZE_MAX}) {
        const Snippet s = snippet_for("dialogue", text, max_chars);
        EXPECT_EQ(s.text, collapsed);
        EXPECT_EQ(s.highlights.size(), 5U);  // "dialogue" appears five times
    }
}

TEST(SnippetGenerator, JunkBytesHugeWordsAndEmptyTextNeverBreakIt) {
    const SnippetGenerator generator(Xapian::Stem("english"), parse_terms("cyber dialogue a \u00e9t\u00e9 600m"));
    std::vector<std::string> inputs = {
        "",
        "   \n\t ",
        std::string("\0\0cyber\0dialogue", 16),
        "\xff\xfe\xfd cyber \xc3",                                   // bytes that are never UTF-8, a truncated sequence
        "\xe2\x80 dialogue \xed\xa0\x80 \xc0\xaf \xf4\x90\x80\x80",  // cut, surrogate, overlong, too high
        "\xe9t\xe9 caf\xe9",                                         // Latin-1, read as letters like TermGenerator does
        std::string(1 << 20, 'a') + " dialogue",                     // one huge word before the match
        "cyber " + std::string(1 << 20, 'x'),                        // and one after it
        std::string(100000, '\x80') + "dialogue",
        std::string(5000, '.') + "U.S." + std::string(5000, '+'),
    };
    std::mt19937 random(20240601);
    std::uniform_int_distribution<int> byte(0, 255);
    for (int i = 0; i < 300; ++i) {
        std::string junk(static_cast<std::size_t>(random() % 3000), '\0');
        for (char& c : junk) c = static_cast<char>(byte(random));
        if (i % 3 == 0) junk.insert(junk.size() / 2, " cyber dialogue ");
        inputs.push_back(std::move(junk));
    }
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        for (const std::size_t max_chars : {0UL, 1UL, 2UL, 3UL, 5UL, 17UL, 240UL, 100000UL, SIZE_MAX}) {
            const Snippet s = generator.make(inputs[i], max_chars);
            expect_well_formed(s, max_chars, "input " + std::to_string(i) + ", max_chars " + std::to_string(max_chars));
        }
    }
    EXPECT_EQ(generator.make(inputs[0], 240).text, "");
    EXPECT_EQ(generator.make(inputs[1], 240).text, "");
    EXPECT_EQ(generator.make(inputs[3], 240).text, "\uFFFD\uFFFD\uFFFD cyber \uFFFD");
}

TEST(SnippetGenerator, EveryBbcSnippetRespectsTheLengthBoundAndIsValidUtf8) {
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    const std::vector<std::string> queries = {
        "economy growth", "\"prime minister\" election", "film awards", "mobile phone technology", "Chelsea", "zebra"};
    for (const std::string& query : queries) {
        const SnippetGenerator generator(Xapian::Stem("english"), parse_terms(query));
        std::size_t with_highlights = 0;
        for (const BbcArticle& article : bbc_articles()) {
            for (const std::size_t max_chars : {240UL, 60UL}) {
                const Snippet s = generator.make(article.body, max_chars);
                expect_well_formed(s, max_chars, article.id + " / " + query);
                if (max_chars == 240 && !s.highlights.empty()) ++with_highlights;
            }
        }
        if (query == "zebra") {
            EXPECT_EQ(with_highlights, 0U);
        } else {
            EXPECT_GT(with_highlights, 20U) << query;
        }
    }
}

TEST(SnippetGenerator, EveryBbcWordMatchesItsOwnStem) {
    // The prefix filter skips stemming words whose first bytes match no stem; this proves it
    // never skips a word the English stemmer would have matched, over a real vocabulary.
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    Xapian::TermGenerator indexer;
    indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    std::set<std::string> vocabulary;
    for (const BbcArticle& article : bbc_articles()) {
        Xapian::Document doc;
        indexer.set_document(doc);
        indexer.index_text(article.body);
        vocabulary.insert(doc.termlist_begin(), doc.termlist_end());
    }
    ASSERT_GT(vocabulary.size(), 20000U);
    const Xapian::Stem english("english");
    std::size_t checked = 0;
    for (const std::string& word : vocabulary) {
        if (word[0] < 'a' || word[0] > 'z') continue;  // STEM_SOME does not stem these
        const Snippet s = snippet_for(std::vector<std::string>{"Z" + english(word)}, word);
        EXPECT_EQ(s.highlights.size(), 1U) << word << " -> " << english(word);
        ++checked;
    }
    EXPECT_GT(checked, 15000U);
}

TEST(SnippetGenerator, EveryIndexedWordIsHighlightedWhenEveryTermIsQueried) {
    // Splitting agrees with TermGenerator: querying all of an article's terms highlights
    // exactly as many words as it indexed.
    NEWS_REQUIRE_SHARED("corpus/bbc.jsonl");
    Xapian::TermGenerator indexer;
    indexer.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    const auto& articles = bbc_articles();
    for (std::size_t i = 0; i < articles.size(); i += 7) {
        Xapian::Document doc;
        indexer.set_document(doc);
        indexer.index_text(articles[i].body);
        std::vector<std::string> terms(doc.termlist_begin(), doc.termlist_end());
        const Snippet s = snippet_for(terms, articles[i].body, 3 * articles[i].body.size());
        EXPECT_EQ(s.highlights.size(), word_count(doc)) << articles[i].id;
    }
}

}  // namespace
}  // namespace news
