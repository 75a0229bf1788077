/// @file search_engine.hpp
/// @brief Ranked search over a news database: query text in, hits with stored articles out.
#pragma once

#include <xapian.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/article.hpp"
#include "common/document_mapper.hpp"
#include "common/document_terms.hpp"
#include "common/text_analysis.hpp"
#include "searcher/explain.hpp"
#include "searcher/facets.hpp"
#include "searcher/histogram.hpp"
#include "searcher/kwic.hpp"
#include "searcher/length_weights.hpp"
#include "searcher/listed_copies.hpp"
#include "searcher/shard_set.hpp"
#include "searcher/snippet.hpp"
#include "searcher/tie_ranks.hpp"
#include "searcher/top_terms.hpp"

namespace news {

enum class SortOrder { kRelevance, kNewest, kOldest };

/// The longest query searched, in bytes. 64 KiB is some 9,000 words, far beyond any typed or
/// generated query (a TREC topic with its narrative is a few KB), and is still searched in
/// about a second (docs/benchmarks.md, "Measurements behind the defaults"); the limit keeps
/// a runaway input (`--queries /dev/zero`) from growing without bound.
inline constexpr std::size_t kMaxQueryBytes = 64 * 1024;

/// How many values of a facet a histogram is broken down by (SearchResult::histogram_breakdown):
/// each is a counting pass of its own, and a chart of more series is hard to read.
inline constexpr std::size_t kBreakdownSeries = 5;

struct SearchRequest {
    std::string query;
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 10;
    bool all_terms = false;  ///< every word required (default: any, ranked)
    SortOrder sort = SortOrder::kRelevance;
    std::string since;                ///< "YYYYMMDD" or empty: only articles dated on/after
    std::string until;                ///< "YYYYMMDD" or empty: only articles dated on/before
    std::vector<std::string> facets;  ///< facet names (see facets.hpp) to count
    std::size_t facet_values = 10;    ///< values shown per facet
    bool collapse_duplicates = true;  ///< one hit per group of identical articles
    bool suggest_spelling = true;     ///< compute SearchResult::suggestion
    bool correct_spelling = false;    ///< search the suggestion instead of the query
    std::string like_id;              ///< non-empty: articles related to this one (query ignored)
    bool snippets = true;             ///< compute a snippet per hit
    bool stored_articles = true;      ///< decode each hit's article; false: its id only
    std::size_t snippet_chars = 240;
    /// Rank or sort every match, never from the top postings (searcher/top_postings_search.hpp)
    /// or from spans of days (date_terms.hpp): the same hits, for checking that they are.
    bool exhaustive = false;
    /// Explain each hit's score (Hit::explanation): its terms' contributions, its tie-break.
    bool explain = false;
    /// Count every match by the day, ISO week, month or year of its date (SearchResult::histogram).
    std::optional<HistogramInterval> histogram;
    /// The words most distinctive of the result set, drawn from its best matches
    /// (top_terms.hpp); 0: none.
    std::size_t top_terms = 0;
    /// Find every occurrence of the query's words and phrases in each hit's article
    /// (Hit::kwic; kwic.hpp). Needs stored_articles.
    bool kwic = false;
};

struct Hit {
    Xapian::doccount rank = 0;  ///< 1-based, counting from the first result
    double score = 0;
    Xapian::docid docid = 0;
    Xapian::doccount duplicates = 0;  ///< identical articles collapsed into this hit
    Article article;                  ///< decoded stored record (id always set)
    Snippet snippet;
    std::string error;  ///< non-empty when the stored record is unreadable

    /// With SearchRequest::explain: its terms' contributions to the score, its tie-break.
    std::optional<Explanation> explanation;
    /// With SearchRequest::kwic: every occurrence of the query's words and phrases in the
    /// article, title first.
    std::vector<KwicLine> kwic;
};

struct Facet {
    std::string name;
    std::vector<std::pair<std::string, Xapian::doccount>> values;  ///< most frequent first
};

struct SearchResult {
    std::string query;           ///< as asked
    std::string searched_query;  ///< as searched (the correction with --correct)
    std::string parsed_query;    ///< Xapian's description of the parsed query
    std::string like_id;         ///< the request's --like article ("" for a query)
    Xapian::doccount estimated_matches = 0;
    /// Xapian's bounds on the number of matches: equal when the count is exact.
    Xapian::doccount matches_lower_bound = 0;
    Xapian::doccount matches_upper_bound = 0;
    Xapian::doccount offset = 0;  ///< the request's page: hits skipped, and at most how many shown
    Xapian::doccount limit = 0;
    bool relaxed = false;                   ///< the query had syntax errors and was read leniently
    std::optional<std::string> suggestion;  ///< "Did you mean" for unknown words
    std::vector<Hit> hits;
    std::vector<Facet> facets;  ///< counted over the whole result set

