/// @file snippet.hpp
/// @brief Query-biased snippets: the best short passage of an article, with the positions
/// of query-term matches so each output format can highlight them its own way.
#pragma once

#include <xapian.h>

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace news {

/// A passage cut from an article. `highlights` are [begin, end) byte ranges into `text`,
/// sorted and non-overlapping, one per matched word.
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

/// A word of a text that matches a query term: [begin, end) bytes into the text, and the id
/// SnippetGenerator gave that term (SnippetGenerator::term_id()).
struct TermMatch {
    std::size_t begin = 0;
    std::size_t end = 0;
    unsigned term = 0;
};

/// True when `second` follows `first` in `text` with no word between them, only spaces and
/// punctuation: the two are next to each other, as a phrase wants its words.
bool adjacent_words(std::string_view text, const TermMatch& first, const TermMatch& second);

/// Builds snippets for one query. Construct once per query, call make() per hit. make()
/// remembers what each word it stemmed matched (the hits of one query share most words), so
/// a generator belongs to one thread.
class SnippetGenerator {
  public:
    /// `query_terms` are the query's terms as they appear in the database (e.g. from
    /// Xapian::Query::get_unique_terms_begin()): a leading "Z" marks a stemmed term, and
    /// leading upper-case letters are a field prefix ("S", "XB"), both stripped here; so
    /// "Zdialogu", "cyber" and "ZSchina" match the words "dialogues", "cyber" and "China".
    /// Words are split and lowercased the way Xapian::TermGenerator does it (CJK n-grams
    /// aside), so a word matches exactly when indexing it would have produced the term.
    /// With `fold` (a database whose terms have their accents folded, schema 6 on),
    /// the terms are folded (common/text_analysis.hpp: fold_accents) and so is each word of
    /// the text before it is matched: "cafe" highlights "café" as written.
    /// With `cjk_ngrams` (a database that indexes CJK text as n-grams, schema 7 on), each
    /// CJK character is a word, which the query's CJK unigrams highlight.
    SnippetGenerator(const Xapian::Stem& stemmer, const std::vector<std::string>& query_terms, bool fold = false,
                     bool cjk_ngrams = false);

    /// The passage with the most distinct query terms, then the most matches; the article's
    /// start when nothing matches. It holds at most `max_chars` bytes, not counting a "…"
    /// (3 bytes) at either end that marks text cut there; cuts fall between words (a single
    /// word longer than `max_chars` is cut at a character boundary). Runs of whitespace and
    /// control characters become one space, invalid UTF-8 becomes U+FFFD, so `text` is
    /// always valid UTF-8. Empty when `max_chars` is 0 or `text` is blank.
    Snippet make(std::string_view text, std::size_t max_chars = 240) const;

    /// What term_id() returns for a term the generator was not given.
    static constexpr unsigned kNoTerm = ~0U;

    /// Every word of `text` that matches a query term, in text order: the matching make()
    /// highlights, for callers that want every occurrence (kwic.hpp) rather than a passage.
    std::vector<TermMatch> find_matches(std::string_view text) const;

    /// The id the words matching `query_term` (one of the constructor's, as given) carry in
    /// find_matches(); a word and its stem share one. kNoTerm for any other term.
    unsigned term_id(std::string_view query_term) const;

  private:
    /// The id of the query term `word` (lowercased) matches, or kNoTerm.
    unsigned term_of(const std::string& word) const;
    /// False when `word` cannot match any term, decided from its first two bytes alone.
    bool may_match(std::string_view word) const;
    /// may_match() for the first (up to two) bytes of an ASCII word, in any case.
    bool may_match_ascii(std::string_view start) const;
    void add_prefix_key(std::string_view term);

    Xapian::Stem stemmer_;
    bool fold_accents_ = false;
    bool cjk_ngrams_ = false;
    /// Exact lowercased words and stems to match, each mapped to a term id; a word and a stem
    /// of the same word share an id, so "distinct terms" counts concepts, not spellings.
    std::unordered_map<std::string, unsigned> words_;
    std::unordered_map<std::string, unsigned> stems_;
    unsigned term_count_ = 0;
    /// Stemming is costly, so words are first checked against the first one or
    /// two bytes of every word and stem; only valid for stemmers that keep those bytes.
    std::bitset<1 << 16> prefix_keys_;  ///< by prefix_key(): first byte << 8 | second (or 0)
    bool prefix_filter_ = false;
    /// What term_of() found for words that needed stemming: a lookup costs far less than a
    /// stem (docs/benchmarks.md, "Measurements behind the defaults").
    mutable std::unordered_map<std::string, unsigned> stemmed_words_;
};

}  // namespace news
