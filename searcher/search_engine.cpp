#include "searcher/search_engine.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "common/expansion.hpp"
#include "common/ranking.hpp"
#include "common/record_dictionary.hpp"
#include "common/schema.hpp"
#include "common/stopwords.hpp"
#include "searcher/date_terms.hpp"
#include "searcher/facets.hpp"
#include "searcher/listed_copies.hpp"
#include "searcher/match_all.hpp"
#include "searcher/match_count.hpp"
#include "searcher/parallel_match.hpp"
#include "searcher/query_language.hpp"
#include "searcher/related_articles.hpp"
#include "searcher/spelling.hpp"
#include "searcher/stored_positions.hpp"
#include "searcher/top_phrases.hpp"
#include "searcher/top_postings_search.hpp"
#include "searcher/top_with_ties.hpp"

namespace news {

namespace {

/// Stemmed words (of the combined title+body field) taken from an article to find related
/// ones. Measured on 200 random BBC articles, as the share of the 10 related hits in the
/// article's own category: 10 terms 6.4, 25 terms 8.3, 50 terms 9.1, 100 terms 9.2 (with
/// separate title and body terms; 9.2 at 50 with the combined field); weighting terms by
/// their expand weight did not help.
constexpr Xapian::termcount kRelatedTerms = 50;

/// The query's title and body terms: filters such as source:bbc must not highlight "BBC".
std::vector<std::string> text_terms(const Xapian::Query& query) {
    std::vector<std::string> terms;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
        if (schema::is_text_term(*t)) terms.push_back(*t);
    return terms;
}

/// The id of a document whose stored record cannot be read: from its unique-id term, or
/// when its database keeps no termlist (Xapian::DB_NO_TERMLIST) from the record's id field,
/// which is stored ahead of its compressed part and may be intact when the rest is not.
std::string id_of_unreadable(DocumentMapper& mapper, const Xapian::Document& doc) {
    try {
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(std::string(schema::kIdPrefix));
        if (t != doc.termlist_end() && (*t).rfind(schema::kIdPrefix, 0) == 0)
            return (*t).substr(schema::kIdPrefix.size());
    } catch (const Xapian::FeatureUnavailableError&) {
        try {
            return mapper.stored_id(doc);
        } catch (const CorruptRecordError&) {
        }
    }
    return "docid:" + std::to_string(doc.get_docid());
}

/// Xapian reads an unterminated quote as a phrase running to the end of the query, which
/// usually matches nothing; a stray quote is far more often a typo, so it is dropped.
std::string without_unbalanced_quote(const std::string& text, bool& changed) {
    const auto quotes = std::count(text.begin(), text.end(), '"');
    changed = quotes % 2 == 1;
    if (!changed) return text;
    std::string fixed = text;
    fixed.erase(fixed.rfind('"'), 1);
    return fixed;
}

/// `text` with every ".." (the range operator) made a space.
std::string without_ranges(std::string text) {
    for (auto pos = text.find(".."); pos != std::string::npos; pos = text.find("..", pos)) text.replace(pos, 2, " ");
    return text;
}

}  // namespace

SearchEngine::SearchEngine(const std::string& db_path, AnalysisConfig config)
    : SearchEngine(ShardSet({db_path}, {}), std::move(config)) {}

SearchEngine::SearchEngine(ShardSet shards, AnalysisConfig config)
    : shards_(std::move(shards)),
      config_(std::move(config)),
      requested_language_(config_.language),
      mapper_(config_),
      spies_run_locally_(!shards_->has_remote()) {
    use_database(shards_->database());
}

SearchEngine::SearchEngine(Xapian::Database db, AnalysisConfig config)
    : config_(std::move(config)), requested_language_(config_.language), mapper_(config_) {
    use_database(std::move(db));
}

void SearchEngine::use_database(Xapian::Database db) {
    db_ = std::move(db);
    range_handles_.clear();  // handles on the database before
    refreshed_ = std::chrono::steady_clock::now();
    mapper_.set_dictionary_lookup(
        record_dictionaries_in(shards_ ? shards_->shards() : std::vector<Xapian::Database>{db_}));
    if (shards_)
        document_terms_.emplace(db_, shards_->shards(), TermSource::kTermlistWhenKept, shards_->remote());
    else
        document_terms_.emplace(db_);
    // The database's language, unless the caller asked for another.
    database_language_ = schema::language_of(db_);
    config_.language = requested_language_.empty() ? database_language_ : canonical_language(requested_language_);
    // The parser reads the database (wildcards, the schema version): made anew for it.
    parser_ = make_query_parser(config_, db_);
    fold_accents_ = folds_accents(db_);
    const int schema_version = schema::schema_version_of(db_);
    cjk_ngrams_ = schema_version >= schema::kCjkNgramSchema;
    bodyless_titles_ = schema_version >= schema::kBodylessTitleSchema;
    body_in_combined_ = schema_version >= schema::kBodyInCombinedSchema;
    positions_in_values_ = schema::positions_in_value(db_);
    query_stemmer_ = make_stemmer(config_, fold_accents_);
}

Xapian::Query SearchEngine::parse(const std::string& raw_text, bool all_terms, bool& relaxed) {
    const Xapian::Query query = stem_capitalised_words(parse_as_written(raw_text, all_terms, relaxed), query_stemmer_);
    return fold_accents_ ? fold_accents_in_words(query, config_.max_wildcard_terms) : query;
}

Xapian::Query SearchEngine::parse_as_written(const std::string& raw_text, bool all_terms, bool& relaxed) {
    const std::string as_typed = without_unbalanced_quote(raw_text, relaxed);
    const std::string text = dotted_initials_in_capitals(as_typed);
    parser_.set_default_op(all_terms ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    // CJK text as n-grams, as the indexer indexes it from schema 7 on (schema.hpp).
    const unsigned cjk_flag = cjk_ngrams_ ? static_cast<unsigned>(Xapian::QueryParser::FLAG_CJK_NGRAM) : 0U;
    try {
        return parser_.parse_query(text, query_parser_flags(as_typed) | cjk_flag);
    } catch (const Xapian::QueryParserError&) {
        relaxed = true;
    }
    try {
        // Xapian already retries without operators; if even that fails, the words alone.
        return parser_.parse_query(text, cjk_flag);
    } catch (const Xapian::QueryParserError&) {
        // A range no range processor accepts ("2004..2005", "a..b") fails whatever the
        // flags ("Unknown range operation"); found by fuzzing. Its ends are words.
        return parser_.parse_query(without_ranges(text), cjk_flag);
    }
}

SearchResult SearchEngine::search(const SearchRequest& request) {
    if (request.query.size() > kMaxQueryBytes)
        throw std::invalid_argument("query longer than " + std::to_string(kMaxQueryBytes) + " bytes");
    for (int attempt = 0;; ++attempt) {
        try {
            const auto now = std::chrono::steady_clock::now();
            if (attempt > 0 || now - refreshed_ >= refresh_interval_) {
                db_.reopen();
                refreshed_ = now;
            }
            return run(request);
        } catch (const Xapian::DatabaseModifiedError&) {
            // A writer committed twice while we read, so our revision is gone: reopen, retry.
            if (attempt >= 3) throw;
        } catch (const Xapian::NetworkError&) {
            // A remote shard died, or its server dropped our idle connection: connect again.
            // One still down is named, or left out under --allow-partial (ShardSet).
            if (!shards_ || attempt >= 3) throw;
            shards_->reconnect();
            use_database(shards_->database());
        }
    }
}

std::optional<Article> SearchEngine::find_article(const std::string& id) {
    const std::string term = schema::id_term(id);
    Xapian::PostingIterator it = db_.postlist_begin(term);
    if (it == db_.postlist_end(term)) return std::nullopt;
    return mapper_.stored_article(db_.get_document(*it));
}

Xapian::Query SearchEngine::related_query(const std::string& id) {
    const std::string id_term = schema::id_term(id);
    Xapian::PostingIterator it = db_.postlist_begin(id_term);
    if (it == db_.postlist_end(id_term)) throw std::invalid_argument("no article with id '" + id + "'");
    // The most distinctive stemmed words of the article (Xapian's expand weighting: frequent
    // in it, rare in the collection); stems match every form of the word.
    struct StemmedWords : Xapian::ExpandDecider {
        bool operator()(const std::string& term) const override {
            if (term.size() < 4 || term.front() != 'Z' || !schema::is_combined_term(term)) return false;
            return std::all_of(term.begin() + 1, term.end(), [](char c) { return c < '0' || c > '9'; });
        }
    } decider;
    ExpandOptions options;
    // Exact term frequencies: over shards Xapian otherwise estimates them from the shard of
    // the article, and the words chosen would depend on how the articles were spread.
    options.exact_termfreq = true;
    options.decider = &decider;
    std::vector<std::string> words;
    for (ExpandTerm& t : expand_set(*document_terms_, {*it}, kRelatedTerms, options).terms)
        words.push_back(std::move(t.term));
    const Xapian::Query related(Xapian::Query::OP_OR, words.begin(), words.end());
    return Xapian::Query(Xapian::Query::OP_AND_NOT, related, article_and_its_copies(db_, *it, id_term));
}

namespace {

/// One ranked match before it becomes a Hit.
struct RankedDocument {
    Xapian::Document document;
    Xapian::docid docid = 0;
    double weight = 0;
    std::string tie_break;  ///< kTieBreakSlot (relevance order only)
    /// Its place in tie-break order, from the rank column (tie_ranks.hpp), when ties were
    /// ordered from it (then every tied document has one, and no tie_break is read).
    std::optional<std::uint32_t> tie_rank;
    std::string duplicate_key;        ///< kDuplicateSlot, when collapsing (relevance order only)
    Xapian::doccount duplicates = 0;  ///< identical articles collapsed into this one
};

/// The one way a RankedDocument is made: a match as Xapian weighed it, values not yet read.
RankedDocument ranked_document(Xapian::Document document, Xapian::docid docid, double weight) {
    return {std::move(document), docid, weight, {}, std::nullopt, {}, 0};
}

/// Orders by weight, then in tie-break order (newer, then a fixed order of ids; schema.hpp):
/// by the rank column's numbers when the tie has them, else by the tie-break values.
bool ranks_before(const RankedDocument& a, const RankedDocument& b) {
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.tie_rank && b.tie_rank) return *a.tie_rank < *b.tie_rank;
    return a.tie_break < b.tie_break;
}

/// Whether `ranked[i]` has the weight of a neighbour (`ranked` is in weight order): only
/// such documents can change places or collapse (identical articles weigh the same).
bool is_tied(const std::vector<RankedDocument>& ranked, std::size_t i) {
    return (i > 0 && ranked[i - 1].weight == ranked[i].weight) ||
           (i + 1 < ranked.size() && ranked[i + 1].weight == ranked[i].weight);
}

/// Gives each tied document of `ranked` (in weight order) its place in tie-break order: its
/// rank from the column `tie_ranks` has for `db` when it has one, else its tie-break value,
/// read (about 2.5 µs each) and counted towards reading the column.
void order_ties(const Xapian::Database& db, std::vector<RankedDocument>& ranked, TieRanks* tie_ranks) {
    std::vector<std::size_t> tied;
    for (std::size_t i = 0; i < ranked.size(); ++i)
        if (is_tied(ranked, i)) tied.push_back(i);
    if (tied.empty()) return;
    const rank_column::Column* ranks = tie_ranks ? tie_ranks->of(db) : nullptr;
    // The column covers every docid of the database it was checked against.
    if (ranks &&
        std::all_of(tied.begin(), tied.end(), [&](std::size_t i) { return ranked[i].docid < ranks->docids(); })) {
        for (const std::size_t i : tied) ranked[i].tie_rank = ranks->rank(ranked[i].docid);
        tie_ranks->note_tie_ordered();
        return;
    }
    for (const std::size_t i : tied) ranked[i].tie_break = ranked[i].document.get_value(schema::kTieBreakSlot);
    if (tie_ranks) tie_ranks->note_values_read(tied.size());
}

/// Reads the duplicate key of each tied document of `ranked` (in ranking order), in order,
/// until `wanted` articles with distinct keys come before: the rest cannot change the page
/// (`wanted` 0: every tied document). A hit then counts its twins up to the page, as after
/// Xapian's sort (sorted_by_xapian()). With `refused` (the copies a pass refused), only
/// the documents that may have a twin among the others are read.
void read_duplicate_keys_of_ties(std::vector<RankedDocument>& ranked, Xapian::doccount wanted,
                                 const ListedCopies* refused) {
    std::unordered_set<std::string> keys;
    Xapian::doccount distinct = 0;
    for (std::size_t i = 0; i < ranked.size() && (wanted == 0 || distinct < wanted); ++i) {
        if (is_tied(ranked, i) && (!refused || refused->may_have_twin(ranked[i].docid))) {
            ranked[i].duplicate_key = ranked[i].document.get_value(schema::kDuplicateSlot);
            if (!ranked[i].duplicate_key.empty() && !keys.insert(ranked[i].duplicate_key).second) continue;
        }
        ++distinct;
    }
}

/// `ranked` (best first) without each article whose duplicate key an earlier one has,
/// which is counted in that one's `duplicates` instead.
std::vector<RankedDocument> collapse_duplicates(std::vector<RankedDocument> ranked) {
    std::vector<RankedDocument> kept;
    std::unordered_map<std::string, std::size_t> first_of_key;
    for (RankedDocument& d : ranked) {
        if (!d.duplicate_key.empty()) {
            const auto [it, added] = first_of_key.try_emplace(d.duplicate_key, kept.size());
            if (!added) {
                ++kept[it->second].duplicates;
                continue;
            }
        }
        kept.push_back(std::move(d));
    }
    return kept;
}

/// `fetched` (matches of `db` in weight order) with its ties in tie-break order (order_ties())
/// and, when `collapse`, each article whose duplicate key an earlier one has counted into that
/// one, up to the first `wanted` articles (read_duplicate_keys_of_ties(), with `refused`).
std::vector<RankedDocument> ranked_and_collapsed(const Xapian::Database& db, std::vector<RankedDocument> fetched,
                                                 bool collapse, Xapian::doccount wanted, TieRanks* tie_ranks,
                                                 const ListedCopies* refused = nullptr) {
    order_ties(db, fetched, tie_ranks);
    std::stable_sort(fetched.begin(), fetched.end(), ranks_before);
    if (collapse) read_duplicate_keys_of_ties(fetched, wanted, refused);
    return collapse_duplicates(std::move(fetched));
}

/// How many articles tied at the page boundary are ordered here before Xapian is left to
/// sort them itself.
Xapian::doccount most_tied(Xapian::doccount wanted) { return std::max<Xapian::doccount>(4 * wanted, wanted + 100); }

/// How many articles tied at the page boundary the match spy of one pass keeps. More than
/// most_tied(): keeping one costs 16 bytes, where fetching it costs a search; the page then
/// reads the tie-break value of each (2.5 µs), where Xapian's sort reads that of every match.
/// Headlines tie by the hundred ("reports quarter results": 471 at the tenth hit's weight
/// among two million).
Xapian::doccount most_tied_seen(Xapian::doccount wanted) {
    return std::max<Xapian::doccount>(4 * wanted, wanted + 2000);
}

/// The hits of `request`'s page among `ranked`, which starts at the first result.
std::vector<RankedDocument> page_of(std::vector<RankedDocument> ranked, const SearchRequest& request) {
    if (ranked.size() <= request.offset) return {};
    ranked.erase(ranked.begin(), ranked.begin() + request.offset);
    if (ranked.size() > request.limit) ranked.resize(request.limit);
    return ranked;
}

/// How many to fetch after `fetch` matches gave `kept` hits of the `wanted` (duplicates
/// collapsed): twice as many, or more when most were duplicates. Every fetch is a whole new
/// search, and a headline repeated thousands of times took 11 doublings (twice 300 ms on
/// news-large for "following test"); growing by the rate of distinct hits seen takes two
/// or three.
Xapian::doccount next_fetch(Xapian::doccount fetch, Xapian::doccount wanted, std::size_t kept) {
    const std::uint64_t by_rate = std::uint64_t{fetch} * wanted * 3 / (2 * std::max<std::size_t>(kept, 1));
    const std::uint64_t next = std::max<std::uint64_t>(2 * std::uint64_t{fetch}, by_rate);
    return static_cast<Xapian::doccount>(std::min<std::uint64_t>(next, std::numeric_limits<Xapian::doccount>::max()));
}

/// Fetches the first `wanted` + 1 matches (or `*last_fetch`, if more), then more each time
/// (next_fetch(), given how many hits `*kept` says the last fetch made, when `kept` is
/// given), until `page_from`
/// (given the matches fetched, best first, and whether they are all there are) makes a page
/// of them; nullopt when that takes more than `most`. Sets result.estimated_matches, and
/// `*last_fetch` to the size of the last fetch.
template <typename PageFrom>
std::optional<std::vector<RankedDocument>> fetch_doubling(Xapian::Enquire& enquire, Xapian::doccount wanted,
                                                          Xapian::doccount most, Xapian::doccount check_at_least,
                                                          SearchResult& result, const PageFrom& page_from,
                                                          const std::size_t* kept = nullptr,
                                                          Xapian::doccount* last_fetch = nullptr) {
    for (Xapian::doccount fetch = std::max(wanted + 1, last_fetch ? *last_fetch : 0);;
         fetch = kept ? next_fetch(fetch, wanted, *kept) : 2 * fetch) {
        if (fetch > most) return std::nullopt;
        if (last_fetch) *last_fetch = fetch;
        const Xapian::MSet mset = enquire.get_mset(0, fetch, check_at_least);
        enquire.clear_matchspies();  // the first pass counted every match already
        record_match_counts(mset, result);
        std::vector<RankedDocument> fetched;
        fetched.reserve(mset.size());
        for (auto it = mset.begin(); it != mset.end(); ++it)
            fetched.push_back(ranked_document(it.get_document(), *it, it.get_weight()));
        if (std::optional<std::vector<RankedDocument>> page = page_from(std::move(fetched), mset.size() < fetch))
            return page;
    }
}

/// Other handles on the database a search runs over, for matching ranges of its docids in
/// threads of their own (parallel_match.hpp), and how the query is weighed there.
struct ParallelRanges {
    const std::vector<Xapian::Database>& others;
    const RankingConfig& ranking;
};

/// The match candidates of one pass with a TopWithTies spy of `wanted` (their order, whether
/// every match was seen, and Xapian's counts in `result`); nullopt when the tie at the
/// boundary is not all seen: more than the spy holds, or (every match weighing 0) cut short
/// by Xapian at the page. Over `parallel`'s ranges when given, else in one pass of `enquire`,
/// where `refused` (when given) refuses the listed copies and the counts are of every match.
std::optional<std::vector<TopWithTies::Candidate>> spied_candidates(
    Xapian::Enquire& enquire, const ParallelRanges* parallel, const Xapian::Database& db, Xapian::doccount wanted,
    Xapian::doccount check_at_least, SearchResult& result, bool& exhausted, const CopiesRefused* refused = nullptr) {
    if (!parallel) {
        TopWithTies top(wanted, most_tied_seen(wanted));
        enquire.add_matchspy(&top);
        const Xapian::MSet mset = enquire.get_mset(0, wanted, check_at_least, nullptr, refused);
        enquire.clear_matchspies();  // the facets were counted too
        if (refused)
            record_counts_with_refused(mset, wanted, refused->shown(), refused->refused(), result);
        else
            record_match_counts(mset, result);
        exhausted = mset.size() < wanted;
        // When every match weighs 0, Xapian stops at the page: the tie is not all seen.
        if (!exhausted && mset.back().get_weight() <= 0) return std::nullopt;
        return top.best();
    }
    const std::vector<RangeMatch> ranges = match_in_ranges(db, parallel->others, enquire.get_query(), parallel->ranking,
                                                           wanted, most_tied_seen(wanted), check_at_least);
    Xapian::doccount seen = 0;
    Xapian::doccount lower = 0, estimated = 0, upper = 0;
    std::vector<TopWithTies::Kept> kept;
    for (const RangeMatch& range : ranges) {
        lower += range.lower;
        estimated += range.estimated;
        upper += range.upper;
        if (range.size == wanted && range.lightest <= 0) return std::nullopt;
        seen += range.size;
        kept.push_back(range.kept);
    }
    // A range knows little of its count until it has matched it all (its filter could
    // match none); the whole query's bounds from its words' frequencies (without matching)
    // narrow theirs: exact for one word, as in one pass.
    const Xapian::MSet whole = enquire.get_mset(0, 0);
    result.matches_lower_bound = std::max(lower, whole.get_matches_lower_bound());
    result.matches_upper_bound = std::max(std::min(upper, whole.get_matches_upper_bound()), result.matches_lower_bound);
    result.estimated_matches = std::clamp(estimated, result.matches_lower_bound, result.matches_upper_bound);
    // As in one pass: fewer matches than the page means every match is seen.
    exhausted = seen < wanted;
    return best_of(std::move(kept), wanted);
}

/// The page of `request` from the candidates a spy kept (spied_candidates()): their ties
/// ordered (from the rank column of `tie_ranks`, or by their values) and copies collapsed
/// (by the duplicate keys of tied candidates up to the page; of those that may have a twin
/// when the pass `refused` the listed copies); nullopt when collapsing left fewer than the
/// page and matches remain (all lighter than any seen).
std::optional<std::vector<RankedDocument>> page_from_candidates(const Xapian::Database& db,
                                                                const std::vector<TopWithTies::Candidate>& best,
                                                                bool exhausted, const SearchRequest& request,
                                                                TieRanks* tie_ranks,
                                                                const ListedCopies* refused = nullptr) {
    const Xapian::doccount wanted = request.offset + request.limit;
    std::vector<RankedDocument> candidates;
    candidates.reserve(best.size());
    for (const TopWithTies::Candidate& c : best)
        candidates.push_back(ranked_document(db.get_document(c.docid, Xapian::DOC_ASSUME_VALID), c.docid, c.weight));
    std::vector<RankedDocument> hits =
        ranked_and_collapsed(db, std::move(candidates), request.collapse_duplicates, wanted, tie_ranks, refused);
    if (!exhausted && hits.size() < wanted) return std::nullopt;
    return page_of(std::move(hits), request);
}

/// Below this many matches (Xapian's upper bound) a date order is left to Xapian's sort of
/// every match, which then costs less than a walk over the days.
constexpr Xapian::doccount kSortedWhole = 2000;

/// How many articles of `db` have a date (a year term).
Xapian::doccount dated_articles(const Xapian::Database& db) {
    const std::string prefix(schema::kYearPrefix);
    Xapian::doccount dated = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) dated += t.get_termfreq();
    return dated;
}

/// Sets `enquire` to sort as `order` (newest or oldest first) asks.
void sort_by_date(Xapian::Enquire& enquire, SortOrder order) {
    // By date, then a fixed order of ids (the tie-break key, schema.hpp). Not by date then relevance: Xapian breaks
    // ties of that pair by docid, and a KeyMaker that could add the id cannot run on remote shards.
    enquire.set_sort_by_value(schema::kTieBreakSlot, order == SortOrder::kOldest);
}

/// The page of `request` in date order, from spans of days walked from the newest (or the
/// oldest) day of `db` on (DayWalk, date_terms.hpp): each span is `query` filtered to its
/// days and sorted by Xapian, so only the matches of the spans up to the page are read,
/// where sorting the whole result set reads the date of every match. Exact: the spans are
/// consecutive and in order, and within one every match is sorted. nullopt, with `enquire`
/// left on `query`, when Xapian's sort of every match is the better way: few matches, no
/// dated article, a page that needs undated articles (they come last newest first, and
/// first oldest first), or no page at all. Sets result.estimated_matches from Xapian's
/// estimate for the whole query when it answers.
std::optional<std::vector<RankedDocument>> sorted_by_day_spans(const Xapian::Database& db, Xapian::Enquire& enquire,
                                                               const Xapian::Query& query, const SearchRequest& request,
                                                               SearchResult& result) {
    const Xapian::doccount wanted = request.offset + request.limit;
    if (wanted == 0) return std::nullopt;
    enquire.set_query(query);
    const Xapian::MSet estimate = enquire.get_mset(0, 0);  // without matching (check_at_least 0)
    if (estimate.get_matches_upper_bound() <= kSortedWhole) return std::nullopt;
    const auto archive = dated_span(db);
    if (!archive) return std::nullopt;
    if (request.sort == SortOrder::kOldest && dated_articles(db) < db.get_doccount()) return std::nullopt;
    sort_by_date(enquire, request.sort);
    DayWalk walk(*archive, request.sort == SortOrder::kNewest, estimate.get_matches_estimated(), wanted);
    std::vector<RankedDocument> before;  // every match of the spans walked, in order
    while (const std::optional<DaySpan> span = walk.next()) {
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query, date_filter(db, span->first, span->last)));
        std::size_t kept = 0;  // hits of the last fetch, duplicates collapsed
        for (Xapian::doccount fetch = wanted + 1;; fetch = next_fetch(fetch, wanted, kept)) {
            const Xapian::MSet mset = enquire.get_mset(0, fetch);
            std::vector<RankedDocument> fetched = before;
            for (auto it = mset.begin(); it != mset.end(); ++it) {
                fetched.push_back(ranked_document(it.get_document(), *it, it.get_weight()));
                if (request.collapse_duplicates)
                    fetched.back().duplicate_key = fetched.back().document.get_value(schema::kDuplicateSlot);
            }
            std::vector<RankedDocument> hits = collapse_duplicates(fetched);
            kept = hits.size();
            if (hits.size() >= wanted) {
                enquire.set_query(query);
                record_match_counts(estimate, result);
                result.from_day_spans = true;
                return page_of(std::move(hits), request);
            }
            if (mset.size() < fetch) {  // the whole span is in; on to the next
                walk.found(mset.size());
                before = std::move(fetched);
                break;
            }
        }
    }
    enquire.set_query(query);
    return std::nullopt;
}

