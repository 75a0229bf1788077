#include "common/document_mapper.hpp"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/date.hpp"
#include "common/hash.hpp"
#include "common/schema.hpp"
#include "common/word_positions.hpp"

namespace news {

namespace {

/// schema::kTitleWeight; in an experiment build (CMake NEWS_EXPERIMENT_ENV, never a user's),
/// NEWS_EXP_TITLE_WEIGHT when set, to measure other weights (docs/relevance.md).
Xapian::termcount title_weight() {
#ifdef NEWS_EXPERIMENT_ENV
    if (const char* v = std::getenv("NEWS_EXP_TITLE_WEIGHT"); v && *v)
        return static_cast<Xapian::termcount>(std::stoul(v));
#endif
    return schema::kTitleWeight;
}

/// The canonical name of `language` (empty: English, as make_stemmer() reads it); "" when
/// Xapian does not stem it.
std::string canonical_or_empty(std::string_view language) {
    try {
        return canonical_language(language.empty() ? schema::kDefaultLanguage : language);
    } catch (const std::invalid_argument&) {
        return {};
    }
}

}  // namespace

DocumentMapper::DocumentMapper(const AnalysisConfig& config, std::shared_ptr<const ZstdDictionary> dictionary)
    : term_generator_(make_term_generator(config)),
      language_(canonical_or_empty(config.language)),
      stemmer_(make_memoizing_stemmer(config)),
      codec_(kRecordZstdLevel, std::move(dictionary)) {
    term_generator_.set_stemmer(stemmer_);  // one memory of stems, whichever language was last
    set_schema_version(schema_version_);
}

std::string DocumentMapper::use_language_of(const Article& article) {
    if (!article.language.empty() && article.language != language_) {
        auto it = other_languages_.find(article.language);
        if (it == other_languages_.end()) {
            std::string canonical = canonical_or_empty(article.language);
            AnalysisConfig config;
            config.language = canonical.empty() ? language_ : canonical;
            it = other_languages_
                     .emplace(article.language, std::make_pair(std::move(canonical), make_memoizing_stemmer(config)))
                     .first;
        }
        if (!it->second.first.empty() && it->second.first != language_) {
            term_generator_.set_stemmer(it->second.second);
            other_stemmer_set_ = true;
            return it->second.first;
        }
    }
    if (other_stemmer_set_) {  // back to the database's language after another article's
        term_generator_.set_stemmer(stemmer_);
        other_stemmer_set_ = false;
    }
    return {};
}

void DocumentMapper::set_schema_version(int version) {
    schema_version_ = version;
    const auto cjk = static_cast<unsigned>(Xapian::TermGenerator::FLAG_CJK_NGRAM);
    term_generator_.set_flags(version >= schema::kCjkNgramSchema ? cjk : 0U, ~cjk);
    codec_.set_bare_frames(version >= schema::kBareFrameSchema);
}

namespace {

/// A hash as a value slot keeps it in a database of `schema_version` (schema.hpp,
/// kBinaryHashSchema).
std::string hash_value(std::uint64_t hash, int schema_version) {
    return schema_version >= schema::kBinaryHashSchema ? to_big_endian(hash) : to_hex(hash);
}

}  // namespace

std::string content_hash(std::string_view payload, std::string_view origin, int schema_version) {
    // The schema version is hashed too: after a schema change re-indexing rewrites every
    // article, where an unchanged hash would keep its old-format document.
    const std::string version = std::to_string(schema_version);
    return hash_value(fnv1a64(version, fnv1a64(origin, fnv1a64(payload))), schema_version);
}

namespace {

/// fnv1a64 of `text` trimmed of surrounding white space and with ASCII lower-cased, without
/// copying it (a body can be tens of megabytes).
std::uint64_t normalized_hash(std::string_view text, std::uint64_t seed) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return seed;
    text = text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
    std::uint64_t h = seed;
    for (char c : text) {
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        h = fnv1a64(std::string_view(&lower, 1), h);
    }
    return h;
}

}  // namespace

std::string duplicate_key(const Article& article, int schema_version) {
    // Fields are hashed in sequence with a separator so ("ab","c") and ("a","bc") differ.
    std::uint64_t h = normalized_hash(article.source, fnv1a64(""));
    h = fnv1a64("\x1f", h);
    h = normalized_hash(article.title, h);
    h = fnv1a64("\x1f", h);
    h = normalized_hash(article.body, h);
    return hash_value(h, schema_version);
}

