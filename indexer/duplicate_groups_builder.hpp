/// @file duplicate_groups_builder.hpp
/// @brief Finds the groups of identical articles of a database (common/duplicate_groups.hpp).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "common/duplicate_groups.hpp"

namespace news {

/// The groups of two or more articles of `db` with the same duplicate key and the same
/// length, each led by its member of lowest tie-break key. `lengths` and `keys`: each
/// document's length and tie-break key, by docid (as the top postings builder reads them).
/// Articles without a duplicate key are in no group.
duplicate_groups::Groups find_duplicate_groups(const Xapian::Database& db,
                                               const std::vector<Xapian::termcount>& lengths,
                                               const std::vector<std::string>& keys);

}  // namespace news