/// The page of `request` sorted by Xapian itself (reading the sort value of every match),
/// duplicates collapsed among the articles up to the page; sets result.estimated_matches.
std::vector<RankedDocument> sorted_by_xapian(Xapian::Enquire& enquire, const SearchRequest& request,
                                             Xapian::doccount check_at_least, SearchResult& result,
                                             Xapian::doccount first_fetch = 0) {
    // Ties in relevance go to the newer article, then to a fixed order of ids: never to
    // the docid, which depends on how the articles were spread over databases.
    if (request.sort == SortOrder::kRelevance)
        enquire.set_sort_by_relevance_then_value(schema::kTieBreakSlot, false);
    else
        sort_by_date(enquire, request.sort);
    // Duplicates are collapsed here among the articles up to the page, not by Xapian, whose
    // collapse key reads a second value of every match on top of the sort key (newest
    // first, ids only: 3.2x the floor with it). The page is the same: every article before
    // it is read, so a later twin always meets its first; only the count of a hit's twins
    // is of those up to the page (Xapian's is a lower bound too).
    const Xapian::doccount wanted = request.offset + request.limit;
    std::size_t kept = 0;  // hits of the last fetch, duplicates collapsed
    const auto sorted_page = [&](std::vector<RankedDocument> fetched,
                                 bool exhausted) -> std::optional<std::vector<RankedDocument>> {
        if (request.collapse_duplicates)
            for (RankedDocument& d : fetched) d.duplicate_key = d.document.get_value(schema::kDuplicateSlot);
        std::vector<RankedDocument> hits = collapse_duplicates(std::move(fetched));
        kept = hits.size();
        if (hits.size() < wanted && !exhausted) return std::nullopt;  // collapsing left too few
        return page_of(std::move(hits), request);
    };
    // No limit on the fetch, so always a page.
    return *fetch_doubling(enquire, wanted, std::numeric_limits<Xapian::doccount>::max(), check_at_least, result,
                           sorted_page, &kept, &first_fetch);
}

