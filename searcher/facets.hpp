/// @file facets.hpp
/// @brief Facet counts over a whole result set, from the boolean filter terms.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace news {

/// Counts, for every matching document, its boolean terms with one prefix (one per value:
/// a document with tags "china" and "hacking" counts once for each). Works for
/// multi-valued fields such as tags, which a value-slot counter cannot do.
class TermFacetSpy : public Xapian::MatchSpy {
  public:
    explicit TermFacetSpy(std::string prefix) : prefix_(std::move(prefix)) {}
    void operator()(const Xapian::Document& doc, double weight) override;

    /// Values and counts, most frequent first (ties by value).
    std::vector<std::pair<std::string, Xapian::doccount>> top(std::size_t max) const;

  private:
    std::string prefix_;
    std::map<std::string, Xapian::doccount> counts_;
};

/// The facet names the searcher offers, and the term prefix each reads.
/// Returns an empty string for an unknown name.
std::string facet_prefix(std::string_view name);

/// "source, category, tag, year", for messages.
std::string facet_names();

}  // namespace news
