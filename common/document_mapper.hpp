/// @file document_mapper.hpp
/// @brief Article <-> Xapian document, following the schema.
#pragma once

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/article.hpp"
#include "common/schema.hpp"
#include "common/stored_record.hpp"
#include "common/text_analysis.hpp"

namespace news {

/// Builds the Xapian document of an article: title words (prefix S, wdf x kTitleWeight) and
/// body words (prefix XB), and both again unprefixed (the combined field, schema.hpp), with
/// stemmed variants; boolean terms for id, tags, source, category and
/// date (year, month, day); date values; the content hash; the values the searcher breaks
/// ranking ties and counts facets by; and the whole article as a stored record (compressed
/// with `dictionary` when given). Reuses its TermGenerator and zstd contexts, so keep one
/// per thread.
/// Title words keep positions under both terms; body words only in the combined field.
/// From schema 8 (schema::kBodylessTitleSchema) an article without a body has its title in
/// the combined field only, and the boolean term schema::kNoBodyTerm.
/// From schema 6 (schema::kAccentFoldingSchema) words are indexed with their accents folded
/// (fold_accents); the stored record keeps them as written.
/// At most kMaxIndexedWords words of title and body are indexed; all of them are stored.
/// An article in another language than the database's (Article::language, issue 16) has its
/// words stemmed in its own, and the boolean term schema::language_term() of it; an article
/// without one, or in the database's, is indexed as every article was before.
class DocumentMapper {
  public:
    explicit DocumentMapper(const AnalysisConfig& config = {},
                            std::shared_ptr<const ZstdDictionary> dictionary = nullptr);

    /// The document for `article`, read from the file `origin` (an absolute path; empty when
    /// unknown). Its content hash (kContentHashSlot) depends only on the article and its
    /// origin, so re-indexing an unchanged article from the same file can be skipped.
    Xapian::Document to_document(const Article& article, std::string_view origin = {});
    /// Only the terms to_document() gives the document, with the same wdfs, and none of its
    /// positions, values or data: what a database without termlists (Xapian::DB_NO_TERMLIST)
    /// no longer keeps of a document, read back from its stored article
    /// (common/document_terms.hpp). Cheaper than to_document(): nothing is compressed.
    Xapian::Document indexed_terms(const Article& article, std::string_view origin = {});

    /// The article stored in a document (schema::record_of). Throws CorruptRecordError.
    Article stored_article(const Xapian::Document& doc);
    /// Only the id of the stored article, without decompressing it. Throws CorruptRecordError.
    std::string stored_id(const Xapian::Document& doc) { return codec_.decode_id(schema::record_of(doc)); }
    /// Where stored_article() finds the dictionaries records were compressed with.
    void set_dictionary_lookup(DictionaryLookup lookup) { codec_.set_dictionary_lookup(std::move(lookup)); }
    /// The schema of the database documents go to (schema.hpp: an older database keeps its
    /// tie-break key format); the current one unless set.
    /// From schema::kCjkNgramSchema on, CJK text is indexed as n-grams.
    void set_schema_version(int version);
    /// Whether, from schema::kPositionsInValueSchema on, word positions go to a value
    /// (schema::kWordPositionsSlot) rather than Xapian's position table; false unless set.
    void set_positions_in_value(bool in_value) { positions_in_value_ = in_value; }

  private:
    /// Indexes `text` under `prefix` (with positions when `prefixed_positions`) and
    /// unprefixed with positions, the two at the same positions; without any positions
    /// unless `positions`; with an empty `prefix` only unprefixed.
    void index_field(std::string_view text, Xapian::termcount wdf_inc, std::string_view prefix, bool prefixed_positions,
                     bool positions);
    /// Every term of the article's document (text and boolean), with positions when
    /// `positions`: the one place the terms are made, for to_document() and indexed_terms().
    void add_terms(const Article& article, std::string_view origin, bool positions, Xapian::Document& doc);
    /// Marks the title words `doc` has no body occurrence of (schema.hpp, kTitleOnlyPrefix).
    static void add_title_only_words(Xapian::Document& doc);
    void add_date_values(const Article& article, Xapian::Document& doc);
    /// The language `article` is indexed in when it is not the database's: canonical, with
    /// the term generator's stemmer set to it; "" (and the database's stemmer) otherwise,
    /// also for a language Xapian does not stem, which the readers never give.
    std::string use_language_of(const Article& article);
    /// The positional tag-word terms (schema::kTagWordPrefix), from schema 9.
    static void add_tag_words(const Article& article, Xapian::Document& doc);
    static void add_tags_value(const Article& article, Xapian::Document& doc);
    /// The article's date as "YYYYMMDD", or "" when it has none that is indexed.
    static std::string indexed_day(const Article& article);

    Xapian::TermGenerator term_generator_;
    /// The database's language (canonical) and stemmer: the stemmer is only changed for an
    /// article in another language, so a corpus in one language never switches it.
    std::string language_;
    Xapian::Stem stemmer_;
    bool other_stemmer_set_ = false;
    /// Each other language met: its canonical name ("" when Xapian has no stemmer for it)
    /// and stemmer, by the name an article gave (one Stem per language, not per article).
    std::map<std::string, std::pair<std::string, Xapian::Stem>, std::less<>> other_languages_;
    RecordCodec codec_;
    int schema_version_ = schema::kSchemaVersion;
    bool positions_in_value_ = false;
};

/// Words of an article (title, then body) that are indexed, at most: the rest is stored,
/// and so shown in snippets, but not searchable. Memory, not search, sets the limit: Xapian
/// keeps each term of a document being written in memory, with its positions; news is far
/// shorter (docs/formats.md, Limits, has the measurements).
inline constexpr std::size_t kMaxIndexedWords = 100'000;

/// The longest start of `text` that holds at most `max_words` words, cut before the next
/// word; `words` receives how many it holds. A word here is a run of ASCII letters and
/// digits or of non-ASCII bytes: Xapian's TermGenerator makes at most one term of each
/// (it splits some further, never joins two), so the count bounds the terms.
std::string_view first_words(std::string_view text, std::size_t max_words, std::size_t& words);

/// True when `article` has more than kMaxIndexedWords words, so that not all are indexed.
bool has_unindexed_words(const Article& article);

/// The content-hash value (what kContentHashSlot holds) of an article read from `origin`,
/// given as its record_payload(), for a database of `schema_version`.
std::string content_hash(std::string_view payload, std::string_view origin,
                         int schema_version = schema::kSchemaVersion);

/// The duplicate key of an article (what kDuplicateSlot holds): equal for articles with the
/// same source, title and body, whatever their ids; case and surrounding space are ignored.
std::string duplicate_key(const Article& article, int schema_version = schema::kSchemaVersion);

}  // namespace news