/// The page of `request` in date order: from spans of days when `may_walk` (no facets to
/// count over every match, and not --exhaustive) and they can answer, else by Xapian's sort
/// of every match. Sets result.estimated_matches.
std::vector<RankedDocument> sorted_by_date(const Xapian::Database& db, Xapian::Enquire& enquire,
                                           const Xapian::Query& query, const SearchRequest& request, bool may_walk,
                                           Xapian::doccount check_at_least, SearchResult& result) {
    if (may_walk)
        if (auto page = sorted_by_day_spans(db, enquire, query, request, result)) return std::move(*page);
    return sorted_by_xapian(enquire, request, check_at_least, result);
}

std::vector<RankedDocument> top_by_relevance(const Xapian::Database& db, bool spies_run_locally,
                                             Xapian::Enquire& enquire, const SearchRequest& request,
                                             Xapian::doccount check_at_least, SearchResult& result,
                                             ListedCopiesCache* listed_copies = nullptr,
                                             const ParallelRanges* parallel = nullptr, TieRanks* tie_ranks = nullptr);

/// The page of `request` in relevance order for the query of `enquire` with the copies of
/// identical articles the indexer listed left out (listed_copies.hpp), so that they are
/// not collapsed one by one; each hit counts its group's copies. nullopt, with `enquire`
/// as it was, when the database has no current list, or the request asks for every copy or
/// for --exhaustive. The caller has checked that the query ranks as a query of words
/// alone would (is_of_words_alone(): filters can tell copies apart).
/// The match counts are left as they are; result.without_listed_copies is set.
std::optional<std::vector<RankedDocument>> top_without_listed_copies(const Xapian::Database& db,
                                                                     Xapian::Enquire& enquire,
                                                                     const SearchRequest& request,
                                                                     ListedCopiesCache& listed_copies,
                                                                     SearchResult& result, TieRanks* tie_ranks) {
    if (!request.collapse_duplicates || request.exhaustive) return std::nullopt;
    const Xapian::Query query = enquire.get_query();
    const ListedCopies* copies = listed_copies.of(db);
    if (!copies) return std::nullopt;
    enquire.set_query(copies->without_copies(query));
    SearchResult scratch;  // counts without the copies are not the query's
    std::vector<RankedDocument> page =
        top_by_relevance(db, true, enquire, request, 0, scratch, nullptr, nullptr, tie_ranks);
    enquire.set_query(query);
    enquire.set_sort_by_relevance();  // the fallback may have set a sort
    for (RankedDocument& hit : page) hit.duplicates += copies->group_size(hit.docid) - 1;
    result.without_listed_copies = true;
    return page;
}

