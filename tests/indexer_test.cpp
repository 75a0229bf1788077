// Index maintenance: deletes, --delete-missing, duplicate marking, and interrupted runs.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "common/cli_support.hpp"
#include "common/readers/corpus_reader.hpp"
#include "common/schema.hpp"
#include "indexer/index_builder.hpp"
#include "indexer/indexing_run.hpp"
#include "indexer/parallel_indexer.hpp"
#include "indexer/terminal_observer.hpp"
#include "tests/test_support.hpp"

namespace news {
namespace {

using test::article;
using test::in_memory_db;

using namespace std::chrono_literals;

std::string indexer() { return std::string(NEWS_BINARY_DIR) + "/bin/indexer"; }

int run_indexer(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {indexer()};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::wait_exit(test::spawn(argv));
}

/// Keeps what a run reports, and asks it to stop when `stop` says so.
struct RecordingObserver : IndexObserver {
    std::vector<std::string> records;
    std::vector<std::string> notes;
    std::function<bool()> stop;

    void on_record(const RecordLocation& where, std::string_view what) override {
        records.push_back(where.to_string() + ": " + std::string(what));
    }
    void on_note(std::string_view message) override { notes.emplace_back(message); }
    bool should_stop() override { return stop && stop(); }
};

/// An indexing run in this process, as `indexer --db DB INPUTS` makes it.
IndexReport index_inputs(const std::string& db, std::vector<std::filesystem::path> inputs,
                         IndexObserver&& observer = RecordingObserver{}, bool delete_missing = false) {
    IndexRequest request;
    request.db = normalize_database_path(db);
    request.inputs = std::move(inputs);
    request.delete_missing = delete_missing;
    return run_indexing(request, observer);
}

/// Number of distinct article ids, to check there are no duplicates.
std::size_t distinct_ids(const Xapian::Database& db) {
    std::size_t n = 0;
    const std::string prefix(schema::kIdPrefix);
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) ++n;
    return n;
}

TEST(IndexBuilder, RemoveDeletesByIdAndReportsUnknownIds) {
    auto db = in_memory_db();
    IndexBuilder builder(db, {});
    builder.add(article("a", "First", "one"));
    builder.add(article("b", "Second", "two"));
    EXPECT_TRUE(builder.remove("a"));
    EXPECT_FALSE(builder.remove("a"));
    EXPECT_FALSE(builder.remove("zzz"));
    builder.finish();
    EXPECT_EQ(db.get_doccount(), 1u);
    EXPECT_FALSE(db.term_exists(schema::id_term("a")));
    EXPECT_EQ(builder.counts().deleted, 1u);
}

TEST(IndexBuilder, RemoveUnseenDeletesOnlyWhatThisRunDidNotSeeUnderThePrefix) {
    auto db = in_memory_db();
    {
        IndexBuilder first(db, {});
        first.add(article("kept", "Kept", "x"), "/corpus/a.txt");
        first.add(article("gone", "Gone", "y"), "/corpus/b.txt");
        first.add(article("skipped", "Skipped", "z"), "/corpus/c.jsonl");
        first.add(article("elsewhere", "Elsewhere", "w"), "/other/d.txt");
        first.finish();
    }
    IndexBuilder second(db, {});
    second.add(article("kept", "Kept", "x"), "/corpus/a.txt");  // unchanged, but seen
    const auto unseen = second.remove_unseen("/corpus/", [](const std::string& f) { return f == "/corpus/c.jsonl"; });
    second.finish();
    EXPECT_EQ(unseen.deleted, 1u);
    EXPECT_EQ(unseen.kept, 1u);
    EXPECT_FALSE(db.term_exists(schema::id_term("gone")));
    for (const char* id : {"kept", "skipped", "elsewhere"}) EXPECT_TRUE(db.term_exists(schema::id_term(id))) << id;
}

TEST(IndexBuilder, RemoveUnseenOfOneFileLeavesFilesAndFoldersWhoseNamesExtendIt) {
    auto db = in_memory_db();
    {
        IndexBuilder first(db, {});
        first.add(article("plain", "Plain", "x"), "/in/feed.jsonl");
        first.add(article("zst", "Compressed", "y"), "/in/feed.jsonl.zst");
        first.add(article("old", "Old", "z"), "/in/corpus/a.txt");
        first.add(article("new", "New", "w"), "/in/corpus-2016/a.txt");
        first.finish();
    }
    IndexBuilder second(db, {});
    const auto keep_none = [](const std::string&) { return false; };
    EXPECT_EQ(second.remove_unseen("/in/feed.jsonl", keep_none).deleted, 1u);
    EXPECT_EQ(second.remove_unseen("/in/corpus/", keep_none).deleted, 1u);
    second.finish();
    EXPECT_FALSE(db.term_exists(schema::id_term("plain")));
    EXPECT_FALSE(db.term_exists(schema::id_term("old")));
    EXPECT_TRUE(db.term_exists(schema::id_term("zst")));
    EXPECT_TRUE(db.term_exists(schema::id_term("new")));
}

TEST(IndexBuilder, ExactDuplicateBbcArticlesShareADuplicateKeyAndOthersDoNot) {
    NEWS_REQUIRE_SHARED("corpus/bbc/business/007.txt");
    auto db = in_memory_db();
    IndexBuilder builder(db, {});
    struct Visitor : CorpusVisitor {
        explicit Visitor(IndexBuilder& b) : builder(b) {}
        void on_article(Article&& a, const RecordLocation&) override {
            a.source = "bbc";
            builder.add(a);
        }
        void on_skip(const RecordLocation& w, std::string_view r) override { ADD_FAILURE() << w.to_string() << r; }
        void on_warning(const RecordLocation&, std::string_view) override {}
        IndexBuilder& builder;
    } visitor(builder);
    const auto bbc = test::shared_path("corpus/bbc/business");
    read_corpus({bbc / "007.txt", bbc / "253.txt", bbc / "008.txt"}, visitor);
    builder.finish();
    auto key = [&](const char* id) {
        return db.get_document(*db.postlist_begin(schema::id_term(id))).get_value(schema::kDuplicateSlot);
    };
    EXPECT_EQ(key("007"), key("253"));  // the dataset's known duplicate pair
    EXPECT_NE(key("007"), key("008"));
    EXPECT_EQ(db.get_doccount(), 3u);  // marked, not dropped
}

TEST(IndexerCli, DeleteRemovesArticlesByIdAndStrictFailsOnUnknownIds) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    test::write_file(dir / "a.jsonl", R"({"id":"one","title":"One","body":"first"}
{"id":"two","title":"Two","body":"second"}
)");
    ASSERT_EQ(run_indexer({"-q", "--db", db, (dir / "a.jsonl").string()}), 0);
    EXPECT_EQ(run_indexer({"-q", "--db", db, "--delete", "one"}), 0);
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 1u);
    EXPECT_EQ(run_indexer({"-q", "--db", db, "--strict", "--delete", "one"}), 1);
    EXPECT_EQ(run_indexer({"-q", "--db", db, "--delete"}), 2);
}

