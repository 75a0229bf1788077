/// @file spelling.hpp
/// @brief "Did you mean": corrections for query words the database does not know.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

namespace news {

/// The query with each word that occurs in no title or body replaced by the indexed word
/// closest to it (edit distance 1, or 2 for words of 6+ letters; ties go to the more
/// frequent word); nullopt when nothing needed or could be corrected. A word whose stem
/// (`stemmer`: the query's) is indexed is not corrected: the search finds it ("runnings"
/// matches what "running" does). Operators, field names and filter values (source:bbc,
/// date:...) are left alone, as is the case of the rest of the query. Uses only the index
/// itself, so no spelling table is needed.
std::optional<std::string> suggest_spelling(const Xapian::Database& db, std::string_view query,
                                            const Xapian::Stem& stemmer);

/// Damerau-Levenshtein distance (adjacent transpositions count 1) between two words, or
/// `limit + 1` as soon as it is known to exceed `limit`. Bytes are compared, so non-ASCII
/// letters count as their UTF-8 length.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

}  // namespace news
