/// @file schema.hpp
/// @brief The database schema: term prefixes, value slots and metadata keys.
///
/// The single source of truth shared by the indexer, the searcher and the tests. Prefixes
/// follow Xapian's omega conventions (docs/termprefixes.rst): "S" title, "Q" unique id,
/// "X..." for our own fields. Changing anything here changes the on-disk format: bump
/// kSchemaVersion.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace news::schema {

/// Written to the database metadata key kSchemaVersionKey on every commit.
/// 1: title and body only under their prefixes. 2: also unprefixed (the combined field).
/// 3: value slots kTieBreakSlot, kCategorySlot and kTagsSlot, so that ranking and facets
/// come out the same on one database, on local shards and on remote ones.
/// 4: body terms (kBodyPrefix) carry no positions: the combined field holds the same words
/// at the same positions, and phrases in the body are matched there (body_word()).
/// 5: kTieBreakSlot holds a 15-byte key (tie_break_key()): Xapian copies the sort key of
/// every candidate, and keys longer than std::string's 15-byte inline buffer are heap
/// allocations (docs/benchmarks.md, "Measurements behind the defaults"). A database of an older schema
/// keeps the schema-4 key format when articles are added (keys of two formats do not order
/// by date against each other): rebuild it to change.
/// 6: title and body words are indexed with their accents folded (fold_accents() in
/// common/text_analysis.hpp: "Zürich" as "zurich", stems and unstemmed terms alike), so
/// that `zurich` and `cafe` find them; the searcher folds query words only on a database of
/// this schema or later, and searches an older one as before. Articles added to a database
/// of schema 5 (or 3-4) are indexed in its own schema, unfolded: rebuild it to fold.
/// 7: Chinese, Japanese and Korean text is indexed as Xapian's CJK n-grams
/// (TermGenerator::FLAG_CJK_NGRAM: each CJK character and each pair of adjacent ones, not
/// stemmed), so that a word of it is found inside the unbroken run of characters it was
/// written in; the searcher parses queries with QueryParser::FLAG_CJK_NGRAM only on a
/// database of this schema or later. Articles added to an older database are indexed in
/// its own schema, without n-grams: rebuild it to search CJK text by word.
/// 8: an article without a body has no title terms (kTitlePrefix) and carries kNoBodyTerm:
/// its combined field holds its title alone, word for word, so the searcher answers
/// `title:` on it from there (title_word()), and headlines are no longer indexed twice. And
/// kTimestampSlot is no longer written: the tie-break key holds the same time.
/// 9: every tag's words are also indexed as positional terms (kTagWordPrefix, wdf 0), the
/// words of one tag at consecutive positions and a gap between two tags of a list, except
/// between the tags of a scraped tag line without separators (Article::tags_unseparated),
/// whose words are one run. The searcher reads `tag:"xi jinping"` as the exact tag OR that
/// phrase of tag words only on a database of this schema or later. Articles added to an
/// older database are indexed in its own schema, without tag words: rebuild it to search
/// tags by run.
/// Languages of their own on articles (Article::language, kLanguagePrefix) did not change it:
/// an article without one is indexed as before, and one with one is read by the same rules
/// (its record names the language, its term is new), so no database of schema 9 changes meaning.
/// 10: body words are no longer copied under kBodyPrefix (a quarter of the postings of full
/// text: docs/benchmarks.md, "Where the bytes go"). The combined field holds them; a word of
/// the title that the body lacks carries kTitleOnlyPrefix, so the searcher answers `body:x` as
/// `x AND_NOT (title-only x OR kNoBodyTerm)` (body_words_in_combined_field()), matching the
/// same articles, weighed by the combined field. Articles added to an older database are
/// indexed in its own schema, with body terms: rebuild it for the smaller layout.
/// 11: a database may keep its word positions in one value a document (kWordPositionsSlot,
/// common/word_positions.hpp) instead of Xapian's position table, where glass spends a
/// B-tree entry of about 17 bytes on every word of every document: `indexer
/// --compact-positions`, recorded as kPositionsKey. The searcher then matches a phrase or
/// NEAR as the AND of its words filtered by a check of that value
/// (searcher/stored_positions.hpp), with the same matches and weights. Without the option a
/// database of schema 11 is laid out as one of schema 10.
/// 12: the stored record is a value (kRecordSlot), no longer the document's data. Glass
/// compresses every document's data with zlib (tables.docdata, compress_min 18 bytes), and
/// our records are zstd frames already: the attempt was thrown away on every article at the
/// cost of a zlib reset and a deflate, 18% of indexing's CPU on headlines (perf,
/// docs/benchmarks.md). Values are stored uncompressed, in chunks of neighbouring
/// documents, and take the same bytes. record_of() reads either. The content hash and the
/// duplicate key (slots 2 and 4) are 8 bytes instead of 16 hex digits (kBinaryHashSchema):
/// on headlines, values are most of the database.
/// 13: the word positions value may be written as the document's sequence of words
/// (word_positions.hpp, format 2), where that is smaller: on headlines about half the bytes
/// of format 1. The searcher reads both. Articles added to a database of schema 11 or 12
/// are written in format 1, which those schemas' searchers read. And stored records are
/// bare zstd frames (stored_record.hpp, codecs 3 and 4: without the 4-byte magic number, a
/// few percent of a headline's record); older databases keep codecs 1 and 2. And the source
/// slot (kSourceSlot) holds a 5-byte code of the source (source_value()) instead of its
/// name: on headlines 17 bytes of "reuters-headlines" in every article. The searcher names
/// a code from the source filter terms (kSourcePrefix), which hold the same folded name
/// (facet_columns::SourceNames).
inline constexpr int kSchemaVersion = 13;
/// The first schema whose tie-break keys are packed (15 bytes).
inline constexpr int kPackedTieBreakSchema = 5;
/// The first schema whose text terms have their accents folded.
inline constexpr int kAccentFoldingSchema = 6;
/// The first schema whose CJK text is indexed as n-grams.
inline constexpr int kCjkNgramSchema = 7;
/// The first schema whose articles without a body have no title terms (kNoBodyTerm).
inline constexpr int kBodylessTitleSchema = 8;
/// The first schema whose tags' words are indexed with positions (kTagWordPrefix).
inline constexpr int kTagWordSchema = 9;
/// The first schema whose body words are in the combined field alone (kTitleOnlyPrefix).
inline constexpr int kBodyInCombinedSchema = 10;
/// The first schema whose word positions are in a value (kWordPositionsSlot).
inline constexpr int kPositionsInValueSchema = 11;
/// The first schema whose stored records are in a value (kRecordSlot).
inline constexpr int kRecordInValueSchema = 12;
/// The first schema whose content hashes and duplicate keys are 8 bytes, not 16 hex digits.
inline constexpr int kBinaryHashSchema = 12;
/// The first schema whose word positions value may be a sequence of words (format 2).
inline constexpr int kPositionSequenceSchema = 13;
/// The first schema whose stored records are bare zstd frames (codecs 3 and 4).
inline constexpr int kBareFrameSchema = 13;
/// The first schema whose source slot holds codes (source_value()).
inline constexpr int kSourceCodeSchema = 13;
inline constexpr std::string_view kSchemaVersionKey = "news:schema";