/// The page of `request` in relevance order for the query of `enquire` (one of words alone,
/// over one local database) in one pass that refuses the copies `copies` lists (CopiesRefused,
/// listed_copies.hpp): ranked as without them, each hit counting its group's copies, and
/// the match counts of every match. nullopt when the tie at the page boundary is too big to
/// keep even without the copies, or collapsing left fewer than the page.
std::optional<std::vector<RankedDocument>> top_refusing_listed_copies(const Xapian::Database& db,
                                                                      Xapian::Enquire& enquire,
                                                                      const ListedCopies& copies,
                                                                      const SearchRequest& request,
                                                                      SearchResult& result, TieRanks* tie_ranks) {
    const CopiesRefused refused(copies);
    bool exhausted = false;
    const std::optional<std::vector<TopWithTies::Candidate>> best =
        spied_candidates(enquire, nullptr, db, request.offset + request.limit, 0, result, exhausted, &refused);
    if (!best) return std::nullopt;
    std::optional<std::vector<RankedDocument>> page =
        page_from_candidates(db, *best, exhausted, request, tie_ranks, &copies);
    if (!page) return std::nullopt;
    for (RankedDocument& hit : *page) hit.duplicates += copies.group_size(hit.docid) - 1;
    result.without_listed_copies = true;
    return page;
}

