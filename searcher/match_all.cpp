#include "searcher/match_all.hpp"

#include "common/schema.hpp"

namespace news {

bool asks_for_every_article(std::string_view text, bool filtered) {
    constexpr std::string_view kSpace = " \t\r\n";
    const auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return filtered;
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1) == "*";
}

bool has_words_to_rank_by(const Xapian::Query& query) {
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t)
        if (schema::is_text_term(*t)) return true;
    return false;
}

SortOrder effective_sort_order(SortOrder asked, const Xapian::Query& query) {
    if (asked != SortOrder::kRelevance || has_words_to_rank_by(query)) return asked;
    return SortOrder::kNewest;
}

}  // namespace news
