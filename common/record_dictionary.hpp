/// @file record_dictionary.hpp
/// @brief The zstd dictionaries of stored records, kept in the database's metadata
/// (schema.hpp, kRecordDictionaryKey).
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/stored_record.hpp"
#include "common/zstd_codec.hpp"

namespace news {

/// The dictionary new records of `db` are compressed with; nullptr when it has none yet.
/// Throws std::runtime_error when the metadata names a dictionary that is missing or damaged.
std::shared_ptr<const ZstdDictionary> current_record_dictionary(const Xapian::Database& db);

/// Makes `dictionary` the one new records of `db` are compressed with (at the next commit).
void store_record_dictionary(Xapian::WritableDatabase& db, const ZstdDictionary& dictionary);

/// Finds dictionaries by id through a metadata reader and keeps each one loaded: the
/// searcher's side. Thread-safe.
class RecordDictionaries {
  public:
    /// `metadata(key)`: the value of a metadata key, "" when absent.
    explicit RecordDictionaries(std::function<std::string(const std::string&)> metadata);

    /// The dictionary `id`; nullptr when the metadata has none (or a damaged one).
    std::shared_ptr<const ZstdDictionary> find(std::uint32_t id);

  private:
    std::function<std::string(const std::string&)> metadata_;
    std::mutex mutex_;
    std::map<std::uint32_t, std::shared_ptr<const ZstdDictionary>> loaded_;
};

/// Finds dictionaries in the metadata of any of `databases` (shards built apart each have
/// their own, and Xapian reads a combined database's metadata from its first shard only).
DictionaryLookup record_dictionaries_in(std::vector<Xapian::Database> databases);

}  // namespace news
