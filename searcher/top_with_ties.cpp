#include "searcher/top_with_ties.hpp"

#include <algorithm>

namespace news {

namespace {

bool heavier(const TopWithTies::Candidate& a, const TopWithTies::Candidate& b) { return a.weight > b.weight; }

/// Heaviest first, equal weights in docid order (Xapian's order).
bool ranks_before(const TopWithTies::Candidate& a, const TopWithTies::Candidate& b) {
    return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
}

}  // namespace

TopWithTies::TopWithTies(Xapian::doccount count, std::size_t limit) : count_(count), limit_(limit) {
    // Enough for a page of ten and its ties; a page of a million (-n) grows as it must.
    kept_.reserve(std::min<std::size_t>(2 * (count_ + limit_), 1024));
}

void TopWithTies::operator()(const Xapian::Document& doc, double weight) {
    if (has_threshold_ && (weight < threshold_ || (overflowed_ && weight == threshold_))) return;
    kept_.push_back({doc.get_docid(), weight});
    // Pruning in batches keeps the cost per candidate constant.
    if (kept_.size() >= 2 * (count_ + limit_)) prune();
}

void TopWithTies::prune() {
    if (count_ == 0) {
        kept_.clear();
        return;
    }
    if (kept_.size() >= count_) {
        std::nth_element(kept_.begin(), kept_.begin() + (count_ - 1), kept_.end(), heavier);
        // Heavier than a tie given up on: that tie can no longer reach the page.
        if (overflowed_ && kept_[count_ - 1].weight > threshold_) overflowed_ = false;
        threshold_ = kept_[count_ - 1].weight;
        has_threshold_ = true;
        kept_.erase(
            std::remove_if(kept_.begin(), kept_.end(), [&](const Candidate& c) { return c.weight < threshold_; }),
            kept_.end());
    }
    if (kept_.size() > limit_) {
        // Too many tie at the threshold: give them up, and keep only what outweighs them,
        // which may yet be enough for the page.
        overflowed_ = true;
        kept_.erase(
            std::remove_if(kept_.begin(), kept_.end(), [&](const Candidate& c) { return c.weight <= threshold_; }),
            kept_.end());
    }
}

std::optional<std::vector<TopWithTies::Candidate>> TopWithTies::best() {
    Kept all = kept();
    if (all.tie_given_up_at) return std::nullopt;
    return std::move(all.candidates);
}

TopWithTies::Kept TopWithTies::kept() {
    prune();
    Kept all{kept_, std::nullopt};
    if (overflowed_) all.tie_given_up_at = threshold_;
    std::sort(all.candidates.begin(), all.candidates.end(), ranks_before);
    return all;
}

std::optional<std::vector<TopWithTies::Candidate>> best_of(std::vector<TopWithTies::Kept> parts,
                                                           Xapian::doccount count) {
    std::vector<TopWithTies::Candidate> all;
    for (TopWithTies::Kept& part : parts) all.insert(all.end(), part.candidates.begin(), part.candidates.end());
    std::sort(all.begin(), all.end(), ranks_before);
    // A part gave up on a tie when at least `count` of its documents weighed as much: the
    // count-th weight of the whole is then at least that weight, and the tie reaches the
    // page only when it is exactly that.
    const bool full = count > 0 && all.size() >= count;
    const double boundary = full ? all[count - 1].weight : 0;
    for (const TopWithTies::Kept& part : parts)
        if (part.tie_given_up_at && (!full || *part.tie_given_up_at >= boundary)) return std::nullopt;
    if (count == 0) return std::vector<TopWithTies::Candidate>{};
    if (full)
        all.erase(std::find_if(all.begin(), all.end(), [&](const auto& c) { return c.weight < boundary; }), all.end());
    return all;
}

}  // namespace news
