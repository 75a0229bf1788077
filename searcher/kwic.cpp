#include "searcher/kwic.hpp"

#include <algorithm>
#include <set>

#include "common/schema.hpp"
#include "common/terminal_text.hpp"
#include "common/utf8.hpp"

namespace news {

namespace {

constexpr std::string_view kBold = "\x1b[1m";
constexpr std::string_view kReset = "\x1b[0m";

/// The terms of a leaf query, in the order the query gives them.
std::vector<std::string> terms_in_order(const Xapian::Query& query) {
    return {query.get_terms_begin(), query.get_terms_end()};
}

/// The text terms `query` looks for, as phrases (OP_PHRASE of terms alone) and as words,
/// leaving out what it excludes (the right side of AND_NOT) and what only filters.
void collect(const Xapian::Query& query, std::vector<std::vector<std::string>>& phrases,
             std::vector<std::string>& words) {
    const Xapian::Query::op type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
        for (const std::string& term : terms_in_order(query))
            if (schema::is_text_term(term)) words.push_back(term);
        return;
    }
    const std::size_t n = query.get_num_subqueries();
    if (type == Xapian::Query::OP_PHRASE) {
        std::vector<std::string> phrase;
        for (std::size_t i = 0; i < n; ++i) {
            const Xapian::Query sub = query.get_subquery(i);
            const std::vector<std::string> terms = terms_in_order(sub);
            if (sub.get_type() != Xapian::Query::LEAF_TERM || terms.size() != 1 || !schema::is_text_term(terms[0])) {
                phrase.clear();
                break;
            }
            phrase.push_back(terms[0]);
        }
        if (phrase.size() >= 2) {
            phrases.push_back(std::move(phrase));
            return;
        }
    }
    // AND_NOT's later subqueries are excluded; FILTER's only filter (they hold no text
    // terms but for "title:" or "body:" words under a filter, which still count as found).
    const std::size_t used = type == Xapian::Query::OP_AND_NOT ? std::min<std::size_t>(n, 1) : n;
    for (std::size_t i = 0; i < used; ++i) collect(query.get_subquery(i), phrases, words);
}

std::vector<std::string> all_terms(const std::vector<std::vector<std::string>>& phrases,
                                   const std::vector<std::string>& words) {
    std::vector<std::string> terms = words;
    for (const auto& phrase : phrases) terms.insert(terms.end(), phrase.begin(), phrase.end());
    return terms;
}

/// The character at `pos` of valid-or-not UTF-8 and its length (a stray byte: 1).
unsigned char_at(std::string_view text, std::size_t pos, std::size_t& length) {
    length = std::max<std::size_t>(1, utf8_sequence_length(text, pos));
    if (length == 1) return static_cast<unsigned char>(text[pos]);
    Xapian::Utf8Iterator it(text.data() + pos, length);
    return *it;
}

/// Columns a character takes on a terminal: 2 for East Asian wide ones (Hangul Jamo, CJK,
/// Hangul syllables, fullwidth forms), 0 for combining diacritics, else 1.
std::size_t char_width(unsigned ch) {
    if (ch >= 0x300 && ch <= 0x36F) return 0;
    const bool wide = (ch >= 0x1100 && ch <= 0x115F) || (ch >= 0x2E80 && ch <= 0xA4CF) ||
                      (ch >= 0xAC00 && ch <= 0xD7A3) || (ch >= 0xF900 && ch <= 0xFAFF) ||
                      (ch >= 0xFE30 && ch <= 0xFE4F) || (ch >= 0xFF00 && ch <= 0xFF60) ||
                      (ch >= 0xFFE0 && ch <= 0xFFE6) || (ch >= 0x20000 && ch <= 0x3FFFD);
    return wide ? 2 : 1;
}

/// `text` on one line: terminal_safe (control characters gone, tabs and line breaks
/// spaces, valid UTF-8), with every run of spaces made one.
std::string one_line(std::string_view text) {
    const std::string safe = terminal_safe(text);
    std::string out;
    out.reserve(safe.size());
    for (const char c : safe)
        if (c != ' ' || out.empty() || out.back() != ' ') out += c;
    return out;
}

/// How many bytes of raw text may hold `columns` columns of context: a character is at
/// most 4 bytes, and whitespace collapses, so a little more.
std::size_t raw_bytes_for(std::size_t columns) { return 4 * columns + 64; }

/// The last `columns` columns of `text` (valid UTF-8), cut between characters.
std::string last_columns(const std::string& text, std::size_t columns) {
    std::size_t start = text.size(), width = 0;
    while (start > 0) {
        std::size_t lead = start - 1;
        while (lead > 0 && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80) --lead;
        std::size_t length = 0;
        const std::size_t w = char_width(char_at(text, lead, length));
        if (width + w > columns) break;
        width += w;
        start = lead;
    }
    return text.substr(start);
}

/// The first `columns` columns of `text` (valid UTF-8), cut between characters.
std::string first_columns(const std::string& text, std::size_t columns) {
    std::size_t end = 0, width = 0;
    while (end < text.size()) {
        std::size_t length = 0;
        const std::size_t w = char_width(char_at(text, end, length));
        if (width + w > columns) break;
        width += w;
        end += length;
    }
    return text.substr(0, end);
}

/// text[from, to) moved inward to whole UTF-8 characters: not starting on a continuation
/// byte, not ending inside a sequence.
std::string_view whole_characters(std::string_view text, std::size_t from, std::size_t to) {
    while (from < to && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
    std::size_t end = to;
    if (end < text.size()) {
        std::size_t lead = end;
        while (lead > from && (static_cast<unsigned char>(text[lead]) & 0xC0) == 0x80) --lead;
        end = lead;
    }
    return text.substr(from, end - from);
}

std::string tsv_field(std::string_view text) {
    std::string out(text);
    std::replace_if(
        out.begin(), out.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return out;
}

}  // namespace

KwicFinder::QueryTerms KwicFinder::terms_of(const Xapian::Query& query) {
    QueryTerms terms;
    collect(query, terms.phrases, terms.words);
    return terms;
}

KwicFinder::KwicFinder(const Xapian::Stem& stemmer, const Xapian::Query& query, bool fold, bool cjk_ngrams)
    : KwicFinder(stemmer, terms_of(query), fold, cjk_ngrams) {}

KwicFinder::KwicFinder(const Xapian::Stem& stemmer, QueryTerms terms, bool fold, bool cjk_ngrams)
    : terms_(std::move(terms)), words_(stemmer, all_terms(terms_.phrases, terms_.words), fold, cjk_ngrams) {
    for (const std::string& word : terms_.words) {
        const unsigned id = words_.term_id(word);
        if (id == SnippetGenerator::kNoTerm) continue;
        if (alone_.size() <= id) alone_.resize(id + 1, false);
        alone_[id] = true;
    }
    std::set<std::vector<unsigned>> seen;
    for (const auto& phrase : terms_.phrases) {
        std::vector<unsigned> ids;
        for (const std::string& term : phrase) ids.push_back(words_.term_id(term));
        if (std::find(ids.begin(), ids.end(), SnippetGenerator::kNoTerm) != ids.end()) continue;
        if (seen.insert(ids).second) phrases_.push_back(std::move(ids));
    }
    std::stable_sort(phrases_.begin(), phrases_.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::vector<KwicLine> KwicFinder::find(const Article& article, std::size_t context_columns) const {
    std::vector<KwicLine> lines = find_in(article.title, "title", context_columns);
    std::vector<KwicLine> body = find_in(article.body, "body", context_columns);
    lines.insert(lines.end(), std::make_move_iterator(body.begin()), std::make_move_iterator(body.end()));
    return lines;
}

std::vector<KwicLine> KwicFinder::find_in(std::string_view text, std::string_view field,
                                          std::size_t context_columns) const {
    const std::vector<TermMatch> matches = words_.find_matches(text);
    std::vector<KwicLine> lines;
    const auto add = [&](std::size_t begin, std::size_t end) {
        const std::size_t raw = raw_bytes_for(context_columns);
        KwicLine line;
        line.field = field;
        line.offset = begin;
        line.left =
            last_columns(one_line(whole_characters(text, begin > raw ? begin - raw : 0, begin)), context_columns);
        line.keyword = one_line(text.substr(begin, end - begin));
        line.right =
            first_columns(one_line(whole_characters(text, end, std::min(text.size(), end + raw))), context_columns);
        lines.push_back(std::move(line));
    };
    for (std::size_t i = 0; i < matches.size();) {
        std::size_t taken = 0;
        for (const std::vector<unsigned>& phrase : phrases_) {
            if (i + phrase.size() > matches.size()) continue;
            bool in_a_row = true;
            for (std::size_t k = 0; k < phrase.size() && in_a_row; ++k) {
                in_a_row = matches[i + k].term == phrase[k] &&
                           (k == 0 || adjacent_words(text, matches[i + k - 1], matches[i + k]));
            }
            if (in_a_row) {
                taken = phrase.size();
                break;
            }
        }
        if (taken > 0) {
            add(matches[i].begin, matches[i + taken - 1].end);
            i += taken;
            continue;
        }
        const unsigned id = matches[i].term;
        if (id < alone_.size() && alone_[id]) add(matches[i].begin, matches[i].end);
        ++i;
    }
    return lines;
}

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (std::size_t pos = 0, length = 0; pos < text.size(); pos += length)
        width += char_width(char_at(text, pos, length));
    return width;
}

void write_kwic_text(std::ostream& out, const std::vector<KwicRow>& rows, bool color, std::size_t context_columns) {
    std::size_t id_width = 0;
    for (const KwicRow& row : rows) id_width = std::max(id_width, display_width(terminal_safe(row.id)));
    for (const KwicRow& row : rows) {
        const std::string id = terminal_safe(row.id);
        out << id << std::string(id_width - display_width(id), ' ') << "  "
            << (row.date.empty() ? std::string(10, ' ') : terminal_safe(row.date.substr(0, 10))) << "  ";
        const std::size_t left_width = display_width(row.line.left);
        out << std::string(context_columns > left_width ? context_columns - left_width : 0, ' ') << row.line.left;
        if (color)
            out << kBold << row.line.keyword << kReset;
        else
            out << row.line.keyword;
        out << row.line.right << '\n';
    }
}

void write_kwic_tsv(std::ostream& out, const std::vector<KwicRow>& rows, bool with_qid, bool header) {
    if (header) out << (with_qid ? "qid\t" : "") << "rank\tid\tdate\tfield\toffset\tleft\tkeyword\tright\n";
    for (const KwicRow& row : rows) {
        if (with_qid) out << tsv_field(row.qid) << '\t';
        out << row.rank << '\t' << tsv_field(row.id) << '\t' << tsv_field(row.date) << '\t' << row.line.field << '\t'
            << row.line.offset << '\t' << row.line.left << '\t' << row.line.keyword << '\t' << row.line.right << '\n';
    }
}

}  // namespace news
