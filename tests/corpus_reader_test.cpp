#include "common/readers/corpus_reader.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/readers/html_text.hpp"
#include "common/readers/reader_support.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

namespace fs = std::filesystem;

using test::RecordingVisitor;

RecordingVisitor read(const std::vector<fs::path>& inputs, const ReadOptions& options = {}) {
    RecordingVisitor visitor;
    read_corpus(inputs, visitor, options);
    return visitor;
}

ReadOptions forced(CorpusFormat format) {
    ReadOptions options;
    options.format = format;
    return options;
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
        {"news.csv", CorpusFormat::kCsv},
        {"news.csv.zst", CorpusFormat::kCsv},
        {"news.tsv", CorpusFormat::kTsv},
        {"news.tsv.zst", CorpusFormat::kTsv},
        {"reuters21578-sgml/reut2-000.sgm", CorpusFormat::kReuters},
        {"reut2-000.sgm.zst", CorpusFormat::kReuters},
        {"fr94.trec", CorpusFormat::kTrec},
        {"fr94.trec.zst", CorpusFormat::kTrec},
        {"a.txt.zst", CorpusFormat::kUnknown},
        {"a.json", CorpusFormat::kUnknown},
        {"a.zst", CorpusFormat::kUnknown},
        {"a.sgml", CorpusFormat::kUnknown},  // says nothing about the document type
        {"a.CSV", CorpusFormat::kUnknown},
        {"FR940104.0", CorpusFormat::kUnknown},  // TREC files often have no extension: --format trec
        {"README.md", CorpusFormat::kUnknown},
        {"jsonl", CorpusFormat::kUnknown},
        {"txt.d/notes", CorpusFormat::kUnknown},
    };
    for (const auto& [name, format] : cases) EXPECT_EQ(detect_format(name), format) << name;
}

TEST(ParseFormatName, NamesEveryFormatAndListsThemOnError) {
    for (CorpusFormat format : {CorpusFormat::kAuto, CorpusFormat::kText, CorpusFormat::kJsonLines, CorpusFormat::kCsv,
                                CorpusFormat::kTsv, CorpusFormat::kReuters, CorpusFormat::kTrec, CorpusFormat::kHtml})
        EXPECT_EQ(parse_format_name(format_name(format)), format) << format_name(format);
    EXPECT_EQ(parse_format_name("jsonl"), CorpusFormat::kJsonLines);
    try {
        parse_format_name("xml");
        FAIL() << "no exception";
    } catch (const std::invalid_argument& e) {
        EXPECT_STREQ(e.what(), "unknown format 'xml' (valid: auto, text, jsonl, csv, tsv, reuters, trec, html)");
    }
    EXPECT_THROW(parse_format_name("CSV"), std::invalid_argument);
}

