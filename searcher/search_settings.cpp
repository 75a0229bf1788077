#include "searcher/search_settings.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "searcher/facets.hpp"
#include "searcher/query_language.hpp"

namespace news {

namespace {

/// Every order with its name, in the order kSortOrderNames lists them.
constexpr std::array<std::pair<SortOrder, std::string_view>, 3> kSortOrders{{
    {SortOrder::kRelevance, "relevance"},
    {SortOrder::kNewest, "newest"},
    {SortOrder::kOldest, "oldest"},
}};

std::string_view trim_space(std::string_view s) {
    constexpr std::string_view kSpace = " \t\r\n";
    const auto first = s.find_first_not_of(kSpace);
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

std::string_view sort_order_name(SortOrder order) {
    for (const auto& [known, name] : kSortOrders)
        if (known == order) return name;
    return kSortOrders.front().second;
}

SortOrder parse_sort_order(std::string_view name) {
    for (const auto& [order, known] : kSortOrders)
        if (known == name) return order;
    throw std::invalid_argument("unknown sort order '" + std::string(name) +
                                "' (valid: " + std::string(kSortOrderNames) + ")");
}

std::vector<std::string> parse_facet_list(std::string_view list) {
    std::vector<std::string> facets;
    while (!list.empty()) {
        const auto comma = std::min(list.find(','), list.size());
        const std::string_view name = trim_space(list.substr(0, comma));
        list.remove_prefix(std::min(comma + 1, list.size()));
        if (name.empty()) continue;
        check_facet_name(name);
        facets.emplace_back(name);
    }
    return facets;
}

std::string parse_date_bound(std::string_view text, bool end) {
    if (text.empty()) return {};
    const auto day = date_bound(text, end);
    if (!day) throw std::invalid_argument(unreadable_date_message(text));
    return *day;
}

}  // namespace news
