/// indexer --compact-positions (schema 11): word positions in a value
/// (common/word_positions.hpp) instead of Xapian's position table, and phrases and NEAR
/// checked on it (searcher/stored_positions.hpp) with the matches, weights and counts
/// Xapian's own positions give.
#include "searcher/stored_positions.hpp"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "common/document_mapper.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "common/word_positions.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using Positions = std::vector<Xapian::termpos>;

std::map<std::string, Positions> positions_of(const Xapian::Document& doc) {
    std::map<std::string, Positions> out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out[*t].push_back(*p);
    return out;
}

std::map<std::string, Xapian::termcount> wdfs_of(const Xapian::Document& doc) {
    std::map<std::string, Xapian::termcount> out;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) out[*t] = t.get_wdf();
    return out;
}

const std::vector<Article>& bbc() {
    static const std::vector<Article> articles = [] {
        test::RecordingVisitor visitor;
        read_corpus({test::project_path("corpus/bbc.jsonl.zst")}, visitor);
        return visitor.articles;
    }();
    return articles;
}

/// BBC, a few of its titles again as headlines, and articles with tags (whose words are
/// positional terms of their own).
std::vector<Article> bbc_headlines_and_tags() {
    std::vector<Article> all = bbc();
    for (std::size_t i = 0; i < bbc().size(); i += 9) {
        Article headline = bbc()[i];
        headline.id += "-headline";
        headline.body.clear();
        all.push_back(std::move(headline));
    }
    Article tagged = test::article("tagged-1", "Talks in Beijing", "Officials met in Beijing to talk trade.");
    tagged.tags = {"Xi Jinping", "South China Sea", "trade talks"};
    all.push_back(tagged);
    tagged = test::article("tagged-2", "Sea trade", "South of the border, China trades by sea.");
    tagged.tags = {"China", "South Sea trade"};
    all.push_back(tagged);
    return all;
}

/// Both formats, each where it is the smaller one: headlines as sequences (format 2), and
/// every document of a database of schema 11 or 12 in format 1, which their searchers read.
TEST(WordPositions, TheValueHoldsEveryPositionXapianWouldHaveKeptAndTheTermsStay) {
    DocumentMapper before, after, schema_12;
    before.set_schema_version(schema::kPositionsInValueSchema - 1);
    after.set_positions_in_value(true);
    schema_12.set_schema_version(schema::kPositionSequenceSchema - 1);
    schema_12.set_positions_in_value(true);
    const std::vector<Article> articles = bbc_headlines_and_tags();
    std::size_t checked = 0;
    std::map<char, std::size_t> formats, formats_12;
    for (const Article& a : articles) {
        const Xapian::Document old_doc = before.to_document(a);
        const Xapian::Document new_doc = after.to_document(a);
        EXPECT_EQ(wdfs_of(new_doc), wdfs_of(old_doc)) << a.id << ": the same terms with the same wdfs";
        EXPECT_TRUE(positions_of(new_doc).empty()) << a.id << ": Xapian keeps no positions";
        const std::string value = new_doc.get_value(schema::kWordPositionsSlot);
        const std::string value_12 = schema_12.to_document(a).get_value(schema::kWordPositionsSlot);
        ASSERT_FALSE(value.empty() || value_12.empty()) << a.id;
        ++formats[value[0]];
        ++formats_12[value_12[0]];
        EXPECT_LE(value.size(), value_12.size()) << a.id << ": format 2 only where it is smaller";
        if (a.body.empty()) {
            EXPECT_LT(value.size() * 10, value_12.size() * 7) << a.id << ": a headline's sequence";
        }
        const auto reader = word_positions::Reader::parse(value);
        ASSERT_TRUE(reader) << a.id;
        const std::map<std::string, Positions> expected = positions_of(old_doc);
        EXPECT_EQ(reader->terms(), expected.size()) << a.id;
        for (const auto& [term, positions] : expected) {
            Positions got;
            ASSERT_TRUE(reader->positions(term, word_positions::term_hash(term), got)) << a.id << " " << term;
            EXPECT_EQ(got, positions) << a.id << " " << term;
            ++checked;
        }
    }
    EXPECT_GT(checked, 400000u) << "every positional term of BBC";
    EXPECT_EQ(formats_12, (std::map<char, std::size_t>{{1, articles.size()}}));
    EXPECT_GT(formats[2], articles.size() / 10) << "the headlines at least";
    EXPECT_GT(formats[1], 0u);
}