/// The zstd dictionary of stored records (stored_record.hpp, codec 2): kRecordDictionaryKey
/// holds the decimal id of the dictionary new records are compressed with, and
/// record_dictionary_key(id) each dictionary's bytes. Trained once, on the first articles
/// the database receives, and then kept: records name their dictionary by id, so a
/// database (or a merge of several) may hold records of more than one.
inline constexpr std::string_view kRecordDictionaryKey = "news:record-dict";
std::string record_dictionary_key(std::uint32_t id);

/// In each shard of a sharded database (docs/scaling.md): how many shards there are, and
/// which one this is (0-based). Articles are routed to shards by a hash of their id modulo
/// the count, so the count can never change without re-indexing.
inline constexpr std::string_view kShardCountKey = "news:shards";
inline constexpr std::string_view kShardNumberKey = "news:shard";

/// The language the database's words were stemmed in (the canonical Xapian::Stem name, e.g.
/// "german"; canonical_language() in text_analysis.hpp), which its stopwords are of and
/// queries are parsed in. Written by the indexer with the schema version on every commit
/// that changes the database; a database without it (built before the key, or empty) is
/// English. Metadata, not part of the document format: adding it did not change
/// kSchemaVersion.
inline constexpr std::string_view kLanguageKey = "news:language";
/// The language a database without kLanguageKey is in.
inline constexpr std::string_view kDefaultLanguage = "english";

