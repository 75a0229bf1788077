/// @file search_engine.hpp
/// @brief Ranked search over a news database: query text in, hits with stored articles out.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/article.hpp"
#include "common/document_mapper.hpp"
#include "common/text_analysis.hpp"
#include "searcher/snippet.hpp"

namespace news {

struct SearchRequest {
    std::string query;
    Xapian::doccount offset = 0;
    Xapian::doccount limit = 10;
    bool snippets = true;                 ///< compute a snippet per hit
    std::size_t snippet_chars = 240;
};

struct Hit {
    Xapian::doccount rank = 0;            ///< 1-based, counting from the first result
    double score = 0;
    Xapian::docid docid = 0;
    Article article;                      ///< decoded stored record (id always set)
    Snippet snippet;
    std::string error;                    ///< non-empty when the stored record is unreadable
};

struct SearchResult {
    std::string query;
    std::string parsed_query;             ///< Xapian's description of the parsed query
    Xapian::doccount estimated_matches = 0;
    bool relaxed = false;                 ///< the query had syntax errors and was read as plain words
    std::vector<Hit> hits;
};

/// Opens a database once and answers any number of queries against it (the open cost is
/// paid once, which matters for batch and interactive use). Not thread-safe.
class SearchEngine {
  public:
    /// Throws std::runtime_error naming the path when there is no database there.
    explicit SearchEngine(const std::string& db_path, AnalysisConfig config = {});
    explicit SearchEngine(Xapian::Database db, AnalysisConfig config = {});

    SearchResult search(const SearchRequest& request);

    Xapian::Database& database() { return db_; }

  private:
    Xapian::Query parse(const std::string& text, bool& relaxed);
    SearchResult run(const SearchRequest& request);
    Hit make_hit(const Xapian::MSetIterator& it, const SnippetGenerator* snippets, const SearchRequest& request);

    Xapian::Database db_;
    AnalysisConfig config_;
    Xapian::QueryParser parser_;
    DocumentMapper mapper_;
};

}  // namespace news