/// The page of `request` in relevance order over `db`; sets result.estimated_matches.
/// `spies_run_locally`: no shard of `db` is remote, so a match spy of ours can run.
/// `listed_copies`: when given (for a query that ranks as a query of words alone), the
/// copies of identical articles it lists are refused in the pass
/// (top_refusing_listed_copies()), or over ranges left out after a pass whose tie at the
/// page was too big (top_without_listed_copies()). `parallel`: when given, the first pass
/// matches ranges of docids at once (parallel_match.hpp).
std::vector<RankedDocument> top_by_relevance(const Xapian::Database& db, bool spies_run_locally,
                                             Xapian::Enquire& enquire, const SearchRequest& request,
                                             Xapian::doccount check_at_least, SearchResult& result,
                                             ListedCopiesCache* listed_copies, const ParallelRanges* parallel,
                                             TieRanks* tie_ranks) {
    // Xapian can break ties by a value and collapse by another itself, but then reads both
    // values of every candidate document; here only those of tied documents at the top of
    // the ranking. Exact: ties are complete (seen by a spy in the one pass, or the fetch
    // grows until the weight drops past the page), and identical articles weigh the same,
    // so their group is complete too. (Articles equal but for case, which share a duplicate
    // key, may weigh a little apart: those stay separate hits.) Many ties (a query of
    // filters only weighs every match 0) are left to Xapian after all.
    const Xapian::doccount wanted = request.offset + request.limit;
    // The spy sees docids of the shard it runs on, which are not those of the whole set.
    bool too_many_ties = false;  // for fetching matches in weight order until the tie is complete
    if (wanted > 0 && spies_run_locally && db.size() == 1) {
        // With the copies the indexer listed refused in the pass: a pass with them is wasted
        // whenever they make the tie too big, and costs the same otherwise. Not over ranges
        // of docids, whose threads match copies of the query.
        const ListedCopies* copies = listed_copies && !parallel && request.collapse_duplicates && !request.exhaustive
                                         ? listed_copies->of(db)
                                         : nullptr;
        if (copies) {
            if (auto page = top_refusing_listed_copies(db, enquire, *copies, request, result, tie_ranks))
                return std::move(*page);
            listed_copies = nullptr;  // a pass without the copies has just failed
        }
        // One pass, a spy seeing the tie at the page boundary (top_with_ties.hpp): over
        // ranges of docids at once with `parallel`.
        bool exhausted = false;
        const std::optional<std::vector<TopWithTies::Candidate>> best =
            spied_candidates(enquire, parallel, db, wanted, check_at_least, result, exhausted);
        too_many_ties = !best;  // more than the spy holds, or every match weighing 0
        // Ordering a tie reads two values of each member. A big one is most often copies of
        // one article (wire copy repeats a headline thousands of times): without them the
        // page usually takes one pass with a small tie.
        const bool big_tie = best && best->size() > most_tied(wanted);
        if (best && !big_tie)
            if (auto page = page_from_candidates(db, *best, exhausted, request, tie_ranks)) return std::move(*page);
        if (listed_copies)
            if (auto page = top_without_listed_copies(db, enquire, request, *listed_copies, result, tie_ranks))
                return std::move(*page);
        if (big_tie)
            if (auto page = page_from_candidates(db, *best, exhausted, request, tie_ranks)) return std::move(*page);
    }
    std::size_t kept = 0;  // hits of the last fetch, duplicates collapsed
    const auto relevance_page = [&](std::vector<RankedDocument> fetched,
                                    bool exhausted) -> std::optional<std::vector<RankedDocument>> {
        // The last fetched is the lightest: no match left unfetched weighs more.
        const double lightest = fetched.empty() ? 0 : fetched.back().weight;
        std::vector<RankedDocument> hits =
            ranked_and_collapsed(db, std::move(fetched), request.collapse_duplicates, wanted, tie_ranks);
        kept = hits.size();
        const bool complete = wanted == 0 || (hits.size() >= wanted && lightest < hits[wanted - 1].weight);
        if (!exhausted && !complete) return std::nullopt;
        return page_of(std::move(hits), request);
    };
    Xapian::doccount fetched = 0;
    if (!too_many_ties)
        if (auto page = fetch_doubling(enquire, wanted, most_tied(wanted), check_at_least, result, relevance_page,
                                       &kept, &fetched))
            return std::move(*page);
    // Xapian's sort starts where that stopped: fewer matches never made a page.
    return sorted_by_xapian(enquire, request, check_at_least, result, fetched);
}

