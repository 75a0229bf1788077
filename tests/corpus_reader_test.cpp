#include "common/corpus_reader.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

/// Records everything the reader reports; skips and warnings as "location: message".
class RecordingVisitor : public CorpusVisitor {
  public:
    std::vector<Article> articles;
    std::vector<std::string> article_locations;
    std::vector<std::string> skips;
    std::vector<std::string> warnings;
    std::size_t stop_after = static_cast<std::size_t>(-1);

    void on_article(Article&& article, const RecordLocation& where) override {
        articles.push_back(std::move(article));
        article_locations.push_back(where.to_string());
    }
    void on_skip(const RecordLocation& where, std::string_view reason) override {
        skips.push_back(where.to_string() + ": " + std::string(reason));
    }
    void on_warning(const RecordLocation& where, std::string_view message) override {
        warnings.push_back(where.to_string() + ": " + std::string(message));
    }
    bool should_stop() override { return articles.size() >= stop_after; }

    std::vector<std::string> ids() const {
        std::vector<std::string> out;
        for (const Article& article : articles) out.push_back(article.id);
        return out;
    }
};

RecordingVisitor read(const std::vector<fs::path>& inputs) {
    RecordingVisitor visitor;
    read_corpus(inputs, visitor);
    return visitor;
}

const Article* find_id(const RecordingVisitor& visitor, std::string_view id) {
    for (const Article& article : visitor.articles)
        if (article.id == id) return &article;
    return nullptr;
}

TEST(RecordLocation, PrintsPathAndLineOrPathAlone) {
    EXPECT_EQ((RecordLocation{"corpus/bbc.jsonl.zst", 12}.to_string()), "corpus/bbc.jsonl.zst:12");
    EXPECT_EQ((RecordLocation{"corpus/seed/x.txt", 0}.to_string()), "corpus/seed/x.txt");
}

TEST(DetectFormat, FollowsTheFileExtension) {
    const std::pair<const char*, CorpusFormat> cases[] = {
        {"corpus/seed/thehill-xi-cyber-dialogue.txt", CorpusFormat::kText},
        {"bbc.jsonl", CorpusFormat::kJsonLines},
        {"corpus/bbc.jsonl.zst", CorpusFormat::kJsonLines},
        {"a.ndjson", CorpusFormat::kJsonLines},
        {"a.ndjson.zst", CorpusFormat::kJsonLines},
        {"bbc/README.TXT", CorpusFormat::kUnknown},  // case matters: documentation, not an article
        {"a.txt.zst", CorpusFormat::kUnknown},
        {"a.json", CorpusFormat::kUnknown},
        {"a.zst", CorpusFormat::kUnknown},
        {"reut2-000.sgm", CorpusFormat::kUnknown},
        {"README.md", CorpusFormat::kUnknown},
        {"jsonl", CorpusFormat::kUnknown},
        {"txt.d/notes", CorpusFormat::kUnknown},
    };
    for (const auto& [name, format] : cases) EXPECT_EQ(detect_format(name), format) << name;
}

TEST(ReadCorpus, ProjectCorpusHoldsEveryBbcArticleAndTheSeedWithUniqueIds) {
    const RecordingVisitor visitor = read({test::project_path("corpus")});
    EXPECT_EQ(visitor.skips, std::vector<std::string>{});
    EXPECT_EQ(visitor.warnings, std::vector<std::string>{});
    ASSERT_EQ(visitor.articles.size(), 2226u);
    const std::vector<std::string> ids = visitor.ids();
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 2226u);

    // Sorted walk: bbc.jsonl.zst comes before the seed/ folder.
    EXPECT_EQ(ids.front(), "bbc/business/001");
    EXPECT_EQ(ids[2224], "bbc/tech/401");
    EXPECT_EQ(ids.back(), "seed/thehill-xi-cyber-dialogue");

    const Article& seed = visitor.articles.back();
    EXPECT_EQ(seed.title, "Xi: \xE2\x80\x98" "China is ready\xE2\x80\x99 for cyber crime dialogue");
    EXPECT_EQ(seed.source, "");
    EXPECT_EQ(seed.category, "seed");  // its parent folder lies below the folder given
    EXPECT_EQ(seed.tags.size(), 5u);
    EXPECT_EQ(visitor.article_locations.back(), test::seed_article_path().string());
}