    /// With SearchRequest::histogram: the whole result set counted by date.
    std::optional<Histogram> histogram;
    /// With a histogram and facets: the histogram of the matches of each of the
    /// kBreakdownSeries most frequent values of the first facet that can filter (source,
    /// category or tag).
    std::optional<HistogramBreakdown> histogram_breakdown;
    /// With SearchRequest::top_terms: the result set's most distinctive words, and how many
    /// of the best matches (top_terms_sample) hold each.
    std::vector<TopTerm> top_terms;
    Xapian::doccount top_terms_sample = 0;
    /// With SearchRequest::kwic: how many words and phrases of the query are looked for
    /// (0: the query only filters, and no article holds an occurrence).
    std::size_t kwic_terms = 0;
    /// What was searched differently from what was asked, for the user ("'w1*' matches
    /// 120000 words; searching the 1024 most frequent").
    std::vector<std::string> warnings;
    /// The page was ranked from the top postings of the query's word and proved exact
    /// (searcher/top_postings_search.hpp), not from every match.
    bool from_top_postings = false;
    /// The query's words were weighed from the database's length column
    /// (searcher/length_weights.hpp) rather than by Xapian's length lookups.
    bool weighed_from_lengths = false;
    /// The page in date order was read from spans of days walked from the newest (or oldest)
    /// day on (DayWalk, date_terms.hpp), not by sorting every match.
    bool from_day_spans = false;
    /// The page was ranked with the copies of identical articles the indexer listed left out
    /// (listed_copies.hpp), each hit counting its group's.
    bool without_listed_copies = false;
    /// Matches of equal weight were put in tie-break order by the database's rank column
    /// (tie_ranks.hpp) rather than by reading their tie-break values.
    bool ties_from_rank_column = false;
};

/// Opens a database once and answers any number of queries against it (the open cost is
/// paid once, which matters for batch and interactive use). Not thread-safe.
class SearchEngine {
  public:
    /// Queries are parsed in `config.language`, or when it is empty in the language the
    /// database was indexed in (schema::language_of()); std::invalid_argument for a
    /// language Xapian does not stem.
    /// Throws std::runtime_error naming the path when there is no database there. The path
    /// may be a stub file or a sharded database's folder (shard_set.hpp).
    explicit SearchEngine(const std::string& db_path, AnalysisConfig config = {});
    /// Searches every shard of `shards` as one database. When a remote shard fails during
    /// a search, the engine reconnects and searches again; a shard that stays down is an
    /// error naming it, or with allow_partial left out with a warning.
    explicit SearchEngine(ShardSet shards, AnalysisConfig config = {});
    /// `db` must hold local databases only (remote ones come through a ShardSet).
    explicit SearchEngine(Xapian::Database db, AnalysisConfig config = {});

    /// Throws std::invalid_argument for an unknown facet name, a --like id that is not in
    /// the database, a query longer than kMaxQueryBytes, or a date in the query that cannot
    /// exist (query_language.hpp); any other malformed query is searched leniently.
    SearchResult search(const SearchRequest& request);

    /// The stored article with this id; nullopt when there is none. Throws
    /// CorruptRecordError when its record is damaged.
    std::optional<Article> find_article(const std::string& id);

    /// How out of date a long-lived engine may be. Before a search it looks for what was
    /// committed since it last looked (a file read) only when this much time has
    /// passed, as search servers do with a refresh interval: a batch of queries then pays
    /// for it about once a second, not once a query. 0: before every search (the prompt,
    /// where a user may have just indexed). Whatever the interval, a database replaced
    /// under a search is reopened and the search run again.
    static constexpr std::chrono::steady_clock::duration kDefaultRefreshInterval = std::chrono::seconds(1);
    void set_refresh_interval(std::chrono::steady_clock::duration interval) { refresh_interval_ = interval; }

    Xapian::Database& database() { return db_; }