/// `query` with its words weighed another way when that pays, else nullopt
/// (SearchEngine::weighed_from_lengths_if_worth()).
using WordWeigher = std::function<std::optional<Xapian::Query>(const Xapian::Query& query)>;

/// The page of `request` ranked from the top postings of `query`'s word, when a bound
/// proves it the page that ranking every match would give (top_postings_search.hpp);
/// nullopt otherwise, with `enquire` left to rank `query` in full. Sets
/// the match counts from Xapian's bounds and estimate for `query` (not for the list).
std::optional<std::vector<RankedDocument>> top_from_top_postings(const Xapian::Database& db, Xapian::Enquire& enquire,
                                                                 const Xapian::Query& query,
                                                                 const RankingConfig& ranking,
                                                                 const SearchRequest& request, SearchResult& result,
                                                                 ListedCopiesCache* listed_copies,
                                                                 const WordWeigher& weigh_words, TieRanks* tie_ranks) {
    const std::optional<TopPostingsPlan> plan = TopPostingsPlan::make(db, query, ranking);
    if (!plan) return std::nullopt;
    SearchResult scratch;  // the list's count is not the query's
    // The rare words of an OR, and the listed word where they match, are weighed from the
    // length column when that pays, as any query is.
    const Xapian::Query listed = plan->listed_query();
    const std::optional<Xapian::Query> weighed = weigh_words(listed);
    enquire.set_query(weighed ? *weighed : listed);
    // Copies of one article are listed (or not) together, the first in tie-break order
    // first, and match the rest of the query alike: the listed query ranks as `query` does.
    std::vector<RankedDocument> page = top_by_relevance(
        db, true, enquire, request, 0, scratch, is_of_words_alone(query) ? listed_copies : nullptr, nullptr, tie_ranks);
    enquire.set_query(query);
    enquire.set_sort_by_relevance();  // a fallback within the list may have set a sort
    // A short page may lack articles left out of the list.
    if (page.size() < request.limit) return std::nullopt;
    RankedDocument& last = page.back();
    if (last.tie_break.empty()) last.tie_break = last.document.get_value(schema::kTieBreakSlot);
    if (!plan->proves({last.weight, last.tie_break})) return std::nullopt;
    // Xapian's estimate from the posting list's size, without matching (check_at_least 0).
    record_match_counts(enquire.get_mset(0, 0), result);
    result.from_top_postings = true;
    result.weighed_from_lengths = weighed.has_value();
    return page;
}

/// The facets and the histogram `request` asks for, counted over every match of `query` in
/// `db` (local databases only) in one pass of their own: without weights (Xapian's
/// BoolWeight), which visits two million headlines' matches about ten times faster than
/// weighing them, and from the facet columns `db` has current (facets.hpp). Sets `counts`'
/// facets, histogram and match counts, which are exact.
void count_every_match(const Xapian::Database& db, const Xapian::Query& query, const SearchRequest& request,
                       FacetColumns& columns, SearchResult& counts) {
    std::vector<std::unique_ptr<FacetCounter>> counters;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    for (const std::string& name : request.facets) {
        counters.push_back(std::make_unique<FacetCounter>(name, db, columns.of(db, name)));
        enquire.add_matchspy(counters.back()->spy());
    }
    std::optional<HistogramCounter> by_date;
    if (request.histogram) {
        by_date.emplace(*request.histogram, columns.of(db, "day"));
        enquire.add_matchspy(by_date->spy());
    }
    record_match_counts(enquire.get_mset(0, 0, db.get_doccount()), counts);
    for (std::size_t i = 0; i < counters.size(); ++i)
        counts.facets.push_back({request.facets[i], counters[i]->top(request.facet_values)});
    if (by_date) counts.histogram = by_date->histogram();
}

/// The stemmer a hit's words were indexed with: its own language's (Article::language), else
/// the database's; the database's too for a language Xapian does not stem, which only a
/// damaged record could hold.
Xapian::Stem stemmer_of(std::string_view article_language, const std::string& database_language) {
    AnalysisConfig config;
    try {
        config.language = article_language.empty() ? database_language : canonical_language(article_language);
    } catch (const std::invalid_argument&) {
        config.language = database_language;
    }
    return make_stemmer(config);
}

/// What highlights the hits of one query: a SnippetGenerator or KwicFinder per language the
/// hits are in, made when a hit in it first needs one. A word matches a stemmed query term
/// when its stem in the hit's language is that term, since that stemmer made the hit's
/// terms: "Haus" highlights "Häuser" in a German article of an English database.
template <typename Highlighter, typename Terms>
class ByLanguage {
  public:
    ByLanguage(std::string database_language, const Terms& terms, bool fold, bool cjk_ngrams)
        : database_language_(std::move(database_language)), terms_(terms), fold_(fold), cjk_ngrams_(cjk_ngrams) {}

    const Highlighter& of(const Article& article) {
        auto it = highlighters_.find(article.language);
        if (it == highlighters_.end())
            it = highlighters_
                     .try_emplace(article.language, stemmer_of(article.language, database_language_), terms_, fold_,
                                  cjk_ngrams_)
                     .first;
        return it->second;
    }

