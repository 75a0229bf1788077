// A database without termlists (Xapian::DB_NO_TERMLIST, issue 15): every feature that reads
// a document's terms (--like, feedback, --top-terms, --explain) re-analyses its stored
// article instead, and gives what the same database with termlists gives. The bundled
// corpus (every other article) is indexed twice, once each way, as one database and as two
// shards.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/document_terms.hpp"
#include "common/expansion.hpp"
#include "common/ranking.hpp"
#include "common/schema.hpp"
#include "common/stored_record.hpp"
#include "common/text_analysis.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"
#include "searcher/shard_set.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

constexpr double kTolerance = 1e-9;

/// The bundled corpus, indexed into folders with and without termlists.
class NoTermlist : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = std::make_unique<test::TempDir>();
        test::RecordingVisitor corpus;
        read_corpus({test::project_path("corpus")}, corpus);
        ASSERT_GT(corpus.articles.size(), 2000u);
        // Every other article: six databases are built for each test (each runs alone). And
        // every tagged one (the seed article, whose tag line has no separators): its
        // positional tag words (schema 9) must be re-analysed too.
        std::vector<Article> articles;
        for (std::size_t i = 0; i < corpus.articles.size(); ++i)
            if (i % 2 == 0 || !corpus.articles[i].tags.empty()) articles.push_back(std::move(corpus.articles[i]));
        ASSERT_TRUE(std::any_of(articles.begin(), articles.end(), [](const Article& a) { return a.tags_unseparated; }));
        // Some in another language than the database's (issue 16), stemmed in their own: the
        // stored record must say which, for their terms to be made again.
        for (std::size_t i = 0; i < articles.size(); ++i)
            if (i % 7 == 3) articles[i].language = i % 2 == 0 ? "german" : "french";
        // A record dictionary, as the indexer trains one, so records are decoded with it.
        const std::vector<Article> sample(articles.begin(), articles.begin() + 500);
        const std::shared_ptr<const ZstdDictionary> dictionary = train_record_dictionary(sample);
        ASSERT_NE(dictionary, nullptr);
        for (const bool termlist : {true, false}) {
            const std::string name = termlist ? "with" : "without";
            write(path(name), articles, dictionary, termlist, 0, 1);
            write(path(name + "-0"), articles, dictionary, termlist, 0, 2);
            write(path(name + "-1"), articles, dictionary, termlist, 1, 2);
        }
    }
    static void TearDownTestSuite() { dir_.reset(); }

    static std::string path(const std::string& name) { return (*dir_ / name).string(); }

    /// The database with term lists, as one database or as its two shards (then also
    /// returned apart, as DocumentTerms takes them).
    static std::pair<Xapian::Database, std::vector<Xapian::Database>> with_termlist(bool sharded) {
        if (!sharded) return {Xapian::Database(path("with")), {}};
        Xapian::Database db;
        std::vector<Xapian::Database> shards;
        for (const std::string name : {"with-0", "with-1"}) {
            shards.emplace_back(path(name));
            db.add_database(shards.back());
        }
        return {db, shards};
    }

    /// Every `step`th article from `first` into a new database at `path`. Most articles
    /// have an origin (its term is the one the stored record cannot give back), a third
    /// have none, as articles given on standard input.
    static void write(const std::string& path, const std::vector<Article>& articles,
                      const std::shared_ptr<const ZstdDictionary>& dictionary, bool termlist, std::size_t first,
                      std::size_t step) {
        const int flags = Xapian::DB_CREATE | (termlist ? 0 : Xapian::DB_NO_TERMLIST);
        IndexOptions options;
        options.record_dictionary = dictionary;
        IndexBuilder builder(Xapian::WritableDatabase(path, flags), options);
        for (std::size_t i = first; i < articles.size(); i += step)
            builder.add(articles[i], i % 3 == 0 ? std::string() : "/corpus/bbc-" + articles[i].category + ".jsonl");
        builder.finish();
    }

    /// The engine on the database `name`, or on shards `name`-0 and `name`-1 when `sharded`.
    static SearchEngine engine(const std::string& name, bool sharded, RankingConfig ranking = {}) {
        AnalysisConfig config;
        config.ranking = ranking;
        if (!sharded) return SearchEngine(path(name), config);
        return SearchEngine(ShardSet({path(name + "-0"), path(name + "-1")}, {}), config);
    }

    static void expect_same_hits(const SearchResult& with, const SearchResult& without, const std::string& what) {
        EXPECT_EQ(with.parsed_query, without.parsed_query) << what;
        ASSERT_EQ(with.hits.size(), without.hits.size()) << what;
        for (std::size_t i = 0; i < with.hits.size(); ++i) {
            EXPECT_EQ(with.hits[i].article.id, without.hits[i].article.id) << what << " hit " << i;
            EXPECT_NEAR(with.hits[i].score, without.hits[i].score, kTolerance) << what << " hit " << i;
        }
    }

    static inline std::unique_ptr<test::TempDir> dir_;
};

