/// @file query_language.hpp
/// @brief The query language: what a query may say (fields, dates and years, wildcards) and
/// how the searcher reads it.
///
/// Only the searcher reads queries, so the language lives here; how words are analysed is
/// shared with the indexer (common/text_analysis.hpp) and the term prefixes the fields stand
/// for are the schema's (common/schema.hpp). docs/query-language.md describes it for users.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/text_analysis.hpp"

namespace news {

/// A QueryParser for the whole query language, analysing words as the indexer does
/// (make_analysing_query_parser), OR by default: phrases, boolean operators, +/-,
/// wildcards, and fields:
/// - `title:`, `body:` words of one field; unqualified words search the combined
///   title-and-body terms (schema.hpp), or, in a database written before those existed
///   (schema version 1), the title and body terms;
/// - `language:de` (a name or ISO code in any case): the articles in that language, those
///   without one of their own (Article::language) being in the database's; an unknown
///   language throws std::invalid_argument;
/// - `tag:`, `source:`, `category:`, `id:` exact filters (the first three lowercased); on a
///   database of schema 9 or later (schema::kTagWordSchema) a `tag:` of several words also
///   matches them as a run of words inside one tag, or in a tag line without separators;
/// - `date:2015-09-01..2015-09-30` (either end may be left open; each end also YYYYMMDD,
///   a month 2015-09 or a year 2015, as date_bound() reads them) and `year:2004..2005`
///   ranges over the date value slot (a year end beyond 1..9999 leaves that side open), and
///   `year:2015` as a filter. When parsing, a date that cannot exist (`date:2015-99-99..`)
///   or a year range starting after 9999 throws std::invalid_argument with a one-line
///   message.
/// `db` is used for wildcard expansion and to read the schema version (its stemmer folds
/// accents when folds_accents(db)). Wildcards Xapian
/// expands itself expand to at most `config.max_wildcard_terms` terms, the most frequent
/// (the searcher expands them beforehand: expand_wildcards). Parse with
/// query_parser_flags().
Xapian::QueryParser make_query_parser(const AnalysisConfig& config, const Xapian::Database& db);

/// The flags make_query_parser's parser should be called with.
unsigned query_parser_flags();

/// The flags to parse `query` with: query_parser_flags(), except that in a query with no
/// lower-case letter (`HEAT AND MASS TRANSFER`) the words AND, OR, NOT, XOR, NEAR and ADJ
/// are words, not operators. Written all in capitals, they cannot be told from the words
/// around them, and a pasted headline or question means them as words; read as operators
/// they made upper-cased Cranfield queries rank 0.015 MAP below the same queries in lower
/// case. Any lower-case letter (`china AND trade`, `China AND Trade`) keeps them operators.
unsigned query_parser_flags(std::string_view query);

/// True when `text` (UTF-8) holds a lower-case letter.
bool has_lower_case_letter(std::string_view text);

/// `text` with every run of single ASCII letters joined by dots (`u.s.`, `e.g`) written in
/// capitals, where it starts a word of text (also `title:u.s.`; not a filter's value,
/// `id:a.b`): Xapian's QueryParser
/// reads `U.S.` as the acronym the indexer indexed (`us`), but `u.s.` as the phrase `u s`,
/// which finds none of the articles that write U.S. So the case a query is typed in no
/// longer changes what such a word matches (on Reuters topics, `U.S. Dollar` lower-cased
/// fell from nDCG@10 0.75 to 0.35: docs/relevance.md).
std::string dotted_initials_in_capitals(std::string_view text);

/// A date as given to --since/--until ("2015-09-01", "2015-09", "2015") as the first
/// (`end` false) or last (`end` true) "YYYYMMDD" day it covers; nullopt when unparseable or
/// impossible (month 13, 2015-02-30).
std::optional<std::string> date_bound(std::string_view text, bool end);

/// "cannot read the date 'TEXT' (e.g. 2015-09-01, 2015-09, 2015)": what is said of a date
/// date_bound() cannot read, after the name of what gave it (an option, a command, a range).
std::string unreadable_date_message(std::string_view text);

/// Filter for articles of `db` dated within [since, until] ("YYYYMMDD" each, empty = open
/// end): the year, month and day terms that cover the range (date_terms.hpp), weighing
/// nothing. Articles without a date never match a date filter.
Xapian::Query date_filter(const Xapian::Database& db, const std::string& since, const std::string& until);

/// A wildcard that matched more terms than a search takes.
struct TruncatedWildcard {
    std::string pattern;          ///< the term prefix it was expanded from ("w1", "Schin")
    Xapian::termcount terms = 0;  ///< how many terms it matched
};

/// `query` with every wildcard (`hack*`) replaced by the synonym of the terms it matches in
/// `db`. Xapian 1.4 expands a wildcard inside each database searched, so over shards each
/// shard weights the wildcard by its own share of the terms and scores differ from one
/// database's (docs/benchmarks.md, "Measurements behind the defaults"); expanded once over
/// all shards, scores are the same on any layout. Wildcards under an operator this cannot
/// rebuild are left to Xapian.
///
/// With `max_terms` (0: no limit), a wildcard matching more terms is replaced by its
/// `max_terms` most frequent ones (equally frequent: the first in term order), as Xapian's
/// WILDCARD_LIMIT_MOST_FREQUENT does, and is added to `truncated` when that is given.
Xapian::Query expand_wildcards(const Xapian::Query& query, const Xapian::Database& db, Xapian::termcount max_terms = 0,
                               std::vector<TruncatedWildcard>* truncated = nullptr);

/// `query` with every word outside a phrase that the parser left unstemmed because it
/// started with a capital ("Troops", "TROOPS") searched by its stem, as the same word in
/// lower case is: the indexer stems words whatever their case, Xapian's QueryParser
/// (STEM_SOME) only those written in lower case, keeping capitalised ones as names. So
/// `TROOPS` found 73 BBC articles where `troops` found 79, and upper-cased Cranfield
/// queries ranked 0.047 MAP below the same queries as written (docs/relevance.md). Words
/// starting with a digit stay as they are: they are indexed unstemmed; so does every word
/// when `stemmer` is none.
Xapian::Query stem_capitalised_words(const Xapian::Query& query, const Xapian::Stem& stemmer);

/// True when `db`'s text terms have their accents folded (schema::kAccentFoldingSchema or
/// later), so query words must be folded too; false for an older database, whose terms
/// keep their accents and which is searched as before (a folded word would not meet them).
bool folds_accents(const Xapian::Database& db);

/// `query` with the accents of every word folded (fold_accents: `zürich` -> `zurich`),
/// phrases and wildcard patterns included, for a database that folds_accents(). Stems need
/// nothing: make_query_parser's stemmer folds them. Filter terms (tag:, source:, id:...)
/// are left as they are: the indexer does not fold them. A rebuilt wildcard expands to at
/// most `max_wildcard_terms` terms, as make_query_parser's do.
Xapian::Query fold_accents_in_words(const Xapian::Query& query, Xapian::termcount max_wildcard_terms);

/// `pattern` of a TruncatedWildcard as a query word: "w1*" for "w1" and "Sw1" (a field's
/// term prefix, upper case by Xapian's convention, is dropped).
std::string wildcard_as_typed(std::string_view pattern);

/// Operators defined by their subqueries alone (no window, factor or range), which the
/// QueryParser puts above a wildcard: these can be rebuilt from rewritten subqueries.
bool rebuildable(Xapian::Query::op op);

/// The window of a phrase or NEAR of plain terms; 0 (the number of words) when it has none.
Xapian::termcount window_of(const Xapian::Query& positional);

/// `query` with every phrase or NEAR over body words (`body:"interest rates"`) matched on
/// the combined field's positions and filtered to articles with all its words in the body:
/// body terms carry no positions (schema.hpp). Exact except where the title holds the phrase
/// and the body its words apart. `query` itself when it has no such phrase.
Xapian::Query body_phrases_on_text_positions(const Xapian::Query& query);

/// `query` with every body word (`body:rates`) and wildcard (`body:rat*`, expanded here to
/// at most `max_wildcard_terms` words, added to `truncated` when cut) searched in the
/// combined field, for a database of schema 10 on, which has no body terms
/// (schema::kTitleOnlyPrefix): as the word, but not on an article whose title alone has it
/// or that has no body. Exact in what matches; weighed as the unqualified word. Phrases of
/// body words go through body_phrases_on_text_positions first. `query` itself when it has
/// no body word.
Xapian::Query body_words_in_combined_field(const Xapian::Query& query, const Xapian::Database& db,
                                           Xapian::termcount max_wildcard_terms,
                                           std::vector<TruncatedWildcard>* truncated = nullptr);

/// `query` with every title word (`title:rates`), wildcard (`title:rat*`) and phrase or NEAR
/// of title words (`title:"interest rates"`) also matched on the articles without a body,
/// which from schema 8 have no title terms (schema::kNoBodyTerm): as the same word, wildcard
/// or phrase in their combined field, which is their title. Exact: each article matches one
/// branch, and on a database of headlines alone the weights are those schema 7 gave (the
/// combined field's statistics equal the title's, and every article's length halves
/// alike). A rebuilt wildcard expands to at most `max_wildcard_terms` terms. For a database
/// of schema 8 on, before expand_wildcards; `query` itself when it has no title word.
Xapian::Query title_words_on_bodyless_articles(const Xapian::Query& query, Xapian::termcount max_wildcard_terms);

}  // namespace news