TEST(FieldMap, ReadsEachFieldFromItsOwnNameUnlessAssigned) {
    FieldMap fields;
    EXPECT_EQ(fields.key(ArticleField::kTitle), "title");
    EXPECT_EQ(fields.key(ArticleField::kTags), "tags");
    fields.assign("title=headline");
    fields.assign("body=text=full");  // everything after the first '=' is the key
    EXPECT_EQ(fields.key(ArticleField::kTitle), "headline");
    EXPECT_EQ(fields.key(ArticleField::kBody), "text=full");
    EXPECT_EQ(fields.key(ArticleField::kId), "id");
    const std::pair<const char*, const char*> errors[] = {
        {"headline", "expected FIELD=KEY, got 'headline'"},
        {"author=byline",
         "unknown article field 'author' (valid: id, title, body, date, url, source, category, tags, language)"},
        {"Title=headline",
         "unknown article field 'Title' (valid: id, title, body, date, url, source, category, tags, language)"},
        {"title=", "no key given for field 'title'"},
    };
    for (const auto& [assignment, message] : errors) {
        try {
            fields.assign(assignment);
            ADD_FAILURE() << "no exception for " << assignment;
        } catch (const std::invalid_argument& e) {
            EXPECT_STREQ(e.what(), message);
        }
    }
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
    EXPECT_EQ(seed.title,
              "Xi: \xE2\x80\x98"
              "China is ready\xE2\x80\x99 for cyber crime dialogue");
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
    EXPECT_EQ(per_category,
              (std::map<std::string, int>{
                  {"business", 510}, {"entertainment", 386}, {"politics", 417}, {"sport", 511}, {"tech", 401}}));

    // The same articles as the shipped JSON Lines corpus, record for record. Both hold the
    // scraped "caf&#233;" of 20 articles; the JSON Lines reader decodes it (issue 17), the
    // text reader does not.
    const RecordingVisitor jsonl = read({test::project_path("corpus/bbc.jsonl.zst")});
    ASSERT_EQ(jsonl.articles.size(), 2225u);
    for (std::size_t i = 0; i < 2225; ++i) {
        EXPECT_EQ("bbc/" + text.articles[i].id, jsonl.articles[i].id);
        EXPECT_EQ(html::fragment_line(text.articles[i].title), jsonl.articles[i].title) << text.articles[i].id;
        EXPECT_EQ(html::fragment_text(text.articles[i].body), jsonl.articles[i].body) << text.articles[i].id;
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
    test::write_file(dir / "a/latin1.txt",
                     "Caf\xE9 owners protest\n\nPrices rose by \xA3"
                     "5.");
    test::write_file(dir / "a/zstd-as-text.txt", zst.substr(0, 4096));  // binary junk
    test::write_file(dir / "b/lines.jsonl", "{\"title\": \"one\"}\n{\"title\": \n{\"title\": \"three\"}\n");
    test::write_file(dir / "b/cut.jsonl.zst", zst.substr(0, 200000));  // a truncated real zstd file
    test::write_file(dir / "b/notes.md", "# not a corpus file\n");     // ignored
    test::write_file(dir / ".hidden/secret.txt", seed);                // ignored
    test::write_file(dir / "a/.draft.txt", seed);                      // ignored

    const RecordingVisitor visitor = read({dir.path()});
    const std::string root = dir.path().string();
    ASSERT_GE(visitor.skips.size(), 6u);
    EXPECT_EQ(visitor.skips[0], root + "/a/blank.txt: no title or body");
    EXPECT_EQ(visitor.skips[1], root + "/a/empty.txt: empty file");
    EXPECT_EQ(visitor.skips[2], root + "/a/latin1.txt:1: invalid UTF-8 at byte 3");
    EXPECT_EQ(visitor.skips[3].rfind(root + "/a/zstd-as-text.txt:1: invalid UTF-8 at byte ", 0), 0u)
        << visitor.skips[3];
    EXPECT_EQ(visitor.skips[4].rfind(root + "/b/cut.jsonl.zst:", 0), 0u) << visitor.skips[4];
    EXPECT_NE(visitor.skips[4].find(": truncated zstd data"), std::string::npos) << visitor.skips[4];
    EXPECT_EQ(visitor.skips[5].rfind(root + "/b/lines.jsonl:2: invalid JSON: ", 0), 0u) << visitor.skips[5];
    EXPECT_EQ(visitor.skips.size(), 6u);

    const std::vector<std::string> ids = visitor.ids();
    ASSERT_GE(ids.size(), 4u);
    EXPECT_EQ(ids.front(), "a/good");
    EXPECT_EQ(ids[1], "bbc/business/001");  // b/cut.jsonl.zst: the complete lines before the cut
    // Records without id or url: the file below the folder given, and a hash of their content.
    EXPECT_EQ(ids[ids.size() - 2], content_id("b/lines.jsonl", visitor.articles[ids.size() - 2]));
    EXPECT_EQ(ids.back(), content_id("b/lines.jsonl", visitor.articles.back()));
    EXPECT_EQ(find_id(visitor, "a/good")->category, "a");
    EXPECT_EQ(visitor.articles.back().category, "");  // JSON Lines keep their own category
}

TEST(ReadCorpus, ExplicitUnknownFormatAndMissingPathsAreReported) {
    test::TempDir dir;
    test::write_file(dir / "notes.md", "# notes\n");
    const RecordingVisitor visitor =
        read({dir / "notes.md", dir / "missing.txt", dir / "missing", test::seed_article_path()});
    EXPECT_EQ(visitor.skips,
              (std::vector<std::string>{
                  (dir / "notes.md").string() +
                      ": unknown format (expected .txt, .html, .htm, or .jsonl, .ndjson, .csv, .tsv, .sgm or "
                      ".trec, each optionally .zst-compressed)",
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

TEST(ReadCorpus, EveryFormatIsReadByItsExtension) {
    test::TempDir dir;
    test::write_file(dir / "a/one.csv", "id,title\ncsv-1,From CSV\n");
    test::write_file(dir / "a/two.tsv", "id\ttitle\ntsv-1\tFrom TSV\n");
    test::write_file(
        dir / "b/reut2-000.sgm",
        "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n<REUTERS NEWID=\"7\">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n"
        "<TEXT><TITLE>FROM REUTERS</TITLE><BODY>Body.</BODY></TEXT>\n</REUTERS>\n");
    test::write_file(dir / "b/sample.trec", "<DOC>\n<DOCNO> trec-1 </DOCNO>\n<TEXT>From TREC</TEXT>\n</DOC>\n");
    test::write_file(dir / "c/d.jsonl", "{\"id\": \"json-1\", \"title\": \"From JSON\"}\n");
    test::write_file(dir / "c/e.txt", "From text\n\nBody.\n");
    test::write_file(dir / "c/f.sgml", "<DOC><DOCNO>ignored</DOCNO></DOC>\n");  // unknown: ignored in folders
    const RecordingVisitor visitor = read({dir.path()});
    EXPECT_EQ(visitor.skips, std::vector<std::string>{});
    EXPECT_EQ(visitor.ids(), (std::vector<std::string>{"csv-1", "tsv-1", "7", "trec-1", "json-1", "c/e"}));
    EXPECT_EQ(visitor.articles[2].source, "reuters-21578");
    EXPECT_EQ(visitor.articles[2].date, "1987-02-26T15:01:01");
    EXPECT_EQ(visitor.article_locations[2], (dir / "b/reut2-000.sgm").string() + ":2");
}

TEST(ReadCorpus, ForcedFormatReadsEveryFileWhateverItsName) {
    test::TempDir dir;
    test::write_file(dir / "fr94/01/FR940104.0",
                     "<DOC>\n<DOCNO> FR940104-0-00001 </DOCNO>\n<TEXT>Rules.</TEXT>\n</DOC>\n");
    test::write_file(dir / "fr94/01/FR940104.1",
                     "<DOC>\n<DOCNO> FR940104-1-00001 </DOCNO>\n<TEXT>More.</TEXT>\n</DOC>\n");
    test::write_file(dir / "fr94/.index", "not a document\n");  // hidden: still ignored
    test::write_file(dir / "export.dat", "headline,text\nA,B\n");

    EXPECT_TRUE(read({dir / "fr94"}).articles.empty());  // by extension: nothing known there
    const RecordingVisitor trec = read({dir / "fr94"}, forced(CorpusFormat::kTrec));
    EXPECT_EQ(trec.skips, std::vector<std::string>{});
    EXPECT_EQ(trec.ids(), (std::vector<std::string>{"FR940104-0-00001", "FR940104-1-00001"}));

    ReadOptions csv = forced(CorpusFormat::kCsv);
    csv.fields.assign("title=headline");
    csv.fields.assign("body=text");
    const RecordingVisitor named = read({dir / "export.dat"}, csv);
    ASSERT_EQ(named.articles.size(), 1u);
    EXPECT_EQ(named.articles[0].id, content_id("export.dat", named.articles[0]));
    EXPECT_EQ(named.articles[0].title, "A");
    EXPECT_EQ(named.articles[0].body, "B");

    // A forced format applies to a file of another extension too.
    const RecordingVisitor wrong = read({test::seed_article_path()}, forced(CorpusFormat::kJsonLines));
    EXPECT_TRUE(wrong.articles.empty());
    EXPECT_FALSE(wrong.skips.empty());
}

TEST(ReadCorpus, FieldMapAppliesToJsonLinesAndCsvAlike) {
    test::TempDir dir;
    test::write_file(dir / "a.jsonl",
                     R"({"headline": "J", "text": "JB", "title": "ignored", "published": "26-FEB-1987"})"
                     "\n");
    test::write_file(dir / "b.csv",
                     "headline,text,title,published\nC,CB,ignored,\"Tue, 22 Sep 2015 20:30:00 -0400\"\n");
    ReadOptions options;
    for (const char* assignment : {"title=headline", "body=text", "date=published"}) options.fields.assign(assignment);
    const RecordingVisitor visitor = read({dir.path()}, options);
    EXPECT_EQ(visitor.skips, std::vector<std::string>{});
    ASSERT_EQ(visitor.articles.size(), 2u);
    EXPECT_EQ(visitor.articles[0].title, "J");
    EXPECT_EQ(visitor.articles[0].body, "JB");
    EXPECT_EQ(visitor.articles[0].date, "1987-02-26");
    EXPECT_EQ(visitor.articles[1].title, "C");
    EXPECT_EQ(visitor.articles[1].body, "CB");
    EXPECT_EQ(visitor.articles[1].date, "2015-09-22T20:30:00");
}

TEST(ReadCorpus, StopsBetweenRecordsWhenTheVisitorAsksTo) {
    RecordingVisitor visitor;
    visitor.stop_after = 3;
    read_corpus({test::project_path("corpus"), test::seed_article_path()}, visitor);
    EXPECT_EQ(visitor.ids(), (std::vector<std::string>{"bbc/business/001", "bbc/business/002", "bbc/business/003"}));
}

}  // namespace
}  // namespace news

namespace news {
namespace {

/// Deletes the other files of the folder as soon as the first one starts being read.
class VanishingVisitor : public test::RecordingVisitor {
  public:
    explicit VanishingVisitor(std::vector<std::filesystem::path> doomed) : doomed_(std::move(doomed)) {}
    void on_file_start(const std::string&, std::uintmax_t) override {
        for (const auto& f : doomed_) std::filesystem::remove(f);
        doomed_.clear();
    }

  private:
    std::vector<std::filesystem::path> doomed_;
};

TEST(ReadCorpus, FilesThatVanishMidRunAreReportedAndTheRestIsRead) {
    test::TempDir dir;
    test::write_file(dir / "a.txt", "First story\n\nBody one.\n");
    test::write_file(dir / "b.jsonl", R"({"id":"b","title":"Gone","body":"x"})"
                                      "\n");
    test::write_file(dir / "c.txt", "Gone too\n\nBody.\n");
    VanishingVisitor visitor({dir / "b.jsonl", dir / "c.txt"});
    read_corpus({dir.path()}, visitor);
    EXPECT_EQ(visitor.ids(), std::vector<std::string>{"a"});
    ASSERT_EQ(visitor.skips.size(), 2u);
    EXPECT_EQ(visitor.skips[0], (dir / "b.jsonl").string() + ": removed while indexing");
    EXPECT_EQ(visitor.skips[1], (dir / "c.txt").string() + ": removed while indexing");
}

}  // namespace
}  // namespace news