/// What the last indexing run that changed the database did (indexing_run_record.hpp:
/// when it finished, its counts and its wall-clock time), for `searcher --stats`. Written by
/// the indexer after such a run, in a sharded database into shard 0. Not part of the
/// document format: adding it did not change kSchemaVersion.
inline constexpr std::string_view kLastIndexingRunKey = "news:last-run";

// --- free-text (probabilistic) terms ------------------------------------------
// Every title word is indexed twice: under its field's prefix (for title: queries) and
// unprefixed. Body words are indexed unprefixed only (up to schema 9 also under their
// prefix, for body: queries, which kTitleOnlyPrefix answers now). Unprefixed, title and
// body form one combined field with the title's wdf multiplied by kTitleWeight. Unqualified query words search the
// combined field: that is BM25F (Robertson, Zaragoza & Taylor, "Simple BM25 extension to multiple weighted fields",
// CIKM 2004): field weights applied to the term frequency before BM25 saturates it, one IDF per word and one (weighted)
// document length. Scoring the two prefixed fields apart and adding the scores, as version 1 did, saturates each field
// separately and gives a word two IDFs; on Cranfield it ranked worse than bare Xapian (docs/relevance.md). Positions
// are stored for the combined field and the title, not for the body copy: it would repeat the combined field's body
// positions, and it doubled the position table (docs/benchmarks.md, "Measurements behind the defaults").
inline constexpr std::string_view kTitlePrefix = "S";  ///< title words (also indexed unprefixed)
/// Body words (also unprefixed), no positions; up to schema 9 only.
inline constexpr std::string_view kBodyPrefix = "XB";
/// From schema 10 (kBodyInCombinedSchema), a word (or stem: "ZXTO" + stem) of an article's
/// title that its body lacks, with wdf 0. An article with a body has a word in its body
/// exactly when its combined field has the word and this term does not: its title terms
/// (kTitlePrefix) and combined terms carry the same wdf then, which is how the indexer tells.
/// Titles repeat few words their body lacks, so this costs a few postings an article where
/// the body copy cost one for every distinct word of the body.
inline constexpr std::string_view kTitleOnlyPrefix = "XTO";
/// From schema 8 (kBodylessTitleSchema), the boolean term of every article without a body,
/// which has no kTitlePrefix terms: its title words are its combined field's words, so a
/// `title:` word is its title term OR its combined term filtered by this one. Marking the
/// articles without a body, not those with one, keeps the filter free on full text (where
/// no article has it, Xapian drops that branch at once); on headlines it is one posting an
/// article, against the title copy of every word it saves.
inline constexpr std::string_view kNoBodyTerm = "XNOBODY";

// --- boolean (filter) prefixes ------------------------------------------------
inline constexpr std::string_view kIdPrefix = "Q";   ///< unique id; one per document
inline constexpr std::string_view kTagPrefix = "K";  ///< lowercased tag (omega: K keyword)
/// From schema 9 (kTagWordSchema), each word of a tag (tag_words()), with positions and wdf
/// 0 (the document's length and ranking are unchanged): a multi-word `tag:` query is also
/// a phrase of these, so a tag split at every word by a scraper is still found as a run.
/// Two tags of a list are a position apart (kTagGap), so a phrase never spans them.
inline constexpr std::string_view kTagWordPrefix = "XTAGW";
/// Positions left empty between two separately listed tags' words.
inline constexpr Xapian::termpos kTagGap = 1;
inline constexpr std::string_view kSourcePrefix = "XSOURCE";
inline constexpr std::string_view kCategoryPrefix = "XCAT";
inline constexpr std::string_view kYearPrefix = "Y";   ///< "Y2015" (omega convention)
inline constexpr std::string_view kMonthPrefix = "M";  ///< "M201509"
inline constexpr std::string_view kDayPrefix = "D";    ///< "D20150922"
/// The language of an article in another language than the database's (Article::language,
/// issue 16), canonical ("XLANGgerman"): only on those, so a database in one language has
/// none and the databases written before it needed no new schema; an article without it is
/// in the database's language (kLanguageKey). The searcher's `language:` filter reads it so.
inline constexpr std::string_view kLanguagePrefix = "XLANG";
/// Absolute path of the file an article was read from, for --delete-missing. Not a search
/// field: it lets the indexer find the articles of a folder whose files are gone.
inline constexpr std::string_view kOriginPrefix = "XFILE";

