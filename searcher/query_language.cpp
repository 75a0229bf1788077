#include "searcher/query_language.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/date.hpp"
#include "common/schema.hpp"
#include "searcher/date_terms.hpp"

namespace news {

namespace {

/// Turns `field:Value` into the boolean filter term the indexer wrote (lowercased, bounded
/// length), so `source:BBC` finds documents indexed with source "bbc".
class FilterTermProcessor : public Xapian::FieldProcessor {
  public:
    explicit FilterTermProcessor(std::string_view prefix) : prefix_(prefix) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::filter_term(prefix_, value));
    }

  private:
    std::string prefix_;
};

/// `tag:`: the exact tag, as any filter field; and, for a tag of several words on a database
/// of schema 9 or later (schema::kTagWordSchema), also the run of those words in one tag or
/// one tag line without separators: a phrase of the tag-word terms (schema::kTagWordPrefix),
/// which a gap keeps from spanning two tags of a list. One word stays the exact tag alone,
/// so `tag:china` does not find "South China Sea" and agrees with the tag facet.
class TagTermProcessor : public Xapian::FieldProcessor {
  public:
    explicit TagTermProcessor(bool tag_words) : tag_words_(tag_words) {}
    Xapian::Query operator()(const std::string& value) override {
        Xapian::Query exact(schema::filter_term(schema::kTagPrefix, value));
        const std::vector<std::string> words = tag_words_ ? schema::tag_words(value) : std::vector<std::string>();
        if (words.size() < 2) return exact;
        std::vector<Xapian::Query> terms;
        for (const std::string& word : words) terms.emplace_back(schema::filter_term(schema::kTagWordPrefix, word));
        const Xapian::Query run(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                static_cast<Xapian::termcount>(terms.size()));
        return Xapian::Query(Xapian::Query::OP_OR, exact, run);
    }

  private:
    bool tag_words_;
};

/// Ids are exact: no lowercasing, same bounding as the indexer.
class IdTermProcessor : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string& value) override { return Xapian::Query(schema::id_term(value)); }
};

/// `language:de`: the articles in that language (a name or ISO code, any case). Only
/// articles in another language than the database's carry a language term
/// (schema::kLanguagePrefix), so the database's own language is every article without one.
class LanguageTermProcessor : public Xapian::FieldProcessor {
  public:
    explicit LanguageTermProcessor(std::string database_language) : database_language_(std::move(database_language)) {}
    Xapian::Query operator()(const std::string& value) override {
        std::string language;
        try {
            language = canonical_language(value);
        } catch (const std::invalid_argument& e) {
            throw std::invalid_argument("language:" + value + ": " + e.what());
        }
        if (language != database_language_) return Xapian::Query(schema::language_term(language));
        const Xapian::Query any_other(Xapian::Query::OP_WILDCARD, std::string(schema::kLanguagePrefix));
        return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, any_other);
    }

  private:
    std::string database_language_;
};

void add_filter_field(Xapian::QueryParser& qp, const std::string& field, std::string_view prefix) {
    qp.add_boolean_prefix(field, (new FilterTermProcessor(prefix))->release());
}

/// Version 1 databases have no unprefixed text terms (see schema.hpp). Searching them with
/// today's parser would find nothing, so they are searched as they were until re-indexed.
bool has_combined_text_terms(const Xapian::Database& db) {
    return db.get_metadata(std::string(schema::kSchemaVersionKey)) != "1";
}

/// The pattern of an OP_WILDCARD query. Xapian 1.4 has no accessor for it, but describes it
/// as "Query(WILDCARD SYNONYM pattern)" (the QueryParser always combines by synonym).
std::optional<std::string> wildcard_pattern(const Xapian::Query& wildcard) {
    constexpr std::string_view kHead = "Query(WILDCARD SYNONYM ";
    const std::string description = wildcard.get_description();
    if (!description.starts_with(kHead) || !description.ends_with(')')) return std::nullopt;
    return description.substr(kHead.size(), description.size() - kHead.size() - 1);
}

}  // namespace

bool rebuildable(Xapian::Query::op op) {
    switch (op) {
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX:
            return true;
        default:
            return false;
    }
}

