/// @file text_article.hpp
/// @brief Parses one plain-text article (the seed and BBC layout) into an Article.
#pragma once

#include <string>
#include <string_view>

#include "common/article.hpp"

namespace news {

/// Parses a scraped plain-text article: the first non-blank line is the title, the rest is
/// the body, paragraphs separated by blank lines (runs of blank lines count as one).
/// Line endings may be "\n" or "\r\n"; a leading UTF-8 byte order mark is dropped.
/// Scraping debris is removed, not indexed:
///  - template markers such as `{mosads}` (a brace-delimited single word of ASCII letters,
///    digits, '_' or '-', up to 64 characters) anywhere, title included;
///  - a one-line paragraph (at most 400 bytes) starting `Copyright <year>` (optionally
///    `Copyright © <year>` / `Copyright (c) <year>`), `©` or "All rights reserved" (ASCII
///    case ignored), and everything after it (site navigation such as "Most Popular",
///    "Load more");
///  - a last one-line paragraph (at most 400 bytes) `Tags A B C` or `Tags: A, B`, which
///    becomes the article's tags: split on commas when it has any, else on whitespace (the
///    scraped text keeps no delimiter between tag links, so "Tags China Xi Jinping" gives
///    China, Xi, Jinping: a multi-word tag cannot be recovered).
///  - a date line, `Date: 2023-05-01` or `Published: 2023-05-01` (the name in any case, the
///    date in any form normalize_date() reads), when it is one of the first two non-blank
///    lines (above the title or right below it): it becomes the article's date. A date line
///    elsewhere, or with a date that cannot be read, stays text.
/// The title and each paragraph are trimmed of ASCII whitespace at both ends; single line
/// breaks inside a paragraph are kept as they are (BBC lists rely on them); paragraphs are
/// joined with "\n\n". This reproduces the BBC corpus's bbc.jsonl bodies exactly.
/// Bytes are not validated (invalid UTF-8 passes through unchanged). Only title, body,
/// tags and date are set; the caller fills id, source and category. Returns an article without text
/// (see has_text) when the input holds none.
Article parse_text_article(std::string_view content);

}  // namespace news
