#include "searcher/top_with_ties.hpp"

#include <algorithm>

namespace news {

namespace {

bool heavier(const TopWithTies::Candidate& a, const TopWithTies::Candidate& b) { return a.weight > b.weight; }

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
    prune();
    if (overflowed_) return std::nullopt;
    std::vector<Candidate> best = kept_;
    std::sort(best.begin(), best.end(), [](const Candidate& a, const Candidate& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.docid < b.docid;
    });
    return best;
}

}  // namespace news