TEST(RunIndexing, ADatabaseOfSchema4KeepsItsTieBreakKeysWhenArticlesAreAdded) {
    // Keys of two formats do not order by date against each other: articles added to an
    // older database must take its format, or newest-first would put them after all of it.
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    test::write_file(dir / "a.jsonl", R"({"id":"one","title":"One","body":"first","date":"2015-09-01"})"
                                      "\n");
    test::write_file(dir / "b.jsonl", R"({"id":"two","title":"Two","body":"second","date":"2015-09-02"})"
                                      "\n");
    ASSERT_EQ(index_inputs(db, {dir / "a.jsonl"}).counts.added, 1u);
    const auto key_of = [&](const std::string& id) {
        Xapian::Database d(db);
        return d.get_document(*d.postlist_begin(schema::id_term(id))).get_value(schema::kTieBreakSlot);
    };
    EXPECT_EQ(key_of("one"), schema::tie_break_key("20150901000000", "one"));
    EXPECT_EQ(key_of("one").size(), 15u);
    {  // What a schema-4 indexer left: its metadata and its key.
        Xapian::WritableDatabase w(db);
        w.set_metadata(std::string(schema::kSchemaVersionKey), "4");
        const Xapian::docid did = *w.postlist_begin(schema::id_term("one"));
        Xapian::Document doc = w.get_document(did);
        doc.add_value(schema::kTieBreakSlot, schema::tie_break_key("20150901000000", "one", 4));
        w.replace_document(did, doc);
        w.commit();
    }
    ASSERT_EQ(index_inputs(db, {dir / "b.jsonl"}).counts.added, 1u);
    EXPECT_EQ(key_of("two"), schema::tie_break_key("20150902000000", "two", 4));
    EXPECT_EQ(Xapian::Database(db).get_metadata(std::string(schema::kSchemaVersionKey)), "4");
    EXPECT_LT(key_of("two"), key_of("one")) << "the newer article first";
    // A new database takes the current schema.
    const std::string fresh = (dir / "fresh").string();
    ASSERT_EQ(index_inputs(fresh, {dir / "b.jsonl"}).counts.added, 1u);
    EXPECT_EQ(Xapian::Database(fresh).get_metadata(std::string(schema::kSchemaVersionKey)),
              std::to_string(schema::kSchemaVersion));
}

