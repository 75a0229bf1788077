/// Issue 17, "Multi-word tags from scraped pages": from schema 9 (schema::kTagWordSchema) a
/// tag's words are also positional terms, so `tag:"xi jinping"` finds the run of words of a
/// scraped tag line that had no separators, while tags listed apart stay apart.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "common/document_mapper.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "common/stored_record.hpp"
#include "indexer/indexing_run.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

const std::string kSeedId = "thehill-xi-cyber-dialogue";

Article seed_article() {
    test::RecordingVisitor visitor;
    read_corpus({test::seed_article_path()}, visitor);
    return visitor.articles.at(0);
}

/// Two articles whose tags are listed apart (a JSON Lines array), and one whose tag holds
/// the words inside a longer tag.
std::vector<Article> listed_tags() {
    Article apart = test::article("apart", "Two tags", "Tags listed one by one.");
    apart.tags = {"Xi", "Jinping"};
    Article inside = test::article("inside", "One tag", "A tag of three words.");
    inside.tags = {"Cyber", "President Xi Jinping"};
    Article exact = test::article("exact", "Exact tag", "The tag itself.");
    exact.tags = {"Xi Jinping"};
    return {apart, inside, exact};
}

std::vector<std::string> found(const Xapian::Database& db, const std::string& query) {
    SearchEngine engine(db);
    std::vector<std::string> ids = test::hit_ids(test::exhaustive_search(engine, query));
    std::sort(ids.begin(), ids.end());
    return ids;
}

using Ids = std::vector<std::string>;

TEST(TagWords, AQuotedTagFindsTheRunOfWordsOfTheSeedsTagLineWithoutSeparators) {
    const Article seed = seed_article();
    ASSERT_EQ(seed.tags, (Ids{"China", "Cyberwarfare", "Hacking", "Xi", "Jinping"}));
    ASSERT_TRUE(seed.tags_unseparated);
    std::vector<Article> articles = listed_tags();
    articles.push_back(seed);
    const Xapian::WritableDatabase db = test::indexed_in_schema(articles, schema::kSchemaVersion);

    EXPECT_EQ(found(db, "tag:\"xi jinping\""), (Ids{"exact", "inside", kSeedId}));
    EXPECT_EQ(found(db, "tag:\"Hacking Xi\" cyber"), (Ids{kSeedId})) << "any run of the line, in any case";
    EXPECT_EQ(found(db, "tag:\"jinping xi\""), Ids{}) << "in order";
    EXPECT_EQ(found(db, "tag:xi"), (Ids{"apart", kSeedId})) << "one word is the exact tag, as before";

    // A database of an older schema has no tag words, and is searched for the exact tag.
    const Xapian::WritableDatabase old = test::indexed_in_schema(articles, schema::kTagWordSchema - 1);
    EXPECT_EQ(old.allterms_begin(std::string(schema::kTagWordPrefix)),
              old.allterms_end(std::string(schema::kTagWordPrefix)));
    EXPECT_EQ(found(old, "tag:\"xi jinping\""), (Ids{"exact"}));
}

TEST(TagWords, ARunNeverSpansTwoTagsListedApart) {
    const Xapian::WritableDatabase db = test::indexed_in_schema(listed_tags(), schema::kSchemaVersion);
    // "apart" has the tags Xi and Jinping, one after the other: not the tag "Xi Jinping".
    EXPECT_EQ(found(db, "tag:\"xi jinping\""), (Ids{"exact", "inside"}));
    EXPECT_EQ(found(db, "tag:\"cyber president\""), Ids{}) << "nor across the tags of one article";
    // The facet counts the exact tags only: the value slot is unchanged.
    SearchEngine engine(db);
    SearchRequest request;
    request.query = "tag:\"xi jinping\"";
    request.facets = {"tag"};
    const SearchResult result = engine.search(request);
    ASSERT_EQ(result.facets.size(), 1u);
    std::vector<std::string> tags;
    for (const auto& [value, count] : result.facets[0].values) tags.push_back(value);
    std::sort(tags.begin(), tags.end());
    EXPECT_EQ(tags, (Ids{"cyber", "president xi jinping", "xi jinping"}));
}

TEST(TagWords, TheSeparationOfATagLineSurvivesTheStoredRecordAndARebuild) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    {
        Xapian::WritableDatabase old(db, Xapian::DB_CREATE);
        DocumentMapper mapper;
        mapper.set_schema_version(schema::kTagWordSchema - 1);
        for (const Article& a : {seed_article(), listed_tags()[0]})
            old.replace_document(schema::id_term(a.id), mapper.to_document(a, "/corpus/x"));
        old.set_metadata(std::string(schema::kSchemaVersionKey), std::to_string(schema::kTagWordSchema - 1));
        old.commit();
    }
    EXPECT_EQ(found(Xapian::Database(db), "tag:\"xi jinping\""), Ids{});
    RecordCodec codec;
    EXPECT_TRUE(codec.decode(codec.encode(seed_article())).tags_unseparated);
    EXPECT_FALSE(codec.decode(codec.encode(listed_tags()[0])).tags_unseparated);

    IndexObserver quiet;
    rebuild_from_records(db, 1, StubPrograms::kRefuse, quiet);
    EXPECT_EQ(found(Xapian::Database(db), "tag:\"xi jinping\""), (Ids{kSeedId}));
}

TEST(TagWords, TagWordsCarryNoWdfSoRankingIsUnchanged) {
    const Article seed = seed_article();
    DocumentMapper mapper;
    const Xapian::Document doc = mapper.to_document(seed);
    Xapian::termcount tag_words = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        if (!(*t).starts_with(schema::kTagWordPrefix)) continue;
        ++tag_words;
        EXPECT_EQ(t.get_wdf(), 0u) << *t;
        EXPECT_EQ(test::word_positions_of(doc, *t).size(), 1u) << *t;
    }
    EXPECT_EQ(tag_words, 5u);
    Article untagged = seed;
    untagged.tags.clear();
    const Xapian::WritableDatabase db = test::indexed_in_schema({seed}, schema::kSchemaVersion);
    const Xapian::WritableDatabase without = test::indexed_in_schema({untagged}, schema::kSchemaVersion);
    EXPECT_EQ(db.get_doclength(1), without.get_doclength(1));
}

}  // namespace
}  // namespace news