  private:
    std::string database_language_;
    const Terms& terms_;
    bool fold_;
    bool cjk_ngrams_;
    std::map<std::string, Highlighter, std::less<>> highlighters_;
};

using SnippetsByLanguage = ByLanguage<SnippetGenerator, std::vector<std::string>>;
using KwicByLanguage = ByLanguage<KwicFinder, Xapian::Query>;

/// `ranked` as the hit at `rank`, its stored article decoded by `mapper` (unless the
/// request wants ids only) and its snippet made by `snippets` when given.
Hit make_hit(DocumentMapper& mapper, const RankedDocument& ranked, Xapian::doccount rank, SnippetsByLanguage* snippets,
             const SearchRequest& request) {
    Hit hit;
    hit.rank = rank;
    hit.score = ranked.weight;
    hit.docid = ranked.docid;
    hit.duplicates = ranked.duplicates;
    const Xapian::Document& doc = ranked.document;
    try {
        if (!request.stored_articles) {
            hit.article.id = mapper.stored_id(doc);
            return hit;
        }
        hit.article = mapper.stored_article(doc);
    } catch (const CorruptRecordError& e) {
        hit.article.id = id_of_unreadable(mapper, doc);
        hit.error = e.what();
        return hit;
    }
    if (snippets) {
        const std::string& text = hit.article.body.empty() ? hit.article.title : hit.article.body;
        hit.snippet = snippets->of(hit.article).make(text, request.snippet_chars);
    }
    return hit;
}

/// The histogram of the matches of `query` holding each of the kBreakdownSeries most
/// frequent values of the first of `facets` that filters (facet_filter_term()), over the
/// buckets of `whole`: a counting pass each, like count_by_date(). nullopt when no facet
/// filters.
std::optional<HistogramBreakdown> break_down(const Xapian::Database& db, const Xapian::Query& query,
                                             const Histogram& whole, const std::vector<Facet>& facets,
                                             FacetColumns* columns) {
    for (const Facet& facet : facets) {
        if (!facet_filter_term(facet.name, "")) continue;
        HistogramBreakdown breakdown{facet.name, {}};
        for (std::size_t i = 0; i < facet.values.size() && i < kBreakdownSeries; ++i) {
            const std::string& value = facet.values[i].first;
            const Xapian::Query only(Xapian::Query::OP_FILTER, query,
                                     Xapian::Query(*facet_filter_term(facet.name, value)));
            breakdown.series.push_back(
                {value, over_buckets_of(count_by_date(db, only, whole.interval, columns), whole)});
        }
        return breakdown;
    }
    return std::nullopt;
}

}  // namespace

void SearchEngine::set_match_threads(unsigned threads, Xapian::doccount from_postings) {
    match_threads_ = std::max(threads, 1U);
    parallel_from_postings_ = from_postings;
    range_handles_.clear();
}

const std::vector<Xapian::Database>* SearchEngine::range_handles_for(const Xapian::Query& query) {
    if (match_threads_ <= 1 || !shards_ || shards_->has_remote() || db_.size() != 1) return nullptr;
    if (!worth_splitting(db_, query, parallel_from_postings_)) return nullptr;
    while (range_handles_.size() + 1 < match_threads_) range_handles_.push_back(shards_->open_again());
    // Every thread must weigh with the statistics of the same revision.
    const Xapian::rev revision = db_.get_revision();
    for (Xapian::Database& handle : range_handles_) {
        if (handle.get_revision() != revision) handle.reopen();
        if (handle.get_revision() != revision) return nullptr;
    }
    return &range_handles_;
}

std::optional<Xapian::Query> SearchEngine::weighed_from_lengths_if_worth(const Xapian::Query& query) {
    const double saved_ns = length_lookups_saved_ns(query, db_);
    if (saved_ns == 0) return std::nullopt;
    std::shared_ptr<const length_column::Column> column = length_columns_.of(db_, false);
    if (!column) {
        // The column is read whole (a byte or two an article): once the queries so far,
        // this one included, would have saved what that costs. A rent-or-buy rule: never
        // more than twice the cheaper of always and never reading it, whatever follows.
        lookups_ns_before_lengths_ += saved_ns;
        if (lookups_ns_before_lengths_ < kLengthColumnReadNsPerDocid * (db_.get_lastdocid() + 1.0)) return std::nullopt;
        column = length_columns_.of(db_);
        if (!column) return std::nullopt;
    }
    return weighed_from_lengths(query, db_, column, config_.ranking);
}

Xapian::Query SearchEngine::matched_query(const Xapian::Query& query) const {
    if (!positions_in_values_ || !has_positional(query)) return query;
    if (spies_run_locally_) return phrases_on_stored_positions(query);
    // xapian-tcpsrv runs only Xapian's own operators: a remote shard needs Xapian's positions.
    if (!db_.has_positions())
        throw std::runtime_error(
            "phrases and NEAR need word positions, which these remote shards keep in a value that only a local "
            "search reads (built with `indexer --compact-positions`): serve databases built without it");
    return query;
}

