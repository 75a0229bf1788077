/// Databases without a term list per document (indexer --no-termlist): smaller, searched
/// the same, and still updated and pruned correctly, by a rebuild at the end of the run.
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "indexer/index_builder.hpp"
#include "searcher/search_engine.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

std::vector<Article> bbc_articles(std::size_t n) {
    test::RecordingVisitor visitor;
    visitor.stop_after = n;
    read_corpus({test::project_path("corpus/bbc.jsonl.zst")}, visitor);
    return visitor.articles;
}

const std::string kOrigin = "/archive/bbc.jsonl";

IndexOptions without_termlist() {
    IndexOptions options;
    options.termlist = false;
    return options;
}

void index_articles(const std::string& path, const std::vector<Article>& articles, const IndexOptions& options) {
    IndexBuilder builder(path, options);
    for (const Article& a : articles) builder.add(a, kOrigin);
    builder.finish();
}

bool reads_termlists(const std::string& path) {
    const Xapian::Database db(path);
    try {
        (void)db.termlist_begin(*db.postlist_begin(""));
        return true;
    } catch (const Xapian::FeatureUnavailableError&) {
        return false;
    }
}

class TermlistFreeDatabase : public ::testing::Test {
  protected:
    test::TempDir dir_;
    std::string with_ = (dir_ / "with").string(), without_ = (dir_ / "without").string();
    std::vector<Article> articles_ = bbc_articles(300);
};

TEST_F(TermlistFreeDatabase, IsSmallerAndSearchesExactlyAsADatabaseWithOne) {
    index_articles(with_, articles_, {});
    index_articles(without_, articles_, without_termlist());
    EXPECT_TRUE(reads_termlists(with_));
    EXPECT_FALSE(reads_termlists(without_));
    EXPECT_FALSE(fs::exists(fs::path(without_) / "termlist.glass"));
    for (const std::string query :
         {"economy growth", "title:economy", "body:\"interest rates\"", "year:2015 OR shares", "film*"}) {
        const SearchResult a = test::exhaustive_search(with_, query), b = test::exhaustive_search(without_, query);
        ASSERT_EQ(test::hit_ids(a), test::hit_ids(b)) << query;
        for (std::size_t i = 0; i < a.hits.size(); ++i) EXPECT_NEAR(a.hits[i].score, b.hits[i].score, 1e-9) << query;
    }
}

TEST_F(TermlistFreeDatabase, AChangedArticleReplacesItsOldVersionAndNewOnesAreAdded) {
    index_articles(without_, articles_, without_termlist());
    std::vector<Article> next(articles_.begin(), articles_.begin() + 10);
    next[3].title = "Zebras take over the stock exchange";
    next.push_back(test::article("new-one", "Giraffes open a bank", "A new bank for tall customers."));
    IndexBuilder builder(without_, {});  // an existing database keeps its layout
    EXPECT_FALSE(builder.has_termlist());
    for (const Article& a : next) builder.add(a, kOrigin);
    EXPECT_EQ(builder.counts().updated, 1u);
    EXPECT_EQ(builder.counts().added, 1u);
    EXPECT_EQ(builder.counts().unchanged, 9u);
    EXPECT_EQ(test::hit_ids(test::exhaustive_search(without_, "zebras")), std::vector<std::string>{})
        << "until the run finishes, the database holds the old version";
    builder.finish();

    EXPECT_EQ(Xapian::Database(without_).get_doccount(), articles_.size() + 1);
    EXPECT_EQ(test::hit_ids(test::exhaustive_search(without_, "zebras")), std::vector<std::string>{articles_[3].id});
    EXPECT_EQ(test::hit_ids(test::exhaustive_search(without_, "giraffes")), std::vector<std::string>{"new-one"});
    EXPECT_EQ(test::hit_ids(test::exhaustive_search(without_, "id:" + articles_[3].id)).size(), 1u)
        << "one version, not two";
    EXPECT_FALSE(reads_termlists(without_)) << "the rebuild keeps the layout";
    EXPECT_FALSE(fs::exists(dir_ / "without.updates"));
    EXPECT_FALSE(fs::exists(dir_ / "without.rebuilding"));

    // The same as an index of the new articles from scratch, score for score.
    std::vector<Article> all = articles_;
    all[3] = next[3];
    all.push_back(next.back());
    index_articles(with_, all, {});
    for (const std::string query : {"zebras stock", "economy growth", "bank"}) {
        const SearchResult a = test::exhaustive_search(with_, query), b = test::exhaustive_search(without_, query);
        ASSERT_EQ(test::hit_ids(a), test::hit_ids(b)) << query;
        for (std::size_t i = 0; i < a.hits.size(); ++i) EXPECT_NEAR(a.hits[i].score, b.hits[i].score, 1e-9) << query;
    }
}

