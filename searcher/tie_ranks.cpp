#include "searcher/tie_ranks.hpp"

#include <string>

namespace news {

const rank_column::Column* TieRanks::of(const Xapian::Database& db) {
    const std::optional<top_postings::Fingerprint> fingerprint = fingerprint_.current(db);
    if (!fingerprint) return nullptr;
    if (fingerprint == read_for_) return column_ ? &*column_ : nullptr;
    const std::size_t docids = std::size_t{db.get_lastdocid()} + 1;
    if (!at_once_ && values_read_ < docids / kCostInValuesPerDocid) return nullptr;
    column_ = rank_column::decode(db.get_metadata(std::string(rank_column::kKey)), docids);
    read_for_ = fingerprint;  // also when damaged or missing: not read again
    return column_ ? &*column_ : nullptr;
}

}  // namespace news