/// A few docids spread over the database, deterministic.
std::vector<Xapian::docid> spread(const Xapian::Database& db, Xapian::doccount n, Xapian::docid stride) {
    std::vector<Xapian::docid> docids;
    const Xapian::docid last = db.get_lastdocid();
    for (Xapian::doccount i = 0; i < n; ++i) docids.push_back(1 + (i * stride) % last);
    return docids;
}

TEST_F(NoTermlist, TheDatabaseReallyHasNoTermlist) {
    const Xapian::Database db(path("without"));
    EXPECT_THROW((void)db.termlist_begin(1), Xapian::FeatureUnavailableError);
    DocumentTerms documents(db);
    EXPECT_FALSE(documents.from_termlist(1));
    DocumentTerms kept(Xapian::Database(path("with")));
    EXPECT_TRUE(kept.from_termlist(1));
}

/// `made` (re-analysed) holds the terms and wdfs of `kept` (a termlist), but the origin term,
/// whose path the stored record does not hold.
void expect_the_same_terms_but_the_origin(const TermVector& kept, const TermVector& made, Xapian::docid docid) {
    std::vector<TermWdf> expected;
    for (const TermWdf& t : kept.terms)
        if (t.term.rfind(schema::kOriginPrefix, 0) != 0) expected.push_back(t);
    ASSERT_EQ(made.terms.size(), expected.size()) << "docid " << docid;
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(made.terms[i].term, expected[i].term) << "docid " << docid;
        ASSERT_EQ(made.terms[i].wdf, expected[i].wdf) << "docid " << docid << " " << expected[i].term;
    }
}

TEST_F(NoTermlist, ReanalysedArticlesGiveEveryDocumentsTermsAndWdfsButTheOriginTerm) {
    const Xapian::Database with(path("with"));
    const Xapian::Database without(path("without"));
    ASSERT_GT(with.get_termfreq(schema::language_term("german")), 50u);
    ASSERT_GT(with.get_termfreq(schema::language_term("french")), 50u);
    DocumentTerms from_termlists(with);
    DocumentTerms reanalysed(without);
    ASSERT_EQ(with.get_lastdocid(), without.get_lastdocid());
    for (Xapian::docid docid = 1; docid <= with.get_lastdocid(); ++docid) {
        const TermVector kept = from_termlists.of(docid);
        const TermVector made = reanalysed.of(docid);
        ASSERT_TRUE(kept.from_termlist);
        ASSERT_FALSE(made.from_termlist);
        expect_the_same_terms_but_the_origin(kept, made, docid);
        // The origin term is counted, as Xapian's termlist counts it.
        EXPECT_EQ(made.unique_terms, kept.unique_terms) << "docid " << docid;
        EXPECT_EQ(made.length, kept.length) << "docid " << docid;
    }
}

TEST(NoTermlistOnNewsFulltext, ReanalysedArticlesGiveEveryDocumentsTermsAndWdfsButTheOriginTerm) {
    // Dated articles of many sources, with URLs, accents and long bodies, unlike BBC's.
    NEWS_REQUIRE_SHARED("corpus/news-fulltext.jsonl.zst");
    test::RecordingVisitor corpus;
    corpus.stop_after = 1500;
    read_corpus({test::shared_path("corpus/news-fulltext.jsonl.zst")}, corpus);
    const test::TempDir dir;
    for (const bool termlist : {true, false}) {
        IndexBuilder builder(Xapian::WritableDatabase((dir / (termlist ? "with" : "without")).string(),
                                                      Xapian::DB_CREATE | (termlist ? 0 : Xapian::DB_NO_TERMLIST)),
                             {});
        for (const Article& a : corpus.articles) builder.add(a, "/shared/news-fulltext.jsonl.zst");
        builder.finish();
    }
    const Xapian::Database with((dir / "with").string());
    DocumentTerms from_termlists(with);
    DocumentTerms reanalysed(Xapian::Database((dir / "without").string()));
    ASSERT_GT(with.get_doccount(), 1000u);
    for (Xapian::docid docid = 1; docid <= with.get_lastdocid(); ++docid) {
        const TermVector kept = from_termlists.of(docid);
        const TermVector made = reanalysed.of(docid);
        expect_the_same_terms_but_the_origin(kept, made, docid);
        EXPECT_EQ(made.unique_terms, kept.unique_terms) << "docid " << docid;
    }
}