TEST(RunIndexing, DeleteMissingRemovesArticlesOfVanishedFilesAndRecords) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const auto corpus = dir / "corpus";
    test::write_file(corpus / "x/first.txt", "First story\n\nBody one.\n");
    test::write_file(corpus / "x/second.txt", "Second story\n\nBody two.\n");
    test::write_file(corpus / "feed.jsonl", R"({"id":"f1","title":"Feed one","body":"a"}
{"id":"f2","title":"Feed two","body":"b"}
)");
    test::write_file(corpus / "broken.jsonl", R"({"id":"b1","title":"Broken one","body":"a"}
)");
    ASSERT_EQ(index_inputs(db, {corpus}).counts.added, 5u);

    std::filesystem::remove(corpus / "x/second.txt");
    test::write_file(corpus / "feed.jsonl", R"({"id":"f1","title":"Feed one","body":"a"}
)");
    test::write_file(corpus / "broken.jsonl", "{not json\n");  // its old article must survive
    // Without the flag nothing is deleted.
    EXPECT_EQ(index_inputs(db, {corpus}).counts.deleted, 0u);
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 5u);
    RecordingObserver observer;
    const IndexReport report = index_inputs(db, {corpus}, std::move(observer), /*delete_missing=*/true);
    EXPECT_EQ(report.counts.deleted, 2u);
    EXPECT_EQ(report.kept_unread, 1u);  // broken.jsonl's old article
    EXPECT_EQ(report.skipped, 1u);
    Xapian::Database after(db);
    EXPECT_EQ(after.get_doccount(), 3u);
    for (const char* id : {"x/first", "f1", "b1"}) EXPECT_TRUE(after.term_exists(schema::id_term(id))) << id;
}

TEST(RunIndexing, BadRecordsReachTheObserverWithTheirPlaceAndAreCounted) {
    test::TempDir dir;
    test::write_file(dir / "a.jsonl", R"({"id":"one","title":"One","body":"first"}
{not json
{"id":"one","title":"Again","body":"repeated"}
)");
    RecordingObserver observer;
    const IndexReport report = run_indexing(
        [&] {
            IndexRequest request;
            request.db = normalize_database_path((dir / "db").string());
            request.inputs = {dir / "a.jsonl"};
            return request;
        }(),
        observer);
    EXPECT_EQ(report.counts.added, 1u);
    EXPECT_EQ(report.skipped, 2u);
    ASSERT_EQ(observer.records.size(), 2u);
    EXPECT_NE(observer.records[0].find("a.jsonl:2: skipped: invalid JSON"), std::string::npos) << observer.records[0];
    EXPECT_NE(observer.records[1].find("a.jsonl:3: skipped: duplicate id one (first at line 1)"), std::string::npos)
        << observer.records[1];
}

TEST(RunIndexing, AStopRequestCommitsWhatWasReadAndDeletesNothing) {
    // In process the stop comes at a known record, not after a signal's race with the run.
    for (const unsigned threads : {1u, 2u}) {
        test::TempDir dir;
        const std::string db = (dir / "db").string();
        IndexRequest request;
        request.db = normalize_database_path(db);
        request.inputs = {test::project_path("corpus")};
        request.threads = threads;
        request.commit_every = 100;
        RecordingObserver observer;
        std::size_t polls = 0;
        observer.stop = [&] { return ++polls > 500; };
        EXPECT_TRUE(run_indexing(request, observer).interrupted);
        const Xapian::doccount kept = Xapian::Database(db).get_doccount();
        EXPECT_GT(kept, 0u) << threads << " threads";
        EXPECT_LT(kept, 2226u) << threads << " threads";
        // The re-run completes it, and nothing is there twice.
        observer.stop = nullptr;
        EXPECT_FALSE(run_indexing(request, observer).interrupted);
        EXPECT_EQ(Xapian::Database(db).get_doccount(), 2226u);
        EXPECT_EQ(distinct_ids(Xapian::Database(db)), 2226u);
        // Stopped early, --delete-missing has not seen the articles it would delete.
        request.delete_missing = true;
        polls = 0;
        observer.stop = [&] { return ++polls > 500; };
        const IndexReport stopped = run_indexing(request, observer);
        EXPECT_TRUE(stopped.interrupted);
        EXPECT_EQ(stopped.counts.deleted, 0u);
        EXPECT_EQ(Xapian::Database(db).get_doccount(), 2226u);
    }
}

TEST(RunIndexing, DeleteArticlesDeletesByIdAndNamesTheUnknownOnes) {
    test::TempDir dir;
    const std::string db = normalize_database_path((dir / "db").string());
    test::write_file(dir / "a.jsonl", R"({"id":"one","title":"One","body":"first"}
{"id":"two","title":"Two","body":"second"}
)");
    ASSERT_EQ(index_inputs(db, {dir / "a.jsonl"}).counts.added, 2u);
    const DeleteReport report = delete_articles(db, {"one", "zzz"});
    EXPECT_EQ(report.counts.deleted, 1u);
    EXPECT_EQ(report.unknown_ids, std::vector<std::string>{"zzz"});
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 1u);
}

