/// @file sharded_database.hpp
/// @brief A database kept as several shard databases in one folder, which Xapian opens as
/// one through a stub file.
///
/// Layout of a sharded database at PATH (docs/scaling.md):
///
///     PATH/shard0 ... PATH/shardN-1   glass databases; article ids are routed to them by
///                                     shard_of() (shard_writers.hpp), and each records N
///                                     and its own number in its metadata (schema.hpp)
///     PATH/XAPIANDB                   a Xapian stub file listing them ("auto shard0", ...)
///
/// Xapian opens a folder holding a XAPIANDB stub as the databases the stub lists, with
/// their statistics combined, so `Xapian::Database(PATH)`, and so `searcher --db PATH`,
/// searches every shard as one database. The stub is written last: a folder with shards
/// but no stub is a creation that was interrupted, and opening it again completes it.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/index_builder.hpp"

namespace news {

/// The stub file Xapian looks for in a database folder.
inline constexpr std::string_view kStubFileName = "XAPIANDB";

/// The folder of shard `shard` of the sharded database at `path`.
std::string shard_path(const std::string& path, std::size_t shard);

/// The shard count of the sharded database at `path`, or nullopt when `path` holds none
/// (nothing there, an empty folder, a single database). Throws std::runtime_error when
/// `path` has a first shard that does not say how many shards there are, and
/// StubProgramError, before opening it, when that shard is a stub that would run a program
/// and `programs` does not allow it.
std::optional<unsigned> sharded_database_shards(const std::string& path, StubPrograms programs);

/// Opens a writer on every shard of the sharded database at `path`, first creating it with
/// `shards` shards when `path` holds no sharded database yet (it must then be missing or an
/// empty folder). `shards` == 0 means the database must exist. Throws std::runtime_error,
/// naming the shard, when a shard is missing or its metadata disagrees with its place,
/// StubProgramError as IndexBuilder does (options.stub_programs), and
/// Xapian::DatabaseLockError when another writer holds a shard.
std::vector<std::unique_ptr<IndexBuilder>> open_sharded_database(const std::string& path, unsigned shards,
                                                                 const IndexOptions& options);

}  // namespace news