/// Stemmed words of the combined field, as --like and feedback take them.
struct CombinedStems : Xapian::ExpandDecider {
    bool operator()(const std::string& term) const override {
        return term.size() > 1 && term.front() == 'Z' && schema::is_combined_term(term);
    }
};

/// The options the expansion tests vary: the scheme, exact or estimated term frequencies,
/// two excluded words, and `decider` (null: every term).
ExpandOptions expand_options(ExpandScheme scheme, bool exact, const Xapian::ExpandDecider* decider) {
    ExpandOptions options;
    options.scheme = scheme;
    options.exact_termfreq = exact;
    options.excluded = {"Zsaid", "Zgovern"};
    options.decider = decider;
    return options;
}

/// `got` is `expected`: the same bound, the same terms in the same order, the same weights
/// to the bit.
void expect_same_expand_set(const ExpandSet& got, const ExpandSet& expected, const std::string& what) {
    EXPECT_EQ(got.ebound, expected.ebound) << what;
    ASSERT_EQ(got.terms.size(), expected.terms.size()) << what;
    for (std::size_t i = 0; i < got.terms.size(); ++i) {
        EXPECT_EQ(got.terms[i].term, expected.terms[i].term) << what << " #" << i;
        EXPECT_EQ(got.terms[i].weight, expected.terms[i].weight) << what << " #" << i;
    }
}

TEST_F(NoTermlist, ExpandSetFromReanalysedArticlesIsXapiansToTheBit) {
    const CombinedStems stems;
    for (const bool sharded : {false, true}) {
        const auto [db, shards] = with_termlist(sharded);
        DocumentTerms xapian(db, shards);
        DocumentTerms reanalysed(db, shards, TermSource::kStoredArticle);
        for (const Xapian::doccount size : {1u, 2u, 10u, 100u, 1000u}) {
            const std::vector<Xapian::docid> rset = spread(db, size, 7919);
            std::vector<TermVector> vectors;
            for (const Xapian::docid docid : rset) vectors.push_back(reanalysed.of(docid));
            for (const ExpandScheme scheme : {ExpandScheme::kTrad, ExpandScheme::kBo1}) {
                for (const bool exact : {true, false}) {
                    const ExpandOptions options = expand_options(scheme, exact, size % 2 == 0 ? &stems : nullptr);
                    const std::string what = std::string(sharded ? "sharded" : "one database") + ", " +
                                             std::to_string(size) + " documents, " +
                                             (scheme == ExpandScheme::kBo1 ? "bo1" : "trad") +
                                             (exact ? ", exact" : ", approximate");
                    ASSERT_TRUE(xapian.from_termlist(rset));
                    const ExpandSet expected = expand_set(xapian, rset, 40, options);
                    const ExpandSet got = expand_from_vectors(reanalysed, vectors, 40, options);
                    ASSERT_EQ(expected.terms.size(), 40u) << what;
                    expect_same_expand_set(got, expected, what);
                }
            }
        }
    }
}

