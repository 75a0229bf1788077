/// @file query_parts.hpp
/// @brief What Xapian 1.4's Query has no accessor for, read from its description: a
/// word's within-query frequency and a scaled query's factor. Shared by the places that
/// recompute Xapian's weights (explain.hpp, length_weights.hpp).
#pragma once

#include <xapian.h>

#include <string_view>

namespace news {

/// The factor of an OP_SCALE_WEIGHT query. Xapian 1.4 describes the query as
/// "Query(FACTOR * subquery)", FACTOR printed with "%.20g", which reads back exactly.
double scale_factor(const Xapian::Query& scaled);

/// The within-query frequency of a term query `leaf` for `term`, described as
/// "Query(TERM#WQF@POS)" (each part left out when 1 or 0); 1 when it cannot be read.
Xapian::termcount wqf_of(const Xapian::Query& leaf, std::string_view term);

}  // namespace news
