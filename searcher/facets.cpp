#include "searcher/facets.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "common/schema.hpp"

namespace news {

/// A facet: its name, the slot it counts and how the slot's values fold into facet values.
struct FacetField {
    enum class Fold { kLowercase, kYear, kLowercaseList };
    std::string_view name;
    Xapian::valueno slot;
    Fold fold;
};

namespace {
using Fold = FacetField::Fold;
constexpr std::array<FacetField, 4> kFacets = {{
    {"source", schema::kSourceSlot, Fold::kLowercase},
    {"category", schema::kCategorySlot, Fold::kLowercase},
    {"tag", schema::kTagsSlot, Fold::kLowercaseList},
    {"year", schema::kDateSlot, Fold::kYear},  // YYYYMMDD
}};

const FacetField& facet_field(std::string_view name) {
    check_facet_name(name);
    return *std::find_if(kFacets.begin(), kFacets.end(), [&](const FacetField& f) { return f.name == name; });
}
}  // namespace

FacetCounter::FacetCounter(std::string_view name) : field_(facet_field(name)), spy_(field_.slot) {}

std::vector<std::pair<std::string, Xapian::doccount>> FacetCounter::top(std::size_t max) const {
    std::map<std::string, Xapian::doccount> counts;
    for (auto v = spy_.values_begin(); v != spy_.values_end(); ++v) {
        const std::string value = *v;
        const Xapian::doccount n = v.get_termfreq();
        switch (field_.fold) {
            case Fold::kLowercase:
                counts[schema::lowercase(value)] += n;
                break;
            case Fold::kYear:
                counts[value.substr(0, 4)] += n;
                break;
            case Fold::kLowercaseList: {
                // Stored lowercased, sorted and unique; folded again in case it was not.
                std::vector<std::string> items = schema::decode_list(value);
                for (auto& item : items) item = schema::lowercase(item);
                std::sort(items.begin(), items.end());
                items.erase(std::unique(items.begin(), items.end()), items.end());
                for (const auto& item : items) counts[item] += n;
                break;
            }
        }
    }
    std::vector<std::pair<std::string, Xapian::doccount>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (out.size() > max) out.resize(max);
    return out;
}

bool is_facet_name(std::string_view name) {
    return std::any_of(kFacets.begin(), kFacets.end(), [&](const FacetField& f) { return f.name == name; });
}

void check_facet_name(std::string_view name) {
    if (!is_facet_name(name))
        throw std::invalid_argument("unknown facet '" + std::string(name) + "' (valid: " + facet_names() + ")");
}

std::string facet_names() {
    std::string out;
    for (const auto& f : kFacets) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

}  // namespace news