void DocumentMapper::index_field(std::string_view text, Xapian::termcount wdf_inc, std::string_view prefix,
                                 bool prefixed_positions, bool positions) {
    if (text.empty()) return;
    // schema.hpp: from schema 6 the terms are of words with their accents folded.
    const std::string field = schema_version_ >= schema::kAccentFoldingSchema ? fold_accents(text) : std::string(text);
    if (!positions) {
        // Xapian's TermGenerator adds the same wdf with or without positions.
        if (!prefix.empty()) term_generator_.index_text_without_positions(field, wdf_inc, std::string(prefix));
        term_generator_.index_text_without_positions(field, wdf_inc);
        return;
    }
    if (prefix.empty()) {  // the combined field alone
        term_generator_.index_text(field, wdf_inc);
        return;
    }
    // The combined copy takes the same positions as the prefixed one, so a word has one
    // position whichever term it is read from.
    const Xapian::termpos start = term_generator_.get_termpos();
    if (prefixed_positions)
        term_generator_.index_text(field, wdf_inc, std::string(prefix));
    else
        term_generator_.index_text_without_positions(field, wdf_inc, std::string(prefix));
    term_generator_.set_termpos(start);
    term_generator_.index_text(field, wdf_inc);
}

namespace {

bool is_word_byte(unsigned char c) {
    return c >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

std::string_view first_words(std::string_view text, std::size_t max_words, std::size_t& words) {
    words = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool word_byte = is_word_byte(static_cast<unsigned char>(text[i]));
        if (word_byte && !in_word) {
            if (words == max_words) return text.substr(0, i);
            ++words;
        }
        in_word = word_byte;
    }
    return text;
}

namespace {

/// True when `article` cannot hold more than kMaxIndexedWords words, told from its size
/// alone: k words take at least 2k - 1 bytes (a byte each, and a separator between two), so
/// the title and body together need 2 * (kMaxIndexedWords + 1) - 2 bytes to exceed it. Every
/// real article passes here, and is not scanned word by word.
bool too_short_to_exceed_word_limit(const Article& article) {
    return article.title.size() + article.body.size() < 2 * kMaxIndexedWords;
}

}  // namespace

bool has_unindexed_words(const Article& article) {
    if (too_short_to_exceed_word_limit(article)) return false;
    std::size_t title_words = 0, body_words = 0;
    if (first_words(article.title, kMaxIndexedWords, title_words).size() < article.title.size()) return true;
    return first_words(article.body, kMaxIndexedWords - title_words, body_words).size() < article.body.size();
}

void DocumentMapper::add_terms(const Article& article, std::string_view origin, bool positions, Xapian::Document& doc) {
    term_generator_.set_document(doc);
    const std::string language = use_language_of(article);
    if (!language.empty()) doc.add_boolean_term(schema::language_term(language));
    std::string_view title = article.title, body = article.body;
    if (!too_short_to_exceed_word_limit(article)) {
        std::size_t title_words = 0, body_words = 0;
        title = first_words(title, kMaxIndexedWords, title_words);
        body = first_words(body, kMaxIndexedWords - title_words, body_words);
    }
    // schema.hpp, kNoBodyTerm: without a body the combined field is the title, word for word.
    const bool title_terms = !body.empty() || schema_version_ < schema::kBodylessTitleSchema;
    index_field(title, title_weight(), title_terms ? schema::kTitlePrefix : std::string_view(), true, positions);
    if (!title_terms) doc.add_boolean_term(std::string(schema::kNoBodyTerm));
    term_generator_.increase_termpos(schema::kFieldGap);
    if (schema_version_ >= schema::kBodyInCombinedSchema) {
        index_field(body, 1, {}, false, positions);
        if (title_terms) add_title_only_words(doc);
    } else {
        // schema.hpp: why the body has no positions under its own prefix
        index_field(body, 1, schema::kBodyPrefix, false, positions);
    }
    // The term generator keeps a handle on the document it indexes into, and Xapian counts
    // handles without atomics. Let go of it now: kept, the next article's set_document()
    // would drop it on this thread while ParallelIndexer's writer copies and frees the same
    // document on another, and a lost count frees it twice (or while in use).
    term_generator_.set_document(Xapian::Document());

    doc.add_boolean_term(schema::id_term(article.id));
    for (const auto& tag : article.tags)
        if (!tag.empty()) doc.add_boolean_term(schema::filter_term(schema::kTagPrefix, tag));
    if (schema_version_ >= schema::kTagWordSchema) add_tag_words(article, doc);
    if (!article.source.empty()) doc.add_boolean_term(schema::filter_term(schema::kSourcePrefix, article.source));
    if (!article.category.empty()) doc.add_boolean_term(schema::filter_term(schema::kCategoryPrefix, article.category));
    if (const std::string day = indexed_day(article); !day.empty()) {
        doc.add_boolean_term(std::string(schema::kYearPrefix) + day.substr(0, 4));
        doc.add_boolean_term(std::string(schema::kMonthPrefix) + day.substr(0, 6));
        doc.add_boolean_term(std::string(schema::kDayPrefix) + day);
    }
    if (!origin.empty()) doc.add_boolean_term(schema::origin_term(origin));
}

void DocumentMapper::add_title_only_words(Xapian::Document& doc) {
    // A title occurrence adds the same wdf to the title term and to the combined one, so a
    // word is in the title alone when the two are equal. Terms come sorted: the title terms
    // ("S...", "ZS...") are gathered first, then their combined words looked up in one more
    // pass (a document's term list has no random access).
    std::vector<std::pair<std::string, Xapian::termcount>> title;  // combined word, title wdf
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t)
        if (auto word = schema::title_word(*t)) title.emplace_back(std::move(*word), t.get_wdf());
    if (title.empty()) return;
    std::sort(title.begin(), title.end());
    std::vector<std::string> title_only;
    auto t = doc.termlist_begin();
    for (const auto& [word, title_wdf] : title) {
        t.skip_to(word);
        if (t == doc.termlist_end()) break;
        if (*t == word && t.get_wdf() == title_wdf) title_only.push_back(schema::title_only_term(word));
    }
    for (const std::string& term : title_only) doc.add_boolean_term(term);
}

