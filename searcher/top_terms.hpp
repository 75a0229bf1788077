/// @file top_terms.hpp
/// @brief What a result set is about (--top-terms): the words most over-represented in the
/// best matches relative to the whole archive.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/document_terms.hpp"

namespace news {

/// How many of the best matches the terms are drawn from: their termlists are read, which
/// costs about 10 µs an article (about 450 µs on a database without termlists, where each
/// article is re-analysed: docs/benchmarks.md), and the best thousand say what a query is
/// about as well as every match would (the issue allows it; --help says so).
inline constexpr Xapian::doccount kTopTermsSample = 1000;

struct TopTerm {
    std::string word;            ///< the most common form of the word among the sample's articles
    std::string term;            ///< the stemmed term ranked ("Zchina")
    Xapian::doccount count = 0;  ///< sample articles holding it
    double weight = 0;           ///< its Bo1 expand weight (see top_terms())
};

/// The `n` words of the combined title and body field most distinctive of `sample` (the
/// docids of the best matches, at most kTopTermsSample): Xapian's expand weight (ESet) with
/// Bo1EWeight, Amati's Bose-Einstein model from the divergence-from-randomness framework,
/// which ranks a word by how much more often it occurs in the sample than its frequency in
/// the archive predicts, not by its raw frequency. Stemmed terms are ranked
/// (`china` and `china's` are one), and each is shown as its most common unstemmed form.
/// Words of the query (`exclude`, terms as the query has them), `stopwords` (words, as
/// stopword lists have them) and numbers are left out. The sample's terms are read by
/// `documents`: from termlists, or re-analysed from the stored articles of a database
/// without them (common/document_terms.hpp), with the same result.
std::vector<TopTerm> top_terms(DocumentTerms& documents, const std::vector<Xapian::docid>& sample, std::size_t n,
                               const std::vector<std::string>& exclude, const std::vector<std::string_view>& stopwords,
                               const Xapian::Stem& stemmer);

}  // namespace news
