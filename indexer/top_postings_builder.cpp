#include "indexer/top_postings_builder.hpp"

#include <algorithm>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "common/duplicate_groups.hpp"
#include "common/facet_columns.hpp"
#include "common/length_column.hpp"
#include "common/rank_column.hpp"
#include "common/schema.hpp"
#include "common/top_postings.hpp"
#include "indexer/duplicate_groups_builder.hpp"

namespace news {

namespace {

using top_postings::Shape;
using top_postings::TermList;

/// Each document's length, by docid (0 where there is none).
std::vector<Xapian::termcount> document_lengths(const Xapian::Database& db) {
    std::vector<Xapian::termcount> lengths(std::size_t{db.get_lastdocid()} + 1, 0);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) lengths[*it] = it.get_doclength();
    return lengths;
}

/// Each document's tie-break key (schema.hpp), by docid: the searcher's order among equal
/// weights. A 15-byte key fits std::string's inline buffer.
std::vector<std::string> tie_break_keys(const Xapian::Database& db) {
    std::vector<std::string> keys(std::size_t{db.get_lastdocid()} + 1);
    for (auto it = db.valuestream_begin(schema::kTieBreakSlot); it != db.valuestream_end(schema::kTieBreakSlot); ++it)
        keys[it.get_docid()] = *it;
    return keys;
}

struct Posting {
    double weight = 0;
    Xapian::docid docid = 0;
    Shape shape;
};

/// The Pareto frontier of `shapes`: those no other beats in both wdf (higher) and length
/// (shorter). The heaviest of `shapes` under BM25 is among them, whatever the statistics.
std::vector<Shape> frontier(std::vector<Shape> shapes) {
    std::sort(shapes.begin(), shapes.end(),
              [](const Shape& a, const Shape& b) { return a.wdf != b.wdf ? a.wdf > b.wdf : a.length < b.length; });
    std::vector<Shape> kept;
    Xapian::termcount shortest = std::numeric_limits<Xapian::termcount>::max();
    for (const Shape& s : shapes) {
        if (s.length >= shortest) continue;  // an earlier one has at least its wdf and is shorter
        kept.push_back(s);
        shortest = s.length;
    }
    return kept;
}

/// Puts the `list_size` postings the searcher ranks first at the front of `postings`,
/// then the rest of the group of equal weight the list ends in, in the searcher's order
/// (weight, then tie-break key, then docid), and the rest in any order. Linear but for
/// that group: sorting every posting of a frequent word by key took most of the time.
void rank_the_head(std::vector<Posting>& postings, std::size_t list_size, const std::vector<std::string>& keys) {
    if (postings.size() <= list_size) return;
    const auto heavier = [](const Posting& a, const Posting& b) { return a.weight > b.weight; };
    std::nth_element(postings.begin(), postings.begin() + static_cast<std::ptrdiff_t>(list_size - 1), postings.end(),
                     heavier);
    const double cut = postings[list_size - 1].weight;
    const auto group =
        std::partition(postings.begin(), postings.end(), [&](const Posting& p) { return p.weight > cut; });
    const auto rest = std::partition(group, postings.end(), [&](const Posting& p) { return p.weight == cut; });
    std::sort(group, rest, [&](const Posting& a, const Posting& b) {
        if (keys[a.docid] != keys[b.docid]) return keys[a.docid] < keys[b.docid];
        return a.docid < b.docid;
    });
}

/// A group of equal weight with more shapes than this is not described shape by shape:
/// its unlisted members go to the frontier (only a strict bound then).
constexpr std::size_t kMostCutGroupShapes = 64;

/// The list of a term whose postings are `ranked` (by rank_the_head()); nullopt when all
/// fit in the list, which the whole posting list then is.
std::optional<TermList> term_list(const std::vector<Posting>& ranked, std::size_t list_size) {
    if (ranked.size() <= list_size) return std::nullopt;
    TermList list;
    std::vector<const Posting*> listed;
    for (std::size_t i = 0; i < list_size; ++i) listed.push_back(&ranked[i]);
    std::sort(listed.begin(), listed.end(), [](const Posting* a, const Posting* b) { return a->docid < b->docid; });
    for (const Posting* p : listed) {
        list.docids.push_back(p->docid);
        list.shapes.push_back(p->shape);
    }

    std::size_t rest = list_size;  // first posting of the frontier
    const double cut_weight = ranked[list_size - 1].weight;
    if (ranked[list_size].weight == cut_weight) {
        std::size_t group_begin = list_size - 1, group_end = list_size;
        while (group_begin > 0 && ranked[group_begin - 1].weight == cut_weight) --group_begin;
        while (group_end < ranked.size() && ranked[group_end].weight == cut_weight) ++group_end;
        std::vector<Shape> shapes;
        for (std::size_t i = group_begin; i < group_end; ++i)
            if (std::find(shapes.begin(), shapes.end(), ranked[i].shape) == shapes.end()) {
                shapes.push_back(ranked[i].shape);
                if (shapes.size() > kMostCutGroupShapes) break;
            }
        if (shapes.size() <= kMostCutGroupShapes) {
            list.cut_group = std::move(shapes);
            rest = group_end;
        }
    }
    std::vector<Shape> unlisted;
    for (std::size_t i = rest; i < ranked.size(); ++i) unlisted.push_back(ranked[i].shape);
    list.unlisted = frontier(std::move(unlisted));
    return list;
}

/// Removes the lists and fingerprint of an earlier build.
void remove_lists(Xapian::WritableDatabase& db) {
    std::vector<std::string> keys;
    const std::string prefix(top_postings::kListKeyPrefix);
    for (auto it = db.metadata_keys_begin(prefix); it != db.metadata_keys_end(prefix); ++it) keys.push_back(*it);
    for (const std::string& key : keys) db.set_metadata(key, "");
    db.set_metadata(std::string(top_postings::kFingerprintKey), "");
    db.set_metadata(std::string(duplicate_groups::kKey), "");
    db.set_metadata(std::string(duplicate_groups::kTwinsKey), "");
    for (const facet_columns::ColumnFacet& facet : facet_columns::kColumnFacets)
        db.set_metadata(facet_columns::key(facet.name), "");
    db.set_metadata(std::string(length_column::kKey), "");
    db.set_metadata(std::string(rank_column::kKey), "");
}

}  // namespace

