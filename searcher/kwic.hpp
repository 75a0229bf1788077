/// @file kwic.hpp
/// @brief Keyword in context (--kwic): every occurrence of a query's words and phrases in
/// the matching articles, one line each, aligned on the keyword: the concordance view.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.hpp"
#include "searcher/snippet.hpp"

namespace news {

/// How many terminal columns of context --kwic shows on each side of a keyword.
inline constexpr std::size_t kKwicContextColumns = 40;

/// One occurrence of a query word or phrase in an article.
struct KwicLine {
    std::string field;    ///< "title" or "body"
    std::size_t offset;   ///< where the keyword starts in that field, in bytes
    std::string left;     ///< the context before it, as printed: one line, at most the columns asked for
    std::string keyword;  ///< the word or phrase as written
    std::string right;    ///< the context after it
};

/// Finds the occurrences of one query's words and phrases. A word of the query is found
/// in every form its term matches, as snippets find it (searcher/snippet.hpp: the same
/// matcher): "dialogue" (stemmed) also finds "dialogues". A phrase ("cyber dialogue") is
/// found as its words in a row, one occurrence; its words alone are not occurrences unless
/// the query also has them outside a phrase. Excluded words (NOT, AND_NOT) and filters
/// (source:bbc) are not looked for.
class KwicFinder {
  public:
    /// What a query looks for: its phrases (each its terms in order) and its words.
    struct QueryTerms {
        std::vector<std::vector<std::string>> phrases;
        std::vector<std::string> words;
    };
    /// The text terms of `query` (schema::is_text_term), as phrases (OP_PHRASE of terms)
    /// and words, leaving out what it excludes (AND_NOT's right side).
    static QueryTerms terms_of(const Xapian::Query& query);

    /// `query`: the query as searched (wildcards expanded); the other arguments as
    /// SnippetGenerator takes them.
    KwicFinder(const Xapian::Stem& stemmer, const Xapian::Query& query, bool fold = false, bool cjk_ngrams = false);

    /// The occurrences in `article`'s title, then in its body, in text order, each with
    /// `context_columns` columns of context a side at most (whitespace and control
    /// characters made single spaces, cut between characters).
    std::vector<KwicLine> find(const Article& article, std::size_t context_columns = kKwicContextColumns) const;

    /// How many words and phrases are looked for: 0 for a query of filters alone.
    std::size_t size() const { return terms_.phrases.size() + terms_.words.size(); }

    /// The occurrences in one text (find() runs it on the title and the body).
    std::vector<KwicLine> find_in(std::string_view text, std::string_view field, std::size_t context_columns) const;

  private:
    KwicFinder(const Xapian::Stem& stemmer, QueryTerms terms, bool fold, bool cjk_ngrams);

    QueryTerms terms_;
    SnippetGenerator words_;
    std::vector<std::vector<unsigned>> phrases_;  ///< term ids in order, longest phrase first
    std::vector<bool> alone_;                     ///< by term id: an occurrence on its own
};

/// A line of --kwic output: an occurrence and the article it is in.
struct KwicRow {
    std::string qid;  ///< with --queries: the query's id
    Xapian::doccount rank = 0;
    std::string id;
    std::string date;  ///< the article's day ("2015-09-22"), or empty
    KwicLine line;
};

/// The terminal columns `text` (valid UTF-8) takes: one per character, two for East Asian
/// wide ones.
std::size_t display_width(std::string_view text);

/// One line per row: the article's id (padded to the longest), its date, then the context
/// before right-aligned in `context_columns`, the keyword (bold with `color`) and the
/// context after, so the keywords line up in one column.
void write_kwic_text(std::ostream& out, const std::vector<KwicRow>& rows, bool color,
                     std::size_t context_columns = kKwicContextColumns);

/// Tab-separated: a header line (when `header`), then per row rank, id, date, field,
/// offset, left, keyword, right (after a qid column when `with_qid`); tabs and line
/// breaks inside fields are spaces already.
void write_kwic_tsv(std::ostream& out, const std::vector<KwicRow>& rows, bool with_qid, bool header);

}  // namespace news