namespace {

bool has_wildcard(const Xapian::Query& query) {
    if (query.get_type() == Xapian::Query::OP_WILDCARD) return true;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (has_wildcard(query.get_subquery(i))) return true;
    return false;
}

std::optional<std::string> leaf_term(const Xapian::Query& query) {
    if (query.get_type() != Xapian::Query::LEAF_TERM || query.get_terms_begin() == query.get_terms_end())
        return std::nullopt;
    return *query.get_terms_begin();
}

/// A phrase or NEAR whose words are all body terms: the QueryParser's reading of
/// `body:"a b"` and `body:a NEAR body:b`.
bool is_body_phrase(const Xapian::Query& query) {
    const auto op = query.get_type();
    if ((op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR) || query.get_num_subqueries() == 0)
        return false;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const auto term = leaf_term(query.get_subquery(i));
        if (!term || !schema::body_word(*term)) return false;
    }
    return true;
}

bool has_body_phrase(const Xapian::Query& query) {
    if (is_body_phrase(query)) return true;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (has_body_phrase(query.get_subquery(i))) return true;
    return false;
}

}  // namespace

// Xapian 1.4 has no accessor for the window, but describes the query as
// "Query((a@1 NEAR 11 b@2))".
Xapian::termcount window_of(const Xapian::Query& positional) {
    const std::string description = positional.get_description();
    for (std::string_view op : {" PHRASE ", " NEAR "}) {
        const auto at = description.find(op);
        if (at == std::string::npos) continue;
        Xapian::termcount window = 0;
        for (std::size_t i = at + op.size();
             i < description.size() && std::isdigit(static_cast<unsigned char>(description[i])); ++i)
            window = window * 10 + static_cast<Xapian::termcount>(description[i] - '0');
        return window;
    }
    return 0;
}

namespace {

bool all_digits(std::string_view s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return !s.empty();
}

/// The number `digits` (all digits) stands for, or 10000 when it is larger: years beyond
/// 9999 are all the same to a YYYYMMDD date.
unsigned year_number(std::string_view digits) {
    unsigned year = 0;
    for (const char c : digits) {
        year = year * 10 + static_cast<unsigned>(c - '0');
        if (year > 9999) return 10000;
    }
    return year;
}

/// `year:2004..2005` -> dates 20040101..20051231. Xapian's DateRangeProcessor reads full
/// dates only; a year range is the common case for news archives. Dates are stored as
/// YYYYMMDD, years 0001 to 9999: an end beyond them leaves the range open on that side
/// (`year:0..3000` is every dated article), and a start after 9999 is an error.
class YearRangeProcessor : public Xapian::RangeProcessor {
  public:
    explicit YearRangeProcessor(Xapian::Database db)
        : Xapian::RangeProcessor(schema::kDateSlot, "year:"), db_(std::move(db)) {}

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        const bool begin_ok = begin.empty() || all_digits(begin);
        const bool end_ok = end.empty() || all_digits(end);
        if (!begin_ok || !end_ok) return Xapian::Query(Xapian::Query::OP_INVALID);
        const unsigned first = begin.empty() ? 0 : year_number(begin);
        const unsigned last = end.empty() ? 10000 : year_number(end);
        if (first > 9999) throw std::invalid_argument("year:" + begin + "..: no date is after the year 9999");
        // From 0001-01-01 rather than open: an open range on both sides would be no filter,
        // and undated articles never match a date filter.
        return date_filter(db_, four_digits(std::max(first, 1u)) + "0101",
                           last > 9999 ? "" : four_digits(last) + "1231");
    }

  private:
    Xapian::Database db_;
    static std::string four_digits(unsigned year) {
        std::string digits = std::to_string(year);
        return std::string(4 - digits.size(), '0') + digits;
    }
};

/// `date:2015-09-01..2015-09-30`, either end open; each end a day (2015-09-01 or 20150901),
/// a month (2015-09) or a year (2015), read as --since and --until read theirs (date_bound),
/// so that a query takes the dates the options take. Xapian's DateRangeProcessor took
/// impossible days (2015-99-99), which then matched nothing; here they are an error.
class DateRangeProcessor : public Xapian::RangeProcessor {
  public:
    explicit DateRangeProcessor(Xapian::Database db)
        : Xapian::RangeProcessor(schema::kDateSlot, "date:"), db_(std::move(db)) {}

    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        return date_filter(db_, bound(begin, end, false), bound(begin, end, true));
    }

  private:
    Xapian::Database db_;
    static std::string bound(const std::string& begin, const std::string& end, bool is_end) {
        const std::string& text = is_end ? end : begin;
        if (text.empty()) return {};
        const std::string iso = text.size() == 8 && all_digits(text)
                                    ? text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2)
                                    : text;
        const auto day = date_bound(iso, is_end);
        if (!day) throw std::invalid_argument("date:" + begin + ".." + end + ": " + unreadable_date_message(text));
        return *day;
    }
};

