#include "searcher/top_terms.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "common/expansion.hpp"
#include "common/schema.hpp"

namespace news {

namespace {

/// Stemmed words of the combined field, not numbers, not the query's own.
class DistinctiveWords : public Xapian::ExpandDecider {
  public:
    explicit DistinctiveWords(const std::vector<std::string>& exclude) : exclude_(exclude.begin(), exclude.end()) {}
    bool operator()(const std::string& term) const override {
        if (term.size() < 3 || term.front() != 'Z' || !schema::is_combined_term(term)) return false;
        if (exclude_.count(term)) return false;
        return std::any_of(term.begin() + 1, term.end(), [](char c) { return c < '0' || c > '9'; });
    }

  private:
    std::set<std::string> exclude_;
};

}  // namespace

std::vector<TopTerm> top_terms(DocumentTerms& documents, const std::vector<Xapian::docid>& sample, std::size_t n,
                               const std::vector<std::string>& exclude, const std::vector<std::string_view>& stopwords,
                               const Xapian::Stem& stemmer) {
    if (sample.empty() || n == 0) return {};
    ExpandOptions options;
    // Bo1 (Amati's Bose-Einstein model of divergence from randomness): on BBC categories,
    // 2 M headlines and 105,359 Reuters articles it dropped words common everywhere that
    // Xapian's default (TradEWeight) ranked high because many sample articles hold them
    // ("said", "company", "people", "can"), for topical ones ("sony", "phone", "tax").
    options.scheme = ExpandScheme::kBo1;
    options.exact_termfreq = true;
    std::vector<std::string> left_out = exclude;
    for (const std::string_view word : stopwords) left_out.push_back("Z" + stemmer(std::string(word)));
    const DistinctiveWords decider(left_out);
    options.decider = &decider;
    // The sample's terms, read once for the expansion (when Xapian cannot read them itself:
    // a database without termlists) and for the counts below.
    std::vector<TermVector> vectors;
    vectors.reserve(sample.size());
    for (const Xapian::docid docid : sample) vectors.push_back(documents.of(docid));
    const ExpandSet eset = documents.from_termlist(sample)
                               ? expand_set(documents, sample, static_cast<Xapian::termcount>(n), options)
                               : expand_from_vectors(documents, vectors, static_cast<Xapian::termcount>(n), options);
    std::vector<TopTerm> terms;
    std::unordered_map<std::string, std::size_t> index_of;  // stemmed term -> its entry
    for (const ExpandTerm& t : eset.terms) {
        index_of.emplace(t.term, terms.size());
        terms.push_back({t.term.substr(1), t.term, 0, t.weight});
    }
    // One walk over the sample's terms: how many hold each chosen stem, and which
    // unstemmed forms of it they hold, the most common of which is shown.
    std::vector<std::map<std::string, Xapian::doccount>> forms(terms.size());
    for (const TermVector& vector : vectors) {
        for (const TermWdf& t : vector.terms) {
            const std::string& term = t.term;
            if (term.empty() || !schema::is_combined_term(term)) continue;
            if (term.front() == 'Z') {
                if (const auto it = index_of.find(term); it != index_of.end()) ++terms[it->second].count;
                continue;
            }
            const auto it = index_of.find("Z" + stemmer(term));
            if (it != index_of.end()) ++forms[it->second][term];
        }
    }
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const auto most_common = std::max_element(forms[i].begin(), forms[i].end(),
                                                  [](const auto& a, const auto& b) { return a.second < b.second; });
        if (most_common != forms[i].end()) terms[i].word = most_common->first;
    }
    return terms;
}

}  // namespace news