// Feedback's expansion (ranking.cpp) reads only the terms its decider accepts and weighs
// them itself (ExpandOptions::accepted_terms_only), not through Enquire::get_eset(): the
// same terms in the same order with the same weights, for the relevance sets feedback takes
// (a query's 10 best matches) and for others, with and without a decider.
TEST_F(NoTermlist, ExpansionOfAcceptedTermsOnlyIsXapiansGetEsetToTheBit) {
    const CombinedStems stems;
    const std::vector<std::string> queries = test::query_set("bbc", {"title"});
    ASSERT_GE(queries.size(), 100u);
    for (const bool sharded : {false, true}) {
        const auto [db, shards] = with_termlist(sharded);
        DocumentTerms terms(db, shards);
        Xapian::QueryParser parser = make_analysing_query_parser({});
        std::vector<std::vector<Xapian::docid>> rsets;
        for (std::size_t q = 0; q < 100; ++q) {
            Xapian::Enquire enquire(db);
            configure_ranking(enquire, parser.parse_query(queries[q]), RankingConfig{});
            const Xapian::MSet top = enquire.get_mset(0, 10);
            if (!top.empty()) rsets.emplace_back(top.begin(), top.end());
        }
        ASSERT_GE(rsets.size(), 90u);
        for (const Xapian::doccount size : {1u, 3u, 100u}) rsets.push_back(spread(db, size, 7919));
        std::size_t compared = 0;
        for (const std::vector<Xapian::docid>& rset : rsets) {
            for (const ExpandScheme scheme : {ExpandScheme::kTrad, ExpandScheme::kBo1}) {
                for (const bool exact : {true, false}) {
                    ExpandOptions options = expand_options(scheme, exact, rset.size() % 2 == 0 ? &stems : nullptr);
                    const std::string what =
                        std::string(sharded ? "sharded" : "one database") + ", " + std::to_string(rset.size()) +
                        " documents from " + std::to_string(rset.front()) + ", " +
                        (scheme == ExpandScheme::kBo1 ? "bo1" : "trad") + (exact ? ", exact" : ", approximate");
                    ASSERT_TRUE(terms.from_termlist(rset));
                    const ExpandSet xapian = expand_set(terms, rset, 10, options);  // Enquire::get_eset()
                    options.accepted_terms_only = true;
                    const ExpandSet got = expand_set(terms, rset, 10, options);
                    expect_same_expand_set(got, xapian, what);
                    compared += got.terms.size();
                }
            }
        }
        EXPECT_GT(compared, 3000u);
    }
}

TEST_F(NoTermlist, LikeFindsTheSameArticlesInTheSameOrder) {
    for (const bool sharded : {false, true}) {
        SearchEngine with = engine("with", sharded);
        SearchEngine without = engine("without", sharded);
        const Xapian::Database db(path("with"));
        for (const Xapian::docid docid : spread(db, 6, 397)) {
            SearchRequest request;
            request.like_id = DocumentMapper().stored_id(db.get_document(docid));
            request.limit = 20;
            const SearchResult a = with.search(request);
            const SearchResult b = without.search(request);
            ASSERT_EQ(a.hits.size(), 20u) << request.like_id;
            expect_same_hits(a, b, "--like " + request.like_id + (sharded ? " (shards)" : ""));
        }
    }
}

TEST_F(NoTermlist, FeedbackRanksTheSameArticlesWithTheSameScores) {
    RankingConfig feedback;
    feedback.feedback_docs = 10;
    for (const bool sharded : {false, true}) {
        SearchEngine with = engine("with", sharded, feedback);
        SearchEngine without = engine("without", sharded, feedback);
        for (const std::string query :
             {"china trade", "election campaign", "mobile phone", "\"interest rates\"", "film AND oscar", "football"}) {
            SearchRequest request;
            request.query = query;
            request.limit = 20;
            expect_same_hits(with.search(request), without.search(request),
                             "feedback " + query + (sharded ? " (shards)" : ""));
        }
    }
}

TEST_F(NoTermlist, TopTermsAreTheSameWordsWithTheSameCountsAndWeights) {
    for (const bool sharded : {false, true}) {
        SearchEngine with = engine("with", sharded);
        SearchEngine without = engine("without", sharded);
        for (const std::string query : {"category:tech", "china", "election", "music industry", "oil prices"}) {
            SearchRequest request;
            request.query = query;
            request.limit = 0;
            request.top_terms = 15;
            const SearchResult a = with.search(request);
            const SearchResult b = without.search(request);
            ASSERT_EQ(a.top_terms.size(), 15u) << query;
            EXPECT_EQ(b.top_terms_sample, a.top_terms_sample) << query;
            test::expect_same_top_terms(a, b, query, kTolerance);
        }
    }
}

