/// @file top_phrases.hpp
/// @brief The two-word phrases most distinctive of a result set (--top-terms), beside its
/// words (top_terms.hpp), ranked on the same scale.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "searcher/top_terms.hpp"

namespace news {

/// The stored text of one article of the sample.
struct SampleText {
    std::string_view title;
    std::string_view body;
};

/// The `n` two-word phrases most distinctive of `sample` (the stored text of the best
/// matches, as top_terms() draws its words from), each as a TopTerm whose `word` and `term`
/// are its two words lowercased ("prime minister"), `count` the sample articles holding it.
///
/// Candidates are pairs of words next to each other in the text, each a form of one of
/// `words` (the distinctive words top_terms() found) or of the query's own `query_terms`,
/// but not both of the query: what the result set is about, in the words it says it with.
/// A pair is kept when at least 3 sample articles hold it and most (more than half) of the
/// sample articles holding both words hold them as this pair: a collocation, not two words
/// that merely co-occur.
///
/// Ranked by Bo1, as Xapian's Bo1EWeight ranks the words:
/// rcf * log2((1 + F/N) / (F/N)) + log2(1 + F/N), where rcf is the phrase's occurrences in
/// the sample weighed as the indexer weighs words (a title occurrence schema::kTitleWeight, a
/// body one 1), N the archive's articles and F its collection frequency, estimated as the
/// archive's articles holding the phrase (an exact count: a phrase query over every match)
/// times its weight per sample article holding it. One phrase query per candidate, at most
/// n of them, the most frequent in the sample first, skipping those whose weight could not
/// reach the n-th word's even if the archive held them nowhere but in the sample. `words`
/// must be heaviest first. `fold`: the database folds accents (its terms are queried folded).
std::vector<TopTerm> top_phrases(const Xapian::Database& db, const std::vector<SampleText>& sample,
                                 const std::vector<TopTerm>& words, const std::vector<std::string>& query_terms,
                                 std::size_t n, const Xapian::Stem& stemmer, bool fold);

/// `words` and `phrases` (each heaviest first) as one list, heaviest first, at most `n`.
std::vector<TopTerm> merge_by_weight(std::vector<TopTerm> words, const std::vector<TopTerm>& phrases, std::size_t n);

}  // namespace news