// --- indexing weights -----------------------------------------------------------
/// wdf increment for title words, under kTitlePrefix and in the combined field. Titles are
/// short and written to summarise the story, so one title occurrence counts like several
/// body occurrences (omega uses 5 for HTML titles; news headlines are longer and less
/// keyword-dense, so we use 3). Kept at 3 on purpose when the combined field came in:
/// Cranfield's best value says little about news, its bodies repeat the title.
inline constexpr Xapian::termcount kTitleWeight = 3;
/// Position gap between fields so phrases never match across a field boundary.
inline constexpr Xapian::termpos kFieldGap = 100;

// --- value slots ------------------------------------------------------------------
enum Slot : Xapian::valueno {
    kDateSlot = 0,           ///< "YYYYMMDD", for Xapian::DateRangeProcessor
    kTimestampSlot = 1,      ///< "YYYYMMDDHHMMSS", sortable string for date sorting; up to
                             ///< schema 7 only (kTieBreakSlot holds the time too)
    kContentHashSlot = 2,    ///< hash of the stored record, to skip unchanged re-indexing: 8 bytes
                             ///< (kBinaryHashSchema on), 16 hex digits before
    kSourceSlot = 3,         ///< source_value(), for faceting: up to schema 12 the source as
                             ///< written, from schema 13 mostly its code
    kDuplicateSlot = 4,      ///< hash of source, title and body (8 bytes or 16 hex digits, as
                             ///< kContentHashSlot); equal values are
                             ///< the same story under different ids, collapsed by the searcher
    kTieBreakSlot = 5,       ///< tie_break_key(): orders articles of equal relevance newest first,
                             ///< then in a fixed order of their ids, whatever their docids (which
                             ///< differ between layouts)
    kCategorySlot = 6,       ///< category as written, for faceting
    kTagsSlot = 7,           ///< encode_list() of the lowercased tags, sorted, for faceting
    kWordPositionsSlot = 8,  ///< word_positions::encode(): every positional term's positions;
                             ///< from schema 11 (kPositionsInValueSchema) only
    kRecordSlot = 9,         ///< the stored record (stored_record.hpp), from schema 12
                             ///< (kRecordInValueSchema); before, the document's data
};

/// The stored record of `doc` (stored_record.hpp): its kRecordSlot value, or its data where
/// the value is empty (written in a schema before 12). Every article has a record, so a
/// document never has both empty; a shard of either schema reads alike.
std::string record_of(const Xapian::Document& doc);

/// What kTieBreakSlot holds, so that its ascending order is "newest first, undated last,
/// then a fixed order of ids": a total order, the same on every layout. It is one value and
/// not a Xapian::MultiValueKeyMaker because xapian-tcpsrv cannot sort by a KeyMaker (remote
/// searches only sort by a slot).
/// From schema 5 (kPackedTieBreakSchema), 15 bytes: the timestamp ("YYYYMMDDHHMMSS") as 7
/// bytes, each 99 minus two of its digits (0xFF x 7 when undated), then the FNV-1a 64-bit
/// hash of the id, big-endian (equal times order by that hash: any fixed order would do).
/// Schemas 3 and 4: the timestamp's digits each inverted ('9' - digit, "~" x 14 when
/// undated), then the id itself.
std::string tie_break_key(std::string_view timestamp, std::string_view article_id, int schema_version = kSchemaVersion);

