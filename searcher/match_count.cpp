#include "searcher/match_count.hpp"

#include "common/terminal_text.hpp"

namespace news {

void record_match_counts(const Xapian::MSet& mset, SearchResult& result) {
    result.estimated_matches = mset.get_matches_estimated();
    result.matches_lower_bound = mset.get_matches_lower_bound();
    result.matches_upper_bound = mset.get_matches_upper_bound();
}

std::string with_thousands_separators(Xapian::doccount n) {
    const std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

std::string describe_match_count(const SearchResult& result) {
    const bool exact = result.matches_lower_bound == result.matches_upper_bound;
    const Xapian::doccount n = exact ? result.matches_lower_bound : result.estimated_matches;
    const std::string count = with_thousands_separators(n) + (n == 1 ? " match" : " matches");
    return exact ? count : "About " + count;
}

std::string match_count_header(const SearchResult& result, const std::string& query) {
    // A --like search has no query text: what it searched for is the article it names.
    const std::string subject =
        (result.like_id.empty() ? " for \"" + query : " related to \"" + terminal_safe(result.like_id)) + "\"";
    if (result.hits.empty() && result.matches_upper_bound == 0) return "No matches" + subject + ".";
    std::string header = describe_match_count(result) + subject + "; ";
    if (!result.hits.empty())
        return header + "showing " + with_thousands_separators(result.hits.front().rank) + "-" +
               with_thousands_separators(result.hits.back().rank);
    // Matches, but none on this page: say so, not "No matches".
    if (result.limit == 0) return header + "none shown (limit 0)";
    return header + "the page from " + with_thousands_separators(result.offset + 1) + " on is empty";
}

}  // namespace news