/// The terms of `db` starting with `prefix` (all of them, in term order, when `max_terms`
/// is 0 or not fewer), else its `max_terms` most frequent, and how many there were. Only
/// `max_terms` are held at a time: a prefix can match millions of terms.
std::pair<std::vector<Xapian::Query>, Xapian::termcount> most_frequent_terms(const Xapian::Database& db,
                                                                             const std::string& prefix,
                                                                             Xapian::termcount max_terms) {
    struct Candidate {
        Xapian::doccount frequency;
        std::string term;
    };
    // The heap's top is the candidate to drop first: the rarest, then the last in term order.
    const auto keeps_before = [](const Candidate& a, const Candidate& b) {
        return a.frequency != b.frequency ? a.frequency > b.frequency : a.term < b.term;
    };
    std::vector<Candidate> kept;
    Xapian::termcount matched = 0;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        ++matched;
        Candidate c{max_terms == 0 ? 0 : t.get_termfreq(), *t};
        if (max_terms == 0 || kept.size() < max_terms) {
            kept.push_back(std::move(c));
            if (max_terms != 0) std::push_heap(kept.begin(), kept.end(), keeps_before);
        } else if (keeps_before(c, kept.front())) {
            std::pop_heap(kept.begin(), kept.end(), keeps_before);
            kept.back() = std::move(c);
            std::push_heap(kept.begin(), kept.end(), keeps_before);
        }
    }
    // Back in term order: the synonym is then the same however the terms were found.
    if (max_terms != 0)
        std::sort(kept.begin(), kept.end(), [](const Candidate& a, const Candidate& b) { return a.term < b.term; });
    std::vector<Xapian::Query> terms;
    terms.reserve(kept.size());
    for (const Candidate& c : kept) terms.emplace_back(c.term);
    return {std::move(terms), matched};
}

/// The field prefix of a text term ("S" of "Stroops", "" of "troops"): its leading
/// upper-case ASCII letters. Xapian lowercases the word that follows.
std::size_t prefix_length(std::string_view term) {
    std::size_t n = 0;
    while (n < term.size() && term[n] >= 'A' && term[n] <= 'Z') ++n;
    return n;
}

/// True when TermGenerator gives `word` (lowercased) a stemmed "Z" term: it stems every
/// word that starts with a letter, whatever its case (it decides on the lowercased word),
/// so a word starting with a digit is the one kind it leaves unstemmed.
bool indexed_with_stem(std::string_view word) {
    if (word.empty()) return false;
    constexpr unsigned kStemmedCategories =
        (1U << Xapian::Unicode::LOWERCASE_LETTER) | (1U << Xapian::Unicode::TITLECASE_LETTER) |
        (1U << Xapian::Unicode::MODIFIER_LETTER) | (1U << Xapian::Unicode::OTHER_LETTER);
    const std::string start(word.substr(0, std::min<std::size_t>(word.size(), 4)));
    return ((kStemmedCategories >> Xapian::Unicode::get_category(*Xapian::Utf8Iterator(start))) & 1U) != 0;
}

/// The wdf-in-query and position of a term query, which Xapian 1.4 has no accessors for
/// but describes as "Query(TERM#WQF@POS)" (each part left out when 1 or 0).
std::pair<Xapian::termcount, Xapian::termpos> wqf_and_position(const Xapian::Query& leaf, std::string_view term) {
    const std::string description = leaf.get_description();
    const std::size_t start = std::string_view("Query(").size() + term.size();
    std::string_view suffix = std::string_view(description).substr(std::min(start, description.size()));
    const auto number_after = [&suffix](char mark, unsigned fallback) {
        if (suffix.empty() || suffix.front() != mark) return fallback;
        unsigned value = 0;
        suffix.remove_prefix(1);
        while (!suffix.empty() && std::isdigit(static_cast<unsigned char>(suffix.front()))) {
            value = value * 10 + static_cast<unsigned>(suffix.front() - '0');
            suffix.remove_prefix(1);
        }
        return value;
    };
    const Xapian::termcount wqf = number_after('#', 1);
    const Xapian::termpos position = number_after('@', 0);
    return {wqf, position};
}