TEST(TerminalObserver, ProgressShowsRatesAndAnEtaOnlyWhenTheTotalIsKnown) {
    IndexProgress p;
    p.files = 3;
    p.counts.added = 1000;
    p.counts.unchanged = 200;
    p.bytes_read = 2'000'000;
    p.elapsed = std::chrono::seconds(2);
    EXPECT_EQ(progress_text(p),
              "indexing: 3 files, 1200 articles (1000 added, 0 updated, 200 unchanged), 1.0 MB/s, 600 docs/s");
    p.total_bytes = 62'000'000;  // 60 MB left at 1 MB/s
    EXPECT_EQ(
        progress_text(p),
        "indexing: 3 files, 1200 articles (1000 added, 0 updated, 200 unchanged), 1.0 MB/s, 600 docs/s, ETA 1:00");
}

/// Indexes the BBC corpus with small batches, interrupting the first run, then re-runs.
class InterruptedRun : public ::testing::Test {
  protected:
    std::vector<std::string> args() const {
        return {"--db", db_, "--commit-every", "100", test::project_path("corpus").string()};
    }
    void expect_complete_after_rerun() {
        ASSERT_EQ(run_indexer(args()), 0);
        Xapian::Database db(db_);
        EXPECT_EQ(db.get_doccount(), 2226u);
        EXPECT_EQ(distinct_ids(db), 2226u);
    }
    test::TempDir dir_;
    std::string db_ = (dir_ / "db").string();
};

/// Waits (up to a minute) until one of the databases at `paths` has committed articles: a
/// fixed delay raced with the run's start (dictionary training, a loaded machine).
void wait_for_first_commit(const std::vector<std::string>& paths) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
        for (const std::string& path : paths) {
            try {
                if (Xapian::Database(path).get_doccount() > 0) return;
            } catch (const Xapian::Error&) {
                // not created yet
            }
        }
        std::this_thread::sleep_for(10ms);
    }
}

TEST_F(InterruptedRun, SigintCommitsWhatWasReadExitsWith130AndARerunCompletes) {
    // One thread commits in place; two build staging shards and merge what was read.
    for (const std::string threads : {"1", "2"}) {
        std::filesystem::remove_all(db_);
        auto argv = args();
        argv.insert(argv.begin(), {indexer(), "-j", threads});
        const pid_t pid = test::spawn(argv);
        wait_for_first_commit({db_, db_ + ".staging/shard0", db_ + ".staging/shard1"});
        ::kill(pid, SIGINT);
        const int code = test::wait_exit(pid);
        if (code == 0) GTEST_SKIP() << "the run finished before the signal (machine too fast)";
        EXPECT_EQ(code, 130) << threads << " threads";
        const auto partial = Xapian::Database(db_).get_doccount();
        EXPECT_GT(partial, 0u) << threads << " threads";
        EXPECT_LT(partial, 2226u) << threads << " threads";
        expect_complete_after_rerun();
    }
}

