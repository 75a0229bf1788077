#include "searcher/explain.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string_view>
#include <utility>

#include "common/schema.hpp"
#include "common/terminal_text.hpp"
#include "searcher/query_parts.hpp"
#include "searcher/stored_positions.hpp"

namespace news {

namespace {

/// A text term's field and word: "ZSchina" is the stem of "china" in the title.
void describe_term(TermContribution& c) {
    std::string_view t = c.term;
    c.stemmed = t.size() > 1 && t.front() == 'Z';
    if (c.stemmed) t.remove_prefix(1);
    std::size_t prefix = 0;
    while (prefix < t.size() && t[prefix] >= 'A' && t[prefix] <= 'Z') ++prefix;
    const std::string_view field = t.substr(0, prefix);
    c.word = std::string(t.substr(prefix));
    if (field.empty())
        c.field = "text";
    else if (field == schema::kTitlePrefix)
        c.field = "title";
    else if (field == schema::kBodyPrefix)
        c.field = "body";
    else
        c.field = std::string(field);
}

std::string hex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (const char b : bytes) {
        const auto u = static_cast<unsigned char>(b);
        out += kDigits[u >> 4];
        out += kDigits[u & 15];
    }
    return out;
}

/// "YYYYMMDDHHMMSS" as "YYYY-MM-DD HH:MM:SS".
std::string readable_timestamp(const std::string& digits) {
    return digits.substr(0, 4) + "-" + digits.substr(4, 2) + "-" + digits.substr(6, 2) + " " + digits.substr(8, 2) +
           ":" + digits.substr(10, 2) + ":" + digits.substr(12, 2);
}

std::string part_kind(Xapian::Query::op op) {
    switch (op) {
        case Xapian::Query::OP_SYNONYM:
            return "synonym";
        case Xapian::Query::OP_MAX:
            return "max";
        case Xapian::Query::OP_XOR:
            return "xor";
        case Xapian::Query::OP_ELITE_SET:
            return "elite set";
        case Xapian::Query::LEAF_MATCH_ALL:
            return "every article";
        default:
            return "part";
    }
}

/// Walks a query as Xapian 1.4's matcher weighs it, for one document.
class Explainer {
  public:
    Explainer(DocumentTerms& documents, const RankingConfig& ranking, Xapian::docid docid, const Xapian::Query& query)
        : db_(documents.database()), ranking_(ranking), docid_(docid), doc_(db_.get_document(docid)) {
        // Feedback rewrote the query already (Enquire::get_query()): never again here.
        ranking_.feedback_docs = 0;
        // Only the query's terms are looked up: a database without termlists answers from
        // their posting lists, without re-analysing the article.
        wdfs_ = documents.wdfs(docid, {query.get_unique_terms_begin(), query.get_unique_terms_end()});
        id_term_ = documents.id_term(docid);
        explanation_.collection_size = db_.get_doccount();
        explanation_.average_length = db_.get_avlength();
        doc_length_ = db_.get_doclength(docid);
        explanation_.tie_break = tie_break_meaning(doc_.get_value(schema::kTieBreakSlot));
    }

    /// The explanation of `query`, the query the explainer was made for.
    Explanation explain(const Xapian::Query& query) {
        if (matches(query)) add(query, 1, "");
        for (const TermContribution& c : explanation_.terms) explanation_.total += c.weight;
        return std::move(explanation_);
    }

  private:
    using Q = Xapian::Query;

    /// The contributions of `query`, which matches the document, under `factor`.
    void add(const Q& query, double factor, const std::string& via) {
        if (factor == 0) return;  // a filter: Xapian weighs it with BoolWeight
        const std::size_t n = query.get_num_subqueries();
        switch (query.get_type()) {
            case Q::LEAF_TERM:
                add_term(query, factor, via);
                return;
            case Q::OP_AND:
                for (std::size_t i = 0; i < n; ++i) add(query.get_subquery(i), factor, via);
                return;
            case Q::OP_OR:
                for (std::size_t i = 0; i < n; ++i)
                    if (matches(query.get_subquery(i))) add(query.get_subquery(i), factor, via);
                return;
            case Q::OP_AND_NOT:
            case Q::OP_FILTER:
                // A phrase checked on stored positions (schema 11) is its words' AND, filtered.
                if (n > 0) add(query.get_subquery(0), factor, positional_filter_kind(query).value_or(via));
                return;
            case Q::OP_AND_MAYBE:
                for (std::size_t i = 0; i < n; ++i)
                    if (i == 0 || matches(query.get_subquery(i))) add(query.get_subquery(i), factor, via);
                return;
            case Q::OP_SCALE_WEIGHT:
                if (n > 0) add(query.get_subquery(0), factor * scale_factor(query), via);
                return;
            case Q::OP_PHRASE:
            case Q::OP_NEAR:
                // Xapian 1.4 weighs a phrase as the AND of its words it filters by position.
                for (std::size_t i = 0; i < n; ++i)
                    add(query.get_subquery(i), factor, query.get_type() == Q::OP_PHRASE ? "phrase" : "near");
                return;
            case Q::OP_VALUE_RANGE:
            case Q::OP_VALUE_GE:
            case Q::OP_VALUE_LE:
            case Q::LEAF_MATCH_NOTHING:
                return;  // no weight
            default:
                add_part(query, factor);
                return;
        }
    }