/// A word searched by its unstemmed term ("troops", "Stroops") as the parser would have
/// searched it written in lower case: by its stem ("Ztroop", "ZStroop"), with the same wqf
/// and position. `query` itself for any other query.
Xapian::Query as_stemmed_word(const Xapian::Query& query, const Xapian::Stem& stemmer) {
    const std::optional<std::string> term = leaf_term(query);
    if (!term || term->starts_with('Z') || !schema::is_text_term(*term)) return query;
    const std::size_t prefix = prefix_length(*term);
    const std::string word = term->substr(prefix);
    if (!indexed_with_stem(word)) return query;
    const auto [wqf, position] = wqf_and_position(query, *term);
    return Xapian::Query("Z" + term->substr(0, prefix) + stemmer(word), wqf, position);
}

/// A text term with its word's accents folded ("zürich" -> "zurich", "Scafé" -> "Scafe"),
/// with the same wqf and position; `query` itself for any other query.
Xapian::Query as_folded_word(const Xapian::Query& query) {
    const std::optional<std::string> term = leaf_term(query);
    if (!term || !schema::is_text_term(*term)) return query;
    const std::string folded = fold_accents(*term);
    if (folded == *term) return query;
    const auto [wqf, position] = wqf_and_position(query, *term);
    return Xapian::Query(folded, wqf, position);
}

}  // namespace

bool folds_accents(const Xapian::Database& db) { return schema::schema_version_of(db) >= schema::kAccentFoldingSchema; }

Xapian::QueryParser make_query_parser(const AnalysisConfig& config, const Xapian::Database& db) {
    Xapian::QueryParser qp = make_analysing_query_parser(config, folds_accents(db));
    qp.set_default_op(Xapian::Query::OP_OR);
    qp.set_database(db);
    // The searcher expands wildcards itself (expand_wildcards), with the same limit and a
    // warning; this bounds those it leaves to Xapian, and partial words should they be used.
    qp.set_max_expansion(config.max_wildcard_terms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                         Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
    // Unqualified words search the unprefixed terms: title and body as one BM25 field, with
    // the title weighted (schema.hpp), rather than two fields scored apart.
    if (!has_combined_text_terms(db)) {
        qp.add_prefix("", std::string(schema::kTitlePrefix));
        qp.add_prefix("", std::string(schema::kBodyPrefix));
    }
    qp.add_prefix("title", std::string(schema::kTitlePrefix));
    qp.add_prefix("body", std::string(schema::kBodyPrefix));
    qp.add_boolean_prefix("tag",
                          (new TagTermProcessor(schema::schema_version_of(db) >= schema::kTagWordSchema))->release());
    add_filter_field(qp, "source", schema::kSourcePrefix);
    add_filter_field(qp, "category", schema::kCategoryPrefix);
    qp.add_boolean_prefix("id", (new IdTermProcessor)->release());
    qp.add_boolean_prefix("language", (new LanguageTermProcessor(schema::language_of(db)))->release());
    qp.add_rangeprocessor((new DateRangeProcessor(db))->release());
    qp.add_rangeprocessor((new YearRangeProcessor(db))->release());
    qp.add_boolean_prefix("year", std::string(schema::kYearPrefix));
    return qp;
}

unsigned query_parser_flags() { return Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD; }

bool has_lower_case_letter(std::string_view text) {
    const std::string copy(text);
    for (Xapian::Utf8Iterator it(copy); it != Xapian::Utf8Iterator(); ++it)
        if (Xapian::Unicode::get_category(*it) == Xapian::Unicode::LOWERCASE_LETTER) return true;
    return false;
}

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// True at the start of a word of free text: after a space, a bracket, a quote, `+` or `-`,
/// or a text field's prefix (`title:`, `body:`), but not in a filter's value (`id:a.b`).
bool starts_word(std::string_view text, std::size_t i) {
    if (i == 0 || std::string_view(" \t\r\n(\"+-").find(text[i - 1]) != std::string_view::npos) return true;
    const std::string_view before = text.substr(0, i);
    for (const std::string_view field : {"title:", "body:"})
        if (before.ends_with(field) && starts_word(text, i - field.size())) return true;
    return false;
}

/// The end of the run of dotted initials at `i` ("u.s." or "u.s"), or `i` when there is none.
std::size_t dotted_initials_end(std::string_view text, std::size_t i) {
    std::size_t end = i, letters = 0;
    while (end < text.size() && is_ascii_letter(text[end]) &&
           (end + 1 == text.size() || !std::isalnum(static_cast<unsigned char>(text[end + 1])))) {
        ++letters;
        ++end;
        if (end < text.size() && text[end] == '.') {
            ++end;
        } else {
            break;
        }
    }
    const bool word_ends = end == text.size() || !std::isalnum(static_cast<unsigned char>(text[end]));
    return letters >= 2 && word_ends ? end : i;
}

}  // namespace

