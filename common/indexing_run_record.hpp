/// @file indexing_run_record.hpp
/// @brief What the last indexing run that changed a database did, kept in its metadata
/// (schema::kLastIndexingRunKey) by the indexer and shown by `searcher --stats`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace news {

struct IndexingRunRecord {
    std::string finished;  ///< when the run ended, UTC, "2023-05-01T09:30:00Z"
    std::size_t added = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    std::size_t deleted = 0;
    std::size_t skipped = 0;
    std::size_t failed = 0;
    double seconds = 0;  ///< wall-clock time of the run

    friend bool operator==(const IndexingRunRecord&, const IndexingRunRecord&) = default;
};

/// The record as stored: one JSON object with the fields above as keys.
std::string encode_indexing_run(const IndexingRunRecord& record);

/// The stored record; nullopt for "" (no run recorded) or anything that is not such an
/// object (a missing key reads as 0 or "", so that later versions may add keys).
std::optional<IndexingRunRecord> decode_indexing_run(std::string_view stored);

/// The current time, UTC, as IndexingRunRecord::finished holds it.
std::string utc_now();

}  // namespace news
