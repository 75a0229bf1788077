// Ranking choices on hand-made articles: title weighting, query stopwords, pseudo-relevance
// feedback, and search of databases written before the combined field (docs/relevance.md).
#include "common/ranking.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "common/document_mapper.hpp"
#include "common/schema.hpp"
#include "common/stopwords.hpp"
#include "common/text_analysis.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"

namespace news {
namespace {

Article article(std::string id, std::string title, std::string body, std::string source = "wire") {
    Article a;
    a.id = std::move(id);
    a.title = std::move(title);
    a.body = std::move(body);
    a.source = std::move(source);
    return a;
}

Xapian::WritableDatabase index_articles(const std::vector<Article>& articles) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    IndexBuilder builder(db, {});
    for (const Article& a : articles) builder.add(a);
    builder.finish();
    return db;
}

std::vector<std::string> search_ids(const Xapian::Database& db, const std::string& query, AnalysisConfig config = {}) {
    SearchEngine engine(db, std::move(config));
    SearchRequest request;
    request.query = query;
    request.limit = 100;
    request.snippets = false;
    std::vector<std::string> ids;
    for (const Hit& hit : engine.search(request).hits) ids.push_back(hit.article.id);
    return ids;
}

std::string parsed(const Xapian::Database& db, const std::string& query) {
    SearchEngine engine(db);
    SearchRequest request;
    request.query = query;
    request.snippets = false;
    return engine.search(request).parsed_query;
}

TEST(Ranking, TitleMatchOutranksABodyOnlyMatchOfTheSameWord) {
    // Same length; "volcano" once in one title against twice in the other body.
    const auto db = index_articles({
        article("body", "Officials warn residents", "The volcano may erupt soon, said officials about the volcano."),
        article("title", "Volcano warning for residents",
                "It may erupt soon, said officials about the mountain there."),
    });
    EXPECT_EQ(search_ids(db, "volcano"), (std::vector<std::string>{"title", "body"}));
}

TEST(Ranking, StopwordsAreLeftOutOfTheRankedQuery) {
    const auto db = index_articles({
        article("a", "Volcano erupts", "Lava flowed from the volcano."),
        article("b", "What is the news", "The news of the day is what it is."),
    });
    const std::string q = parsed(db, "what is the volcano");
    EXPECT_NE(q.find("Zvolcano"), std::string::npos) << q;
    EXPECT_EQ(q.find("what"), std::string::npos) << q;
    EXPECT_EQ(q.find("the"), std::string::npos) << q;
    // Without its stopwords the question no longer matches the article full of them.
    EXPECT_EQ(search_ids(db, "what is the volcano"), (std::vector<std::string>{"a"}));
    AnalysisConfig keep;
    keep.query_stopwords = false;
    EXPECT_EQ(search_ids(db, "what is the volcano", keep).size(), 2u);
}

TEST(Ranking, PhrasesAndAllStopwordQueriesStillFindStopwords) {
    const auto db = index_articles({
        article("band", "The Who announce a world tour", "The Who will play twelve cities."),
        article("other", "Who will win the cup", "The team who scores first usually wins."),
        article("none", "Markets rise", "Shares closed higher on Friday."),
    });
    EXPECT_EQ(search_ids(db, "\"the who\""), (std::vector<std::string>{"band"}));
    // Only stopwords: Xapian keeps them rather than search nothing, and they are indexed.
    const auto ids = search_ids(db, "the who");
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()), (std::set<std::string>{"band", "other"}));
}

TEST(Ranking, StopwordListIsSnowballsEnglishList) {
    std::set<std::string_view> words(kSnowballEnglishStopwords.begin(), kSnowballEnglishStopwords.end());
    EXPECT_EQ(words.size(), kSnowballEnglishStopwords.size());  // no repeats
    for (std::string_view w : words) {
        EXPECT_FALSE(w.empty());
        EXPECT_TRUE(std::none_of(w.begin(), w.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) << w;
    }
    for (const char* w : {"the", "what", "and", "of", "don't"}) EXPECT_TRUE(words.count(w)) << w;
    // Left out by Snowball on purpose: US, and auxiliaries that are also nouns.
    for (const char* w : {"us", "can", "will", "may", "must", "mine"}) EXPECT_FALSE(words.count(w)) << w;
}

std::vector<Article> volcano_articles() {
    return {
        article("v1", "Volcano erupts", "Lava and ash poured from the volcano; magma rose for days.", "wire"),
        article("v2", "Volcano eruption grounds flights", "Ash from the volcano closed airports; lava reached the sea.",
                "wire"),
        article("v3", "Volcano alert raised", "Magma and lava under the volcano; ash fell on villages.", "wire"),
        article("island", "Island diary",
                "A long week on the island: lava fields, ash on every roof, magma "
                "glowing at night, and the volcano always in view from the harbour.",
                "paper"),
        article("menu", "Restaurant review", "The Volcano serves pizza.", "paper"),
        article("other", "Markets rise", "Shares closed higher on Friday.", "wire"),
    };
}

TEST(Ranking, FeedbackRanksArticlesLikeTheBestMatchesHigher) {
    const auto db = index_articles(volcano_articles());
    const auto plain = search_ids(db, "volcano");
    AnalysisConfig config;
    config.ranking.feedback_docs = 3;
    config.ranking.feedback_terms = 5;
    const auto expanded = search_ids(db, "volcano", config);
    const auto rank = [](const std::vector<std::string>& ids, const std::string& id) {
        return std::find(ids.begin(), ids.end(), id) - ids.begin();
    };
    // The short menu wins on BM25 alone; lava, ash and magma lift the island diary above it.
    EXPECT_LT(rank(plain, "menu"), rank(plain, "island"));
    EXPECT_LT(rank(expanded, "island"), rank(expanded, "menu"));
    // Feedback re-ranks; it never adds matches ("other" has none of the words).
    EXPECT_EQ(std::set<std::string>(expanded.begin(), expanded.end()),
              std::set<std::string>(plain.begin(), plain.end()));
    const auto filtered = search_ids(db, "volcano source:paper", config);
    EXPECT_EQ(std::set<std::string>(filtered.begin(), filtered.end()), (std::set<std::string>{"island", "menu"}));
}

TEST(Ranking, FeedbackLeavesABooleanOnlyQueryAlone) {
    const auto db = index_articles(volcano_articles());
    AnalysisConfig config;
    config.ranking.feedback_docs = 3;
    EXPECT_EQ(search_ids(db, "source:paper", config), search_ids(db, "source:paper"));
}

TEST(Ranking, DatabasesOfSchemaVersionOneAreSearchedThroughTheirFieldTerms) {
    // A version 1 document: title and body terms under their prefixes only.
    DocumentMapper mapper;
    Xapian::Document doc = mapper.to_document(article("old", "Volcano erupts", "Lava reached the sea."));
    std::vector<std::string> combined;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if (schema::is_combined_term(*t)) combined.push_back(*t);
    ASSERT_FALSE(combined.empty());
    for (const std::string& t : combined) doc.remove_term(t);
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    db.replace_document(schema::id_term("old"), doc);
    db.set_metadata(std::string(schema::kSchemaVersionKey), "1");
    db.commit();
    EXPECT_EQ(search_ids(db, "volcano lava"), (std::vector<std::string>{"old"}));
    EXPECT_EQ(search_ids(db, "title:volcano"), (std::vector<std::string>{"old"}));
}

}  // namespace
}  // namespace news
