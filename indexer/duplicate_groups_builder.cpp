#include "indexer/duplicate_groups_builder.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <tuple>

#include "common/hash.hpp"
#include "common/schema.hpp"

namespace news {

namespace {

/// An article as far as grouping goes. The duplicate key is 16 hex digits of a 64-bit hash
/// (document_mapper.cpp), held as that number: two million keys as strings would take
/// ten times the memory.
struct Member {
    std::uint64_t key = 0;
    Xapian::termcount length = 0;
    Xapian::docid docid = 0;
    bool operator<(const Member& other) const {
        return std::tie(key, length, docid) < std::tie(other.key, other.length, other.docid);
    }
    bool same_group(const Member& other) const { return key == other.key && length == other.length; }
};

/// The 64-bit number of a duplicate key; any other value (a stranger's database) by its
/// hash, which groups equal values too.
std::uint64_t key_number(const std::string& value) {
    if (value.size() == 8) return from_big_endian(value);  // schema::kBinaryHashSchema on
    if (value.size() != 16) return std::hash<std::string>{}(value);
    std::uint64_t number = 0;
    for (const char c : value) {
        const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0) return std::hash<std::string>{}(value);
        number = number << 4 | static_cast<std::uint64_t>(digit);
    }
    return number;
}

}  // namespace

duplicate_groups::Groups find_duplicate_groups(const Xapian::Database& db,
                                               const std::vector<Xapian::termcount>& lengths,
                                               const std::vector<std::string>& keys) {
    std::vector<Member> members;
    members.reserve(db.get_doccount());
    for (auto v = db.valuestream_begin(schema::kDuplicateSlot); v != db.valuestream_end(schema::kDuplicateSlot); ++v) {
        const Xapian::docid docid = v.get_docid();
        members.push_back({key_number(*v), docid < lengths.size() ? lengths[docid] : 0, docid});
    }
    std::sort(members.begin(), members.end());
    const auto tie_break = [&](Xapian::docid docid) -> const std::string& {
        static const std::string kNone;
        return docid < keys.size() ? keys[docid] : kNone;
    };
    duplicate_groups::Groups groups;
    for (std::size_t begin = 0, end = 0; begin < members.size(); begin = end) {
        end = begin + 1;
        while (end < members.size() && members[end].same_group(members[begin])) ++end;
        if (end - begin < 2) continue;
        // First in ranking order among equal weights: lowest tie-break key, then docid.
        const auto first =
            std::min_element(members.begin() + static_cast<std::ptrdiff_t>(begin),
                             members.begin() + static_cast<std::ptrdiff_t>(end), [&](const Member& a, const Member& b) {
                                 return std::tie(tie_break(a.docid), a.docid) < std::tie(tie_break(b.docid), b.docid);
                             });
        groups.firsts.emplace_back(first->docid, static_cast<Xapian::doccount>(end - begin));
        for (std::size_t i = begin; i < end; ++i)
            if (members[i].docid != first->docid) groups.copies.push_back(members[i].docid);
    }
    std::sort(groups.copies.begin(), groups.copies.end());
    std::sort(groups.firsts.begin(), groups.firsts.end());
    // Twins: the articles left when the copies are, of a key that more than one length has.
    for (std::size_t begin = 0, end = 0; begin < members.size(); begin = end) {
        end = begin + 1;
        while (end < members.size() && members[end].key == members[begin].key) ++end;
        if (members[begin].length == members[end - 1].length) continue;  // sorted: one length
        for (std::size_t i = begin; i < end; ++i)
            if (!std::binary_search(groups.copies.begin(), groups.copies.end(), members[i].docid))
                groups.twins.push_back(members[i].docid);
    }
    std::sort(groups.twins.begin(), groups.twins.end());
    return groups;
}

}  // namespace news
