/// @file date_terms.hpp
/// @brief A date range as the year, month and day terms that cover it.
///
/// Every dated article carries a term for its year ("Y2015"), its month ("M201509") and its
/// day ("D20150922") beside its date value (schema.hpp). A range of days is the same
/// articles as an OR of the fewest of those terms that cover it: whole years, then whole
/// months of the years it cuts, then the days of the months it cuts. Xapian 1.4 answers a
/// value range by reading the date value of each candidate article, and a filter of terms
/// from their posting lists: on two million headlines, a title query limited to one year
/// took 32.8 ms at p50 by the value and 2.0 ms by the terms (docs/benchmarks.md).
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace news {

/// The terms of `db` whose articles are exactly those dated within [since, until]
/// ("YYYYMMDD" each, empty for an open end), fewest first: whole years, then months, then
/// days. Only terms the database has are listed (enumerated from it), so the list is empty
/// when no article falls in the range. Dates are valid days (the indexer normalises them),
/// so a year is whole between its 0101 and 1231, a month between its 01 and 31.
std::vector<std::string> date_terms_covering(const Xapian::Database& db, std::string_view since,
                                             std::string_view until);

}  // namespace news
