/// @file text_analysis.hpp
/// @brief One configuration for analysing text on both sides: indexing and querying.
///
/// Documents and queries must be tokenised and stemmed the same way or terms will not meet;
/// so neither program builds a stemmer or sets up a TermGenerator/QueryParser's analysis by
/// hand: both come from here. What a query may say (fields, dates, wildcards) is the
/// searcher's alone: searcher/query_language.hpp.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "common/ranking.hpp"

namespace news {

struct AnalysisConfig {
    /// The language words are stemmed in and stopwords taken from: a Xapian::Stem name, best
    /// canonical (canonical_language()), or "none". Empty: the database's own
    /// (schema::language_of(): what the indexer recorded, English for a database without
    /// it), which is what IndexBuilder and SearchEngine put here when they open one; the
    /// functions below read an empty one as "english".
    std::string language;
    /// Leave the language's stopwords (stopwords.hpp) out of the ranked part
    /// of queries: "what is the cyber dialogue" searches "cyber dialogue". They stay indexed,
    /// so phrases ("the who") still find them, and a query made only of stopwords searches them.
    bool query_stopwords = true;
    RankingConfig ranking;  ///< how the searcher ranks matches
    /// The most terms one wildcard (`w1*`) of a query stands for; one that matches more
    /// searches its most frequent terms only. Each term costs the search a posting list
    /// (docs/benchmarks.md, "Measurements behind the defaults"); 1,024 is Lucene's classic
    /// clause limit; a prefix of real words rarely matches more than a few hundred terms,
    /// and the rarest matter least to the ranking. 0: no limit.
    Xapian::termcount max_wildcard_terms = 1024;
};

/// `text` without accents and other combining marks: "Zürich" -> "Zurich", "café" -> "cafe",
/// "Ångström" -> "Angstrom". Unicode canonical decomposition (NFD), marks (Mn) dropped, then
/// recomposed (NFC), by utf8proc. Letters that are not a base letter and a mark keep their
/// form ("ø", "ß", "ł"), and so does any letter in a script without such marks. ASCII comes
/// back as it is (and is not copied through utf8proc); so does text that is not valid UTF-8.
/// Lower-casing and folding commute, so a word folded before or after Xapian lowercases it
/// gives the same term.
std::string fold_accents(std::string_view text);

/// The canonical Xapian::Stem name of a language given by name or ISO 639 code, in any case:
/// "German", "de" and "german" are all "german"; "none" stays "none" (no stemming). Throws
/// std::invalid_argument naming `name` and listing the valid names ("(valid: arabic, ...,
/// none)", as completion.sh reads them) when Xapian has no stemmer of that name, and for an empty name.
std::string canonical_language(std::string_view name);

/// The Snowball stemmer of `config.language`; with `fold`, one that folds the word's accents
/// (fold_accents) before stemming it, so that "Zürich" and "zurich" share a stem, as the
/// indexer's terms do from schema 6 (schema::kAccentFoldingSchema).
Xapian::Stem make_stemmer(const AnalysisConfig& config, bool fold = false);

/// make_stemmer(config) remembering the stems it made, for the indexer's one stemmer per
/// thread: a copy shares the memory with its original, so it must stay on one thread.
Xapian::Stem make_memoizing_stemmer(const AnalysisConfig& config);

/// A TermGenerator that indexes unstemmed words with positions (for phrases) and "Z"-stemmed
/// words without (for ranked matching): Xapian's STEM_SOME, as omega does. It does not fold
/// accents: the text given to it is folded first (DocumentMapper, schema 6 on). For one
/// thread: its stemmer is make_memoizing_stemmer's.
Xapian::TermGenerator make_term_generator(const AnalysisConfig& config);

/// A QueryParser that reads words as make_term_generator indexes them: same stemmer and
/// strategy, and the language's stopwords per `config.query_stopwords`. With
/// `fold`, its stems are of folded words (make_stemmer); its unstemmed terms are
/// not, which the searcher does itself (searcher/query_language.hpp: fold_accents_in_words). It knows none of
/// our fields or syntax: the searcher's make_query_parser (searcher/query_language.hpp)
/// starts from it and adds the query language.
Xapian::QueryParser make_analysing_query_parser(const AnalysisConfig& config, bool fold = true);

}  // namespace news