std::string dotted_initials_in_capitals(std::string_view text) {
    std::string out(text);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (!starts_word(out, i)) continue;
        const std::size_t end = dotted_initials_end(out, i);
        for (std::size_t j = i; j < end; ++j)
            if (out[j] >= 'a' && out[j] <= 'z') out[j] = static_cast<char>(out[j] - 'a' + 'A');
        if (end > i) i = end - 1;
    }
    return out;
}

unsigned query_parser_flags(std::string_view query) {
    if (has_lower_case_letter(query)) return query_parser_flags();
    return query_parser_flags() & ~static_cast<unsigned>(Xapian::QueryParser::FLAG_BOOLEAN);
}

std::optional<std::string> date_bound(std::string_view text, bool end) {
    if (text.size() == 4 && all_digits(text)) return std::string(text) + (end ? "1231" : "0101");
    if (text.size() == 7 && text[4] == '-' && all_digits(text.substr(0, 4)) && all_digits(text.substr(5)) &&
        text.substr(5) >= "01" && text.substr(5) <= "12") {
        // A month: its first day, or a last day that covers every month (values are compared
        // as strings, so "31" is a safe upper bound even for February).
        return std::string(text.substr(0, 4)) + std::string(text.substr(5)) + (end ? "31" : "01");
    }
    const auto normalized = normalize_date(text);
    if (!normalized) return std::nullopt;
    return date_value(*normalized);
}

std::string unreadable_date_message(std::string_view text) {
    return "cannot read the date '" + std::string(text) + "' (e.g. 2015-09-01, 2015-09, 2015)";
}

Xapian::Query date_filter(const Xapian::Database& db, const std::string& since, const std::string& until) {
    using Q = Xapian::Query;
    if (since.empty() && until.empty()) return Q::MatchAll;
    const std::vector<std::string> terms = date_terms_covering(db, since, until);
    // Weighing nothing, like the value range it replaces: a filter alone ranks no article
    // above another (match_all.hpp), and beside words it adds nothing to their weights.
    return Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, terms.begin(), terms.end()), 0.0);
}

Xapian::Query expand_wildcards(const Xapian::Query& query, const Xapian::Database& db, Xapian::termcount max_terms,
                               std::vector<TruncatedWildcard>* truncated) {
    if (!has_wildcard(query)) return query;
    if (query.get_type() == Xapian::Query::OP_WILDCARD) {
        const std::optional<std::string> pattern = wildcard_pattern(query);
        if (!pattern) return query;
        const auto [terms, matched] = most_frequent_terms(db, *pattern, max_terms);
        if (terms.empty()) return Xapian::Query::MatchNothing;
        if (matched > terms.size() && truncated) truncated->push_back({*pattern, matched});
        return Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end());
    }
    if (!rebuildable(query.get_type())) return query;
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(expand_wildcards(query.get_subquery(i), db, max_terms, truncated));
    return Xapian::Query(query.get_type(), parts.begin(), parts.end());
}

