/// @file article.hpp
/// @brief The article model: one news article as read from any corpus format.
#pragma once

#include <string>
#include <vector>

namespace news {

/// One news article, independent of where it came from. A plain value: readers fill it,
/// the document mapper turns it into a Xapian document, the stored record keeps it whole.
struct Article {
    std::string id;  ///< unique id; readers fall back to url, then path relative to the root
    std::string title;
    std::string body;      ///< paragraphs separated by "\n\n"
    std::string date;      ///< normalised ISO 8601 ("2015-09-22" or "2015-09-22T20:30:00"), or empty
    std::string source;    ///< publisher or collection, e.g. "bbc", "thehill"
    std::string category;  ///< section, e.g. "business"
    std::string url;
    std::vector<std::string> tags;
    /// True when `tags` were split from one scraped line that had no separators ("Tags China
    /// Xi Jinping"), a tag for each word, so where one tag ends is not known: their words
    /// are indexed as one run (schema::kTagWordPrefix), not as separate tags.
    bool tags_unseparated = false;
    /// The language the article is written in, as a canonical Xapian::Stem name
    /// (canonical_language(): "german"), whose stemmer its words are indexed with; empty
    /// for the database's language (schema::language_of()), as every article was before.
    std::string language;

    friend bool operator==(const Article&, const Article&) = default;
};

/// True when the article has something worth indexing (a title or a body that is not blank).
bool has_text(const Article& article);

}  // namespace news