/// What kSourceSlot holds for `source` in a database of `schema_version`. From schema 13
/// (kSourceCodeSchema) the code of its folded name, source_code(), where its filter term
/// holds that name whole (not shortened: filter_term()), so that the term names the code;
/// else, and before, the source as written.
std::string source_value(std::string_view source, int schema_version = kSchemaVersion);
/// 0xFF (never the first byte of UTF-8 text) and the top 4 bytes of mixed_fnv1a64() of the
/// folded (lowercased) source, big-endian. Two sources whose codes collide (about one pair
/// in four billion) are counted as one in facets; filters use the terms and tell them apart.
std::string source_code(std::string_view folded_source);
/// True for a value of the form source_code() writes.
bool is_source_code(std::string_view value);

/// Several strings as one value (kTagsSlot): each as its decimal length, ':' and its bytes,
/// so any byte may occur in them. decode_list() reverses it, ignoring a damaged tail.
std::string encode_list(const std::vector<std::string>& items);
std::vector<std::string> decode_list(std::string_view value);

/// Lowercased as filter terms are (ASCII letters only, byte by byte).
std::string lowercase(std::string_view value);

/// The words of a tag as its tag-word terms hold them (kTagWordPrefix, without the prefix):
/// maximal runs of ASCII letters and digits and of non-ASCII bytes, ASCII lowercased as
/// filter terms are. The indexer and the searcher both split tags with this.
std::vector<std::string> tag_words(std::string_view tag);

/// The unique-id term of an article id. Xapian terms are limited to 245 bytes, so long ids
/// (URLs, deep paths) are shortened to a prefix plus a hash of the whole id, which keeps
/// them unique and stable.
std::string id_term(std::string_view article_id);

/// True for terms of the free-text fields (title, body or combined; stemmed or not), false
/// for boolean filter terms: what snippets should highlight.
bool is_text_term(std::string_view term);

/// True for terms of the combined field only (unprefixed words, stemmed or not): the terms
/// unqualified query words match, one per word and form, where is_text_term also accepts a
/// word's title and body copies.
bool is_combined_term(std::string_view term);

/// The schema version `db` was written with (its kSchemaVersionKey), or kSchemaVersion when
/// it holds none (a database nothing was committed to) or one that is not a number.
int schema_version_of(const Xapian::Database& db);

/// On a database of schema 11 or later (kPositionsInValueSchema) built with `indexer
/// --compact-positions`: "value", for word positions kept in kWordPositionsSlot rather than
/// in Xapian's position table. Absent: Xapian's position table holds them, as up to schema 10.
inline constexpr std::string_view kPositionsKey = "news:positions";
inline constexpr std::string_view kPositionsInValue = "value";

/// True when `db`'s word positions are in kWordPositionsSlot (schema 11 on, with
/// kPositionsInValue); false when Xapian's position table holds them.
bool positions_in_value(const Xapian::Database& db);

/// The language `db` was indexed in (its kLanguageKey), or kDefaultLanguage when it holds
/// none. Of a database of several shards, the first's: the indexer gives all one language.
std::string language_of(const Xapian::Database& db);

/// For a body term ("XBrates", stemmed "ZXBrate"), the same word's term in the combined
/// field ("rates", "Zrate"), whose positions a body phrase is matched on; nullopt for any
/// other term.
std::optional<std::string> body_word(std::string_view term);

/// For a combined-field term ("rates", stemmed "Zrate"), its title-only term ("XTOrates",
/// "ZXTOrate"; kTitleOnlyPrefix).
std::string title_only_term(std::string_view combined_term);

/// For a title term ("Srates", stemmed "ZSrate"), the same word's term in the combined
/// field ("rates", "Zrate"), which holds the title of an article without a body (schema 8,
/// kNoBodyTerm); nullopt for any other term.
std::optional<std::string> title_word(std::string_view term);

/// The language term (kLanguagePrefix) of a canonical language name.
std::string language_term(std::string_view canonical_language);

/// The origin term of a file path (see kOriginPrefix); never shortened in a way that breaks
/// prefix enumeration of a folder shorter than the term limit.
std::string origin_term(std::string_view absolute_path);

/// Boolean filter term: prefix + lowercased value, shortened like id_term when too long.
std::string filter_term(std::string_view prefix, std::string_view value);

}  // namespace news::schema
