#include "searcher/listed_copies.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "common/schema.hpp"
#include "common/top_postings.hpp"

namespace news {

namespace {

/// Docids of a sorted list as a posting source that weighs nothing: what AND_NOT leaves out.
class DocidList : public Xapian::PostingSource {
  public:
    explicit DocidList(std::shared_ptr<const duplicate_groups::Groups> groups) : groups_(std::move(groups)) {}

    Xapian::doccount get_termfreq_min() const override { return size(); }
    Xapian::doccount get_termfreq_est() const override { return size(); }
    Xapian::doccount get_termfreq_max() const override { return size(); }
    void init(const Xapian::Database&) override { pos_ = kBeforeStart; }
    void next(double) override { pos_ = pos_ == kBeforeStart ? 0 : pos_ + 1; }
    void skip_to(Xapian::docid did, double) override {
        const auto& docids = groups_->copies;
        const std::size_t from = pos_ == kBeforeStart ? 0 : pos_;
        pos_ = static_cast<std::size_t>(
            std::lower_bound(docids.begin() + static_cast<std::ptrdiff_t>(from), docids.end(), did) - docids.begin());
    }
    bool at_end() const override { return pos_ != kBeforeStart && pos_ >= groups_->copies.size(); }
    Xapian::docid get_docid() const override { return groups_->copies[pos_]; }
    DocidList* clone() const override { return new DocidList(groups_); }  // Xapian owns clones
    std::string get_description() const override { return "ListedCopies(" + std::to_string(size()) + ")"; }

  private:
    static constexpr std::size_t kBeforeStart = static_cast<std::size_t>(-1);
    Xapian::doccount size() const { return static_cast<Xapian::doccount>(groups_->copies.size()); }

    std::shared_ptr<const duplicate_groups::Groups> groups_;
    std::size_t pos_ = kBeforeStart;
};

}  // namespace

ListedCopies::ListedCopies(std::shared_ptr<const duplicate_groups::Groups> groups,
                           std::shared_ptr<const std::vector<Xapian::docid>> twins)
    : groups_(std::move(groups)), twins_(std::move(twins)) {
    const auto& copies = groups_->copies;
    auto bits = std::make_shared<std::vector<bool>>(copies.empty() ? 0 : std::size_t{copies.back()} + 1);
    for (const Xapian::docid docid : copies) (*bits)[docid] = true;
    is_copy_ = std::move(bits);
}

std::optional<ListedCopies> ListedCopies::load(const Xapian::Database& db) {
    if (db.size() != 1 || !top_postings::lists_are_current(db)) return std::nullopt;
    auto groups = duplicate_groups::decode(db.get_metadata(std::string(duplicate_groups::kKey)));
    // Docids past the database's are not of it (and would size the bits by a stranger's number).
    if (!groups || (!groups->copies.empty() && groups->copies.back() > db.get_lastdocid())) return std::nullopt;
    std::shared_ptr<const std::vector<Xapian::docid>> twins;
    if (auto listed = duplicate_groups::decode_twins(db.get_metadata(std::string(duplicate_groups::kTwinsKey))))
        twins = std::make_shared<const std::vector<Xapian::docid>>(std::move(*listed));
    return ListedCopies(std::make_shared<const duplicate_groups::Groups>(std::move(*groups)), std::move(twins));
}

const ListedCopies* ListedCopiesCache::of(const Xapian::Database& db) {
    const std::optional<top_postings::Fingerprint> fingerprint = fingerprint_.current(db);
    if (!fingerprint) return nullptr;
    if (fingerprint != read_for_) {
        copies_ = ListedCopies::load(db);
        read_for_ = fingerprint;
    }
    return copies_ ? &*copies_ : nullptr;
}

Xapian::Query ListedCopies::without_copies(const Xapian::Query& query) const {
    // Xapian owns a released source: it is deleted with the last query that holds it.
    return Xapian::Query(Xapian::Query::OP_AND_NOT, query, Xapian::Query((new DocidList(groups_))->release()));
}

Xapian::doccount ListedCopies::group_size(Xapian::docid docid) const {
    const auto& firsts = groups_->firsts;
    const auto it = std::lower_bound(firsts.begin(), firsts.end(), std::make_pair(docid, Xapian::doccount{0}));
    return it != firsts.end() && it->first == docid ? it->second : 1;
}

bool CopiesRefused::operator()(const Xapian::Document& doc) const {
    ++shown_;
    const bool copy = copies_.is_copy(doc.get_docid());
    refused_ += copy;
    return !copy;
}

bool is_of_words_alone(const Xapian::Query& query) {
    using Q = Xapian::Query;
    switch (query.get_type()) {
        case Q::LEAF_TERM:
            return schema::is_text_term(*query.get_terms_begin());
        case Q::OP_AND:
        case Q::OP_OR:
        case Q::OP_AND_NOT:
        case Q::OP_XOR:
        case Q::OP_AND_MAYBE:
        case Q::OP_FILTER:
        case Q::OP_NEAR:
        case Q::OP_PHRASE:
        case Q::OP_ELITE_SET:
        case Q::OP_SYNONYM:
        case Q::OP_MAX:
        case Q::OP_SCALE_WEIGHT:
            break;
        default:  // match-all, value ranges, posting sources, unexpanded wildcards
            return false;
    }
    if (query.get_num_subqueries() == 0) return false;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        if (!is_of_words_alone(query.get_subquery(i))) return false;
    return true;
}

}  // namespace news