TEST(ReadCorpus, LoneTextFileIsIdentifiedByItsStemWithoutCategory) {
    const RecordingVisitor visitor = read({test::seed_article_path()});
    ASSERT_EQ(visitor.articles.size(), 1u);
    EXPECT_EQ(visitor.articles[0].id, "thehill-xi-cyber-dialogue");
    EXPECT_EQ(visitor.articles[0].category, "");
    EXPECT_EQ(visitor.articles[0].body.rfind("Chinese President Xi Jinping is prepared to start a", 0), 0u);
}

TEST(ReadCorpus, BbcTextFolderGivesIdsAndCategoriesFromPathsAndMatchesTheJsonl) {
    NEWS_REQUIRE_SHARED("corpus/bbc");
    const RecordingVisitor text = read({test::shared_path("corpus/bbc")});
    EXPECT_EQ(text.skips, std::vector<std::string>{});  // README.TXT is ignored silently
    ASSERT_EQ(text.articles.size(), 2225u);
    EXPECT_EQ(text.articles.front().id, "business/001");
    EXPECT_EQ(text.articles.back().id, "tech/401");
    std::map<std::string, int> per_category;
    for (const Article& article : text.articles) ++per_category[article.category];
    EXPECT_EQ(per_category, (std::map<std::string, int>{
                                {"business", 510}, {"entertainment", 386}, {"politics", 417}, {"sport", 511}, {"tech", 401}}));

    // The same articles as the shipped JSON Lines corpus, record for record.
    const RecordingVisitor jsonl = read({test::project_path("corpus/bbc.jsonl.zst")});
    ASSERT_EQ(jsonl.articles.size(), 2225u);
    for (std::size_t i = 0; i < 2225; ++i) {
        EXPECT_EQ("bbc/" + text.articles[i].id, jsonl.articles[i].id);
        EXPECT_EQ(text.articles[i].title, jsonl.articles[i].title) << text.articles[i].id;
        EXPECT_EQ(text.articles[i].body, jsonl.articles[i].body) << text.articles[i].id;
        EXPECT_EQ(text.articles[i].category, jsonl.articles[i].category) << text.articles[i].id;
    }
}

TEST(ReadCorpus, MalformedInputsAreReportedWithTheirLocationAndTheRestIsRead) {
    test::TempDir dir;
    const std::string seed = test::read_file(test::seed_article_path());
    const std::string zst = test::read_file(test::project_path("corpus/bbc.jsonl.zst"));
    test::write_file(dir / "a/good.txt", seed);
    test::write_file(dir / "a/empty.txt", "");
    test::write_file(dir / "a/blank.txt", "\n  \n{mosads}\n");
    test::write_file(dir / "a/latin1.txt", "Caf\xE9 owners protest\n\nPrices rose by \xA3" "5.");
    test::write_file(dir / "a/zstd-as-text.txt", zst.substr(0, 4096));   // binary junk
    test::write_file(dir / "b/lines.jsonl", "{\"title\": \"one\"}\n{\"title\": \n{\"title\": \"three\"}\n");
    test::write_file(dir / "b/cut.jsonl.zst", zst.substr(0, 200000));     // a truncated real zstd file
    test::write_file(dir / "b/notes.md", "# not a corpus file\n");         // ignored
    test::write_file(dir / ".hidden/secret.txt", seed);                     // ignored
    test::write_file(dir / "a/.draft.txt", seed);                           // ignored

    const RecordingVisitor visitor = read({dir.path()});
    const std::string root = dir.path().string();
    ASSERT_GE(visitor.skips.size(), 6u);
    EXPECT_EQ(visitor.skips[0], root + "/a/blank.txt: no title or body");
    EXPECT_EQ(visitor.skips[1], root + "/a/empty.txt: empty file");
    EXPECT_EQ(visitor.skips[2], root + "/a/latin1.txt:1: invalid UTF-8 at byte 3");
    EXPECT_EQ(visitor.skips[3].rfind(root + "/a/zstd-as-text.txt:1: invalid UTF-8 at byte ", 0), 0u) << visitor.skips[3];
    EXPECT_EQ(visitor.skips[4].rfind(root + "/b/cut.jsonl.zst:", 0), 0u) << visitor.skips[4];
    EXPECT_NE(visitor.skips[4].find(": truncated zstd data"), std::string::npos) << visitor.skips[4];
    EXPECT_EQ(visitor.skips[5].rfind(root + "/b/lines.jsonl:2: invalid JSON: ", 0), 0u) << visitor.skips[5];
    EXPECT_EQ(visitor.skips.size(), 6u);

    const std::vector<std::string> ids = visitor.ids();
    ASSERT_GE(ids.size(), 4u);
    EXPECT_EQ(ids.front(), "a/good");
    EXPECT_EQ(ids[1], "bbc/business/001");  // b/cut.jsonl.zst: the complete lines before the cut
    EXPECT_EQ(ids[ids.size() - 2], "b/lines.jsonl:1");
    EXPECT_EQ(ids.back(), "b/lines.jsonl:3");
    EXPECT_EQ(find_id(visitor, "a/good")->category, "a");
    EXPECT_EQ(find_id(visitor, "b/lines.jsonl:3")->category, "");  // JSON Lines keep their own category
}

