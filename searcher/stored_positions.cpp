#include "searcher/stored_positions.hpp"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

#include "common/schema.hpp"
#include "common/word_positions.hpp"
#include "searcher/query_language.hpp"
#include "searcher/query_parts.hpp"

namespace news {

namespace positional {

namespace {

/// A position list read as Xapian's PositionList is: not started, then moving forward.
class Cursor {
  public:
    explicit Cursor(const std::vector<Xapian::termpos>& positions) : positions_(&positions) {}
    bool next() {
        at_ = started_ ? at_ + 1 : 0;
        started_ = true;
        return at_ < positions_->size();
    }
    /// To the first position at or after `target` (never backwards).
    bool skip_to(Xapian::termpos target) {
        if (!started_) {
            started_ = true;
            at_ = 0;
        }
        while (at_ < positions_->size() && (*positions_)[at_] < target) ++at_;
        return at_ < positions_->size();
    }
    Xapian::termpos position() const { return (*positions_)[at_]; }
    std::size_t size() const { return positions_->size(); }

  private:
    const std::vector<Xapian::termpos>* positions_;
    std::size_t at_ = 0;
    bool started_ = false;
};

}  // namespace

bool exact_phrase(const std::vector<std::vector<Xapian::termpos>>& lists) {
    // ExactPhrasePostList::test_doc asks: is there a base with word i at base + i for every
    // i? Anchored on the shortest list, as Xapian approximately is; the answer is the same.
    if (lists.empty()) return false;
    std::size_t anchor = 0;
    for (std::size_t i = 1; i < lists.size(); ++i)
        if (lists[i].size() < lists[anchor].size()) anchor = i;
    for (const Xapian::termpos p : lists[anchor]) {
        if (p < anchor) continue;
        const Xapian::termpos base = p - static_cast<Xapian::termpos>(anchor);
        bool all = true;
        for (std::size_t i = 0; i < lists.size() && all; ++i)
            all = i == anchor ||
                  std::binary_search(lists[i].begin(), lists[i].end(), base + static_cast<Xapian::termpos>(i));
        if (all) return true;
    }
    return false;
}

bool phrase(const std::vector<std::vector<Xapian::termpos>>& lists, Xapian::termpos window) {
    // PhrasePostList::test_doc, line for line.
    const std::size_t n = lists.size();
    if (n == 0) return false;
    std::vector<Cursor> poslists;
    poslists.reserve(n);
    for (const auto& list : lists) poslists.emplace_back(list);
    if (!poslists[0].next()) return false;
    Xapian::termpos b = 0;
    do {
        const Xapian::termpos base = poslists[0].position();
        Xapian::termpos pos = base;
        std::size_t i = 0;
        do {
            if (++i == n) return true;
            if (!poslists[i].skip_to(pos + 1)) return false;
            pos = poslists[i].position();
            b = pos + static_cast<Xapian::termpos>(n - i);
        } while (b - base <= window);
    } while (poslists[0].skip_to(b - window));
    return false;
}

bool near(std::vector<std::vector<Xapian::termpos>> lists, Xapian::termpos window) {
    // NearPostList::test_doc, line for line. Xapian sorts the words by wdf, a proxy for the
    // length of their position lists; here the lengths are known.
    const std::size_t n = lists.size();
    if (n == 0) return false;
    std::stable_sort(lists.begin(), lists.end(), [](const auto& a, const auto& b) { return a.size() < b.size(); });
    std::vector<Cursor> cursors;
    cursors.reserve(n);
    for (const auto& list : lists) cursors.emplace_back(list);
    const auto later = [](const Cursor* a, const Cursor* b) { return a->position() > b->position(); };
    std::vector<Cursor*> poslists(n, nullptr);
    poslists[0] = &cursors[0];
    if (!poslists[0]->next()) return false;
    Xapian::termpos last = poslists[0]->position();
    std::size_t end = 1;
    while (true) {
        if (last - poslists[0]->position() < window) {
            if (end != n) {
                Cursor* posl = &cursors[end];
                if (last < window) {
                    if (!posl->next()) return false;
                } else {
                    if (!posl->skip_to(last - window + 1)) return false;
                }
                const Xapian::termpos pos = posl->position();
                if (pos > last) last = pos;
                poslists[end++] = posl;
                std::push_heap(poslists.begin(), poslists.begin() + static_cast<std::ptrdiff_t>(end), later);
                continue;
            }
            // Every word is within the window; some may share a position (a word listed
            // twice). Work up through them, moving each duplicate on.
            std::size_t i = end;
            std::pop_heap(poslists.begin(), poslists.begin() + static_cast<std::ptrdiff_t>(i), later);
            Xapian::termpos pos = poslists[--i]->position();
            while (true) {
                std::pop_heap(poslists.begin(), poslists.begin() + static_cast<std::ptrdiff_t>(i), later);
                if (poslists[--i]->position() == pos) {
                    if (!poslists[i]->next()) return false;
                    const Xapian::termpos newpos = poslists[i]->position();
                    if (newpos - poslists[end - 1]->position() >= window) {
                        last = newpos;
                        break;
                    }
                    std::push_heap(poslists.begin(), poslists.begin() + static_cast<std::ptrdiff_t>(++i), later);
                    continue;
                }
                pos = poslists[i]->position();
                if (i == 0) return true;
            }
            std::make_heap(poslists.begin(), poslists.begin() + static_cast<std::ptrdiff_t>(end), later);
            continue;
        }
        std::pop_heap(poslists.begin(), poslists.begin() + static_cast<std::ptrdiff_t>(end), later);
        if (!poslists[end - 1]->skip_to(last - window + 1)) break;
        last = std::max(last, poslists[end - 1]->position());
        std::push_heap(poslists.begin(), poslists.begin() + static_cast<std::ptrdiff_t>(end), later);
    }
    return false;
}

}  // namespace positional

namespace {

enum class Test { kExactPhrase, kPhrase, kNear };

/// One word of a phrase: its terms (more than one for an OR) and their hashes.
struct Word {
    std::vector<std::string> terms;
    std::vector<std::uint64_t> hashes;
};

/// Filters the AND of a phrase's words to the documents whose positions pass the test.
/// Driven, it walks the words' posting lists itself; asked about one document (check(),
/// which is how the matcher usually asks once the words agree on it), it reads only that
/// document's positions.
class StoredPositionsFilter : public Xapian::PostingSource {
  public:
    StoredPositionsFilter(Test test, Xapian::termcount window, std::vector<Word> words)
        : test_(test), window_(window), words_(std::move(words)) {}

