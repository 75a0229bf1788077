#include "searcher/facets.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>

#include "common/schema.hpp"

namespace news {

namespace {
struct FacetField {
    std::string_view name;
    std::string_view prefix;
};
constexpr std::array<FacetField, 4> kFacets = {{
    {"source", schema::kSourcePrefix},
    {"category", schema::kCategoryPrefix},
    {"tag", schema::kTagPrefix},
    {"year", schema::kYearPrefix},
}};
}  // namespace

void TermFacetSpy::operator()(const Xapian::Document& doc, double) {
    Xapian::TermIterator t = doc.termlist_begin();
    const Xapian::TermIterator end = doc.termlist_end();
    for (t.skip_to(prefix_); t != end; ++t) {
        const std::string& term = *t;
        if (term.compare(0, prefix_.size(), prefix_) != 0) break;
        // "S" must not collect "SOURCE..." style terms of a longer prefix: the value of a
        // prefixed term never starts with an upper-case letter.
        if (term.size() > prefix_.size() && std::isupper(static_cast<unsigned char>(term[prefix_.size()]))) continue;
        ++counts_[term.substr(prefix_.size())];
    }
}

std::vector<std::pair<std::string, Xapian::doccount>> TermFacetSpy::top(std::size_t max) const {
    std::vector<std::pair<std::string, Xapian::doccount>> out(counts_.begin(), counts_.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (out.size() > max) out.resize(max);
    return out;
}

std::string facet_prefix(std::string_view name) {
    for (const auto& f : kFacets)
        if (f.name == name) return std::string(f.prefix);
    return {};
}

std::string facet_names() {
    std::string out;
    for (const auto& f : kFacets) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

}  // namespace news
