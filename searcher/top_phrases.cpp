#include "searcher/top_phrases.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <utility>

#include "common/schema.hpp"
#include "common/text_analysis.hpp"
#include "searcher/snippet.hpp"
#include "searcher/stored_positions.hpp"

namespace news {

namespace {

/// What the sample says of one pair of words, keyed by the pair as its terms ("prime minister").
struct PairStats {
    unsigned first = 0;  ///< the words' term ids (SnippetGenerator::term_id)
    unsigned second = 0;
    Xapian::doccount articles = 0;  ///< sample articles holding the pair
    double occurrences = 0;         ///< weighed: kTitleWeight in a title, 1 in a body
};

/// A word as written, as the indexer's term of it: lowercased, typographic apostrophes as
/// "'", an acronym's full stops dropped ("U.S." -> "us"), accents folded when `fold`.
std::string term_of_word(std::string_view written, bool fold) {
    std::string word = Xapian::Unicode::tolower(std::string(written));
    for (const std::string_view curly : {"\u2019", "\u201B"})
        for (auto at = word.find(curly); at != std::string::npos; at = word.find(curly, at)) word.replace(at, 3, "'");
    if (word.find('.') != std::string::npos) std::erase(word, '.');
    return fold ? fold_accents(word) : word;
}

/// Articles of `db` holding the phrase of `first` and `second`: every match counted.
/// `positions_in_value`: schema::positions_in_value(db), read once by the caller.
Xapian::doccount articles_holding(const Xapian::Database& db, bool positions_in_value, const std::string& first,
                                  const std::string& second) {
    const std::vector<Xapian::Query> words = {Xapian::Query(first), Xapian::Query(second)};
    Xapian::Enquire enquire(db);
    const Xapian::Query phrase(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2);
    enquire.set_query(positions_in_value ? phrases_on_stored_positions(phrase) : phrase);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

}  // namespace

std::vector<TopTerm> top_phrases(const Xapian::Database& db, const std::vector<SampleText>& sample,
                                 const std::vector<TopTerm>& words, const std::vector<std::string>& query_terms,
                                 std::size_t n, const Xapian::Stem& stemmer, bool fold) {
    if (sample.empty() || words.empty() || n == 0) return {};
    const bool positions_in_value = schema::positions_in_value(db);
    std::vector<std::string> terms;
    for (const TopTerm& w : words) terms.push_back(w.term);
    terms.insert(terms.end(), query_terms.begin(), query_terms.end());
    const SnippetGenerator matcher(stemmer, terms, fold);
    // Which ids are the query's alone: a pair of two of them is the query, not news of it.
    std::vector<bool> distinctive;
    for (const TopTerm& w : words) {
        const unsigned id = matcher.term_id(w.term);
        if (id == SnippetGenerator::kNoTerm) continue;
        if (distinctive.size() <= id) distinctive.resize(id + 1, false);
        distinctive[id] = true;
    }
    const auto is_distinctive = [&](unsigned id) { return id < distinctive.size() && distinctive[id]; };

    std::unordered_map<std::string, PairStats> pairs;
    std::vector<std::vector<unsigned>> ids_in_article;  // sorted, unique: for the co-occurrence test
    for (const SampleText& article : sample) {
        std::unordered_map<std::string, double> here;  // pair -> weighed occurrences in this article
        std::vector<unsigned> ids;
        for (const auto& [text, weight] :
             {std::pair{article.title, static_cast<double>(schema::kTitleWeight)}, std::pair{article.body, 1.0}}) {
            const std::vector<TermMatch> matches = matcher.find_matches(text);
            for (const TermMatch& m : matches) ids.push_back(m.term);
            for (std::size_t i = 0; i + 1 < matches.size(); ++i) {
                const TermMatch& a = matches[i];
                const TermMatch& b = matches[i + 1];
                if (a.term == b.term || !(is_distinctive(a.term) || is_distinctive(b.term))) continue;
                if (!adjacent_words(text, a, b)) continue;
                const std::string key = term_of_word(text.substr(a.begin, a.end - a.begin), fold) + " " +
                                        term_of_word(text.substr(b.begin, b.end - b.begin), fold);
                here[key] += weight;
                PairStats& stats = pairs[key];
                stats.first = a.term;
                stats.second = b.term;
            }
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        ids_in_article.push_back(std::move(ids));
        for (const auto& [key, occurrences] : here) {
            PairStats& stats = pairs[key];
            ++stats.articles;
            stats.occurrences += occurrences;
        }
    }

    // Candidates: in 3 articles or more, the most frequent first (ties by the phrase).
    constexpr Xapian::doccount kMinArticles = 3;
    std::vector<std::pair<std::string, PairStats>> candidates;
    for (auto& [key, stats] : pairs)
        if (stats.articles >= kMinArticles) candidates.emplace_back(key, stats);
    std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        return a.second.articles != b.second.articles ? a.second.articles > b.second.articles : a.first < b.first;
    });

    const double archive = db.get_doccount();
    // Bo1 weighs a phrase less the more of the archive holds it, and the archive holds at
    // least the sample's occurrences: a phrase whose weight at that least cannot reach the
    // n-th word's is not worth its phrase query (each reads two posting lists and positions).
    const double nth_word = words.size() >= n ? words[n - 1].weight : 0;
    const auto bo1 = [&](double occurrences, double frequency) {
        const double mean = frequency / archive;
        return occurrences * std::log2((1 + mean) / mean) + std::log2(1 + mean);
    };
    std::vector<TopTerm> phrases;
    std::size_t queried = 0;
    for (const auto& candidate : candidates) {
        const std::string& key = candidate.first;
        const PairStats& stats = candidate.second;  // a lambda below uses it: not a structured binding
        if (queried >= n) break;
        if (bo1(stats.occurrences, stats.occurrences) <= nth_word) continue;
        // A collocation: most articles holding both words hold them as this pair.
        const auto holding_both =
            std::count_if(ids_in_article.begin(), ids_in_article.end(), [&](const std::vector<unsigned>& ids) {
                return std::binary_search(ids.begin(), ids.end(), stats.first) &&
                       std::binary_search(ids.begin(), ids.end(), stats.second);
            });
        if (2 * static_cast<std::ptrdiff_t>(stats.articles) <= holding_both) continue;
        ++queried;
        const auto space = key.find(' ');
        const Xapian::doccount in_archive =
            articles_holding(db, positions_in_value, key.substr(0, space), key.substr(space + 1));
        if (in_archive == 0) continue;  // the text's words are not the index's terms (an odd word)
        const double frequency = in_archive * (stats.occurrences / stats.articles);
        phrases.push_back({key, key, stats.articles, bo1(stats.occurrences, frequency)});
    }
    std::stable_sort(phrases.begin(), phrases.end(),
                     [](const TopTerm& a, const TopTerm& b) { return a.weight > b.weight; });
    if (phrases.size() > n) phrases.resize(n);
    return phrases;
}

std::vector<TopTerm> merge_by_weight(std::vector<TopTerm> words, const std::vector<TopTerm>& phrases, std::size_t n) {
    words.insert(words.end(), phrases.begin(), phrases.end());
    std::stable_sort(words.begin(), words.end(),
                     [](const TopTerm& a, const TopTerm& b) { return a.weight > b.weight; });
    if (words.size() > n) words.resize(n);
    return words;
}

}  // namespace news
