#include "common/date.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

namespace news {
namespace {

struct DateCase {
    std::string_view input;
    std::string_view expected;
};

TEST(NormalizeDate, AcceptsIsoDatesAndDateTimesInEveryDocumentedSpelling) {
    const DateCase cases[] = {
        {"2015-09-22", "2015-09-22"},
        {"2015-09-22T20:30", "2015-09-22T20:30:00"},     // news-large / news-fulltext style
        {"1987-02-26T15:01:01", "1987-02-26T15:01:01"},  // Reuters-21578 style
        {"2015-09-22 20:30:00", "2015-09-22T20:30:00"},
        {"2015-09-22t20:30:05", "2015-09-22T20:30:05"},
        {"2015-09-22T20:30:05.123", "2015-09-22T20:30:05"},
        {"2015-09-22T20:30:05,5", "2015-09-22T20:30:05"},
        {"2015-09-22T20:30:05Z", "2015-09-22T20:30:05"},
        {"2015-09-22T20:30:05.999999Z", "2015-09-22T20:30:05"},
        {"2015-09-22T20:30:05+01:00", "2015-09-22T20:30:05"},  // zone dropped, local time kept
        {"2015-09-22T20:30-0500", "2015-09-22T20:30:00"},
        {"2015-09-22T20:30+09", "2015-09-22T20:30:00"},
        {"  2015-09-22\n", "2015-09-22"},
        {"2016-02-29", "2016-02-29"},  // leap year
        {"2000-02-29", "2000-02-29"},  // divisible by 400
        {"1999-12-31T23:59:59", "1999-12-31T23:59:59"},
        {"2005-01-01T00:00", "2005-01-01T00:00:00"},
    };
    for (const auto& c : cases) {
        const std::optional<std::string> got = normalize_date(c.input);
        ASSERT_TRUE(got.has_value()) << "input: '" << c.input << "'";
        EXPECT_EQ(*got, c.expected) << "input: '" << c.input << "'";
    }
}

TEST(NormalizeDate, RejectsOtherFormatsAndImpossibleDates) {
    const std::string_view rejected[] = {
        "",
        "   ",
        "31-MAR-1987 605:12:19.12",  // the one raw Reuters-21578 date that stays unparsed
        "Tue Sep 22 20:30:00 2015",  // asctime() order is none of the supported forms
        "22/09/2015",
        "2015/09/22",
        "2015-9-22",
        "20150922",
        "2015-09",
        "0000-01-01",
        "2015-00-10",
        "2015-13-01",
        "2015-04-31",
        "2015-02-29",  // not a leap year
        "1900-02-29",  // divisible by 100, not by 400
        "2015-09-22T24:00",
        "2015-09-22T20:60",
        "2015-09-22T20:30:60",
        "2015-09-22T20",
        "2015-09-22T20:3",
        "2015-09-22T20:30:05.",
        "2015-09-22T20:30:05+25:00",
        "2015-09-22T20:30:05+01:61",
        "2015-09-22T20:30:05 EST",
        "2015-09-22X20:30",
        "2015-09-22junk",
        "２０１５-09-22",  // full-width digits are not ASCII digits
    };
    for (std::string_view input : rejected) {
        EXPECT_EQ(normalize_date(input), std::nullopt) << "input: '" << input << "'";
    }
}

TEST(NormalizeDate, AcceptsReutersRfc2822AndReutersWebDates) {
    const DateCase cases[] = {
        // Reuters-21578 <DATE>: the hundredths are dropped.
        {"26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"},
        {"2-MAR-1987 09:39:50.97", "1987-03-02T09:39:50"},
        {"19-OCT-1987 9:05:00", "1987-10-19T09:05:00"},
        {"26-feb-1987", "1987-02-26"},
        {" 26-FEB-1987 15:01:01.79 ", "1987-02-26T15:01:01"},
        // RFC 2822, with and without weekday, seconds and zone; the zone is dropped.
        {"Tue, 22 Sep 2015 20:30:00 -0400", "2015-09-22T20:30:00"},
        {"22 Sep 2015 20:30:00 -0400", "2015-09-22T20:30:00"},
        {"Tue, 22 Sep 2015 20:30 -0400", "2015-09-22T20:30:00"},
        {"22 Sep 2015 20:30", "2015-09-22T20:30:00"},
        {"Tue, 2 Sep 2015 08:05:09 +0000", "2015-09-02T08:05:09"},
        {"Tue, 22 Sep 2015 20:30:00 GMT", "2015-09-22T20:30:00"},
        {"Tue, 22 Sep 2015 20:30:00 EDT", "2015-09-22T20:30:00"},
        {"Tue, 22 Sep 2015 20:30:00 -0400 (EDT)", "2015-09-22T20:30:00"},
        {"TUE, 22 SEP 2015 20:30:00 -0400", "2015-09-22T20:30:00"},
        {"Thu, 29 Feb 2024 23:59:59 +0100", "2024-02-29T23:59:59"},
        {"22 Sep 2015", "2015-09-22"},
        // reuters.com article pages (the news-fulltext header line).
        {"Sun Jul 24, 2011 10:46pm EDT", "2011-07-24T22:46:00"},
        {"Sun Jul 24, 2011 10:46am EDT", "2011-07-24T10:46:00"},
        {"Mon Jan 3, 2011 12:05am EST", "2011-01-03T00:05:00"},
        {"Mon Jan 3, 2011 12:05pm EST", "2011-01-03T12:05:00"},
        {"Mon Jan 3, 2011 1:05 PM", "2011-01-03T13:05:00"},
        {"Jul 24, 2011 22:46", "2011-07-24T22:46:00"},
        {"Jul 24, 2011", "2011-07-24"},
    };
    for (const auto& c : cases) {
        const std::optional<std::string> got = normalize_date(c.input);
        ASSERT_TRUE(got.has_value()) << "input: '" << c.input << "'";
        EXPECT_EQ(*got, c.expected) << "input: '" << c.input << "'";
    }
}

TEST(NormalizeDate, RejectsMalformedReutersRfc2822AndReutersWebDates) {
    const std::string_view rejected[] = {
        "30-FEB-1987 15:01:01.79",  // no such day
        "26-FEX-1987 15:01:01.79",  // no such month
        "26-FEB-87 15:01:01",       // two-digit year
        "26-FEB-1987 15:01:01.",    // fraction without digits
        "26-FEB-1987 24:01:01",
        "26-FEB-1987T15:01:01",
        "Tue, 22 Sep 2015 20:30:00 -04",  // numeric zone needs four digits
        "Tue, 22 Sep 2015 20:30:00 Eastern Daylight",
        "Tue 22 Sep 2015 20:30:00 -0400",  // a weekday needs its comma
        "Tuesday, 22 Sep 2015 20:30:00",   // full names are not RFC 2822
        "Xyz, 22 Sep 2015 20:30:00",
        "22 Sep 2015 20:30:00 -0400 (EDT",  // unclosed comment
        "31 Sep 2015",
        "Sun Jul 24, 2011 13:46pm EDT",  // 13 o'clock pm
        "Sun Jul 24, 2011 0:46am EDT",
        "Sun Jul 24 2011 10:46pm EDT",  // the comma after the day is part of the form
        "Sun Jul 24, 2011 10:46xm EDT",
        "Jul 32, 2011",
    };
    for (std::string_view input : rejected) {
        EXPECT_EQ(normalize_date(input), std::nullopt) << "input: '" << input << "'";
    }
}

TEST(DateValue, IsTheEightDigitDayOfADateOrDateTime) {
    EXPECT_EQ(date_value("2015-09-22"), "20150922");
    EXPECT_EQ(date_value("1987-02-26T15:01:01"), "19870226");
    EXPECT_EQ(date_value(""), "");
    EXPECT_EQ(date_value("2015-09"), "");
}

TEST(TimestampValue, PadsAMissingTimeWithMidnight) {
    EXPECT_EQ(timestamp_value("2015-09-22"), "20150922000000");
    EXPECT_EQ(timestamp_value("1987-02-26T15:01:01"), "19870226150101");
    EXPECT_EQ(timestamp_value(""), "");
}

TEST(TimestampValue, SortsInChronologicalOrderAsPlainStrings) {
    // Normalised inputs in chronological order; the byte order of their values must agree.
    const std::string_view chronological[] = {"1987-02-26T15:01:01", "1987-02-26T15:01:02", "1999-12-31",
                                              "1999-12-31T00:00:01", "2005-01-01T00:00",    "2015-09-22T20:30-05:00"};
    std::string previous;
    for (std::string_view raw : chronological) {
        const std::string value = timestamp_value(normalize_date(raw).value());
        EXPECT_LT(previous, value) << raw;
        previous = value;
    }
}

}  // namespace
}  // namespace news