TEST_F(NoTermlist, ExplanationsAreTheSameTermByTerm) {
    RankingConfig feedback;
    feedback.feedback_docs = 10;
    for (const bool sharded : {false, true}) {
        for (const RankingConfig& ranking : {RankingConfig{}, feedback}) {
            SearchEngine with = engine("with", sharded, ranking);
            SearchEngine without = engine("without", sharded, ranking);
            for (const std::string query : {"title:china", "\"economic growth\"", "Blair election campaign", "hack*",
                                            "body:\"interest rates\"", "china source:bbc -trade"}) {
                SearchRequest request;
                request.query = query;
                request.explain = true;
                const SearchResult a = with.search(request);
                const SearchResult b = without.search(request);
                expect_same_hits(a, b, "--explain " + query);
                ASSERT_FALSE(a.hits.empty()) << query;
                for (std::size_t h = 0; h < a.hits.size(); ++h) {
                    const Explanation& x = *a.hits[h].explanation;
                    const Explanation& y = *b.hits[h].explanation;
                    ASSERT_EQ(y.terms.size(), x.terms.size()) << query << " hit " << h;
                    EXPECT_NEAR(y.total, x.total, kTolerance) << query;
                    for (std::size_t i = 0; i < x.terms.size(); ++i) {
                        EXPECT_EQ(y.terms[i].term, x.terms[i].term) << query;
                        EXPECT_EQ(y.terms[i].wdf, x.terms[i].wdf) << query << " " << x.terms[i].term;
                        EXPECT_EQ(y.terms[i].termfreq, x.terms[i].termfreq) << query;
                        EXPECT_NEAR(y.terms[i].weight, x.terms[i].weight, kTolerance) << query;
                    }
                }
            }
        }
    }
}

TEST_F(NoTermlist, ShardsWithAndWithoutTermlistsSearchAsOne) {
    // An old shard with termlists beside a new one without: each document's terms come from
    // where its shard keeps them.
    RankingConfig feedback;
    feedback.feedback_docs = 10;
    AnalysisConfig config;
    config.ranking = feedback;
    SearchEngine mixed(ShardSet({path("with-0"), path("without-1")}, {}), config);
    SearchEngine with = engine("with", true, feedback);
    for (const std::string query : {"china trade", "mobile phone"}) {
        SearchRequest request;
        request.query = query;
        request.limit = 20;
        request.top_terms = 10;
        const SearchResult a = with.search(request);
        const SearchResult b = mixed.search(request);
        expect_same_hits(a, b, "mixed shards " + query);
        ASSERT_EQ(b.top_terms.size(), a.top_terms.size());
        for (std::size_t i = 0; i < a.top_terms.size(); ++i) EXPECT_EQ(b.top_terms[i].term, a.top_terms[i].term);
    }
}

TEST_F(NoTermlist, AnUnreadableRecordStillShowsItsIdAndLikeSaysWhy) {
    // Without a termlist the id comes from the record's id field, stored ahead of its
    // compressed part, which survives damage to the rest.
    const test::TempDir dir;
    Xapian::WritableDatabase db((dir / "db").string(), Xapian::DB_CREATE | Xapian::DB_NO_TERMLIST);
    DocumentMapper mapper;
    db.add_document(mapper.to_document(test::article("good", "Budget news", "budget budget")));
    Xapian::Document bad = mapper.to_document(test::article("bad", "Budget plans", "budget and more budget words"));
    std::string record = schema::record_of(bad);
    record.replace(record.size() - 4, 4, "XXXX");  // the end of the zstd frame
    bad.add_value(schema::kRecordSlot, record);
    db.add_document(bad);
    db.commit();
    SearchEngine engine{Xapian::Database((dir / "db").string())};
    SearchRequest request;
    request.query = "budget";
    const SearchResult r = engine.search(request);
    ASSERT_EQ(r.hits.size(), 2u);
    const auto bad_hit = std::find_if(r.hits.begin(), r.hits.end(), [](const Hit& h) { return !h.error.empty(); });
    ASSERT_NE(bad_hit, r.hits.end());
    EXPECT_EQ(bad_hit->article.id, "bad");
    // Its terms cannot be made again: --like names the document and the reason.
    request.like_id = "bad";
    try {
        engine.search(request);
        FAIL() << "expected an error";
    } catch (const CorruptRecordError& e) {
        EXPECT_NE(std::string(e.what()).find("keeps no termlist"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace news