TEST(WordPositions, TwoTermsAtOnePositionAreKeptInTheFormatThatHoldsThem) {
    Xapian::Document doc;  // a headline's words, and a second term at position 2
    const std::vector<std::string> words{"rates", "rise", "again", "in", "march"};
    for (std::size_t i = 0; i < words.size(); ++i) doc.add_posting(words[i], static_cast<Xapian::termpos>(i + 1));
    ASSERT_EQ(word_positions::encode(doc)[0], 2) << "one word a position: a sequence";
    doc.add_posting("rose", 2);
    const std::string value = word_positions::encode(doc);
    EXPECT_EQ(value[0], 1);
    const auto reader = word_positions::Reader::parse(value);
    ASSERT_TRUE(reader);
    for (const std::string term : {"rise", "rose"}) {
        Positions got;
        ASSERT_TRUE(reader->positions(term, word_positions::term_hash(term), got)) << term;
        EXPECT_EQ(got, Positions{2}) << term;
    }
}

TEST(WordPositions, ASequenceReadsTermsAtAnyPositionAndAcrossGaps) {
    Xapian::Document doc;
    for (Xapian::termpos p = 1000; p < 1020; ++p) doc.add_posting("w" + std::to_string(p % 6), p);
    doc.add_posting("tail", 1023);  // a gap of three positions before it
    const std::string value = word_positions::encode(doc);
    ASSERT_EQ(value[0], 2);
    const auto reader = word_positions::Reader::parse(value);
    ASSERT_TRUE(reader);
    EXPECT_EQ(reader->terms(), 7u);
    Positions got;
    ASSERT_TRUE(reader->positions("w3", word_positions::term_hash("w3"), got));
    EXPECT_EQ(got, (Positions{1005, 1011, 1017}));
    got.clear();
    ASSERT_TRUE(reader->positions("tail", word_positions::term_hash("tail"), got));
    EXPECT_EQ(got, Positions{1023});
    EXPECT_EQ(word_positions::encode(doc, 1)[0], 1) << "format 1 when the schema reads no other";
}

TEST(WordPositions, HashesAreAsWideAsTheDocumentsOwnTermsNeed) {
    Xapian::Document few;
    few.add_posting("alpha", 1);
    few.add_posting("beta", 2);
    std::string value = word_positions::encode(few);
    ASSERT_GE(value.size(), 2u);
    EXPECT_EQ(value[1], 2) << "two terms: two bytes a hash tell them apart";

    // 20,000 terms in 16 bits (65,536 values) share a hash somewhere, by the birthday bound
    // (about 3,000 pairs expected): at least three bytes.
    Xapian::Document many;
    for (Xapian::termpos i = 1; i <= 20000; ++i) many.add_posting("w" + std::to_string(i), i);
    value = word_positions::encode(many);
    EXPECT_GE(value[1], 3);
    const auto reader = word_positions::Reader::parse(value);
    ASSERT_TRUE(reader);
    for (Xapian::termpos i = 1; i <= 20000; i += 997) {
        Positions got;
        const std::string term = "w" + std::to_string(i);
        ASSERT_TRUE(reader->positions(term, word_positions::term_hash(term), got)) << term;
        EXPECT_EQ(got, Positions{i});
    }
}

class DamagedWordPositions : public testing::TestWithParam<int> {};

