/// @file facet_columns.hpp
/// @brief Facets of one value per article (source, category, year) as columns: each
/// article's value as a small number, by docid, kept in the database's metadata so that
/// counting a result set reads an array instead of a value slot per match.
///
/// Why: counting the source and the year of 100,000 matching headlines read two values per
/// match, 25 to 30 ms on two million headlines, where finding the matches took 1 ms. A
/// column makes each count an array increment. The columns describe the database as the
/// top postings' fingerprint names (top_postings::lists_are_current) and are rebuilt with
/// them at the end of every indexing run; a database changed since is counted from its
/// value slots, as before.
#pragma once

#include <xapian.h>

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/schema.hpp"

namespace news::facet_columns {

/// How a slot's values become facet values: case folded (filters ignore case), a
/// "YYYYMMDD" day to its year, or as they are.
enum class Fold { kLowercase, kYear, kAsIs };

struct ColumnFacet {
    std::string_view name;
    Xapian::valueno slot;
    Fold fold;
};

/// The facets kept as columns: those with one value per article (tags have several), and
/// the day, which --histogram counts by (a few thousand values in a news archive).
inline constexpr std::array<ColumnFacet, 4> kColumnFacets = {{
    {"source", schema::kSourceSlot, Fold::kLowercase},
    {"category", schema::kCategorySlot, Fold::kLowercase},
    {"year", schema::kDateSlot, Fold::kYear},
    {"day", schema::kDateSlot, Fold::kAsIs},
}};

/// The facet value of a slot value.
std::string fold(Fold fold, std::string_view value);

/// The names of the source codes in a database's source slot (schema::source_value(), from
/// schema 13), read from its source filter terms (schema::kSourcePrefix), which hold the
/// same folded names: a few terms, read once. Works alike on shards and remote databases.
class SourceNames {
  public:
    explicit SourceNames(const Xapian::Database& db);
    /// The facet value of a source slot value: a code's name, or the value folded
    /// (lowercased) when it is a name (schema 12 and before, or too long to code).
    std::string facet_value(std::string_view value) const;

  private:
    std::map<std::string, std::string, std::less<>> names_;  ///< code -> folded name
};

/// The facet value of a value of `facet`'s slot: SourceNames::facet_value() for the source
/// (`names` must be given for it), else fold().
std::string facet_value(const ColumnFacet& facet, std::string_view value, const SourceNames* names);

/// The column facet named `name`; nullptr for any other name.
const ColumnFacet* column_facet(std::string_view name);

/// The most values a column holds (its codes are 16 bits); a facet with more distinct
/// values is counted from its value slot.
inline constexpr std::size_t kMostValues = 65535;

struct Column {
    std::vector<std::string> values;  ///< distinct facet values, ascending
    /// By docid: 0 for none, else 1 + index in values. A decoded column of a damaged
    /// database may hold codes past the values, which stand for no value.
    std::vector<std::uint16_t> codes;
};

/// The column of facet `facet` for `db` as it is (the values of its slot, folded).
/// nullopt when the facet has more than kMostValues values.
std::optional<Column> read_column(const Xapian::Database& db, const ColumnFacet& facet);

/// The metadata key of a facet's column.
std::string key(std::string_view name);
/// The prefix of every column key, to find them all.
inline constexpr std::string_view kKeyPrefix = "news:facet:";

std::string encode(const Column& column);
/// nullopt for bytes that are not an encoded column of `docids` codes (lastdocid + 1 of the
/// database it is read from): damaged, foreign, or of a database of another size.
std::optional<Column> decode(std::string_view bytes, std::size_t docids);

}  // namespace news::facet_columns