TEST(ReadCorpus, ExplicitUnknownFormatAndMissingPathsAreReported) {
    test::TempDir dir;
    test::write_file(dir / "notes.md", "# notes\n");
    const RecordingVisitor visitor = read({dir / "notes.md", dir / "missing.txt", dir / "missing", test::seed_article_path()});
    EXPECT_EQ(visitor.skips, (std::vector<std::string>{
                                 (dir / "notes.md").string() +
                                     ": unknown format (expected .txt, .jsonl, .ndjson, .jsonl.zst or .ndjson.zst)",
                                 (dir / "missing.txt").string() + ": no such file or folder",
                                 (dir / "missing").string() + ": no such file or folder",
                             }));
    EXPECT_EQ(visitor.ids(), std::vector<std::string>{"thehill-xi-cyber-dialogue"});
}

TEST(ReadCorpus, UnreadableFileIsReported) {
    if (::geteuid() == 0) GTEST_SKIP() << "running as root: permissions cannot make a file unreadable";
    test::TempDir dir;
    test::write_file(dir / "locked.txt", test::read_file(test::seed_article_path()));
    fs::permissions(dir / "locked.txt", fs::perms::none);
    const RecordingVisitor visitor = read({dir.path()});
    EXPECT_TRUE(visitor.articles.empty());
    ASSERT_EQ(visitor.skips.size(), 1u);
    EXPECT_EQ(visitor.skips[0].rfind((dir / "locked.txt").string() + ": cannot read: ", 0), 0u) << visitor.skips[0];
}

TEST(ReadCorpus, NamedFileThatIsNotARegularFileIsReported) {
    test::TempDir dir;
    const fs::path fifo = dir / "pipe.txt";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const RecordingVisitor visitor = read({fifo});  // must not block waiting for a writer
    EXPECT_TRUE(visitor.articles.empty());
    ASSERT_EQ(visitor.skips.size(), 1u);
    EXPECT_EQ(visitor.skips[0].rfind(fifo.string() + ": cannot read: ", 0), 0u) << visitor.skips[0];

    // Inside a folder, anything but regular files and folders is ignored.
    EXPECT_TRUE(read({dir.path()}).skips.empty());
}

TEST(ReadCorpus, SymlinkLoopIsReadOnce) {
    test::TempDir dir;
    test::write_file(dir / "news/seed.txt", test::read_file(test::seed_article_path()));
    fs::create_directory_symlink(dir / "news", dir / "news/again");
    const RecordingVisitor visitor = read({dir.path()});
    EXPECT_EQ(visitor.ids(), std::vector<std::string>{"news/seed"});
    EXPECT_TRUE(visitor.skips.empty());
}

TEST(ReadCorpus, StopsBetweenRecordsWhenTheVisitorAsksTo) {
    RecordingVisitor visitor;
    visitor.stop_after = 3;
    read_corpus({test::project_path("corpus"), test::seed_article_path()}, visitor);
    EXPECT_EQ(visitor.ids(), (std::vector<std::string>{"bbc/business/001", "bbc/business/002", "bbc/business/003"}));
}

}  // namespace
}  // namespace news