Xapian::Query stem_capitalised_words(const Xapian::Query& query, const Xapian::Stem& stemmer) {
    // Without a stemmer the indexer makes no "Z" terms: the lowercased word is the term.
    if (stemmer.is_none()) return query;
    if (query.get_type() == Xapian::Query::LEAF_TERM) return as_stemmed_word(query, stemmer);
    // Words of a phrase or NEAR match by position, which only unstemmed terms carry.
    if (!rebuildable(query.get_type()) || query.get_num_subqueries() == 0) return query;
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(stem_capitalised_words(query.get_subquery(i), stemmer));
    return Xapian::Query(query.get_type(), parts.begin(), parts.end());
}

Xapian::Query fold_accents_in_words(const Xapian::Query& query, Xapian::termcount max_wildcard_terms) {
    const auto op = query.get_type();
    if (op == Xapian::Query::LEAF_TERM) return as_folded_word(query);
    if (op == Xapian::Query::OP_WILDCARD) {
        const std::optional<std::string> pattern = wildcard_pattern(query);
        if (!pattern || fold_accents(*pattern) == *pattern) return query;
        return Xapian::Query(op, fold_accents(*pattern), max_wildcard_terms,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT, Xapian::Query::OP_SYNONYM);
    }
    const bool positional = op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR;
    if ((!positional && !rebuildable(op)) || query.get_num_subqueries() == 0) return query;
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(fold_accents_in_words(query.get_subquery(i), max_wildcard_terms));
    if (positional) return Xapian::Query(op, parts.begin(), parts.end(), window_of(query));
    return Xapian::Query(op, parts.begin(), parts.end());
}

std::string wildcard_as_typed(std::string_view pattern) {
    const std::size_t word = std::min(pattern.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), pattern.size());
    return std::string(pattern.substr(word)) + "*";
}

Xapian::Query body_phrases_on_text_positions(const Xapian::Query& query) {
    if (is_body_phrase(query)) {
        std::vector<Xapian::Query> text_words, body_words;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
            const Xapian::Query word = query.get_subquery(i);
            text_words.emplace_back(*schema::body_word(*leaf_term(word)));
            body_words.push_back(word);
        }
        // The phrase alone scores (as an unqualified phrase would); the body words only filter.
        return Xapian::Query(Xapian::Query::OP_FILTER,
                             Xapian::Query(query.get_type(), text_words.begin(), text_words.end(), window_of(query)),
                             Xapian::Query(Xapian::Query::OP_AND, body_words.begin(), body_words.end()));
    }
    if (!has_body_phrase(query) || !rebuildable(query.get_type())) return query;
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(body_phrases_on_text_positions(query.get_subquery(i)));
    return Xapian::Query(query.get_type(), parts.begin(), parts.end());
}

namespace {

/// A field's word in the combined field: schema::body_word or schema::title_word.
using CombinedWordOf = std::optional<std::string> (*)(std::string_view);

/// True when `query` holds a word or wildcard of the field `word_of` reads.
bool has_field_word(const Xapian::Query& query, CombinedWordOf word_of) {
    if (const auto term = leaf_term(query)) return word_of(*term).has_value();
    if (query.get_type() == Xapian::Query::OP_WILDCARD) {
        const std::optional<std::string> pattern = wildcard_pattern(query);
        return pattern && word_of(*pattern).has_value();
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (has_field_word(query.get_subquery(i), word_of)) return true;
    return false;
}

/// The articles with the combined-field term `word` in their body (schema.hpp,
/// kTitleOnlyPrefix), weighed as `word`.
Xapian::Query in_body(const Xapian::Query& word, const std::string& combined_term) {
    return Xapian::Query(Xapian::Query::OP_AND_NOT, word,
                         Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(schema::title_only_term(combined_term)),
                                       Xapian::Query(std::string(schema::kNoBodyTerm))));
}

}  // namespace

