#include "searcher/facets.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "common/facet_columns.hpp"
#include "common/schema.hpp"
#include "common/top_postings.hpp"

namespace news {

/// A facet: its name, the slot it counts, and whether the slot holds a list of values
/// (tags) or one value folded as its column facet says (facet_columns.hpp).
struct FacetField {
    std::string_view name;
    Xapian::valueno slot;
    bool is_list;
    facet_columns::Fold fold;
};

namespace {
using facet_columns::Fold;
constexpr std::array<FacetField, 4> kFacets = {{
    {"source", schema::kSourceSlot, false, Fold::kLowercase},
    {"category", schema::kCategorySlot, false, Fold::kLowercase},
    {"tag", schema::kTagsSlot, true, Fold::kLowercase},
    {"year", schema::kDateSlot, false, Fold::kYear},  // YYYYMMDD
}};

const FacetField& facet_field(std::string_view name) {
    check_facet_name(name);
    return *std::find_if(kFacets.begin(), kFacets.end(), [&](const FacetField& f) { return f.name == name; });
}

/// `counts` as facet values, most frequent first, ties by value; at most `max`.
std::vector<std::pair<std::string, Xapian::doccount>> most_frequent(
    const std::map<std::string, Xapian::doccount>& counts, std::size_t max) {
    std::vector<std::pair<std::string, Xapian::doccount>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    if (out.size() > max) out.resize(max);
    return out;
}
}  // namespace

ColumnCounter::ColumnCounter(std::shared_ptr<const facet_columns::Column> column)
    : column_(std::move(column)), counts_(std::size_t{1} << 16, 0) {}

void ColumnCounter::operator()(const Xapian::Document& doc, double) {
    ++total_;
    const Xapian::docid docid = doc.get_docid();
    if (docid < column_->codes.size()) ++counts_[column_->codes[docid]];
}

std::map<std::string, Xapian::doccount> ColumnCounter::counts() const {
    std::map<std::string, Xapian::doccount> out;
    for (std::size_t i = 0; i < column_->values.size(); ++i)
        if (counts_[i + 1] > 0) out[column_->values[i]] = counts_[i + 1];
    return out;
}

std::shared_ptr<const facet_columns::Column> FacetColumns::of(const Xapian::Database& db, std::string_view name) {
    if (!facet_columns::column_facet(name)) return nullptr;
    const std::optional<top_postings::Fingerprint> fingerprint = fingerprint_.current(db);
    if (!fingerprint) return nullptr;
    if (fingerprint != read_for_) {
        columns_.clear();
        read_for_ = fingerprint;
    }
    if (const auto it = columns_.find(name); it != columns_.end()) return it->second;
    std::shared_ptr<const facet_columns::Column> column;
    if (auto decoded =
            facet_columns::decode(db.get_metadata(facet_columns::key(name)), std::size_t{db.get_lastdocid()} + 1))
        column = std::make_shared<const facet_columns::Column>(std::move(*decoded));
    columns_.emplace(std::string(name), column);  // null too: damaged bytes are not read again
    return column;
}

FacetCounter::FacetCounter(std::string_view name, const Xapian::Database& db,
                           std::shared_ptr<const facet_columns::Column> column)
    : field_(facet_field(name)), spy_(field_.slot) {
    if (column && !field_.is_list)
        column_spy_ = std::make_unique<ColumnCounter>(std::move(column));
    else if (field_.slot == schema::kSourceSlot)
        source_names_.emplace(db);
}

FacetCounter::~FacetCounter() = default;

Xapian::MatchSpy* FacetCounter::spy() {
    if (column_spy_) return column_spy_.get();
    return &spy_;
}

std::vector<std::pair<std::string, Xapian::doccount>> FacetCounter::top(std::size_t max) const {
    if (column_spy_) return most_frequent(column_spy_->counts(), max);
    std::map<std::string, Xapian::doccount> counts;
    for (auto v = spy_.values_begin(); v != spy_.values_end(); ++v) {
        const std::string value = *v;
        const Xapian::doccount n = v.get_termfreq();
        if (!field_.is_list) {
            counts[source_names_ ? source_names_->facet_value(value) : facet_columns::fold(field_.fold, value)] += n;
            continue;
        }
        // Stored lowercased, sorted and unique; folded again in case it was not.
        std::vector<std::string> items = schema::decode_list(value);
        for (auto& item : items) item = facet_columns::fold(field_.fold, item);
        std::sort(items.begin(), items.end());
        items.erase(std::unique(items.begin(), items.end()), items.end());
        for (const auto& item : items) counts[item] += n;
    }
    return most_frequent(counts, max);
}

std::optional<std::string> facet_filter_term(std::string_view name, std::string_view value) {
    if (name == "source") return schema::filter_term(schema::kSourcePrefix, value);
    if (name == "category") return schema::filter_term(schema::kCategoryPrefix, value);
    if (name == "tag") return schema::filter_term(schema::kTagPrefix, value);
    return std::nullopt;
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