SearchResult SearchEngine::run(const SearchRequest& request) {
    SearchResult result;
    const std::size_t ties_ordered_before = tie_ranks_.ties_ordered();
    result.query = request.query;
    result.searched_query = request.query;
    result.like_id = request.like_id;
    result.offset = request.offset;
    result.limit = request.limit;
    Xapian::Query query;
    if (!request.like_id.empty()) {
        query = related_query(request.like_id);
    } else {
        if (request.suggest_spelling || request.correct_spelling)
            result.suggestion = suggest_spelling(db_, request.query, query_stemmer_);
        if (request.correct_spelling && result.suggestion) result.searched_query = *result.suggestion;
        const bool filtered = !request.since.empty() || !request.until.empty();
        query = asks_for_every_article(result.searched_query, filtered)
                    ? Xapian::Query::MatchAll
                    : parse(result.searched_query, request.all_terms, result.relaxed);
    }
    if (!request.since.empty() || !request.until.empty())
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_filter(db_, request.since, request.until));
    result.parsed_query = query.get_description();
    query = body_phrases_on_text_positions(query);
    if (bodyless_titles_) query = title_words_on_bodyless_articles(query, config_.max_wildcard_terms);
    std::vector<TruncatedWildcard> truncated;
    if (body_in_combined_) query = body_words_in_combined_field(query, db_, config_.max_wildcard_terms, &truncated);
    query = expand_wildcards(query, db_, config_.max_wildcard_terms, &truncated);  // once over every shard
    for (const TruncatedWildcard& w : truncated)
        result.warnings.push_back("'" + wildcard_as_typed(w.pattern) + "' matches " + std::to_string(w.terms) +
                                  " words; searching the " + std::to_string(config_.max_wildcard_terms) +
                                  " most frequent");
    // What Xapian matches: on a database that keeps its positions in a value, phrases
    // become the AND of their words checked on it (stored_positions.hpp). `query` stays
    // as parsed for what reads its shape (copies, highlighting, --explain).
    const Xapian::Query matched = matched_query(query);

    Xapian::Enquire enquire(db_);
    configure_ranking(enquire, matched, config_.ranking, &*document_terms_);
    // Facets and the histogram count the whole result set. On local databases that is a
    // pass of its own (count_every_match()), and the page is then ranked as without them;
    // remote shards can only run Xapian's own spies, so facets count in the ranking pass,
    // which then visits every match, and the histogram in a pass of its own.
    std::vector<std::unique_ptr<FacetCounter>> counters;
    const bool counted_apart = spies_run_locally_ && (!request.facets.empty() || request.histogram);
    std::optional<SearchResult> counts;
    if (counted_apart) {
        counts.emplace();
        count_every_match(db_, matched, request, facet_columns_, *counts);
        result.facets = std::move(counts->facets);
        result.histogram = std::move(counts->histogram);
    } else {
        for (const std::string& name : request.facets) {
            counters.push_back(std::make_unique<FacetCounter>(name, db_));
            enquire.add_matchspy(counters.back()->spy());
        }
    }
    const Xapian::doccount check_at_least = counters.empty() ? 0 : db_.get_doccount();
    // Filters alone weigh every match 0: newest first, unless another order was asked for.
    SearchRequest ordered = request;
    ordered.sort = effective_sort_order(request.sort, query);
    // The top postings serve a page in relevance order without facets counted in the
    // ranking pass, on one local database, for a query of one word.
    std::optional<std::vector<RankedDocument>> shortcut;
    if (ordered.sort == SortOrder::kRelevance && counters.empty() && !request.exhaustive && request.limit > 0 &&
        spies_run_locally_)
        shortcut = top_from_top_postings(
            db_, enquire, matched, config_.ranking, ordered, result, &listed_copies_,
            [this](const Xapian::Query& q) { return weighed_from_lengths_if_worth(q); }, &tie_ranks_);
    // Any other query in relevance order has its words weighed from the length column, when
    // that pays; else, with many postings, it is matched in ranges of docids on several
    // cores (after the lists, which answer without matching). The words' sources are ours,
    // which the threads' copies of the query cannot carry.
    const Xapian::Query as_ranked = enquire.get_query();
    std::optional<Xapian::Query> weighed;
    if (!shortcut && ordered.sort == SortOrder::kRelevance && !request.exhaustive && spies_run_locally_)
        weighed = weighed_from_lengths_if_worth(as_ranked);
    if (weighed) enquire.set_query(*weighed);
    std::optional<ParallelRanges> parallel;
    if (!shortcut && !weighed && ordered.sort == SortOrder::kRelevance && check_at_least == 0)
        if (const std::vector<Xapian::Database>* others = range_handles_for(enquire.get_query()))
            parallel.emplace(ParallelRanges{*others, config_.ranking});
    const std::vector<RankedDocument> ranked =
        shortcut ? std::move(*shortcut)
        : ordered.sort == SortOrder::kRelevance
            ? top_by_relevance(db_, spies_run_locally_, enquire, ordered, check_at_least, result,
                               is_of_words_alone(query) ? &listed_copies_ : nullptr, parallel ? &*parallel : nullptr,
                               request.exhaustive ? nullptr : &tie_ranks_)
            : sorted_by_date(db_, enquire, matched, ordered, counters.empty() && !request.exhaustive, check_at_least,
                             result);
    if (weighed) {
        enquire.set_query(as_ranked);  // --explain names its words
        result.weighed_from_lengths = true;
    }
    for (std::size_t i = 0; i < counters.size(); ++i)
        result.facets.push_back({request.facets[i], counters[i]->top(request.facet_values)});
    if (counts) {  // the counting pass saw every match: its count is exact
        result.estimated_matches = counts->estimated_matches;
        result.matches_lower_bound = counts->matches_lower_bound;
        result.matches_upper_bound = counts->matches_upper_bound;
    }

    const std::vector<std::string> query_text_terms = text_terms(query);
    std::optional<SnippetsByLanguage> snippets;
    if (request.snippets && request.stored_articles)
        snippets.emplace(database_language_, query_text_terms, fold_accents_, cjk_ngrams_);
    result.hits.reserve(ranked.size());
    for (std::size_t i = 0; i < ranked.size(); ++i)
        result.hits.push_back(
            make_hit(mapper_, ranked[i], request.offset + i + 1, snippets ? &*snippets : nullptr, request));
    if (request.kwic && request.stored_articles) {
        KwicByLanguage finders(database_language_, query, fold_accents_, cjk_ngrams_);
        result.kwic_terms = finders.of(Article{}).size();  // the same terms in every language
        for (Hit& hit : result.hits)
            if (hit.error.empty()) hit.kwic = finders.of(hit.article).find(hit.article);
    }
    if (request.histogram && !counted_apart) result.histogram = count_by_date(db_, matched, *request.histogram);
    if (result.histogram)
        result.histogram_breakdown =
            break_down(db_, matched, *result.histogram, result.facets, spies_run_locally_ ? &facet_columns_ : nullptr);
    if (request.top_terms > 0) {
        // The best matches by relevance, whatever order the page is in: what the set is about.
        Xapian::Enquire best(db_);
        configure_ranking(best, matched, config_.ranking, &*document_terms_);
        std::vector<Xapian::docid> sample;
        const Xapian::MSet mset = best.get_mset(0, kTopTermsSample);
        for (auto it = mset.begin(); it != mset.end(); ++it) sample.push_back(*it);
        result.top_terms_sample = static_cast<Xapian::doccount>(sample.size());
        // Twice the words asked for: the phrases are made of them, and ranked among them.
        const std::vector<std::string> own_terms = text_terms(query);
        const std::vector<TopTerm> words = top_terms(*document_terms_, sample, 2 * request.top_terms, own_terms,
                                                     snowball_stopwords(config_.language), query_stemmer_);
        std::vector<Article> articles;
        articles.reserve(sample.size());
        for (const Xapian::docid docid : sample) {
            try {
                articles.push_back(mapper_.stored_article(db_.get_document(docid, Xapian::DOC_ASSUME_VALID)));
            } catch (const CorruptRecordError&) {  // its words still count; its phrases cannot be read
            }
        }
        std::vector<SampleText> texts;
        texts.reserve(articles.size());
        for (const Article& a : articles) texts.push_back({a.title, a.body});
        const std::vector<TopTerm> phrases =
            top_phrases(db_, texts, words, own_terms, request.top_terms, make_stemmer(config_), fold_accents_);
        result.top_terms = merge_by_weight(words, phrases, request.top_terms);
    }
    if (request.explain) {
        // The query as ranked: after feedback, if any, which configure_ranking() put there.
        const Xapian::Query& ranked_query = enquire.get_query();
        for (Hit& hit : result.hits)
            hit.explanation = explain_match(*document_terms_, ranked_query, config_.ranking, hit.docid);
    }
    result.ties_from_rank_column = tie_ranks_.ties_ordered() > ties_ordered_before;
    return result;
}

}  // namespace news
