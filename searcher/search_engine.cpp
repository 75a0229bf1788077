#include "searcher/search_engine.hpp"

#include <algorithm>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <utility>

#include "common/ranking.hpp"
#include "common/schema.hpp"

namespace news {

namespace {

Xapian::Database open_database(const std::string& path) {
    if (!std::filesystem::exists(path))
        throw std::runtime_error("no database at " + path + " (run indexer first, or pass --db)");
    try {
        return Xapian::Database(path);
    } catch (const Xapian::DatabaseOpeningError& e) {
        throw std::runtime_error("cannot open database " + path + ": " + e.get_msg());
    }
}

/// The query's title and body terms: filters such as source:bbc must not highlight "BBC".
std::vector<std::string> text_terms(const Xapian::Query& query) {
    std::vector<std::string> terms;
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
        if (schema::is_text_term(*t)) terms.push_back(*t);
    return terms;
}

/// The id of a document whose stored record cannot be read, from its unique-id term.
std::string id_from_terms(const Xapian::Document& doc) {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(std::string(schema::kIdPrefix));
    if (t != doc.termlist_end() && (*t).rfind(schema::kIdPrefix, 0) == 0) return (*t).substr(schema::kIdPrefix.size());
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

}  // namespace

SearchEngine::SearchEngine(const std::string& db_path, AnalysisConfig config)
    : SearchEngine(open_database(db_path), std::move(config)) {}

SearchEngine::SearchEngine(Xapian::Database db, AnalysisConfig config)
    : db_(std::move(db)), config_(std::move(config)), parser_(make_query_parser(config_, db_)), mapper_(config_) {}

Xapian::Query SearchEngine::parse(const std::string& raw_text, bool& relaxed) {
    const std::string text = without_unbalanced_quote(raw_text, relaxed);
    try {
        return parser_.parse_query(text, query_parser_flags());
    } catch (const Xapian::QueryParserError&) {
        // Unbalanced quotes, a lone operator...: search the words themselves rather than fail.
        relaxed = true;
        return parser_.parse_query(text, 0);
    }
}

SearchResult SearchEngine::search(const SearchRequest& request) {
    // A writer may commit while we read; Xapian then asks us to reopen and try again.
    for (int attempt = 0;; ++attempt) {
        try {
            return run(request);
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 3) throw;
            db_.reopen();
        }
    }
}

SearchResult SearchEngine::run(const SearchRequest& request) {
    SearchResult result;
    result.query = request.query;
    const Xapian::Query query = parse(request.query, result.relaxed);
    result.parsed_query = query.get_description();

    Xapian::Enquire enquire(db_);
    configure_ranking(enquire, query, config_.ranking);
    const Xapian::MSet mset = enquire.get_mset(request.offset, request.limit);
    result.estimated_matches = mset.get_matches_estimated();

    std::optional<SnippetGenerator> snippets;
    if (request.snippets) snippets.emplace(Xapian::Stem(config_.language), text_terms(query));
    result.hits.reserve(mset.size());
    for (auto it = mset.begin(); it != mset.end(); ++it)
        result.hits.push_back(make_hit(it, snippets ? &*snippets : nullptr, request));
    return result;
}

Hit SearchEngine::make_hit(const Xapian::MSetIterator& it, const SnippetGenerator* snippets,
                           const SearchRequest& request) {
    Hit hit;
    hit.rank = it.get_rank() + 1;
    hit.score = it.get_weight();
    hit.docid = *it;
    const Xapian::Document doc = it.get_document();
    try {
        hit.article = mapper_.stored_article(doc);
    } catch (const CorruptRecordError& e) {
        hit.article.id = id_from_terms(doc);
        hit.error = e.what();
        return hit;
    }
    if (snippets) {
        const std::string& text = hit.article.body.empty() ? hit.article.title : hit.article.body;
        hit.snippet = snippets->make(text, request.snippet_chars);
    }
    return hit;
}

}  // namespace news