TopPostingsReport build_top_postings(Xapian::WritableDatabase& db, const TopPostingsSettings& settings) {
    remove_lists(db);
    TopPostingsReport report;
    const Xapian::doccount doccount = db.get_doccount();
    if (doccount == 0) {
        db.commit();
        return report;
    }
    const std::vector<Xapian::termcount> lengths = document_lengths(db);
    const std::vector<std::string> keys = tie_break_keys(db);
    const double average_length = db.get_avlength();
    const std::size_t list_size = std::max<Xapian::doccount>(settings.list_size, 1);
    std::vector<Posting> ranked;
    // Written after the walk over the terms: metadata lives in the table being walked.
    std::vector<std::pair<std::string, std::string>> lists;
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        if (t.get_termfreq() < settings.min_termfreq || t.get_termfreq() <= list_size) continue;
        const std::string term = *t;
        const std::optional<std::string> key = top_postings::list_key(term);
        if (!key || db.get_wdf_upper_bound(term) == 0) continue;  // too long, or a filter term
        const Bm25TermWeight weight(settings.ranking, doccount, t.get_termfreq(), average_length);
        ranked.clear();
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) {
            const Shape shape{p.get_wdf(), lengths[*p]};
            ranked.push_back({weight(shape.wdf, shape.length), *p, shape});
        }
        rank_the_head(ranked, list_size, keys);
        std::optional<TermList> list = term_list(ranked, list_size);
        if (!list) continue;
        if (!list->cut_group.empty()) list->cut_key = keys[ranked[list_size].docid];
        report.postings += list->docids.size();
        lists.emplace_back(*key, top_postings::encode(*list));
    }
    for (const auto& [key, bytes] : lists) db.set_metadata(key, bytes);
    report.terms = lists.size();
    const duplicate_groups::Groups groups = find_duplicate_groups(db, lengths, keys);
    report.duplicate_groups = groups.firsts.size();
    report.copies = groups.copies.size();
    db.set_metadata(std::string(duplicate_groups::kKey), groups.firsts.empty() ? "" : duplicate_groups::encode(groups));
    db.set_metadata(std::string(duplicate_groups::kTwinsKey),
                    groups.firsts.empty() ? "" : duplicate_groups::encode_twins(groups.twins));
    for (const facet_columns::ColumnFacet& facet : facet_columns::kColumnFacets) {
        const std::optional<facet_columns::Column> column = facet_columns::read_column(db, facet);
        if (!column || column->values.empty()) continue;
        db.set_metadata(facet_columns::key(facet.name), facet_columns::encode(*column));
        ++report.facet_columns;
    }
    if (const std::optional<length_column::Column> column = length_column::make(lengths)) {
        db.set_metadata(std::string(length_column::kKey), length_column::encode(*column));
        report.length_column = true;
    }
    db.set_metadata(std::string(rank_column::kKey), rank_column::encode(rank_column::make(keys)));
    report.rank_column = true;
    top_postings::Fingerprint fingerprint;
    fingerprint.doccount = doccount;
    fingerprint.last_docid = db.get_lastdocid();
    fingerprint.revision = db.get_revision() + 1;  // that of the commit below
    fingerprint.min_termfreq = settings.min_termfreq;
    fingerprint.list_size = static_cast<Xapian::doccount>(list_size);
    db.set_metadata(std::string(top_postings::kFingerprintKey), top_postings::encode(fingerprint));
    db.commit();
    return report;
}

}  // namespace news
