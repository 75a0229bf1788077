/// @file facets.hpp
/// @brief Facet counts over a whole result set, from value slots.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/facet_columns.hpp"
#include "common/top_postings.hpp"

namespace news {

struct FacetField;

/// The facet columns of a database (common/facet_columns.hpp), decoded on first use and
/// kept while the database stays as its top postings' fingerprint names it, so that a
/// batch of queries, the prompt or a benchmark decodes each column once.
class FacetColumns {
  public:
    /// The column of facet `name` for `db` as it is now; null when `db` is not one local
    /// database, has no current column for it, or its column is damaged.
    std::shared_ptr<const facet_columns::Column> of(const Xapian::Database& db, std::string_view name);

  private:
    top_postings::FingerprintMemo fingerprint_;
    std::optional<top_postings::Fingerprint> read_for_;  ///< the state the kept columns were read for
    std::map<std::string, std::shared_ptr<const facet_columns::Column>, std::less<>> columns_;
};

/// Counts one facet (source, category, tag or year) over every matching document. The
/// counting is Xapian's ValueCountMatchSpy on the facet's value slot, because that is the
/// kind of spy xapian-tcpsrv can run: remote shards count their own matches and send the
/// counts back, where a spy of our own could not run at all. Values are folded here: case
/// (filters ignore it), a day to its year, a list of tags to each tag.
/// Counts the matches it sees by their code in a column (facet_columns.hpp): an array read
/// per match, where a value slot costs a read of the value.
class ColumnCounter : public Xapian::MatchSpy {
  public:
    explicit ColumnCounter(std::shared_ptr<const facet_columns::Column> column);
    void operator()(const Xapian::Document& doc, double weight) override;
    /// Matches seen per value (values no match had are left out).
    std::map<std::string, Xapian::doccount> counts() const;
    /// Every match seen, with a value or not.
    Xapian::doccount total() const { return total_; }

  private:
    std::shared_ptr<const facet_columns::Column> column_;
    /// By code, every 16-bit one (a damaged column's codes past its values go uncounted);
    /// [0]: matches without a value.
    std::vector<Xapian::doccount> counts_;
    Xapian::doccount total_ = 0;
};

/// On one local database whose facet columns are current (common/facet_columns.hpp), a
/// facet of one value per article is counted from its column instead: the same counts,
/// without reading a value per match.
class FacetCounter {
  public:
    /// Counts facet `name` of the matches in `db` (which names the source codes:
    /// facet_columns::SourceNames); from `column` (the facet's, FacetColumns::of()) when it
    /// is not null. Throws std::invalid_argument for a name is_facet_name() rejects.
    FacetCounter(std::string_view name, const Xapian::Database& db,
                 std::shared_ptr<const facet_columns::Column> column = nullptr);
    ~FacetCounter();
    FacetCounter(const FacetCounter&) = delete;
    FacetCounter& operator=(const FacetCounter&) = delete;

    /// The spy to give Enquire::add_matchspy(); owned by this object.
    Xapian::MatchSpy* spy();

    /// Values and counts, most frequent first (ties by value).
    std::vector<std::pair<std::string, Xapian::doccount>> top(std::size_t max) const;

  private:
    const FacetField& field_;
    Xapian::ValueCountMatchSpy spy_;
    std::unique_ptr<ColumnCounter> column_spy_;
    std::optional<facet_columns::SourceNames> source_names_;  ///< for the source, counted from values
};

/// The filter term of the articles whose facet `name` has `value` (as counted: folded),
/// for a facet that has one (source, category, tag); nullopt for year and unknown names.
std::optional<std::string> facet_filter_term(std::string_view name, std::string_view value);

/// True for the facet names the searcher offers.
bool is_facet_name(std::string_view name);

/// Throws std::invalid_argument ("unknown facet 'colour' (valid: source, category, tag,
/// year)") for a name is_facet_name() rejects.
void check_facet_name(std::string_view name);

/// "source, category, tag, year", for messages.
std::string facet_names();

}  // namespace news
