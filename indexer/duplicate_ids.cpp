#include "indexer/duplicate_ids.hpp"

#include <utility>

#include "common/hash.hpp"

namespace news {

namespace {

/// FNV-1a's low bits, which pick the slot, mix poorly on their own: splitmix64's finaliser.
std::uint64_t mixed(std::uint64_t h) {
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

}  // namespace

std::size_t FirstLineById::first_line(std::string_view id, std::size_t line) {
    if ((size_ + 1) * 4 > hashes_.size() * 3) grow();  // at most three quarters full
    std::uint64_t hash = mixed(fnv1a64(id));
    if (hash == 0) hash = 1;
    const std::size_t mask = hashes_.size() - 1;
    for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        if (hashes_[slot] == hash) return lines_[slot];
        if (hashes_[slot] == 0) {
            hashes_[slot] = hash;
            lines_[slot] = line;
            ++size_;
            return 0;
        }
    }
}

void FirstLineById::clear() {
    hashes_ = {};
    lines_ = {};
    size_ = 0;
}

void FirstLineById::grow() {
    std::vector<std::uint64_t> hashes(hashes_.empty() ? 1024 : hashes_.size() * 2, 0);
    std::vector<std::uint64_t> lines(hashes.size());
    const std::size_t mask = hashes.size() - 1;
    for (std::size_t i = 0; i < hashes_.size(); ++i) {
        if (hashes_[i] == 0) continue;
        std::size_t slot = hashes_[i] & mask;
        while (hashes[slot] != 0) slot = (slot + 1) & mask;
        hashes[slot] = hashes_[i];
        lines[slot] = lines_[i];
    }
    hashes_ = std::move(hashes);
    lines_ = std::move(lines);
}

}  // namespace news