TEST_P(DamagedWordPositions, AreRefusedNotReadPastTheirEnd) {
    // Fifty positions of seven words are shorter listed by term (format 1); a headline's
    // seven words once each, as a sequence (format 2).
    const Xapian::termpos last = GetParam() == 1 ? 50 : 7;
    Xapian::Document doc;
    for (Xapian::termpos i = 1; i <= last; ++i) doc.add_posting("w" + std::to_string(i % 7), i);
    const std::string value = word_positions::encode(doc);
    ASSERT_EQ(value[0], GetParam());
    ASSERT_TRUE(word_positions::Reader::parse(value));
    EXPECT_TRUE(word_positions::Reader::parse(""));
    std::string other_format = value;
    other_format[0] = 3;
    EXPECT_FALSE(word_positions::Reader::parse(other_format));
    for (char width : {char{1}, char{9}}) {
        std::string bad_width = value;
        bad_width[1] = width;
        EXPECT_FALSE(word_positions::Reader::parse(bad_width));
    }
    // Every truncation is refused when parsed or when read: never an out-of-bounds read
    // (the sanitizer build checks that part).
    for (std::size_t size = 0; size < value.size(); ++size) {
        const std::string truncated = value.substr(0, size);  // the reader views it
        const auto reader = word_positions::Reader::parse(truncated);
        if (!reader) continue;
        for (int w = 0; w < 7; ++w) {
            const std::string term = "w" + std::to_string(w);
            Positions got;
            try {
                reader->positions(term, word_positions::term_hash(term), got);
            } catch (const std::runtime_error&) {
            }
        }
    }
}

INSTANTIATE_TEST_SUITE_P(WordPositions, DamagedWordPositions, testing::Values(1, 2));

/// Random runs of words (a text: one word a position) in an in-memory database with
/// Xapian's positions, and the same documents with their positions in the value.
struct RandomPositions {
    Xapian::WritableDatabase with_positions = test::in_memory_db();
    Xapian::WritableDatabase with_values = test::in_memory_db();

    RandomPositions() {
        std::mt19937 random(20261207);
        std::uniform_int_distribution<int> length(2, 24);
        std::uniform_int_distribution<std::size_t> pick(0, 5);
        const char* const words[] = {"a", "b", "c", "d", "e", "f"};
        for (int d = 0; d < 1000; ++d) {
            // Two documents, not two handles on one (Xapian::Document is a handle).
            Xapian::Document doc, moved;
            for (Xapian::termpos p = 1, n = static_cast<Xapian::termpos>(length(random)); p <= n; ++p) {
                const char* word = words[pick(random)];
                doc.add_posting(word, p);
                moved.add_posting(word, p);
            }
            doc.add_term("any");
            moved.add_term("any");
            moved.add_value(schema::kWordPositionsSlot, word_positions::encode(doc));
            word_positions::remove_positions(moved);
            with_positions.add_document(doc);
            with_values.add_document(moved);
        }
        with_positions.commit();
        with_values.commit();
    }
};

