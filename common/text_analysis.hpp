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

#include "common/ranking.hpp"

namespace news {

struct AnalysisConfig {
    std::string language = "english";  ///< Snowball stemmer name
    /// Leave the language's stopwords (stopwords.hpp; English only) out of the ranked part
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

/// A TermGenerator that indexes unstemmed words with positions (for phrases) and "Z"-stemmed
/// words without (for ranked matching): Xapian's STEM_SOME, as omega does.
Xapian::TermGenerator make_term_generator(const AnalysisConfig& config);

/// A QueryParser that reads words as make_term_generator indexes them: same stemmer and
/// strategy, and the language's stopwords per `config.query_stopwords`. It knows none of
/// our fields or syntax: the searcher's make_query_parser (searcher/query_language.hpp)
/// starts from it and adds the query language.
Xapian::QueryParser make_analysing_query_parser(const AnalysisConfig& config);

}  // namespace news
