#include "searcher/match_count.hpp"

#include <algorithm>

#include "common/terminal_text.hpp"

namespace news {

void record_match_counts(const Xapian::MSet& mset, SearchResult& result) {
    result.estimated_matches = mset.get_matches_estimated();
    result.matches_lower_bound = mset.get_matches_lower_bound();
    result.matches_upper_bound = mset.get_matches_upper_bound();
}

namespace {

/// `estimate` to as many significant figures as the bounds justify, as Xapian 1.4's
/// MSet::get_matches_estimated() rounds its own (api/roundestimate.h): truncated to the
/// largest power of ten not above the smaller of the bounds' spread and the estimate, then
/// to the nearer end, kept within the bounds.
Xapian::doccount rounded_estimate(Xapian::doccount lower, Xapian::doccount upper, Xapian::doccount estimate) {
    const Xapian::doccount scale = std::min(upper - lower, estimate);
    if (scale <= 10) return estimate;
    Xapian::doccount step = 1;
    while (step <= scale / 10) step *= 10;
    Xapian::doccount rounded = estimate / step * step;
    if (rounded < lower) return rounded + step;
    if (rounded > upper - step) return rounded;
    const Xapian::doccount twice_past = 2 * (estimate - rounded);
    if (twice_past > step || (twice_past == step && rounded - lower <= upper - step - rounded)) rounded += step;
    return rounded;
}

}  // namespace

void record_counts_with_refused(const Xapian::MSet& mset, Xapian::doccount wanted, Xapian::doccount shown,
                                Xapian::doccount refused, SearchResult& result) {
    if (mset.size() < wanted) {
        // Xapian's top never filled, so its threshold stayed 0 and every match was shown.
        result.estimated_matches = result.matches_lower_bound = result.matches_upper_bound = shown;
        return;
    }
    // Every candidate shown is a match; Xapian took the refused off its upper bound.
    result.matches_lower_bound = std::max(mset.get_matches_lower_bound(), shown);
    result.matches_upper_bound = std::max(mset.get_matches_upper_bound() + refused, result.matches_lower_bound);
    const Xapian::doccount accepted = shown - refused;  // at least the page, so not 0
    const double unscaled = accepted > 0 ? double(mset.get_matches_estimated()) * shown / accepted : 0;
    const auto estimate = static_cast<Xapian::doccount>(
        std::clamp(unscaled + 0.5, double(result.matches_lower_bound), double(result.matches_upper_bound)));
    result.estimated_matches = rounded_estimate(result.matches_lower_bound, result.matches_upper_bound, estimate);
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