TEST_F(TermlistFreeDatabase, DeletedArticlesAreGoneAfterTheRun) {
    index_articles(without_, articles_, without_termlist());
    IndexBuilder builder(without_, {});
    EXPECT_TRUE(builder.remove(articles_[0].id));
    EXPECT_TRUE(builder.remove(articles_[1].id));
    EXPECT_FALSE(builder.remove("no-such-id"));
    builder.finish();
    EXPECT_EQ(Xapian::Database(without_).get_doccount(), articles_.size() - 2);
    EXPECT_TRUE(test::hit_ids(test::exhaustive_search(without_, "id:" + articles_[0].id)).empty());
    EXPECT_EQ(test::hit_ids(test::exhaustive_search(without_, "id:" + articles_[2].id)).size(), 1u);
}

TEST_F(TermlistFreeDatabase, AnInterruptedRunLeavesTheOldVersionsWhole) {
    index_articles(without_, articles_, without_termlist());
    {
        IndexBuilder builder(without_, {});
        Article changed = articles_[5];
        changed.body = "Replaced text about zebras.";
        builder.add(changed, kOrigin);
        builder.add(test::article("new-one", "Giraffes open a bank", "A new bank."), kOrigin);
        builder.commit();  // killed here: finish() never runs
    }
    EXPECT_TRUE(test::hit_ids(test::exhaustive_search(without_, "zebras")).empty());
    EXPECT_EQ(test::hit_ids(test::exhaustive_search(without_, "id:" + articles_[5].id)).size(), 1u);
    EXPECT_EQ(test::hit_ids(test::exhaustive_search(without_, "giraffes")), std::vector<std::string>{"new-one"})
        << "added ones stay";

    // The next run finds the article changed again, and this time finishes.
    IndexBuilder builder(without_, {});
    EXPECT_FALSE(fs::exists(dir_ / "without.updates")) << "the staged changes of the killed run are dropped";
    Article changed = articles_[5];
    changed.body = "Replaced text about zebras.";
    EXPECT_EQ(builder.add(changed, kOrigin), AddOutcome::kUpdated);
    builder.finish();
    EXPECT_EQ(test::hit_ids(test::exhaustive_search(without_, "zebras")), std::vector<std::string>{articles_[5].id});
}

TEST_F(TermlistFreeDatabase, TheIndexerCreatesUpdatesAndPrunesOne) {
    test::IndexedByTheIndexer db;
    const fs::path folder = db.dir() / "articles";
    fs::create_directories(folder);
    for (const std::string name : {"a", "b", "c"})
        std::ofstream(folder / (name + ".txt")) << "Title of " << name << "\n\nThe body of article " << name << ".\n";
    const std::string indexer = test::program("indexer") + " --db " + test::shell_quoted(db.db()) + " ";
    const std::string input = test::shell_quoted(folder.string());
    const test::CommandRun built = test::run_command(indexer + "--no-termlist " + input);
    ASSERT_EQ(built.exit_code, 0) << built.out;
    EXPECT_FALSE(reads_termlists(db.db()));

    std::ofstream(folder / "a.txt") << "Title of a\n\nNow about zebras.\n";
    fs::remove(folder / "c.txt");
    const test::CommandRun updated = test::run_command(indexer + "--delete-missing " + input);
    EXPECT_NE(updated.out.find("0 added, 1 updated, 1 unchanged, 1 deleted"), std::string::npos) << updated.out;
    EXPECT_EQ(test::trec_ids(db.search("--format trec zebras").out).size(), 1u);
    EXPECT_EQ(test::trec_ids(db.search("--format trec article").out).size(), 1u) << "b only: a changed, c deleted";
    const test::CommandRun again = test::run_command(indexer + input);
    EXPECT_NE(again.out.find("0 added, 0 updated, 2 unchanged"), std::string::npos) << again.out;

    const test::CommandRun with_one = test::run_command(indexer + "--rebuild");
    ASSERT_EQ(with_one.exit_code, 0) << with_one.out;
    EXPECT_FALSE(reads_termlists(db.db())) << "--rebuild keeps the layout";
}

TEST_F(TermlistFreeDatabase, RebuildDropsATermlistOnRequest) {
    index_articles(with_, articles_, {});
    const test::CommandRun r = test::run_command(test::program("indexer") + " --quiet --db " +
                                                 test::shell_quoted(with_) + " --rebuild --no-termlist");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_FALSE(reads_termlists(with_));
    EXPECT_EQ(Xapian::Database(with_).get_doccount(), articles_.size());
}

}  // namespace
}  // namespace news