    void init(const Xapian::Database& db) override {
        db_ = db;
        xapians_positions_ = db.has_positions();
        values_ = db.valuestream_begin(schema::kWordPositionsSlot);
        values_end_ = db.valuestream_end(schema::kWordPositionsSlot);
        postings_.clear();
        current_ = 0;
        at_end_ = false;
        doccount_ = db.get_doccount();
    }

    Xapian::doccount get_termfreq_min() const override { return 0; }
    // Xapian's estimate of a phrase is its AND's divided by 4 (exact), 3 (a wider phrase)
    // or 2 (NEAR); as one more part of the AND, this divides it the same.
    Xapian::doccount get_termfreq_est() const override {
        const Xapian::doccount divisor = test_ == Test::kExactPhrase ? 4 : test_ == Test::kPhrase ? 3 : 2;
        return doccount_ / divisor;
    }
    Xapian::doccount get_termfreq_max() const override { return doccount_; }

    void next(double) override { move_to_match_from(current_ + 1); }
    void skip_to(Xapian::docid did, double) override {
        if (did > current_) move_to_match_from(did);
    }
    bool check(Xapian::docid did, double) override {
        if (!holds(did)) return false;
        current_ = did;
        return true;
    }
    bool at_end() const override { return at_end_; }
    Xapian::docid get_docid() const override { return current_; }

    StoredPositionsFilter* clone() const override {
        return std::make_unique<StoredPositionsFilter>(test_, window_, words_).release();
    }
    std::string get_description() const override {
        std::string d = "StoredPositionsFilter(";
        d += test_ == Test::kNear ? "NEAR " : "PHRASE ";
        d += std::to_string(window_);
        for (const Word& w : words_)
            for (const std::string& t : w.terms) d += " " + t;
        return d + ")";
    }