TEST_F(InterruptedRun, ABuildKilledBeforeItsMergeResumesFromItsStagingShards) {
    auto argv = args();
    argv.insert(argv.begin(), {indexer(), "-j", "2"});
    const pid_t pid = test::spawn(argv);
    const std::string staging = db_ + ".staging";
    wait_for_first_commit({staging + "/shard0", staging + "/shard1"});
    ::kill(pid, SIGKILL);
    if (test::wait_exit(pid) == 0) GTEST_SKIP() << "the run finished before the kill (machine too fast)";
    Xapian::doccount staged = 0;
    for (const char* shard : {"/shard0", "/shard1"}) staged += Xapian::Database(staging + shard).get_doccount();
    ASSERT_GT(staged, 0u);

    // The re-run (2>&1: the notice is on stderr) keeps what was staged and adds the rest.
    const test::CommandRun rerun = test::run_command(indexer() + " -j 2 --commit-every 100 --db '" + db_ + "' '" +
                                                     test::project_path("corpus").string() + "' 2>&1");
    EXPECT_EQ(rerun.exit_code, 0) << rerun.out;
    EXPECT_NE(rerun.out.find("resuming an interrupted build: " + std::to_string(staged) + " articles"),
              std::string::npos)
        << rerun.out;
    EXPECT_NE(rerun.out.find(", " + std::to_string(staged) + " unchanged,"), std::string::npos) << rerun.out;
    Xapian::Database db(db_);
    EXPECT_EQ(db.get_doccount(), 2226u);
    EXPECT_EQ(distinct_ids(db), 2226u);
    EXPECT_FALSE(std::filesystem::exists(staging));
}

TEST_F(InterruptedRun, SigkillAtRandomPointsLeavesTheLastCommitAndRerunsComplete) {
    std::mt19937 rng(12345);
    std::uniform_int_distribution<int> delay_ms(100, 1500);
    for (int round = 0; round < 3; ++round) {
        auto argv = args();
        argv.insert(argv.begin(), indexer());
        const pid_t pid = test::spawn(argv);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
        ::kill(pid, SIGKILL);
        test::wait_exit(pid);
        Xapian::Database db(db_);  // opens at the last commit
        EXPECT_EQ(db.get_doccount(), distinct_ids(db)) << "round " << round;
        if (round == 0 && db.get_doccount() == 2226u) GTEST_SKIP() << "the run finished before the kill";
    }
    expect_complete_after_rerun();
}

}  // namespace
}  // namespace news

namespace news {
namespace {

/// Feeds a ParallelIndexer from the corpus readers.
class PipelineVisitor : public CorpusVisitor {
  public:
    explicit PipelineVisitor(ParallelIndexer& p) : pipeline_(p) {}
    void on_article(Article&& a, const RecordLocation& where) override {
        pipeline_.submit(std::move(a), where.path, where);
    }
    void on_skip(const RecordLocation& w, std::string_view r) override { ADD_FAILURE() << w.to_string() << r; }
    void on_warning(const RecordLocation&, std::string_view) override {}

  private:
    ParallelIndexer& pipeline_;
};

Xapian::WritableDatabase index_with_threads(unsigned threads, const std::filesystem::path& corpus) {
    auto db = in_memory_db();
    IndexBuilder builder(db, {});
    {
        ParallelIndexer pipeline(
            builder, threads,
            [](const RecordLocation& w, const std::string& r) { ADD_FAILURE() << w.to_string() << r; },
            /*max_in_flight=*/7);  // a small window exercises the wrap-around
        PipelineVisitor visitor(pipeline);
        read_corpus({corpus}, visitor);
        pipeline.drain();
    }
    builder.finish();
    return db;
}

TEST(ParallelIndexer, ThreeWorkersBuildTheSameDocumentsAsOneThread) {
    const auto corpus = test::project_path("corpus");
    auto serial = index_with_threads(0, corpus);
    auto parallel = index_with_threads(3, corpus);
    ASSERT_EQ(serial.get_doccount(), 2226u);
    ASSERT_EQ(parallel.get_doccount(), serial.get_doccount());
    const std::string prefix(schema::kIdPrefix);
    for (auto t = serial.allterms_begin(prefix); t != serial.allterms_end(prefix); ++t) {
        const Xapian::Document a = serial.get_document(*serial.postlist_begin(*t));
        ASSERT_TRUE(parallel.term_exists(*t)) << *t;
        const Xapian::Document b = parallel.get_document(*parallel.postlist_begin(*t));
        ASSERT_EQ(schema::record_of(a), schema::record_of(b)) << *t;
        ASSERT_EQ(a.termlist_count(), b.termlist_count()) << *t;
    }
}

TEST(ParallelIndexer, TheLaterRecordOfARepeatedIdWinsAsWithOneThread) {
    test::TempDir dir;
    std::string lines;
    for (int i = 0; i < 200; ++i)
        lines += R"({"id":"same","title":"Version )" + std::to_string(i) + R"(","body":"text"})" + "\n";
    test::write_file(dir / "repeat.jsonl", lines);
    auto db = index_with_threads(2, dir / "repeat.jsonl");
    ASSERT_EQ(db.get_doccount(), 1u);
    DocumentMapper mapper;
    EXPECT_EQ(mapper.stored_article(db.get_document(*db.postlist_begin(schema::id_term("same")))).title, "Version 199");
}

}  // namespace
}  // namespace news

