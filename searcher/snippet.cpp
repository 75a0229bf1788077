#include "searcher/snippet.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "common/text_analysis.hpp"
#include "common/utf8.hpp"

namespace news {

namespace {

constexpr std::string_view kEllipsis = "\u2026";
constexpr std::string_view kReplacementChar = "\uFFFD";
/// TermGenerator's default maximum word length: longer words were never indexed, so they
/// cannot match, and we stop copying them into the term buffer.
constexpr std::size_t kMaxWordBytes = 64;
/// Returned by the infix checks for zero-width characters, which join words but are dropped.
constexpr unsigned kIgnoredInfix = ~0U;
/// When no sentence starts shortly before the first match, show this fraction of max_chars
/// of context before it, so the match is not the passage's very first word.
constexpr std::size_t kLeadDivisor = 8;
/// How far back (as a fraction of max_chars) a sentence start may be and still be preferred.
constexpr std::size_t kSentenceLookbackDivisor = 2;

/// Whitespace and control characters: the separators collapsed to one space in a passage.
/// Bytes, not characters, because every such character is ASCII.
bool is_space(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7F;
}

bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

bool is_ascii(std::string_view word) {
    return std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

struct Char {
    unsigned value;
    std::size_t size;  ///< bytes, at least 1
};

/// The character at `pos`, decoded as Xapian::Utf8Iterator does (invalid UTF-8 bytes read
/// as single Latin-1 characters), so words split exactly as TermGenerator split them.
Char char_at(std::string_view text, std::size_t pos) {
    const auto byte = static_cast<unsigned char>(text[pos]);
    if (byte < 0x80) return {byte, 1};
    // Default-constructed then assigned: the (pointer, length) constructor leaves a member
    // uninitialised when the length is 0, which GCC warns about even though ours never is.
    Xapian::Utf8Iterator it;
    it.assign(text.data() + pos, text.size() - pos);
    const unsigned value = *it;
    ++it;
    return {value, static_cast<std::size_t>(it.raw() - (text.data() + pos))};
}

// ASCII fast paths: most news text is ASCII and Xapian's Unicode tables are a library call.
constexpr std::array<bool, 128> kAsciiWordChars = [] {
    std::array<bool, 128> table{};
    for (unsigned ch = 0; ch < 128; ++ch)
        table[ch] = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    return table;
}();

bool is_word_char(unsigned ch) { return ch < 0x80 ? kAsciiWordChars[ch] : Xapian::Unicode::is_wordchar(ch); }

/// True for a character Xapian's TermGenerator::FLAG_CJK_NGRAM reads as CJK (the main
/// blocks of CJK::codepoint_is_cjk in xapian-core 1.4's queryparser/cjk-tokenizer.cc:
/// Hangul Jamo, CJK radicals, symbols, kana, Bopomofo, the unified ideographs, Hangul
/// syllables, compatibility ideographs and forms, fullwidth forms, extension B).
bool is_cjk(unsigned ch) {
    if (ch < 0x1100) return false;
    return (ch <= 0x11FF) || (ch >= 0x2E80 && ch <= 0x2FDF) || (ch >= 0x3000 && ch <= 0x9FFF) ||
           (ch >= 0xA700 && ch <= 0xA71F) || (ch >= 0xAC00 && ch <= 0xD7AF) || (ch >= 0xF900 && ch <= 0xFAFF) ||
           (ch >= 0xFE30 && ch <= 0xFE4F) || (ch >= 0xFF00 && ch <= 0xFFEF) || (ch >= 0x20000 && ch <= 0x2A6DF) ||
           (ch >= 0x2F800 && ch <= 0x2FA1F);
}

unsigned to_lower(unsigned ch) {
    if (ch < 0x80) return ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch;
    return Xapian::Unicode::tolower(ch);
}

bool is_digit(unsigned ch) {
    if (ch < 0x80) return ch >= '0' && ch <= '9';
    return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

bool is_zero_width(unsigned ch) { return ch >= 0x200B && (ch <= 0x200D || ch == 0x2060 || ch == 0xFEFF); }

/// What joins two letter runs into one word ("AT&T", "Johnson’s"), as TermGenerator's
/// check_infix: the character to put in the term, kIgnoredInfix, or 0 for a word break.
unsigned letter_infix(unsigned ch) {
    if (ch == '\'' || ch == '&' || ch == 0xB7 || ch == 0x5F4 || ch == 0x2027) return ch;
    if (ch == 0x2019 || ch == 0x201B) return '\'';  // typographic apostrophes index as '
    return is_zero_width(ch) ? kIgnoredInfix : 0;
}

/// What joins two digit runs ("1.13bn", "464,000"), as TermGenerator's check_infix_digit.
unsigned digit_infix(unsigned ch) {
    switch (ch) {
        case ',':
        case '.':
        case ';':
        case 0x037E:
        case 0x0589:
        case 0x060D:
        case 0x07F8:
        case 0x2044:
        case 0xFE10:
        case 0xFE13:
        case 0xFE14:
            return ch;
        default:
            return is_zero_width(ch) ? kIgnoredInfix : 0;
    }
}

/// TermGenerator and QueryParser (STEM_SOME) only stem words starting with a lower-case or
/// caseless letter; others have no "Z" term to match, so stemming them would be wasted.
bool is_stemmable(const std::string& word) {
    const auto first = static_cast<unsigned char>(word[0]);
    if (first < 0x80) return first >= 'a' && first <= 'z';
    constexpr unsigned kStemmedCategories =
        (1U << Xapian::Unicode::LOWERCASE_LETTER) | (1U << Xapian::Unicode::TITLECASE_LETTER) |
        (1U << Xapian::Unicode::MODIFIER_LETTER) | (1U << Xapian::Unicode::OTHER_LETTER);
    return (kStemmedCategories >> Xapian::Unicode::get_category(*Xapian::Utf8Iterator(word))) & 1U;
}

struct Word {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// Splits text into words the way Xapian::TermGenerator does (parse_terms in
/// termgenerator_internal.cc): runs of word characters joined by infixes, acronyms such as
/// "U.S." read as "us", and up to three trailing '+'/'#' as in "C++". CJK n-grams aside.
class WordScanner {
  public:
    /// With `cjk_ngrams`, each CJK character is a word of its own, as the n-grams of a
    /// database of schema 7 on have it (their unigrams; a bigram's two characters match
    /// one by one).
    explicit WordScanner(std::string_view text, bool cjk_ngrams = false) : text_(text), cjk_ngrams_(cjk_ngrams) {}

    /// Continues from `pos`, which must be where a word starts or between words.
    void seek(std::size_t pos) { pos_ = pos; }
    std::size_t position() const { return pos_; }

    /// The next word and its lowercased term (cut short past kMaxWordBytes); false at the end.
    bool next(Word& word, std::string& term) {
        term.clear();
        while (pos_ < text_.size()) {
            const Char c = char_at(text_, pos_);
            if (is_word_char(c.value)) break;
            pos_ += c.size;
        }
        if (pos_ >= text_.size()) return false;
        word.begin = pos_;
        if (cjk_ngrams_) {
            const Char c = char_at(text_, pos_);
            if (is_cjk(c.value)) {
                pos_ += c.size;
                word.end = pos_;
                append(term, c.value);
                return true;
            }
        }
        if (scan_acronym(term)) {
            word.end = pos_;
            return true;
        }
        scan_word(term);
        word.end = pos_;
        scan_suffix(term, word);
        return true;
    }

  private:
    static void append(std::string& term, unsigned ch) {
        if (term.size() > kMaxWordBytes) return;
        if (ch < 0x80)
            term.push_back(static_cast<char>(ch));
        else
            Xapian::Unicode::append_utf8(term, ch);
    }

    /// Initials separated by '.', e.g. "U.S." or "P.T.O" (one letter is not an acronym).
    bool scan_acronym(std::string& term) {
        std::size_t p = pos_;
        if (!is_ascii_upper(text_[p])) return false;
        do {
            append(term, to_lower(static_cast<unsigned char>(text_[p++])));
        } while (p < text_.size() && text_[p] == '.' && ++p < text_.size() && is_ascii_upper(text_[p]));
        if (term.size() > 1 && (p == text_.size() || !is_word_char(char_at(text_, p).value))) {
            pos_ = p;
            return true;
        }
        term.clear();
        return false;
    }

    /// The word character at pos_, lowercased, moving past it; 0 (never a word character)
    /// when there is none. ASCII is decided inline: it is most of the text.
    unsigned take_word_char() {
        if (pos_ >= text_.size()) return 0;
        const auto byte = static_cast<unsigned char>(text_[pos_]);
        if (byte < 0x80) {
            if (!is_word_char(byte)) return 0;
            ++pos_;
            return to_lower(byte);
        }
        const Char c = char_at(text_, pos_);
        if (!is_word_char(c.value) || (cjk_ngrams_ && is_cjk(c.value))) return 0;
        pos_ += c.size;
        return to_lower(c.value);
    }

    /// Word characters from pos_ (a word character), joined across infixes.
    void scan_word(std::string& term) {
        while (true) {
            unsigned previous = 0;
            for (unsigned ch = take_word_char(); ch != 0; ch = take_word_char()) {
                append(term, ch);
                previous = ch;
            }
            if (pos_ >= text_.size()) return;
            const Char c = char_at(text_, pos_);
            const std::size_t next_pos = pos_ + c.size;
            if (next_pos >= text_.size()) return;
            const Char next = char_at(text_, next_pos);
            if (!is_word_char(next.value)) return;
            const unsigned infix =
                is_digit(previous) && is_digit(next.value) ? digit_infix(c.value) : letter_infix(c.value);
            if (infix == 0) return;
            if (infix != kIgnoredInfix) append(term, infix);
            pos_ = next_pos;
        }
    }

    /// "C++", "C#": up to three '+'/'#' belong to the word unless a word character follows
    /// ("fish+chips"). Like TermGenerator, consumed suffix characters are skipped either way.
    void scan_suffix(std::string& term, Word& word) {
        const std::size_t length = term.size();
        unsigned count = 0;
        while (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '#')) {
            if (++count > 3) {
                term.resize(length);
                return;
            }
            append(term, static_cast<unsigned char>(text_[pos_++]));
        }
        if (count == 0) return;
        if (pos_ < text_.size() && is_word_char(char_at(text_, pos_).value)) {
            term.resize(length);
            return;
        }
        word.end = pos_;
    }

    std::string_view text_;
    bool cjk_ngrams_ = false;
    std::size_t pos_ = 0;
};

/// True when the byte at `pos` exists and is an ASCII word character or not ASCII (which
/// may be a word character): what must follow an infix for it to join two runs.
bool may_be_word_char_at(std::string_view text, std::size_t pos) {
    if (pos >= text.size()) return false;
    const auto byte = static_cast<unsigned char>(text[pos]);
    return byte >= 0x80 || kAsciiWordChars[byte];
}

/// The end of the run of ASCII word characters from `pos`, when that run is a whole word by
/// TermGenerator's rules (it ends the text, or a separator that cannot extend it follows);
/// npos when WordScanner must decide. The separators that can extend a word: '\'' and '&'
/// before a word character; '.', ',' and ';' between two digits; '.' after a lone capital
/// ("U.S." is an acronym); '+' and '#' ("C++"); and any non-ASCII character. The usual
/// comma or full stop after a word is decided here: one word in six, measured on news.
std::size_t plain_ascii_word_end(std::string_view text, std::size_t pos) {
    std::size_t end = pos;
    while (end < text.size()) {
        const auto byte = static_cast<unsigned char>(text[end]);
        if (byte >= 0x80 || !kAsciiWordChars[byte]) break;
        ++end;
    }
    if (end - pos > kMaxWordBytes) return std::string_view::npos;
    if (end == text.size()) return end;
    const auto next = static_cast<unsigned char>(text[end]);
    if (next >= 0x80) return std::string_view::npos;
    switch (next) {
        case '\'':
        case '&':
            return may_be_word_char_at(text, end + 1) ? std::string_view::npos : end;
        case '.':
            if (end - pos == 1 && is_ascii_upper(text[pos])) return std::string_view::npos;
            [[fallthrough]];
        case ',':
        case ';': {
            const bool after_digit = text[end - 1] >= '0' && text[end - 1] <= '9';
            const bool before_digit_or_unknown =
                end + 1 < text.size() &&
                ((text[end + 1] >= '0' && text[end + 1] <= '9') || static_cast<unsigned char>(text[end + 1]) >= 0x80);
            return after_digit && before_digit_or_unknown ? std::string_view::npos : end;
        }
        case '+':
        case '#':
            return std::string_view::npos;
        default:
            return end;
    }
}

using Match = TermMatch;

/// [first, last) indices into the matches.
struct Window {
    std::size_t first = 0;
    std::size_t last = 0;
};

/// The window of matches spanning at most max_chars bytes with the most distinct terms, then
/// the most matches; the earliest on ties. Two pointers, so linear in the number of matches.
Window best_window(const std::vector<Match>& matches, unsigned term_count, std::size_t max_chars) {
    std::vector<unsigned> counts(term_count, 0);
    unsigned distinct = 0;
    const auto add = [&](const Match& m) { distinct += counts[m.term]++ == 0 ? 1 : 0; };
    const auto remove = [&](const Match& m) { distinct -= --counts[m.term] == 0 ? 1 : 0; };

    Window best;
    unsigned best_distinct = 0;
    std::size_t last = 0;
    for (std::size_t first = 0; first < matches.size(); ++first) {
        if (last == first) add(matches[last++]);  // even a match longer than max_chars
        while (last < matches.size() && matches[last].end - matches[first].begin <= max_chars) add(matches[last++]);
        if (distinct > best_distinct || (distinct == best_distinct && last - first > best.last - best.first)) {
            best = {first, last};
            best_distinct = distinct;
        }
        remove(matches[first]);
    }
    return best;
}

/// A sentence may start at `pos`: the text's start, after a line break, or after '.', '!'
/// or '?' (perhaps closed by quotes or brackets) and a space, and not with a lower-case
/// letter (which is most likely an abbreviation such as "Mr. Xi" instead).
bool is_sentence_start(std::string_view text, std::size_t pos) {
    if (pos == 0) return true;
    if (!is_space(text[pos - 1]) || is_space(text[pos]) || (text[pos] >= 'a' && text[pos] <= 'z')) return false;
    std::size_t p = pos;
    while (p > 0 && is_space(text[p - 1])) {
        if (text[p - 1] == '\n') return true;
        --p;
    }
    if (p == 0) return true;
    for (int closers = 0; closers < 3 && p > 0; ++closers) {
        const std::string_view before = text.substr(0, p);
        if (before.ends_with('"') || before.ends_with('\'') || before.ends_with(')') || before.ends_with(']'))
            p -= 1;
        else if (before.ends_with("\u201D") || before.ends_with("\u2019"))  // ” ’
            p -= 3;
        else
            break;
    }
    return p > 0 && (text[p - 1] == '.' || text[p - 1] == '!' || text[p - 1] == '?');
}

/// Start of a word chunk: the text's start or just after whitespace.
bool is_chunk_start(std::string_view text, std::size_t pos) {
    return (pos == 0 || is_space(text[pos - 1])) && !is_space(text[pos]);
}

/// Walks back from `from` to `from - distance` (both included) and returns the nearest
/// position `accept` takes, then earlier ones while `keep_going(position)`; npos if none.
template <typename Accept, typename KeepGoing>
std::size_t scan_back(std::size_t from, std::size_t distance, Accept accept, KeepGoing keep_going) {
    const std::size_t lowest = from > distance ? from - distance : 0;
    std::size_t found = std::string_view::npos;
    for (std::size_t p = from;; --p) {
        if (accept(p)) {
            if (found != std::string_view::npos && !keep_going(p)) break;
            found = p;
        }
        if (p == lowest) break;
    }
    return found;
}

/// Where the passage starts, given the chosen window [first, last) of bytes: at a sentence
/// start if one is shortly before `first`, else a few words before it. Never so early that
/// the window would not fit, but earlier when the text ends too soon to fill the passage.
std::size_t passage_start(std::string_view text, std::size_t first, std::size_t last, std::size_t max_chars) {
    const std::size_t span = last - first;
    const std::size_t slack = span < max_chars ? max_chars - span : 0;
    const std::size_t tail = text.size() - last;
    const std::size_t spare = slack > tail ? slack - tail : 0;  // room the text's end leaves unused
    const auto fills_spare = [&](std::size_t p) { return first - p <= spare; };

    const std::size_t lookback = std::min(slack, std::max(max_chars / kSentenceLookbackDivisor, spare));
    const std::size_t sentence = scan_back(
        first, lookback, [&](std::size_t p) { return is_sentence_start(text, p); }, fills_spare);
    if (sentence != std::string_view::npos) return sentence;

    const std::size_t lead = std::min(slack, std::max(max_chars / kLeadDivisor, spare));
    const auto reaches_lead = [&](std::size_t p) { return first - p <= lead; };
    const std::size_t chunk = scan_back(
        first, slack, [&](std::size_t p) { return is_chunk_start(text, p); }, reaches_lead);
    return chunk != std::string_view::npos ? chunk : first;
}

/// Appends `piece` with each ill-formed UTF-8 byte replaced by U+FFFD.
void append_valid_utf8(std::string& out, std::string_view piece) {
    std::size_t bad = 0;
    while (!valid_utf8(piece, &bad)) {
        out.append(piece.substr(0, bad));
        out.append(kReplacementChar);
        piece.remove_prefix(bad + 1);
    }
    out.append(piece);
}

using Range = std::pair<std::size_t, std::size_t>;

/// Copies text[from, to) to `out` as valid UTF-8, recording where the matches from `next`
/// on that begin before `to` land in `out`; `next` moves past those wholly copied.
void copy_with_highlights(std::string_view text, std::size_t from, std::size_t to,
                          std::vector<Match>::const_iterator& next, std::vector<Match>::const_iterator end,
                          std::string& out, std::vector<Range>& highlights) {
    std::size_t pos = from;
    for (; next != end && next->begin < to; ++next) {
        const std::size_t begin = std::max(next->begin, pos);
        const std::size_t stop = std::min(next->end, to);
        append_valid_utf8(out, text.substr(pos, begin - pos));
        const std::size_t out_begin = out.size();
        append_valid_utf8(out, text.substr(begin, stop - begin));
        highlights.emplace_back(out_begin, out.size());
        pos = stop;
        if (next->end > to) break;
    }
    append_valid_utf8(out, text.substr(pos, to - pos));
}

/// Cuts valid UTF-8 `chunk` to at most `room` bytes at a character boundary, clipping its
/// highlights to what remains.
void truncate_chunk(std::string& chunk, std::vector<Range>& highlights, std::size_t room) {
    std::size_t cut = std::min(room, chunk.size());
    while (cut > 0 && cut < chunk.size() && (static_cast<unsigned char>(chunk[cut]) & 0xC0) == 0x80) --cut;
    chunk.resize(cut);
    std::erase_if(highlights, [cut](const Range& r) { return r.first >= cut; });
    for (Range& r : highlights) r.second = std::min(r.second, cut);
}

bool has_text_before(std::string_view text, std::size_t pos) {
    while (pos > 0 && is_space(text[pos - 1])) --pos;
    return pos > 0;
}

/// The passage from `start`: whitespace-separated chunks joined by single spaces while they
/// fit in max_chars bytes, with "…" where text was left out.
Snippet render(std::string_view text, std::size_t start, const std::vector<Match>& matches, std::size_t max_chars) {
    Snippet body;
    auto next = std::lower_bound(matches.begin(), matches.end(), start,
                                 [](const Match& m, std::size_t pos) { return m.begin < pos; });
    std::string chunk;
    std::vector<Range> chunk_highlights;
    bool cut_end = false;
    std::size_t pos = start;
    while (true) {
        while (pos < text.size() && is_space(text[pos])) ++pos;
        if (pos == text.size()) break;
        std::size_t chunk_end = pos;
        while (chunk_end < text.size() && !is_space(text[chunk_end])) ++chunk_end;

        const std::size_t separator = body.text.empty() ? 0 : 1;
        if (body.text.size() + separator >= max_chars) {
            cut_end = true;
            break;
        }
        const std::size_t room = max_chars - body.text.size() - separator;
        // Copied text is never shorter than its source, so looking past room + 1 bytes is waste.
        const std::size_t limit = chunk_end - pos > room ? pos + room + 1 : chunk_end;
        chunk.clear();
        chunk_highlights.clear();
        copy_with_highlights(text, pos, limit, next, matches.end(), chunk, chunk_highlights);
        const bool fits = limit == chunk_end && chunk.size() <= room;
        if (!fits) {
            // Only a first chunk is cut inside: otherwise the passage would be empty.
            if (!body.text.empty()) {
                cut_end = true;
                break;
            }
            truncate_chunk(chunk, chunk_highlights, room);
        }
        if (separator) body.text += ' ';
        for (const auto& [b, e] : chunk_highlights)
            body.highlights.emplace_back(body.text.size() + b, body.text.size() + e);
        body.text += chunk;
        if (!fits) {
            cut_end = true;
            break;
        }
        pos = chunk_end;
    }
    if (body.text.empty()) return {};

    Snippet passage;
    const std::size_t shift = has_text_before(text, start) ? kEllipsis.size() : 0;
    passage.text.reserve(body.text.size() + 2 * kEllipsis.size());
    if (shift) passage.text += kEllipsis;
    passage.text += body.text;
    if (cut_end) passage.text += kEllipsis;
    passage.highlights.reserve(body.highlights.size());
    for (const auto& [b, e] : body.highlights)
        if (b < e) passage.highlights.emplace_back(b + shift, e + shift);
    return passage;
}

/// A database term as {word or stem, is_stem}: "Z" marks a stem, then upper-case letters
/// (and a ':' Xapian puts after them before a capital) are the field prefix.
std::pair<std::string_view, bool> parse_term(std::string_view term) {
    const bool stemmed = term.starts_with('Z');
    if (stemmed) term.remove_prefix(1);
    while (!term.empty() && is_ascii_upper(term.front())) term.remove_prefix(1);
    if (term.starts_with(':')) term.remove_prefix(1);
    return {term, stemmed};
}

std::uint16_t prefix_key(std::string_view term, std::size_t length) {
    const auto first = static_cast<unsigned char>(term[0]);
    const auto second = length > 1 ? static_cast<unsigned char>(term[1]) : 0;
    return static_cast<std::uint16_t>(first << 8 | second);
}

/// Stemmers that never change a word's first two bytes, except as listed below, so the
/// prefix filter is safe with them. Checked over the BBC vocabulary by the tests.
bool keeps_word_prefix(const Xapian::Stem& stemmer) {
    return stemmer.is_none() || stemmer.get_description() == "Xapian::Stem(english)";
}

/// The English stemmer's exceptions: "dying", "lying", "tying" stem to "die", "lie", "tie".
constexpr std::pair<std::string_view, std::string_view> kEnglishPrefixChanges[] = {
    {"di", "dy"}, {"li", "ly"}, {"ti", "ty"}};

}  // namespace

SnippetGenerator::SnippetGenerator(const Xapian::Stem& stemmer, const std::vector<std::string>& query_terms, bool fold,
                                   bool cjk_ngrams)
    : stemmer_(stemmer), fold_accents_(fold), cjk_ngrams_(cjk_ngrams) {
    std::vector<std::string> plain_words;
    for (const std::string& term : query_terms) {
        const auto [as_given, stemmed] = parse_term(term);
        const std::string word = fold_accents_ ? fold_accents(as_given) : std::string(as_given);
        if (word.empty()) continue;
        if (stemmed) {
            if (stems_.try_emplace(word, term_count_).second) ++term_count_;
        } else {
            plain_words.emplace_back(word);
        }
    }
    // A plain word shares the id of its stem, so "dialogue" and "Zdialogu" count as one term.
    std::unordered_map<std::string, unsigned> plain_stems;
    for (const std::string& word : plain_words) {
        if (words_.contains(word)) continue;
        const std::string stem = stemmer_(word);
        if (const auto it = stems_.find(stem); it != stems_.end()) {
            words_.emplace(word, it->second);
        } else {
            const auto [group, added] = plain_stems.try_emplace(stem, term_count_);
            if (added) ++term_count_;
            words_.emplace(word, group->second);
        }
    }

    prefix_filter_ = stems_.empty() || keeps_word_prefix(stemmer_);
    for (const auto& entry : words_) add_prefix_key(entry.first);
    for (const auto& entry : stems_) {
        add_prefix_key(entry.first);
        for (const auto& [stem_start, word_start] : kEnglishPrefixChanges)
            if (entry.first.starts_with(stem_start)) add_prefix_key(word_start);
    }
}

void SnippetGenerator::add_prefix_key(std::string_view term) {
    prefix_keys_.set(prefix_key(term, std::min<std::size_t>(term.size(), 2)));
}

bool SnippetGenerator::may_match_ascii(std::string_view start) const {
    // Called for every ASCII word of every hit: bytes straight to keys, and bitset's
    // unchecked operator[] (keys are 16 bits, always in range).
    const auto lower = [](char c) { return static_cast<unsigned>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c) & 0xffU; };
    const unsigned first = lower(start[0]) << 8;
    return prefix_keys_[first] || (start.size() > 1 && prefix_keys_[first | lower(start[1])]);
}

bool SnippetGenerator::may_match(std::string_view word) const {
    return prefix_keys_[prefix_key(word, 1)] || (word.size() > 1 && prefix_keys_[prefix_key(word, 2)]);
}

unsigned SnippetGenerator::term_of(const std::string& word) const {
    if (word.size() > kMaxWordBytes) return kNoTerm;
    if (prefix_filter_ && !may_match(word)) return kNoTerm;
    if (const auto it = words_.find(word); it != words_.end()) return it->second;
    if (stems_.empty() || !is_stemmable(word)) return kNoTerm;
    if (const auto known = stemmed_words_.find(word); known != stemmed_words_.end()) return known->second;
    const auto it = stems_.find(stemmer_(word));
    const unsigned id = it != stems_.end() ? it->second : kNoTerm;
    stemmed_words_.emplace(word, id);
    return id;
}

std::vector<TermMatch> SnippetGenerator::find_matches(std::string_view text) const {
    std::vector<Match> matches;
    if (term_count_ > 0) {
        // Most of news text is plain ASCII words between spaces and punctuation: those are
        // found here with a table and lowercased only when their first bytes may match;
        // anything else (infixes, acronyms, "C++", non-ASCII) goes through WordScanner.
        // Callgrind, 300 BBC title queries: 230 -> ... instructions a byte.
        WordScanner scanner(text, cjk_ngrams_);
        Word word;
        std::string term;
        term.reserve(kMaxWordBytes + 4);
        std::size_t pos = 0;
        while (pos < text.size()) {
            const auto byte = static_cast<unsigned char>(text[pos]);
            if (byte < 0x80 && !kAsciiWordChars[byte]) {
                ++pos;
                continue;
            }
            const std::size_t end = byte < 0x80 ? plain_ascii_word_end(text, pos) : std::string_view::npos;
            if (end != std::string_view::npos) {
                if (!prefix_filter_ || may_match_ascii(text.substr(pos, std::min<std::size_t>(end - pos, 2)))) {
                    term.assign(text.substr(pos, end - pos));
                    for (char& c : term) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
                    const unsigned id = term_of(term);
                    if (id != kNoTerm) matches.push_back({pos, end, id});
                }
                pos = end;
                continue;
            }
            scanner.seek(pos);
            if (!scanner.next(word, term)) break;
            pos = scanner.position();
            // Only words with non-ASCII letters can have accents to fold.
            if (fold_accents_ && !is_ascii(term)) term = fold_accents(term);
            const unsigned id = term_of(term);
            if (id != kNoTerm) matches.push_back({word.begin, word.end, id});
        }
    }
    return matches;
}

bool adjacent_words(std::string_view text, const TermMatch& first, const TermMatch& second) {
    if (second.begin < first.end) return false;
    for (std::size_t pos = first.end; pos < second.begin;) {
        const Char c = char_at(text, pos);
        if (is_word_char(c.value)) return false;
        pos += c.size;
    }
    return true;
}

unsigned SnippetGenerator::term_id(std::string_view query_term) const {
    const auto [as_given, stemmed] = parse_term(query_term);
    const std::string word = fold_accents_ ? fold_accents(as_given) : std::string(as_given);
    const auto& table = stemmed ? stems_ : words_;
    const auto it = table.find(word);
    return it == table.end() ? kNoTerm : it->second;
}

Snippet SnippetGenerator::make(std::string_view text, std::size_t max_chars) const {
    if (max_chars == 0) return {};
    const std::vector<Match> matches = find_matches(text);
    std::size_t start = 0;
    if (!matches.empty()) {
        const Window window = best_window(matches, term_count_, max_chars);
        start = passage_start(text, matches[window.first].begin, matches[window.last - 1].end, max_chars);
    }
    return render(text, start, matches, max_chars);
}

}  // namespace news