    void add_term(const Q& leaf, double factor, const std::string& via) {
        if (leaf.get_terms_begin() == leaf.get_terms_end()) return;
        TermContribution c;
        c.term = *leaf.get_terms_begin();
        const auto wdf = wdfs_.find(c.term);
        if (wdf == wdfs_.end()) return;
        describe_term(c);
        c.via = via;
        c.wdf = wdf->second;
        c.doc_length = doc_length_;
        c.termfreq = db_.get_termfreq(c.term);
        c.wqf = wqf_of(leaf, c.term);
        c.factor = factor;
        const Bm25TermWeight weight(ranking_, explanation_.collection_size, *c.termfreq, explanation_.average_length,
                                    c.wqf, factor);
        c.weight = weight(c.wdf, c.doc_length);
        explanation_.terms.push_back(std::move(c));
    }

    /// A part Xapian weighs as one (a synonym, OP_MAX, ...): weighed by Xapian itself, and
    /// named by its kind and the terms of it the document holds ("synonym(hacked, hacker)":
    /// a wildcard's synonym may have a thousand terms).
    void add_part(const Q& part, double factor) {
        TermContribution c;
        std::string matched;
        // A synonym's wdf is the sum of its terms' (each term in the document once).
        for (auto t = part.get_unique_terms_begin(); t != part.get_unique_terms_end(); ++t) {
            const auto it = wdfs_.find(*t);
            if (it == wdfs_.end()) continue;
            c.wdf += it->second;
            matched += (matched.empty() ? "" : ", ") + *t;
        }
        c.term = part_kind(part.get_type()) + "(" + matched + ")";
        c.word = matched;
        c.doc_length = doc_length_;
        c.factor = factor;
        c.weight = weight_by_xapian(factor == 1 ? part : Q(Q::OP_SCALE_WEIGHT, part, factor)).value_or(0);
        explanation_.terms.push_back(std::move(c));
    }

    /// Whether `query` matches the document: from its terms where the structure says,
    /// else (positions, values, parts weighed as one) by asking Xapian.
    bool matches(const Q& query) {
        const std::size_t n = query.get_num_subqueries();
        const auto sub = [&](std::size_t i) { return matches(query.get_subquery(i)); };
        switch (query.get_type()) {
            case Q::LEAF_TERM:
                return query.get_terms_begin() != query.get_terms_end() && wdfs_.count(*query.get_terms_begin()) > 0;
            case Q::LEAF_MATCH_ALL:
                return true;
            case Q::LEAF_MATCH_NOTHING:
                return false;
            case Q::OP_AND:
            case Q::OP_FILTER:
                for (std::size_t i = 0; i < n; ++i)
                    if (!sub(i)) return false;
                return true;
            case Q::OP_AND_NOT:
                if (n == 0 || !sub(0)) return false;
                for (std::size_t i = 1; i < n; ++i)
                    if (sub(i)) return false;
                return true;
            case Q::OP_AND_MAYBE:
            case Q::OP_SCALE_WEIGHT:
                return n > 0 && sub(0);
            case Q::OP_OR:
            case Q::OP_SYNONYM:
            case Q::OP_MAX:
                for (std::size_t i = 0; i < n; ++i)
                    if (sub(i)) return true;
                return false;
            default:
                // Scaled by 0 so Xapian checks the match without weighing anything.
                return weight_by_xapian(Q(Q::OP_SCALE_WEIGHT, query, 0)).has_value();
        }
    }

