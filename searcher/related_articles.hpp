/// @file related_articles.hpp
/// @brief What a --like search leaves out: the article itself and its identical copies.
#pragma once

#include <xapian.h>

#include <string>

namespace news {

/// A query matching the article `docid` of `db`, whose id term is `id_term`, and every
/// article with the same duplicate key (schema::kDuplicateSlot: the same source, title and
/// body under another id), to be excluded from the articles related to it: an identical
/// copy is not a related article, and it would always rank first. Just the id term when
/// the article has no duplicate key.
Xapian::Query article_and_its_copies(const Xapian::Database& db, Xapian::docid docid, const std::string& id_term);

}  // namespace news
