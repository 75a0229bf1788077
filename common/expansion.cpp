#include "common/expansion.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>
#include <utility>

namespace news {

namespace {

/// What get_eset asks of a term: not one of the excluded (Xapian's ExpandDeciderFilterTerms)
/// and accepted by the caller's decider (ExpandDeciderAnd, in that order).
class Accepts : public Xapian::ExpandDecider {
  public:
    explicit Accepts(const ExpandOptions& options)
        : excluded_(options.excluded.begin(), options.excluded.end()), decider_(options.decider) {}
    bool operator()(const std::string& term) const override {
        return excluded_.count(term) == 0 && (decider_ == nullptr || (*decider_)(term));
    }

  private:
    std::set<std::string> excluded_;
    const Xapian::ExpandDecider* decider_;
};

/// Xapian's Internal::ExpandTerm, with its order: heavier first, and of equal weights the
/// lexically greater term first (expand/esetinternal.h).
struct WeighedTerm {
    double wt;
    std::string term;
    bool operator<(const WeighedTerm& o) const {
        if (wt > o.wt) return true;
        if (wt < o.wt) return false;
        return term > o.term;
    }
};

/// The order in which Xapian 1.4 adds up the statistics of a term that several documents
/// of the relevance set hold: the leaves, from left to right, of the tree of termlists
/// build_termlist_tree() (expand/esetinternal.cc) makes, Huffman-like, of termlists of
/// `sizes` (get_approx_size(): each document's term count) in docid order. The order
/// matters only to the last bit of TradEWeight's sum of doubles; the same heap algorithm
/// on the same sizes makes the same tree.
std::vector<std::size_t> accumulation_order(const std::vector<Xapian::termcount>& sizes) {
    if (sizes.size() <= 1) return std::vector<std::size_t>(sizes.size(), 0);
    struct Node {
        Xapian::termcount size;  // an OrTermList's is the sum of its two sides'
        std::size_t left, right;
    };
    constexpr std::size_t kLeaf = static_cast<std::size_t>(-1);
    std::vector<Node> nodes;
    nodes.reserve(2 * sizes.size());
    for (const Xapian::termcount size : sizes) nodes.push_back({size, kLeaf, kLeaf});
    std::vector<std::size_t> heap(sizes.size());
    std::iota(heap.begin(), heap.end(), std::size_t{0});
    // CompareTermListSizeAscending: the smallest termlist at the top of the heap.
    const auto larger = [&nodes](std::size_t a, std::size_t b) { return nodes[a].size > nodes[b].size; };
    std::make_heap(heap.begin(), heap.end(), larger);
    std::size_t root = 0;
    while (true) {
        const std::size_t r = heap.front();
        std::pop_heap(heap.begin(), heap.end(), larger);
        heap.pop_back();
        const std::size_t l = heap.front();
        nodes.push_back({nodes[l].size + nodes[r].size, l, r});
        const std::size_t pl = nodes.size() - 1;
        if (heap.size() == 1) {
            root = pl;
            break;
        }
        std::pop_heap(heap.begin(), heap.end(), larger);
        heap.back() = pl;
        std::push_heap(heap.begin(), heap.end(), larger);
    }
    // OrTermList::accumulate_stats() asks its left side first.
    std::vector<std::size_t> order, stack{root};
    order.reserve(sizes.size());
    while (!stack.empty()) {
        const std::size_t n = stack.back();
        stack.pop_back();
        if (nodes[n].left == kLeaf) {
            order.push_back(n);
            continue;
        }
        stack.push_back(nodes[n].right);
        stack.push_back(nodes[n].left);
    }
    return order;
}

/// Xapian's Internal::ExpandStats for one term, without the shards' share of the term
/// frequency, which is read afterwards.
struct TermStats {
    Xapian::doccount rtermfreq = 0;
    Xapian::termcount rcollection_freq = 0;
    double multiplier = 0;
    std::vector<bool> subdatabases_seen;  ///< only for approximate term frequencies over shards
};

}  // namespace

ExpandSet expand_set(DocumentTerms& documents, const std::vector<Xapian::docid>& rset, Xapian::termcount max_terms,
                     const ExpandOptions& options) {
    std::vector<Xapian::docid> docids = rset;
    std::sort(docids.begin(), docids.end());
    docids.erase(std::unique(docids.begin(), docids.end()), docids.end());
    if (max_terms == 0 || docids.empty()) return {};
    if (options.accepted_terms_only || !documents.from_termlist(docids)) {
        // Only the terms that can be chosen are kept: a term's statistics are its own, and
        // Xapian asks the decider after merging the termlists, with the same result.
        const Accepts accepts(options);
        std::vector<TermVector> vectors;
        vectors.reserve(docids.size());
        for (const Xapian::docid docid : docids) vectors.push_back(documents.of(docid, &accepts));
        return expand_from_vectors(documents, vectors, max_terms, options);
    }
    // Every document keeps a termlist and every term is read: Xapian's own, faster then
    // (ten BBC articles: 1,466 us, against 1,709 us for all their vectors weighed here).
    Xapian::Enquire enquire(documents.database());
    enquire.set_expansion_scheme(options.scheme == ExpandScheme::kBo1 ? "bo1" : "trad", options.expand_k);
    Xapian::RSet relevant;
    for (const Xapian::docid docid : docids) relevant.add_document(docid);
    const Accepts accepts(options);
    const Xapian::ESet eset =
        enquire.get_eset(max_terms, relevant, options.exact_termfreq ? Xapian::Enquire::USE_EXACT_TERMFREQ : 0,
                         &accepts, options.min_weight);
    ExpandSet out;
    out.ebound = eset.get_ebound();
    for (auto it = eset.begin(); it != eset.end(); ++it) out.terms.push_back({*it, it.get_weight()});
    return out;
}

ExpandSet expand_from_vectors(const DocumentTerms& documents, const std::vector<TermVector>& rset,
                              Xapian::termcount max_terms, const ExpandOptions& options) {
    if (max_terms == 0 || rset.empty()) return {};
    const Xapian::Database& db = documents.database();
    const std::size_t subdatabases = std::max<std::size_t>(db.size(), 1);
    const bool by_subdatabase = !options.exact_termfreq && subdatabases > 1;
    if (by_subdatabase && documents.shards().size() != subdatabases)
        throw std::invalid_argument("approximate term frequencies over shards need each shard on its own");

    // The relevance set in docid order, as the RSet holds it, then in the tree's order.
    std::vector<const TermVector*> by_docid;
    by_docid.reserve(rset.size());
    for (const TermVector& v : rset) by_docid.push_back(&v);
    std::sort(by_docid.begin(), by_docid.end(),
              [](const TermVector* a, const TermVector* b) { return a->docid < b->docid; });
    std::vector<Xapian::termcount> sizes;
    sizes.reserve(by_docid.size());
    for (const TermVector* v : by_docid) sizes.push_back(v->unique_terms);

    // ExpandStats::accumulate(), for every term in Xapian's order (std::map orders strings
    // as Xapian does: bytes compared as unsigned).
    const double expand_k = options.scheme == ExpandScheme::kTrad ? options.expand_k : 0;  // Bo1: ExpandStats(avlen)
    const double avlen = db.get_avlength();
    std::map<std::string, TermStats> stats;
    for (const std::size_t leaf : accumulation_order(sizes)) {
        const TermVector& v = *by_docid[leaf];
        const Xapian::termcount doclen = v.length;
        for (const TermWdf& t : v.terms) {
            TermStats& s = stats[t.term];
            // Boolean terms may have wdf == 0, but treat that as 1 so such terms get a
            // non-zero weight (Xapian's comment).
            const Xapian::termcount wdf = t.wdf == 0 ? 1 : t.wdf;
            ++s.rtermfreq;
            s.rcollection_freq += wdf;
            s.multiplier += (expand_k + 1) * wdf / (expand_k * doclen / avlen + wdf);
            if (by_subdatabase) {
                s.subdatabases_seen.resize(subdatabases);
                s.subdatabases_seen[(v.docid - 1) % subdatabases] = true;
            }
        }
    }

    // ESet::Internal::expand(): the weights, and the best max_terms kept in a min-heap.
    const Xapian::doccount dbsize = db.get_doccount();
    const auto rsize = static_cast<Xapian::doccount>(rset.size());
    const Accepts accepts(options);
    ExpandSet out;
    std::vector<WeighedTerm> items;
    double min_wt = options.min_weight;
    bool is_heap = false;
    for (const auto& [term, s] : stats) {
        if (!accepts(term)) continue;
        ++out.ebound;
        double wt = 0;
        if (options.scheme == ExpandScheme::kBo1) {
            // Bo1EWeight::get_weight()
            double F = db.get_collection_freq(term);
            double N = dbsize;
            double mean = F / N;
            wt = s.rcollection_freq * std::log2((1.0 + mean) / mean) + std::log2(1.0 + mean);
        } else {
            // ExpandWeight::collect_stats(): the term frequency...
            Xapian::doccount termfreq = 0;
            if (!by_subdatabase) {
                termfreq = db.get_termfreq(term);
            } else {
                Xapian::doccount seen_size = 0, seen_termfreq = 0;
                for (std::size_t i = 0; i < subdatabases; ++i) {
                    if (!s.subdatabases_seen[i]) continue;
                    seen_size += documents.shards()[i].get_doccount();
                    seen_termfreq += documents.shards()[i].get_termfreq(term);
                }
                termfreq = seen_termfreq;
                if (seen_size != dbsize) {
                    // Scaled up from the shards the relevance set saw it in.
                    double tf = double(seen_termfreq) * dbsize / seen_size;
                    termfreq = static_cast<Xapian::doccount>(tf + 0.5);
                    auto termfreq_upper_bound = dbsize - (rsize - s.rtermfreq);
                    if (termfreq > termfreq_upper_bound) termfreq = termfreq_upper_bound;
                }
            }
            // ...and TradEWeight::get_weight(), with Xapian's types and order of operations.
            double reldocs_without_term = rsize - s.rtermfreq;
            double num, denom;
            num = (s.rtermfreq + 0.5) * (dbsize - termfreq - reldocs_without_term + 0.5);
            denom = (termfreq - s.rtermfreq + 0.5) * (reldocs_without_term + 0.5);
            double tw = std::log(num / denom);
            wt = s.multiplier * tw;
        }
        // If the weights are equal, we prefer the lexically smaller term and so we use
        // "<=" not "<" here (Xapian's comment).
        if (wt <= min_wt) continue;
        items.push_back({wt, term});
        if (items.size() > max_terms) {
            if (!is_heap) {
                is_heap = true;
                std::make_heap(items.begin(), items.end());
            } else {
                std::push_heap(items.begin(), items.end());
            }
            std::pop_heap(items.begin(), items.end());
            items.pop_back();
            min_wt = items.front().wt;
        }
    }
    if (is_heap)
        std::sort_heap(items.begin(), items.end());
    else
        std::sort(items.begin(), items.end());
    out.terms.reserve(items.size());
    for (WeighedTerm& item : items) out.terms.push_back({std::move(item.term), item.wt});
    return out;
}

}  // namespace news
