#include "searcher/spelling.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <vector>

#include "common/schema.hpp"
#include "common/text_analysis.hpp"
#include "common/utf8.hpp"
#include "searcher/query_language.hpp"

namespace news {

namespace {

constexpr std::array<std::string_view, 6> kOperators = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};

/// The length in bytes of the letter at query[i], or 0 when no letter starts there. Letters
/// beyond ASCII count ("café", "Zürich" are one word each), as do the combining marks that
/// may follow one.
std::size_t letter_length(std::string_view query, std::size_t i) {
    const auto byte = static_cast<unsigned char>(query[i]);
    if (byte < 0x80) return std::isalpha(byte) != 0 ? 1 : 0;
    const std::string rest(query.substr(i, 4));
    Xapian::Utf8Iterator it(rest);
    constexpr unsigned kLetterCategories =
        (1U << Xapian::Unicode::UPPERCASE_LETTER) | (1U << Xapian::Unicode::LOWERCASE_LETTER) |
        (1U << Xapian::Unicode::TITLECASE_LETTER) | (1U << Xapian::Unicode::MODIFIER_LETTER) |
        (1U << Xapian::Unicode::OTHER_LETTER) | (1U << Xapian::Unicode::NON_SPACING_MARK) |
        (1U << Xapian::Unicode::COMBINING_SPACING_MARK);
    if (((kLetterCategories >> Xapian::Unicode::get_category(*it)) & 1U) == 0) return 0;
    ++it;
    return static_cast<std::size_t>(it.raw() - rest.data());
}

bool is_letter(std::string_view query, std::size_t i) { return letter_length(query, i) != 0; }

/// True when the word occurs in a title or body (unstemmed terms hold every word; from
/// schema 8 the title of an article without a body is in its combined field alone), or its
/// stem does (the combined field's stemmed terms): the search finds the word either way.
bool is_known(const Xapian::Database& db, const std::string& word, const Xapian::Stem& stemmer) {
    return db.term_exists(std::string(schema::kBodyPrefix) + word) ||
           db.term_exists(std::string(schema::kTitlePrefix) + word) || db.term_exists(word) ||
           db.term_exists("Z" + stemmer(word));
}

std::size_t max_distance(std::size_t length) { return length >= 6 ? 2 : 1; }

/// The most frequent word under `field` closest to `word`, if any is close enough. Candidates share
/// the first letter, which keeps the scan to a small slice of the vocabulary and matches
/// how people misspell (the first letter is rarely wrong).
std::optional<std::string> closest_word_under(const Xapian::Database& db, const std::string& word,
                                              std::string_view field) {
    const std::string prefix = std::string(field) + word.front();
    const std::size_t limit = max_distance(word.size());
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    Xapian::doccount best_freq = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        const std::string term = *t;
        const std::string_view candidate = std::string_view(term).substr(field.size());
        if (candidate.size() + limit < word.size() || candidate.size() > word.size() + limit) continue;
        const std::size_t d = edit_distance(word, candidate, limit);
        if (d > limit) continue;
        const Xapian::doccount freq = t.get_termfreq();
        if (d < best_distance || (d == best_distance && freq > best_freq)) {
            best = std::string(candidate);
            best_distance = d;
            best_freq = freq;
        }
    }
    return best;
}

/// The closest body word, or when no body word is close (a database of headlines, whose
/// titles are in the combined field alone from schema 8) or the database has no body terms
/// (schema 10 on), the closest word of the combined field.
std::optional<std::string> closest_word(const Xapian::Database& db, const std::string& word) {
    if (auto body = closest_word_under(db, word, schema::kBodyPrefix)) return body;
    return closest_word_under(db, word, "");
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit) return limit + 1;
    // Three rows of the dynamic programme: two back for transpositions.
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j) prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit) return limit + 1;
        std::swap(prev2, prev);
        std::swap(prev, cur);
    }
    return std::min(prev[m], limit + 1);
}

std::optional<std::string> suggest_spelling(const Xapian::Database& db, std::string_view query,
                                            const Xapian::Stem& stemmer) {
    const bool folds = folds_accents(db);
    std::string out;
    bool changed = false;
    std::size_t i = 0;
    while (i < query.size()) {
        if (!is_letter(query, i)) {
            // A filter value runs to the next space: "source:bbc", "date:2015-01..2015-02".
            if (query[i] == ':') {
                const std::size_t end = std::min(query.find(' ', i), query.size());
                out.append(query.substr(i, end - i));
                i = end;
                continue;
            }
            // A whole character, so that its continuation bytes are never read as letters.
            const std::size_t length = std::max<std::size_t>(utf8_sequence_length(query, i), 1);
            out.append(query.substr(i, length));
            i += length;
            continue;
        }
        std::size_t end = i;
        while (end < query.size() && (is_letter(query, end) || query[end] == '\''))
            end += query[end] == '\'' ? 1 : letter_length(query, end);
        const std::string_view word = query.substr(i, end - i);
        const bool is_field_name = end < query.size() && query[end] == ':';
        const bool is_operator = std::find(kOperators.begin(), kOperators.end(), word) != kOperators.end();
        const bool is_wildcard = end < query.size() && query[end] == '*';
        std::optional<std::string> fix;
        if (!is_field_name && !is_operator && !is_wildcard && word.size() >= 3) {
            // Lower-cased and folded as the indexer made its terms.
            const std::string lower = Xapian::Unicode::tolower(std::string(word));
            const std::string indexed = folds ? fold_accents(lower) : lower;
            if (!is_known(db, indexed, stemmer)) fix = closest_word(db, indexed);
        }
        if (fix) {
            out += *fix;
            changed = true;
        } else {
            out.append(word);
        }
        i = end;
    }
    if (!changed) return std::nullopt;
    return out;
}

}  // namespace news
