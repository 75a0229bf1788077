/// @file html_page.hpp
/// @brief Reads one saved news article page (.html, .htm) into an Article: its metadata
/// from the tags publishers write for search engines and social sites, its text from the
/// article's main element, without navigation, advertising or comments.
#pragma once

#include <string>
#include <string_view>

#include "common/article.hpp"

namespace news {

/// Parses one article page (UTF-8). Sets, each from the first source that has it:
///  - title: `og:title`, the JSON-LD article's `headline`, `<title>` (a trailing
///    " | Site" / " - Site" naming the site removed), the first `<h1>`;
///  - date: `article:published_time`, the JSON-LD `datePublished`, an `itemprop=
///    "datePublished"` element, the first `<time datetime>`, a `date`/`pubdate`/
///    `dc.date.issued` meta; an unparseable one is reported through `date_warning`;
///  - source: `og:site_name`, the JSON-LD `publisher.name`, the host of the url (no "www.");
///  - url: `<link rel="canonical">`, `og:url`, the JSON-LD `url` (absolute http(s) only);
///  - category: `article:section`; tags: every `article:tag`, else the JSON-LD `keywords`;
///  - body: the text (html::node_text, paragraphs "\n\n") of the first of: the element
///    marked `itemprop="articleBody"`, the first element of a class publishers give the
///    article text (`entry-content`, `article-body`, `story-body`, ...), the `<article>`
///    with the most text, `<main>` (or `role="main"`), `<body>`; inside it, navigation,
///    headers, footers, asides, forms, figures, `<h1>` (the title), hidden elements and
///    elements whose class or id names comments, sharing, ads, related links, newsletters
///    or cookie notices are left out. The JSON-LD `articleBody` is used instead when it is
///    more than twice as long (a page whose text is loaded by script). The DOM comes
///    first, as in trafilatura: `articleBody` is often a summary.
/// Never throws for bad input; the article has no text (has_text) when the page holds none.
/// The id is left to the caller.
Article parse_html_page(std::string_view html, std::string& date_warning);

}  // namespace news
