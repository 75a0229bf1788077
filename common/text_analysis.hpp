/// @file text_analysis.hpp
/// @brief One configuration for analysing text on both sides: indexing and querying.
///
/// Documents and queries must be tokenised and stemmed the same way or terms will not meet;
/// so neither program builds a stemmer or a TermGenerator/QueryParser by hand: both come
/// from here.
#pragma once

#include <string>

#include <xapian.h>

#include "common/ranking.hpp"

namespace news {

struct AnalysisConfig {
    std::string language = "english";  ///< Snowball stemmer name
    /// Leave the language's stopwords (stopwords.hpp; English only) out of the ranked part
    /// of queries: "what is the cyber dialogue" searches "cyber dialogue". They stay indexed,
    /// so phrases ("the who") still find them, and a query made only of stopwords searches them.
    bool query_stopwords = true;
    RankingConfig ranking;              ///< how the searcher ranks matches
    /// The most terms one wildcard (`w1*`) of a query stands for; one that matches more
    /// searches its most frequent terms only. Each term costs the search a posting list:
    /// `w1*` over 120,001 terms of 2,000 articles took 8.5 s, over its 1,024 most frequent
    /// (Lucene's classic clause limit) 0.02 s; a prefix of real words rarely matches more
    /// than a few hundred terms, and the rarest matter least to the ranking. 0: no limit.
    Xapian::termcount max_wildcard_terms = 1024;
};

/// A TermGenerator that indexes unstemmed words with positions (for phrases) and "Z"-stemmed
/// words without (for ranked matching): Xapian's STEM_SOME, as omega does.
Xapian::TermGenerator make_term_generator(const AnalysisConfig& config);

/// A QueryParser matching make_term_generator: same stemmer and strategy, OR by default,
/// phrases, boolean operators, +/-, wildcards, and the field prefixes of the schema
/// (title:, body:, tag:, source:, category:, id:). Unqualified words search the combined
/// title-and-body terms (schema.hpp), or, in a database written before those existed
/// (schema version 1), the title and body terms. Stopwords per `config.query_stopwords`.
/// `db` is used for wildcard expansion and to read the schema version. Wildcards expand to at
/// most `config.max_wildcard_terms` terms, the most frequent.
Xapian::QueryParser make_query_parser(const AnalysisConfig& config, const Xapian::Database& db);

/// The flags make_query_parser's parser should be called with.
unsigned query_parser_flags();

}  // namespace news
