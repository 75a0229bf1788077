#include "searcher/search_settings.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace news {
namespace {

/// The message `parse` throws std::invalid_argument with, or "(no error)".
template <class Parse>
std::string error_of(Parse parse) {
    try {
        parse();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(ParseSortOrder, ReadsEveryOrderByTheNameItIsShownUnder) {
    for (const SortOrder order : {SortOrder::kRelevance, SortOrder::kNewest, SortOrder::kOldest})
        EXPECT_EQ(parse_sort_order(sort_order_name(order)), order) << sort_order_name(order);
    EXPECT_EQ(sort_order_name(SortOrder::kRelevance), "relevance");
    EXPECT_EQ(sort_order_name(SortOrder::kNewest), "newest");
    EXPECT_EQ(sort_order_name(SortOrder::kOldest), "oldest");
}

TEST(ParseSortOrder, RejectsAnyOtherNameListingTheValidOnes) {
    struct Case {
        std::string_view input;
        std::string_view message;
    };
    const Case cases[] = {
        {"sideways", "unknown sort order 'sideways' (valid: relevance, newest, oldest)"},
        {"", "unknown sort order '' (valid: relevance, newest, oldest)"},
        {"Newest", "unknown sort order 'Newest' (valid: relevance, newest, oldest)"},  // names are exact
        {" newest", "unknown sort order ' newest' (valid: relevance, newest, oldest)"},
    };
    for (const Case& c : cases) EXPECT_EQ(error_of([&] { parse_sort_order(c.input); }), c.message) << c.input;
}

TEST(ParseFacetList, SplitsAtCommasTrimsAndSkipsEmptyItems) {
    struct Case {
        std::string_view input;
        std::vector<std::string> facets;
    };
    const Case cases[] = {
        {"", {}},
        {"source", {"source"}},
        {"source,year", {"source", "year"}},
        {"source, category", {"source", "category"}},
        {" tag ,\tyear\t", {"tag", "year"}},
        {"year,,source,", {"year", "source"}},
        {",", {}},
        {"year,year", {"year", "year"}},  // kept as given: the engine counts each once
    };
    for (const Case& c : cases) EXPECT_EQ(parse_facet_list(c.input), c.facets) << c.input;
}

TEST(ParseFacetList, RejectsTheFirstUnknownNameListingTheValidOnes) {
    struct Case {
        std::string_view input;
        std::string_view message;
    };
    const Case cases[] = {
        {"colour", "unknown facet 'colour' (valid: source, category, tag, year)"},
        {"source,colour,size", "unknown facet 'colour' (valid: source, category, tag, year)"},
        {"tags", "unknown facet 'tags' (valid: source, category, tag, year)"},
        {"Source", "unknown facet 'Source' (valid: source, category, tag, year)"},
        {"source year", "unknown facet 'source year' (valid: source, category, tag, year)"},
    };
    for (const Case& c : cases) EXPECT_EQ(error_of([&] { parse_facet_list(c.input); }), c.message) << c.input;
}

TEST(ParseDateBound, ReadsDaysMonthsAndYearsAsTheirFirstOrLastDay) {
    struct Case {
        std::string_view input;
        bool end;
        std::string_view bound;
    };
    const Case cases[] = {
        {"2015-09-01", false, "20150901"},
        {"2015-09-01", true, "20150901"},
        {"2015-09", false, "20150901"},
        {"2015-09", true, "20150931"},  // compared as text: 31 covers every month
        {"2015", false, "20150101"},
        {"2015", true, "20151231"},
        {"", false, ""},
        {"", true, ""},  // no bound
    };
    for (const Case& c : cases) EXPECT_EQ(parse_date_bound(c.input, c.end), c.bound) << c.input << " end=" << c.end;
}

TEST(ParseDateBound, RejectsDatesThatCannotExistOrBeRead) {
    struct Case {
        std::string_view input;
        std::string_view message;
    };
    const Case cases[] = {
        {"not-a-date", "cannot read the date 'not-a-date' (e.g. 2015-09-01, 2015-09, 2015)"},
        {"2015-13", "cannot read the date '2015-13' (e.g. 2015-09-01, 2015-09, 2015)"},
        {"2015-02-30", "cannot read the date '2015-02-30' (e.g. 2015-09-01, 2015-09, 2015)"},
        {"2015-99-99", "cannot read the date '2015-99-99' (e.g. 2015-09-01, 2015-09, 2015)"},
        {"15", "cannot read the date '15' (e.g. 2015-09-01, 2015-09, 2015)"},
    };
    for (const Case& c : cases)
        for (const bool end : {false, true})
            EXPECT_EQ(error_of([&] { parse_date_bound(c.input, end); }), c.message) << c.input << " end=" << end;
}

}  // namespace
}  // namespace news