Xapian::Query body_words_in_combined_field(const Xapian::Query& query, const Xapian::Database& db,
                                           Xapian::termcount max_wildcard_terms,
                                           std::vector<TruncatedWildcard>* truncated) {
    if (const auto term = leaf_term(query)) {
        const auto word = schema::body_word(*term);
        if (!word) return query;
        const auto [wqf, position] = wqf_and_position(query, *term);
        return in_body(Xapian::Query(*word, wqf, position), *word);
    }
    if (query.get_type() == Xapian::Query::OP_WILDCARD) {
        // Expanded here, not by expand_wildcards: each word it stands for is tested apart.
        const std::optional<std::string> pattern = wildcard_pattern(query);
        const auto word = pattern ? schema::body_word(*pattern) : std::nullopt;
        if (!word) return query;
        const auto [terms, matched] = most_frequent_terms(db, *word, max_wildcard_terms);
        if (terms.empty()) return Xapian::Query::MatchNothing;
        if (matched > terms.size() && truncated) truncated->push_back({*pattern, matched});
        // Weighed as the synonym of its words, as an unqualified wildcard is (a synonym of
        // the AND_NOTs would weigh by Xapian's estimates of their frequencies, which differ
        // between one database and its shards more than a synonym of terms does); the
        // filter holds the body test alone.
        std::vector<Xapian::Query> in_body_forms;
        for (const Xapian::Query& t : terms)
            in_body_forms.emplace_back(Xapian::Query::OP_AND_NOT, t,
                                       Xapian::Query(schema::title_only_term(*leaf_term(t))));
        return Xapian::Query(
            Xapian::Query::OP_AND_NOT,
            Xapian::Query(Xapian::Query::OP_FILTER,
                          Xapian::Query(Xapian::Query::OP_SYNONYM, terms.begin(), terms.end()),
                          Xapian::Query(Xapian::Query::OP_OR, in_body_forms.begin(), in_body_forms.end())),
            Xapian::Query(std::string(schema::kNoBodyTerm)));
    }
    if (!has_field_word(query, schema::body_word) || !rebuildable(query.get_type())) return query;
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(body_words_in_combined_field(query.get_subquery(i), db, max_wildcard_terms, truncated));
    return Xapian::Query(query.get_type(), parts.begin(), parts.end());
}

namespace {

/// A phrase, NEAR or synonym (an expanded wildcard) whose words are all title terms, rebuilt
/// on their combined-field terms; nullopt for any other query.
std::optional<Xapian::Query> title_words_in_combined_field(const Xapian::Query& query) {
    const auto op = query.get_type();
    if ((op != Xapian::Query::OP_PHRASE && op != Xapian::Query::OP_NEAR && op != Xapian::Query::OP_SYNONYM) ||
        query.get_num_subqueries() == 0)
        return std::nullopt;
    std::vector<Xapian::Query> words;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
        const auto term = leaf_term(query.get_subquery(i));
        const auto word = term ? schema::title_word(*term) : std::nullopt;
        if (!word) return std::nullopt;
        words.emplace_back(*word);
    }
    return Xapian::Query(op, words.begin(), words.end(), window_of(query));
}

/// The same word as a title term, in the combined field, with the term's wqf and position;
/// or the same wildcard (`title:rat*`), expanding to at most `max_wildcard_terms` terms.
std::optional<Xapian::Query> title_word_in_combined_field(const Xapian::Query& query,
                                                          Xapian::termcount max_wildcard_terms) {
    if (query.get_type() == Xapian::Query::OP_WILDCARD) {
        const std::optional<std::string> pattern = wildcard_pattern(query);
        const auto word = pattern ? schema::title_word(*pattern) : std::nullopt;
        if (!word) return std::nullopt;
        return Xapian::Query(Xapian::Query::OP_WILDCARD, *word, max_wildcard_terms,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT, Xapian::Query::OP_SYNONYM);
    }
    const auto term = leaf_term(query);
    const auto word = term ? schema::title_word(*term) : std::nullopt;
    if (!word) return std::nullopt;
    const auto [wqf, position] = wqf_and_position(query, *term);
    return Xapian::Query(*word, wqf, position);
}

}  // namespace

Xapian::Query title_words_on_bodyless_articles(const Xapian::Query& query, Xapian::termcount max_wildcard_terms) {
    std::optional<Xapian::Query> combined = title_word_in_combined_field(query, max_wildcard_terms);
    if (!combined) combined = title_words_in_combined_field(query);
    if (combined)
        return Xapian::Query(
            Xapian::Query::OP_OR, query,
            Xapian::Query(Xapian::Query::OP_FILTER, *combined, Xapian::Query(std::string(schema::kNoBodyTerm))));
    if (!has_field_word(query, schema::title_word) || !rebuildable(query.get_type())) return query;
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(title_words_on_bodyless_articles(query.get_subquery(i), max_wildcard_terms));
    return Xapian::Query(query.get_type(), parts.begin(), parts.end());
}

}  // namespace news