Xapian::Document DocumentMapper::to_document(const Article& article, std::string_view origin) {
    Xapian::Document doc;
    add_terms(article, origin, true, doc);
    if (schema_version_ >= schema::kPositionsInValueSchema && positions_in_value_) {
        // schema.hpp, kWordPositionsSlot: the positions move from Xapian's table to a value.
        const int format = schema_version_ >= schema::kPositionSequenceSchema ? 2 : 1;
        if (std::string positions = word_positions::encode(doc, format); !positions.empty()) {
            word_positions::remove_positions(doc);
            doc.add_value(schema::kWordPositionsSlot, positions);
        }
    }
    add_tags_value(article, doc);
    if (!article.source.empty())
        doc.add_value(schema::kSourceSlot, schema::source_value(article.source, schema_version_));
    if (!article.category.empty()) doc.add_value(schema::kCategorySlot, article.category);
    add_date_values(article, doc);
    const bool dated = !indexed_day(article).empty();
    doc.add_value(schema::kTieBreakSlot, schema::tie_break_key(dated ? timestamp_value(article.date) : std::string(),
                                                               article.id, schema_version_));

    // The hash is of the article, not of its compressed form: a database that gains a
    // dictionary (or a new zstd) must still find its unchanged articles unchanged.
    const std::string payload = record_payload(article);
    doc.add_value(schema::kContentHashSlot, content_hash(payload, origin, schema_version_));
    std::string record = codec_.encode_payload(payload);
    doc.add_value(schema::kDuplicateSlot, duplicate_key(article, schema_version_));
    // schema.hpp, kRecordInValueSchema: glass would zlib the zstd frame again as data.
    if (schema_version_ >= schema::kRecordInValueSchema)
        doc.add_value(schema::kRecordSlot, record);
    else
        doc.set_data(record);
    return doc;
}

Xapian::Document DocumentMapper::indexed_terms(const Article& article, std::string_view origin) {
    Xapian::Document doc;
    add_terms(article, origin, false, doc);
    return doc;
}

void DocumentMapper::add_tag_words(const Article& article, Xapian::Document& doc) {
    // schema.hpp, kTagWordPrefix. wdf 0: positions only, so the document's length (and so
    // its ranking) is what it was without them.
    Xapian::termpos position = 0;
    for (const auto& tag : article.tags) {
        const std::vector<std::string> words = schema::tag_words(tag);
        if (words.empty()) continue;
        if (position > 0 && !article.tags_unseparated) position += schema::kTagGap;
        for (const std::string& word : words)
            doc.add_posting(schema::filter_term(schema::kTagWordPrefix, word), ++position, 0);
    }
}

void DocumentMapper::add_tags_value(const Article& article, Xapian::Document& doc) {
    std::vector<std::string> tags;
    for (const auto& tag : article.tags)
        if (!tag.empty()) tags.push_back(schema::lowercase(tag));
    if (tags.empty()) return;
    // Sorted and unique, like the document's tag terms: a facet counts a tag once per article,
    // and articles with the same tags share one value (fewer distinct values to merge).
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    doc.add_value(schema::kTagsSlot, schema::encode_list(tags));
}

std::string DocumentMapper::indexed_day(const Article& article) {
    if (article.date.empty()) return {};
    std::string day = date_value(article.date);  // YYYYMMDD
    if (day.size() != 8) return {};              // readers normalise dates; anything else is not indexed
    return day;
}

void DocumentMapper::add_date_values(const Article& article, Xapian::Document& doc) {
    const std::string day = indexed_day(article);
    if (day.empty()) return;
    doc.add_value(schema::kDateSlot, day);
    if (schema_version_ < schema::kBodylessTitleSchema)
        doc.add_value(schema::kTimestampSlot, timestamp_value(article.date));
}

Article DocumentMapper::stored_article(const Xapian::Document& doc) { return codec_.decode(schema::record_of(doc)); }

}  // namespace news