  private:
    void open_postings() {
        if (!postings_.empty()) return;
        for (const Word& w : words_) {
            std::vector<std::pair<Xapian::PostingIterator, Xapian::PostingIterator>> lists;
            for (const std::string& t : w.terms) lists.emplace_back(db_.postlist_begin(t), db_.postlist_end(t));
            postings_.push_back(std::move(lists));
        }
    }

    /// The first docid from `did` on where every word occurs and the test passes.
    void move_to_match_from(Xapian::docid did) {
        open_postings();
        Xapian::docid candidate = did;
        while (true) {
            bool agreed = false;
            while (!agreed) {
                agreed = true;
                for (auto& lists : postings_) {
                    const Xapian::docid here = first_at_or_after(lists, candidate);
                    if (here == 0) {
                        at_end_ = true;
                        return;
                    }
                    if (here > candidate) {
                        candidate = here;
                        agreed = false;
                        break;
                    }
                }
            }
            if (holds(candidate)) {
                current_ = candidate;
                return;
            }
            ++candidate;
        }
    }

    /// The first docid at or after `did` in any of one word's posting lists; 0 at their end.
    static Xapian::docid first_at_or_after(
        std::vector<std::pair<Xapian::PostingIterator, Xapian::PostingIterator>>& lists, Xapian::docid did) {
        Xapian::docid first = 0;
        for (auto& [it, end] : lists) {
            if (it != end && *it < did) it.skip_to(did);
            if (it != end && (first == 0 || *it < first)) first = *it;
        }
        return first;
    }

    /// Whether document `did` holds term `t` of word `i`. A hash tells apart only the terms
    /// a document holds, and the AND guarantees those of a one-term word alone: each term of
    /// an OR has to be looked up, or the hash of a term it lacks could read another's positions.
    bool holds_term(std::size_t i, std::size_t t, Xapian::docid did) {
        open_postings();
        auto& [it, end] = postings_[i][t];
        if (it != end && *it < did) it.skip_to(did);
        return it != end && *it == did;
    }

    bool holds(Xapian::docid did) {
        lists_.resize(words_.size());
        for (auto& list : lists_) list.clear();
        if (xapians_positions_) {
            for (std::size_t i = 0; i < words_.size(); ++i)
                for (const std::string& t : words_[i].terms)
                    for (auto p = db_.positionlist_begin(did, t); p != db_.positionlist_end(did, t); ++p)
                        lists_[i].push_back(*p);
        } else {
            if (values_ == values_end_) return false;
            if (values_.get_docid() < did) values_.skip_to(did);
            if (values_ == values_end_ || values_.get_docid() != did) return false;
            value_ = *values_;
            const std::optional<word_positions::Reader> reader = word_positions::Reader::parse(value_);
            if (!reader) throw std::runtime_error("damaged word positions of document " + std::to_string(did));
            for (std::size_t i = 0; i < words_.size(); ++i)
                for (std::size_t t = 0; t < words_[i].terms.size(); ++t)
                    if (words_[i].terms.size() == 1 || holds_term(i, t, did))
                        reader->positions(words_[i].terms[t], words_[i].hashes[t], lists_[i]);
        }
        for (std::size_t i = 0; i < words_.size(); ++i) {
            if (lists_[i].empty()) return false;
            if (words_[i].terms.size() > 1) {  // an OR's positions, as Xapian's OrPositionList merges them
                std::sort(lists_[i].begin(), lists_[i].end());
                lists_[i].erase(std::unique(lists_[i].begin(), lists_[i].end()), lists_[i].end());
            }
        }
        switch (test_) {
            case Test::kExactPhrase:
                return positional::exact_phrase(lists_);
            case Test::kPhrase:
                return positional::phrase(lists_, window_);
            case Test::kNear:
                return positional::near(lists_, window_);
        }
        return false;
    }

    Test test_;
    Xapian::termcount window_;
    std::vector<Word> words_;

