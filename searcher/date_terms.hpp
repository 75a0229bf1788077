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

#include <optional>
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

/// The first and last day ("YYYYMMDD") any article of `db` is dated; nullopt when none is.
std::optional<std::pair<std::string, std::string>> dated_span(const Xapian::Database& db);

/// A stretch of consecutive days, "YYYYMMDD" each, both included.
struct DaySpan {
    std::string first;
    std::string last;
};

/// The days of an archive as consecutive spans, from its newest day back (or from its oldest
/// on), so that a query sorted by date can be answered a span at a time and stop once the
/// page is full, instead of sorting every match. Each span is sized from the matches the
/// last ones held: it starts at the length the query's estimated density says holds
/// `wanted` matches, and doubles while spans hold fewer, so that a stretch of years
/// without a match costs a few spans, not one per day.
class DayWalk {
  public:
    /// `archive`: dated_span(); `estimated_matches` of the query over the whole archive.
    DayWalk(const std::pair<std::string, std::string>& archive, bool newest_first, double estimated_matches,
            std::size_t wanted);
    /// The next span, or nullopt past the archive's end.
    std::optional<DaySpan> next();
    /// How many matches the span last returned held, which sizes the next.
    void found(std::size_t matches);

  private:
    long first_;  ///< the archive's first and last day, as days since 1970-01-01
    long last_;
    bool newest_first_;
    std::size_t wanted_;
    long cursor_;            ///< the next span starts here (its newest day when newest first)
    long length_;            ///< days in the next span
    std::size_t found_ = 0;  ///< matches in the spans so far
};

}  // namespace news