    /// The weight Xapian gives the document for `query` alone; none when it does not match.
    std::optional<double> weight_by_xapian(const Q& query) {
        Xapian::Enquire enquire(db_);
        struct ThisDocument : Xapian::MatchDecider {
            explicit ThisDocument(Xapian::docid d) : docid(d) {}
            bool operator()(const Xapian::Document& doc) const override { return doc.get_docid() == docid; }
            Xapian::docid docid;
        } only_this(docid_);
        // The id term narrows the match to the document cheaply; the decider makes sure.
        configure_ranking(enquire, id_term_.empty() ? query : Q(Q::OP_FILTER, query, Q(id_term_)), ranking_);
        const Xapian::MSet mset = enquire.get_mset(0, 1, 0, nullptr, &only_this);
        if (mset.empty()) return std::nullopt;
        return mset.begin().get_weight();
    }

    const Xapian::Database& db_;
    RankingConfig ranking_;
    Xapian::docid docid_;
    Xapian::Document doc_;
    Xapian::termcount doc_length_ = 0;
    std::map<std::string, Xapian::termcount> wdfs_;  ///< the query's terms the document holds
    std::string id_term_;
    Explanation explanation_;
};

std::string fixed(double value, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, value);
    return buf;
}

}  // namespace

Explanation explain_match(DocumentTerms& documents, const Xapian::Query& query, const RankingConfig& ranking,
                          Xapian::docid docid) {
    return Explainer(documents, ranking, docid, query).explain(query);
}

Explanation explain_match(const Xapian::Database& db, const Xapian::Query& query, const RankingConfig& ranking,
                          Xapian::docid docid) {
    DocumentTerms documents(db);
    return explain_match(documents, query, ranking, docid);
}

TieBreakMeaning tie_break_meaning(const std::string& key) {
    TieBreakMeaning meaning;
    meaning.key_hex = hex(key);
    constexpr std::size_t kTimestampDigits = 14;
    if (key.size() == 15) {  // schema 5 on: 7 bytes of 99 minus two digits (0xFF undated), id hash
        std::string digits;
        bool dated = true;
        for (std::size_t i = 0; i < 7 && dated; ++i) {
            const auto b = static_cast<unsigned char>(key[i]);
            dated = b <= 99;
            const unsigned pair = 99 - b;
            digits += static_cast<char>('0' + pair / 10);
            digits += static_cast<char>('0' + pair % 10);
        }
        if (dated) meaning.timestamp = readable_timestamp(digits);
        meaning.id_order = "id hash " + hex(std::string_view(key).substr(7));
    } else if (key.size() >= kTimestampDigits) {  // schemas 3 and 4: inverted digits ("~" undated), the id
        std::string digits = key.substr(0, kTimestampDigits);
        const bool dated = std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
        for (char& c : digits) c = static_cast<char>('9' - (c - '0'));
        if (dated) meaning.timestamp = readable_timestamp(digits);
        meaning.id_order = "id " + key.substr(kTimestampDigits);
    }
    return meaning;
}

void write_explanation_text(std::ostream& out, const Explanation& e, double score) {
    out << "   explain: score " << fixed(score, 9) << " = sum of " << e.terms.size() << " term weight"
        << (e.terms.size() == 1 ? "" : "s") << " (" << fixed(e.total, 9) << "); " << e.collection_size
        << " articles, average length " << fixed(e.average_length, 2) << '\n';
    for (const TermContribution& c : e.terms) {
        out << "     " << fixed(c.weight, 9) << "  ";
        if (c.field.empty()) {
            out << terminal_safe(c.term) << "  (weighed as one by Xapian; wdf " << c.wdf << ", length " << c.doc_length
                << ")\n";
            continue;
        }
        out << c.field << ":" << terminal_safe(c.word) << (c.stemmed ? " (stem)" : "") << " [" << terminal_safe(c.term)
            << "]";
        if (!c.via.empty()) out << " in a " << c.via;
        out << "  wdf " << c.wdf << ", length " << c.doc_length << ", in " << c.termfreq.value_or(0) << " articles";
        if (c.wqf != 1) out << ", wqf " << c.wqf;
        if (c.factor != 1) out << ", scaled " << c.factor;
        out << '\n';
    }
    const TieBreakMeaning& t = e.tie_break;
    out << "     tie-break: " << (t.timestamp ? "dated " + *t.timestamp : std::string("undated")) << ", then "
        << t.id_order << " (equal scores: newer first, undated last, then in that order)\n";
}

}  // namespace news