    /// Reads the database's rank column (tie_ranks.hpp) at the next tie, rather than once
    /// the ties have paid for it: for tests and benchmarks of the ordering alone.
    void read_rank_column_at_once() { tie_ranks_.read_at_once(); }

    /// Below this many postings a query is matched in one thread: a thread's start costs
    /// tens of microseconds, and Xapian matches about ten million postings a second.
    static constexpr Xapian::doccount kParallelFromPostings = 20000;
    /// How many threads rank one query's matches, each over a range of docids of the
    /// database (parallel_match.hpp): on one local database opened by path (a ShardSet),
    /// for queries whose words have `from_postings` postings or more, in relevance order.
    /// The page is the page of one thread. 1 (the default): one thread.
    void set_match_threads(unsigned threads, Xapian::doccount from_postings = kParallelFromPostings);

  private:
    /// Searches `db` from now on (on opening, and after reconnecting to shards): mapper_
    /// finds record dictionaries in the metadata of any of its databases, and parser_,
    /// which reads the database, is made for it. The only place either is set up.
    void use_database(Xapian::Database db);
    /// `text` as the query language reads it, each word matching whatever its case (and
    /// its accents, on a database that folds them).
    Xapian::Query parse(const std::string& text, bool all_terms, bool& relaxed);
    /// `text` as Xapian's QueryParser reads it; `relaxed` when it had to drop some syntax.
    Xapian::Query parse_as_written(const std::string& text, bool all_terms, bool& relaxed);
    Xapian::Query related_query(const std::string& id);
    SearchResult run(const SearchRequest& request);
    /// Handles on db_ at its revision for the other threads that match `query`; null when
    /// it is to be matched in one thread (set_match_threads()).
    const std::vector<Xapian::Database>* range_handles_for(const Xapian::Query& query);
    /// `query` with its words weighed from db_'s length column (length_weights.hpp) when
    /// that saves enough length lookups to pay for reading the column; nullopt otherwise.
    std::optional<Xapian::Query> weighed_from_lengths_if_worth(const Xapian::Query& query);
    /// `query` as Xapian is to match it on this database (phrases on stored positions).
    Xapian::Query matched_query(const Xapian::Query& query) const;

    std::optional<ShardSet> shards_;  ///< what db_ was opened from, when the engine opened it
    Xapian::Database db_;
    AnalysisConfig config_;           ///< its language: the database's, or the one asked for
    std::string requested_language_;  ///< the constructor's config.language: empty for the database's
    std::string database_language_;   ///< schema::language_of(db_): what articles without their own are in
    Xapian::QueryParser parser_;
    bool fold_accents_ = true;          ///< folds_accents(db_): query words are folded as its terms are
    bool cjk_ngrams_ = true;            ///< its schema indexes CJK text as n-grams (schema 7 on): so are queries
    bool bodyless_titles_ = true;       ///< its articles without a body have no title terms (schema 8 on)
    bool body_in_combined_ = true;      ///< its body words are in the combined field alone (schema 10 on)
    bool positions_in_values_ = false;  ///< its word positions are in a value (--compact-positions)
    Xapian::Stem query_stemmer_;        ///< the parser's stemmer (make_stemmer), for stem_capitalised_words
    DocumentMapper mapper_;
    /// The terms of db_'s documents (--like, feedback, --top-terms, --explain), re-analysed
    /// from their stored articles when db_ keeps no termlist.
    std::optional<DocumentTerms> document_terms_;
    FacetColumns facet_columns_;            ///< decoded once for the batch, the prompt or the benchmark
    ListedCopiesCache listed_copies_;       ///< likewise
    LengthColumns length_columns_;          ///< likewise
    TieRanks tie_ranks_;                    ///< likewise, when worth reading
    double lookups_ns_before_lengths_ = 0;  ///< saved by the queries before the column was read
    /// No shard is remote, so a match spy of our own can run (xapian-tcpsrv cannot).
    bool spies_run_locally_ = true;
    unsigned match_threads_ = 1;
    Xapian::doccount parallel_from_postings_ = kParallelFromPostings;
    std::vector<Xapian::Database> range_handles_;  ///< db_ opened again, one for each other thread
    std::chrono::steady_clock::duration refresh_interval_ = kDefaultRefreshInterval;
    std::chrono::steady_clock::time_point refreshed_ = std::chrono::steady_clock::now();  ///< opened or reopened
};

}  // namespace news