namespace news {
namespace {

std::uintmax_t folder_bytes(const std::filesystem::path& dir) {
    std::uintmax_t total = 0;
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
        if (e.is_regular_file()) total += e.file_size();
    return total;
}

TEST(IndexerCli, ABuildFromScratchIsCompactedAndSwappedInWhileReadersKeepWorking) {
    test::TempDir dir;
    const std::string plain = (dir / "plain").string(), compacted = (dir / "compacted").string();
    const std::string corpus = test::project_path("corpus").string();
    ASSERT_EQ(run_indexer({"-q", "--no-compact", "--db", plain, corpus}), 0);
    Xapian::Database reader(plain);  // open across the later compaction of the same folder
    const auto before = reader.get_doccount();
    ASSERT_EQ(run_indexer({"-q", "--db", compacted, corpus}), 0);
    EXPECT_LT(folder_bytes(compacted), folder_bytes(plain) * 9 / 10);
    EXPECT_EQ(Xapian::Database(compacted).get_doccount(), 2226u);

    ASSERT_EQ(run_indexer({"-q", "--compact", "--db", plain, corpus}), 0);  // explicit, on an existing db
    EXPECT_EQ(reader.get_doccount(), before);
    EXPECT_GT(reader.get_termfreq("china"), 0u);  // the old files are still readable
    EXPECT_EQ(Xapian::Database(plain).get_doccount(), 2226u);
    EXPECT_FALSE(std::filesystem::exists(plain + ".compacting"));
}

std::string summary_of(const std::string& command) {
    const test::CommandRun r = test::run_command(command);
    EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.out;
    return r.out.substr(0, r.out.find(" in "));
}

TEST(IndexerCli, RecordsShareADictionaryTrainedOnTheCorpusAndKeptForLaterRuns) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const std::string indexer = test::program("indexer") + " -j 2 --db " + db + " ";
    const std::string key(schema::kRecordDictionaryKey);
    const std::filesystem::path corpus = dir / "corpus";
    std::filesystem::create_directories(corpus / "seed");
    std::filesystem::copy_file(test::seed_article_path(), corpus / "seed/thehill-xi-cyber-dialogue.txt");
    // One article is too little to learn from: plain zstd, no dictionary.
    summary_of(indexer + corpus.string());
    EXPECT_EQ(Xapian::Database(db).get_metadata(key), "");
    // The BBC articles train one; the seed article, unchanged, is not rewritten for it.
    std::filesystem::copy_file(test::project_path("corpus/bbc.jsonl.zst"), corpus / "bbc.jsonl.zst");
    EXPECT_EQ(summary_of(indexer + corpus.string()),
              "2225 added, 0 updated, 1 unchanged, 0 deleted, 0 skipped, 0 failed, 0 without id");
    const std::string id = Xapian::Database(db).get_metadata(key);
    ASSERT_NE(id, "");
    EXPECT_GT(Xapian::Database(db).get_metadata(key + ":" + id).size(), 10'000u);
    EXPECT_EQ(summary_of(indexer + corpus.string()),
              "0 added, 0 updated, 2226 unchanged, 0 deleted, 0 skipped, 0 failed, 0 without id");
    EXPECT_EQ(Xapian::Database(db).get_metadata(key), id);
    // Records of both kinds read back.
    const test::CommandRun r =
        test::run_command(test::program("searcher") + " --db " + db + " --format jsonl -n 2000 'said OR china'");
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("\"title\":\"Xi: ‘China is ready’ for cyber crime dialogue\""), std::string::npos);
    EXPECT_GT(std::count(r.out.begin(), r.out.end(), '\n'), 1500);
    EXPECT_EQ(r.out.find("\"error\":\""), std::string::npos);  // an unreadable record (else "error":null)
}

TEST(IndexerCli, ARunThatChangesNothingLeavesTheDatabaseUntouched) {
    test::TempDir dir;
    const std::string db = (dir / "db").string();
    const std::string seed = test::seed_article_path().string();
    ASSERT_EQ(run_indexer({"-q", "--db", db, seed}), 0);
    const auto revision = Xapian::Database(db).get_revision();
    ASSERT_EQ(run_indexer({"-q", "--db", db, seed}), 0);
    EXPECT_EQ(Xapian::Database(db).get_revision(), revision);
}

}  // namespace
}  // namespace news

