/// @file hit_formatter.hpp
/// @brief Renders search results as text (for people), JSON (for programs) or TREC run
/// lines (for evaluation tools).
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "common/terminal_text.hpp"  // terminal_safe(), which every text format applies
#include "searcher/search_engine.hpp"

namespace news {

enum class OutputFormat { kText, kJson, kJsonLines, kTrec, kTsv, kMarkdown, kCsv };

/// "text", "json", "jsonl", "trec", "tsv", "markdown" (for a whole article only) or "csv"
/// (for a histogram only); nullopt for anything else.
std::optional<OutputFormat> parse_output_format(std::string_view name);

/// The valid format names, for messages.
inline constexpr std::string_view kOutputFormatNames = "text, json, jsonl, trec, tsv, markdown, csv";

struct FormatOptions {
    bool color = false;                   ///< bold query terms and dim metadata (ANSI)
    std::string run_tag = "news-search";  ///< the last column of TREC run lines
    /// With --queries: the query's id, which json, jsonl and tsv then carry (and trec
    /// always). Empty for a single query: its output has no qid.
    std::string qid;
    bool tsv_header = true;     ///< write_tsv starts with its header line (a batch: the first query only)
    bool unicode_bars = false;  ///< histogram bars of Unicode blocks (a UTF-8 locale), else '#'
};

/// Human-readable results: "Did you mean" when there is a suggestion, a header with the
/// match count (match_count.hpp: exact when Xapian knows it), then per hit its rank, title,
/// score, date, source and id, and the snippet with query terms highlighted (none for an
/// article without a body: its snippet would be the title again) and, with --explain, its
/// explanation (explain.hpp); then the facet counts and the histogram.
void write_text(std::ostream& out, const SearchResult& result, const FormatOptions& options);

/// "Top terms of the best 1,000 matches:" and each word with how many of them hold it, on
/// one line; nothing when the result has no top terms.
void write_top_terms_text(std::ostream& out, const SearchResult& result, bool color);

/// One JSON object on one line: "qid" (with options.qid), query, estimated_matches,
/// matches_lower_bound and matches_upper_bound (equal when the count is exact), hits, and
/// when present "suggestion", "facets" ({name: [{value, count}]}) and "histogram"
/// ({interval, buckets: [{bucket, start, count}], undated, total}, and with facets
/// "breakdown": {facet, series: [{value, counts (one per bucket), undated, total}]}). Always valid UTF-8.
/// A hit has every field whatever its article lacks: rank, id, score, title, date, source,
/// category, url, tags (an array), snippet, highlights ([[begin, end], ...]: the matched
/// words of the snippet as offsets in Unicode characters, end excluded), duplicates (0 when
/// none) and error (null unless the stored article is unreadable); unknown text is "".
/// With --explain a hit also has "explain": {score, total, collection_size,
/// average_length, terms: [{term, word, field, stemmed, via, wdf, doc_length, termfreq, wqf,
/// factor, weight}], tie_break: {date, id_order, key}}.
void write_json(std::ostream& out, const SearchResult& result, const FormatOptions& options = {});

/// One JSON object per hit per line (the hit fields plus "query", and "qid" with
/// options.qid), for jq and friends. In a batch (options.qid set) a query with no hits on
/// its page still has its line: {"qid", "query", "no_hits": true, "estimated_matches"}.
void write_json_lines(std::ostream& out, const SearchResult& result, const FormatOptions& options = {});

/// Tab-separated: a header line (when options.tsv_header), then rank, id, score, date,
/// source, category, title per hit; tabs and newlines inside fields become spaces. With
/// options.qid every line starts with a qid column, and a query with no hits on its page
/// has one line of its qid, rank 0 and empty fields.
void write_tsv(std::ostream& out, const SearchResult& result, const FormatOptions& options = {});

/// The whole stored article for reading: title, metadata, tags, url, then the body.
void write_article(std::ostream& out, const Article& article, const FormatOptions& options);

/// The whole stored article as one JSON object on one line: id, title, date, source,
/// category, url, tags (an array) and body, every field present (empty when unknown).
void write_article_json(std::ostream& out, const Article& article);

/// The whole stored article as Markdown: "# title", a list of its metadata (date, source,
/// category, id, url, tags), then the body's paragraphs. Markdown's special characters in
/// the title and the metadata are escaped; the body is written as it is, plain text being
/// valid Markdown (a line that would start a heading or a list is escaped).
void write_article_markdown(std::ostream& out, const Article& article);

/// TREC run lines: "qid Q0 docid rank score tag", one per hit.
void write_trec(std::ostream& out, std::string_view qid, const SearchResult& result, const FormatOptions& options);

}  // namespace news
