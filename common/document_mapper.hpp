/// @file document_mapper.hpp
/// @brief Article <-> Xapian document, following the schema.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

#include "common/article.hpp"
#include "common/stored_record.hpp"
#include "common/text_analysis.hpp"

namespace news {

/// Builds the Xapian document of an article: title words (prefix S, wdf x kTitleWeight) and
/// body words (prefix XB), both with positions and stemmed variants; boolean terms for id,
/// tags, source, category and date (year, month, day); date values; the content hash; and
/// the whole article as a stored record. Reuses its TermGenerator and zstd contexts, so
/// keep one per thread.
class DocumentMapper {
  public:
    explicit DocumentMapper(const AnalysisConfig& config = {});

    /// The document for `article`. Its content hash (kContentHashSlot) depends only on the
    /// article, so re-indexing an unchanged article can be detected and skipped.
    Xapian::Document to_document(const Article& article);

    /// The article stored in a document's data. Throws CorruptRecordError.
    Article stored_article(const Xapian::Document& doc);

  private:
    void add_date(const Article& article, Xapian::Document& doc);

    Xapian::TermGenerator term_generator_;
    RecordCodec codec_;
};

/// The content-hash value of a stored record (what kContentHashSlot holds).
std::string content_hash(std::string_view stored_record);

}  // namespace news
