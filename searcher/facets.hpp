/// @file facets.hpp
/// @brief Facet counts over a whole result set, from value slots.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace news {

struct FacetField;

/// Counts one facet (source, category, tag or year) over every matching document. The
/// counting is Xapian's ValueCountMatchSpy on the facet's value slot, because that is the
/// kind of spy xapian-tcpsrv can run: remote shards count their own matches and send the
/// counts back, where a spy of our own could not run at all. Values are folded here: case
/// (filters ignore it), a day to its year, a list of tags to each tag.
class FacetCounter {
  public:
    /// Throws std::invalid_argument for a name is_facet_name() rejects.
    explicit FacetCounter(std::string_view name);

    /// The spy to give Enquire::add_matchspy(); owned by this object.
    Xapian::MatchSpy* spy() { return &spy_; }

    /// Values and counts, most frequent first (ties by value).
    std::vector<std::pair<std::string, Xapian::doccount>> top(std::size_t max) const;

  private:
    const FacetField& field_;
    Xapian::ValueCountMatchSpy spy_;
};

/// True for the facet names the searcher offers.
bool is_facet_name(std::string_view name);

/// Throws std::invalid_argument ("unknown facet 'colour' (valid: source, category, tag,
/// year)") for a name is_facet_name() rejects.
void check_facet_name(std::string_view name);

/// "source, category, tag, year", for messages.
std::string facet_names();

}  // namespace news
