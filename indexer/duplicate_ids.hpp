/// @file duplicate_ids.hpp
/// @brief Finds records of one input file that repeat an earlier record's id.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace news {

/// Remembers the line where each id of one input file first occurred, so that a later
/// record with the same id, which would silently replace the first, can be reported with
/// both lines. Ids are kept as 64-bit hashes in one flat table: at most 24 bytes an id,
/// and no allocation per id. Two distinct ids share a hash with a probability of about n^2 / 2^65 (1e-7 for
/// two million).
class FirstLineById {
  public:
    /// The line where `id` occurred first, or 0 when it has not occurred yet: it is then
    /// remembered as occurring at `line` (1-based).
    std::size_t first_line(std::string_view id, std::size_t line);
    /// Forgets every id (a new file begins).
    void clear();
    std::size_t size() const { return size_; }

  private:
    void grow();

    std::vector<std::uint64_t> hashes_;  ///< 0: an empty slot
    std::vector<std::uint64_t> lines_;
    std::size_t size_ = 0;
};

}  // namespace news