std::vector<Xapian::docid> matches(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    std::vector<Xapian::docid> out;
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    for (auto m = mset.begin(); m != mset.end(); ++m) out.push_back(*m);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<Xapian::Query> positional_queries() {
    using Q = Xapian::Query;
    const Q a("a"), b("b"), c("c");
    const std::vector<Q> ab{a, b}, abc{a, b, c}, aa{a, a}, aba{a, b, a}, ca{c, a};
    const std::vector<Q> a_or_c_then_b{Q(Q::OP_OR, a, c), b};
    std::vector<Q> queries;
    for (const auto* words : {&ab, &abc, &aa, &aba, &ca, &a_or_c_then_b}) {
        const auto n = static_cast<Xapian::termcount>(words->size());
        queries.emplace_back(Q::OP_PHRASE, words->begin(), words->end());
        for (Xapian::termcount window : {n + 1, n + 3, Xapian::termcount{12}}) {
            queries.emplace_back(Q::OP_PHRASE, words->begin(), words->end(), window);
            queries.emplace_back(Q::OP_NEAR, words->begin(), words->end(), window);
        }
        queries.emplace_back(Q::OP_NEAR, words->begin(), words->end(), n);
    }
    queries.emplace_back(Q::OP_OR, Q(Q::OP_PHRASE, ab.begin(), ab.end()), Q("any"));
    return queries;
}

TEST(StoredPositions, MatchWhatXapiansOwnPositionalTestsMatch) {
    const RandomPositions docs;
    std::size_t nonempty = 0;
    for (const Xapian::Query& query : positional_queries()) {
        const std::vector<Xapian::docid> xapians = matches(docs.with_positions, query);
        const Xapian::Query rewritten = phrases_on_stored_positions(query);
        ASSERT_NE(rewritten.get_description(), query.get_description()) << "the phrase is rewritten";
        EXPECT_EQ(matches(docs.with_values, rewritten), xapians) << query.get_description() << " from the values";
        EXPECT_EQ(matches(docs.with_positions, rewritten), xapians)
            << query.get_description() << " from Xapian's positions (a shard of an older schema)";
        if (!xapians.empty() && xapians.size() < docs.with_positions.get_doccount()) ++nonempty;
    }
    EXPECT_GT(nonempty, 20u) << "the queries tell documents apart";
}

TEST(StoredPositions, ATermOfAnOrThatTheDocumentLacksNeverReadsAnothersPositions) {
    // "x" is at position 2, right after "a"; a term the document lacks whose two-byte hash
    // is x's would read x's positions if it were not looked up.
    const auto top_bytes = [](const std::string& t) { return word_positions::term_hash(t) >> 48; };
    std::string alias;
    for (int n = 0; alias.empty(); ++n)
        if (const std::string c = "c" + std::to_string(n); top_bytes(c) == top_bytes("x")) alias = c;
    Xapian::Document doc;
    doc.add_posting("a", 1);
    doc.add_posting("x", 2);
    doc.add_posting("b", 5);
    const std::string value = word_positions::encode(doc);
    ASSERT_EQ(value[1], 2) << "a, b and x told apart by two bytes";
    Xapian::Document moved;
    for (const char* t : {"a", "x", "b"}) moved.add_term(t);
    moved.add_value(schema::kWordPositionsSlot, value);
    Xapian::WritableDatabase db = test::in_memory_db();
    db.add_document(moved);
    using Q = Xapian::Query;
    const std::vector<Q> lacking{Q("a"), Q(Q::OP_OR, Q("b"), Q(alias))}, holding{Q("a"), Q(Q::OP_OR, Q("x"), Q(alias))};
    EXPECT_TRUE(matches(db, phrases_on_stored_positions(Q(Q::OP_PHRASE, lacking.begin(), lacking.end()))).empty())
        << "\"a (b OR " << alias << ")\": b is not next to a, and the document has no " << alias;
    EXPECT_EQ(matches(db, phrases_on_stored_positions(Q(Q::OP_PHRASE, holding.begin(), holding.end()))),
              std::vector<Xapian::docid>{1});
}

TEST(StoredPositions, APhraseOfAnythingButWordsIsRefusedAsXapianRefusesIt) {
    using Q = Xapian::Query;
    const std::vector<Q> words{Q(Q::OP_AND, Q("a"), Q("b")), Q("c")};
    EXPECT_THROW(phrases_on_stored_positions(Q(Q::OP_PHRASE, words.begin(), words.end())), Xapian::UnimplementedError);
}

/// Pages of `queries` on BBC indexed in schema 10 (Xapian's positions) and schema 11 with
/// its positions in a value.
void expect_same_pages_in_both_schemas(const std::vector<std::string>& queries) {
    const std::vector<Article> articles = bbc_headlines_and_tags();
    SearchEngine before(Xapian::Database(test::indexed_in_schema(articles, schema::kPositionsInValueSchema - 1)));
    SearchEngine after(Xapian::Database(test::indexed_in_schema(articles, schema::kPositionsInValueSchema, true)));
    std::size_t matched = 0;
    for (const std::string& q : queries) {
        for (const auto& [offset, limit] : {std::pair<Xapian::doccount, Xapian::doccount>{0, 10}, {0, 50}, {7, 3}}) {
            const SearchResult old_result = before.search(test::page_request(q, offset, limit));
            const SearchResult new_result = after.search(test::page_request(q, offset, limit));
            EXPECT_EQ(test::ranking_of(new_result), test::ranking_of(old_result)) << q << " +" << offset;
            EXPECT_EQ(new_result.estimated_matches, old_result.estimated_matches) << q;
            EXPECT_EQ(new_result.matches_lower_bound, old_result.matches_lower_bound) << q;
            EXPECT_EQ(new_result.matches_upper_bound, old_result.matches_upper_bound) << q;
            if (offset == 0 && !old_result.hits.empty()) ++matched;
        }
    }
    EXPECT_GT(matched, queries.size() * 3 / 4) << "most queries find something";
}

TEST(StoredPositions, BbcPhraseQueriesRankAsWithXapiansPositions) {
    expect_same_pages_in_both_schemas(test::query_set("bbc", {"phrase"}));
}

TEST(StoredPositions, NearFieldAndTagPhrasesRankAsWithXapiansPositions) {
    expect_same_pages_in_both_schemas({
        "rugby NEAR retirement",
        "prime NEAR/3 minister",
        "economy NEAR growth NEAR rate",
        "\"prime minister\" OR chancellor",
        "title:\"prime minister\"",
        "body:\"interest rates\"",
        "\"mobile phone*\"",
        "\"e-mail\"",
        "film NEAR/2 award",
        "\"gordon brown\" NEAR/5 tax",
        "\"bank of england\" -\"interest rates\"",
        "\"the the\"",
        "a NEAR a",
        "tag:\"south china sea\"",
        "tag:\"xi jinping\"",
        "\"china trades\" sea",
        "\"mr blair\" \"mr brown\"",
    });
}

TEST(StoredPositions, TopTermsCountTheirPhrasesAsWithXapiansPositions) {
    SearchEngine before(Xapian::Database(test::indexed_in_schema(bbc(), schema::kPositionsInValueSchema - 1)));
    SearchEngine after(Xapian::Database(test::indexed_in_schema(bbc(), schema::kPositionsInValueSchema, true)));
    std::size_t phrases = 0;
    for (const std::string query : {"election", "music industry", "oil prices", "mobile phones"}) {
        SearchRequest request;
        request.query = query;
        request.limit = 0;
        request.top_terms = 15;
        const SearchResult a = before.search(request);
        const SearchResult b = after.search(request);
        test::expect_same_top_terms(a, b, query);
        for (const TopTerm& t : a.top_terms) phrases += t.word.find(' ') != std::string::npos ? 1 : 0;
    }
    EXPECT_GT(phrases, 0u) << "the lists hold phrases, whose weights count the articles holding them";
}

TEST(StoredPositions, PhrasesFollowArticlesReplacedAndDeletedAfterTheBuild) {
    std::vector<Article> articles(bbc().begin(), bbc().begin() + 300);
    Xapian::WritableDatabase db = test::indexed_in_schema(articles, schema::kPositionsInValueSchema, true);
    DocumentMapper mapper;
    mapper.set_positions_in_value(true);
    Article changed = articles[10];
    changed.title = "Elephants seen";
    changed.body = "A wholly new text about purple elephants in parliament.";
    db.replace_document(schema::id_term(changed.id), mapper.to_document(changed));
    db.delete_document(schema::id_term(articles[20].id));
    db.add_document(mapper.to_document(test::article("new-1", "Purple elephants", "Elephants, purple ones, marched.")));
    db.commit();
    SearchEngine engine{Xapian::Database(db)};
    std::vector<std::string> found = test::hit_ids(engine.search(test::page_request("\"purple elephants\"", 0, 10)));
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{changed.id, "new-1"})) << "the replaced text and the added article";
    // A phrase of the replaced article's old text, and one of the deleted article's.
    for (const Article& gone : {articles[10], articles[20]}) {
        const std::vector<std::string> words = [&] {
            std::vector<std::string> out;
            std::string word;
            for (char ch : gone.title + " ") {
                if (std::isalnum(static_cast<unsigned char>(ch))) {
                    word += ch;
                } else if (!word.empty()) {
                    out.push_back(word);
                    word.clear();
                }
            }
            return out;
        }();
        ASSERT_GE(words.size(), 2u);
        const std::string phrase = "\"" + words[0] + " " + words[1] + "\"";
        const std::vector<std::string> ids = test::hit_ids(engine.search(test::page_request(phrase, 0, 50)));
        EXPECT_EQ(std::count(ids.begin(), ids.end(), gone.id), 0) << phrase;
    }
}

}  // namespace
}  // namespace news