    Xapian::Database db_;
    bool xapians_positions_ = false;
    Xapian::ValueIterator values_, values_end_;
    std::vector<std::vector<std::pair<Xapian::PostingIterator, Xapian::PostingIterator>>> postings_;
    Xapian::docid current_ = 0;
    bool at_end_ = false;
    Xapian::doccount doccount_ = 0;
    std::string value_;
    std::vector<std::vector<Xapian::termpos>> lists_;
};

bool is_positional(Xapian::Query::op op) { return op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR; }

/// The terms of one word of a phrase: a term, or an OR of them (Xapian reads an OR's
/// positions merged; anything else it refuses).
void gather_terms(const Xapian::Query& word, std::vector<std::string>& terms) {
    const auto op = word.get_type();
    if (op == Xapian::Query::LEAF_TERM) {
        terms.emplace_back(*word.get_terms_begin());
        return;
    }
    if (op != Xapian::Query::OP_OR)
        throw Xapian::UnimplementedError("OP_NEAR and OP_PHRASE only currently support leaf subqueries");
    for (std::size_t i = 0; i < word.get_num_subqueries(); ++i) gather_terms(word.get_subquery(i), terms);
}

Xapian::Query checked_on_stored_positions(const Xapian::Query& positional) {
    const std::size_t n = positional.get_num_subqueries();
    Xapian::termcount window = window_of(positional);
    if (window == 0) window = static_cast<Xapian::termcount>(n);
    const Test test = positional.get_type() == Xapian::Query::OP_NEAR ? Test::kNear
                      : window == n                                   ? Test::kExactPhrase
                                                                      : Test::kPhrase;
    std::vector<Word> words(n);
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < n; ++i) {
        parts.push_back(positional.get_subquery(i));
        gather_terms(parts.back(), words[i].terms);
        for (const std::string& t : words[i].terms) words[i].hashes.push_back(word_positions::term_hash(t));
    }
    const Xapian::Query all_words(Xapian::Query::OP_AND, parts.begin(), parts.end());
    // The query owns the source (Xapian's reference counting, released to it).
    const Xapian::Query filter(
        std::make_unique<StoredPositionsFilter>(test, window, std::move(words)).release()->release());
    return Xapian::Query(Xapian::Query::OP_FILTER, all_words, filter);
}

}  // namespace

std::optional<std::string> positional_filter_kind(const Xapian::Query& filter) {
    if (filter.get_type() != Xapian::Query::OP_FILTER || filter.get_num_subqueries() != 2) return std::nullopt;
    const Xapian::Query source = filter.get_subquery(1);
    if (source.get_type() != Xapian::Query::LEAF_POSTING_SOURCE) return std::nullopt;
    const std::string d = source.get_description();
    for (const auto& [head, kind] : {std::pair{"Query(PostingSource(StoredPositionsFilter(PHRASE ", "phrase"},
                                     std::pair{"Query(PostingSource(StoredPositionsFilter(NEAR ", "near"}})
        if (d.starts_with(head)) return kind;
    return std::nullopt;
}

bool has_positional(const Xapian::Query& query) {
    if (is_positional(query.get_type())) return true;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (has_positional(query.get_subquery(i))) return true;
    return false;
}

Xapian::Query phrases_on_stored_positions(const Xapian::Query& query) {
    const auto op = query.get_type();
    // A phrase of one word is that word, as Xapian reduces it.
    if (is_positional(op)) {
        if (query.get_num_subqueries() < 2) return query;
        return checked_on_stored_positions(query);
    }
    if (!has_positional(query)) return query;
    if (op == Xapian::Query::OP_SCALE_WEIGHT)  // `tag:"a b"`, a filter: its phrase scaled by 0
        return Xapian::Query(op, phrases_on_stored_positions(query.get_subquery(0)), scale_factor(query));
    if (!rebuildable(op))
        throw std::invalid_argument("a phrase inside " + query.get_description() + " cannot be searched here");
    std::vector<Xapian::Query> parts;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        parts.push_back(phrases_on_stored_positions(query.get_subquery(i)));
    return Xapian::Query(op, parts.begin(), parts.end());
}

}  // namespace news