namespace news {
namespace {

std::string capture(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
    return out;
}

TEST(IndexerCli, ProgressLineOnlyOnATerminalAndNeverWithQuiet) {
    if (std::system("command -v script >/dev/null 2>&1") != 0) GTEST_SKIP() << "needs script(1) for a pseudo-terminal";
    test::TempDir dir;
    const std::string corpus = test::project_path("corpus/seed").string();  // small: fast
    const std::string on_tty =
        capture("script -qfec '" + indexer() + " --db " + (dir / "a").string() + " " + corpus + "' /dev/null");
    EXPECT_NE(on_tty.find("indexing: "), std::string::npos) << on_tty;
    EXPECT_NE(on_tty.find("1 added"), std::string::npos) << on_tty;
    const std::string quiet =
        capture("script -qfec '" + indexer() + " -q --db " + (dir / "b").string() + " " + corpus + "' /dev/null");
    EXPECT_EQ(quiet.find("indexing: "), std::string::npos) << quiet;
    const std::string piped = capture(indexer() + " --db " + (dir / "c").string() + " " + corpus + " 2>&1");
    EXPECT_EQ(piped.find("indexing: "), std::string::npos) << piped;
    EXPECT_NE(piped.find("1 added"), std::string::npos) << piped;
}

TEST(CorpusBytes, SumsExactlyTheFilesThatWouldBeRead) {
    const auto corpus = test::project_path("corpus");
    EXPECT_EQ(corpus_bytes({corpus}), std::filesystem::file_size(corpus / "bbc.jsonl.zst") +
                                          std::filesystem::file_size(corpus / "seed/thehill-xi-cyber-dialogue.txt"));
}

}  // namespace
}  // namespace news

namespace news {
namespace {

TEST(IndexerCli, AShardedBuildFromScratchHoldsTheSameArticlesAsOneWriter) {
    test::TempDir dir;
    const std::string one = (dir / "one").string(), two = (dir / "two").string();
    const std::string corpus = test::project_path("corpus").string();
    ASSERT_EQ(run_indexer({"-q", "-j", "1", "--db", one, corpus}), 0);
    ASSERT_EQ(run_indexer({"-q", "-j", "3", "--db", two, corpus}), 0);  // three shards, merged
    EXPECT_FALSE(std::filesystem::exists(two + ".staging"));
    Xapian::Database a(one), b(two);
    ASSERT_EQ(a.get_doccount(), 2226u);
    ASSERT_EQ(b.get_doccount(), a.get_doccount());
    EXPECT_EQ(b.get_total_length(), a.get_total_length());
    const std::string prefix(schema::kIdPrefix);
    for (auto t = a.allterms_begin(prefix); t != a.allterms_end(prefix); ++t) {
        ASSERT_EQ(b.get_termfreq(*t), 1u) << *t;
        EXPECT_EQ(schema::record_of(a.get_document(*a.postlist_begin(*t))),
                  schema::record_of(b.get_document(*b.postlist_begin(*t))));
    }
    // A second run updates the merged database in place and finds nothing changed.
    ASSERT_EQ(run_indexer({"-q", "-j", "3", "--db", two, corpus}), 0);
    EXPECT_EQ(Xapian::Database(two).get_doccount(), 2226u);
}

}  // namespace
}  // namespace news
