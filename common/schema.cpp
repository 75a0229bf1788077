#include "common/schema.hpp"

#include <algorithm>
#include <cctype>

#include "common/hash.hpp"

namespace news::schema {

namespace {
// Glass rejects terms over 245 bytes; keep a margin for the prefix.
constexpr std::size_t kMaxTermBytes = 240;

std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term;
    term.reserve(prefix.size() + value.size());
    term.append(prefix).append(value);
    if (term.size() <= kMaxTermBytes) return term;
    // Keep a readable head and make it unique with a hash of the whole value.
    const std::string suffix = "#" + to_hex(fnv1a64(value));
    term.resize(kMaxTermBytes - suffix.size());
    return term + suffix;
}
}  // namespace

bool is_combined_term(std::string_view term) {
    if (!term.empty() && term.front() == 'Z') term.remove_prefix(1);  // stemmed form
    // Prefixes are upper case and indexed words never are (Xapian lowercases them), so a
    // term starting with anything else is a word of the combined field.
    return !term.empty() && !(term.front() >= 'A' && term.front() <= 'Z');
}

bool is_text_term(std::string_view term) {
    if (is_combined_term(term)) return true;
    if (!term.empty() && term.front() == 'Z') term.remove_prefix(1);  // stemmed form
    for (std::string_view prefix : {kTitlePrefix, kBodyPrefix}) {
        // A prefix is followed by the word itself, which never starts with an upper-case
        // ASCII letter (Xapian inserts ':' in that case), so "S" does not claim "XSOURCE...".
        if (term.size() > prefix.size() && term.substr(0, prefix.size()) == prefix &&
            !(term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z'))
            return true;
    }
    return false;
}

std::string id_term(std::string_view article_id) { return bounded_term(kIdPrefix, article_id); }

std::string origin_term(std::string_view absolute_path) { return bounded_term(kOriginPrefix, absolute_path); }

std::string filter_term(std::string_view prefix, std::string_view value) {
    std::string lowered(value);
    std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return bounded_term(prefix, lowered);
}

}  // namespace news::schema