namespace news {
namespace {

TEST(CompactPositions, TheIndexerKeepsTheLayoutItCreatedAndTheSearcherFindsPhrasesInIt) {
    test::TempDir dir;
    const std::string compact = (dir.path() / "compact").string(), plain = (dir.path() / "plain").string();
    const std::string corpus = test::shell_quoted(test::project_path("corpus/bbc.jsonl.zst").string());
    ASSERT_EQ(test::run_command(test::program("indexer") + " -q --compact-positions --db " + compact + " " + corpus)
                  .exit_code,
              0);
    ASSERT_EQ(test::run_command(test::program("indexer") + " -q --db " + plain + " " + corpus).exit_code, 0);
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(compact) / "position.glass"))
        << "no position table: the positions are in slot 8";
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(plain) / "position.glass"));
    EXPECT_TRUE(schema::positions_in_value(Xapian::Database(compact)));
    EXPECT_FALSE(schema::positions_in_value(Xapian::Database(plain)));
    EXPECT_LT(std::filesystem::file_size(std::filesystem::path(compact) / "postlist.glass") +
                  std::filesystem::file_size(std::filesystem::path(compact) / "termlist.glass"),
              std::filesystem::file_size(std::filesystem::path(plain) / "postlist.glass") +
                  std::filesystem::file_size(std::filesystem::path(plain) / "termlist.glass") +
                  std::filesystem::file_size(std::filesystem::path(plain) / "position.glass"));

    // The same pages: the layout changes no result.
    const std::string search = test::program("searcher") + " --format trec -n 20 --db ";
    for (const char* q : {"'\"prime minister\" tax'", "'film NEAR/3 award'", "'\"bank of england\"'"})
        EXPECT_EQ(test::run_command(search + compact + " " + q).out, test::run_command(search + plain + " " + q).out)
            << q;

    // A later run without the option adds to the database in the layout it has.
    const std::filesystem::path more = dir.path() / "more.jsonl";
    test::write_file(more, R"({"id":"extra-1","title":"Purple elephants march","body":"Purple elephants marched on."})"
                           "\n");
    ASSERT_EQ(test::run_command(test::program("indexer") + " -q --db " + compact + " " + more.string()).exit_code, 0);
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(compact) / "position.glass"));
    EXPECT_NE(test::run_command(search + compact + " '\"purple elephants\"'").out.find("extra-1"), std::string::npos);

    // --stats names the layout.
    EXPECT_NE(test::run_command(test::program("searcher") + " --stats --db " + compact)
                  .out.find("Word positions: in a value"),
              std::string::npos);
    EXPECT_EQ(test::run_command(test::program("searcher") + " --stats --db " + plain).out.find("Word positions"),
              std::string::npos);
    EXPECT_NE(test::run_command(test::program("searcher") + " --stats --format json --db " + compact)
                  .out.find("\"positions\":\"value\""),
              std::string::npos);

    // A rebuild keeps the layout; the option only creates one.
    EXPECT_EQ(test::run_command(test::program("indexer") + " -q --rebuild --compact-positions --db " + plain + " 2>&1")
                  .exit_code,
              2);
    ASSERT_EQ(test::run_command(test::program("indexer") + " -q --rebuild --db " + compact).exit_code, 0);
    EXPECT_TRUE(schema::positions_in_value(Xapian::Database(compact)));
    EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(compact) / "position.glass"));
}

}  // namespace
}  // namespace news
