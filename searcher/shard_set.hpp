/// @file shard_set.hpp
/// @brief The databases a search runs over (database folders, stub files, remote shards
/// served by xapian-tcpsrv), opened one by one so that one that fails can be named, and
/// with --allow-partial skipped. What a path stands for is read by common/stub_file.hpp.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/stub_file.hpp"

namespace news {

/// Opens one database; throws what Xapian throws (NetworkError when a remote one is down).
Xapian::Database open_shard(const ShardSpec& spec);

struct ShardSetOptions {
    /// Search the shards that can be opened when some cannot (each is warned about);
    /// without it, a shard that cannot be opened is an error.
    bool allow_partial = false;
    /// Whether a stub may run a program (`remote :PROGRAM ARGS`, common/stub_file.hpp):
    /// refused unless the user said otherwise, since a database folder from someone else
    /// could run any command.
    StubPrograms stub_programs = StubPrograms::kRefuse;
    /// Receives warnings ("skipping shard ..."); may be empty.
    std::function<void(const std::string&)> warn;
};

/// Every database of one or more `--db` paths, searched as one: Xapian combines their
/// statistics, so scores are those of one database holding every article.
class ShardSet {
  public:
    /// Opens every database `paths` stands for, once every path has been read (so a refused
    /// stub program, StubProgramError, leaves everything unopened). Throws
    /// std::runtime_error when a path does not exist, or naming the first shard that cannot
    /// be opened; with allow_partial, only when no shard can be opened.
    ShardSet(const std::vector<std::string>& paths, ShardSetOptions options);

    /// The open shards as one database.
    const Xapian::Database& database() const { return database_; }
    /// Each open shard on its own (Xapian reads metadata from the first shard only).
    const std::vector<Xapian::Database>& shards() const { return shards_; }

    /// Connects to every shard again, after a Xapian::NetworkError (a remote shard died, or
    /// its server dropped an idle connection). A shard that still cannot be opened is
    /// handled as when the set was made: an error naming it, or skipped with a warning.
    void reconnect();

    /// Some shard is served by another process (xapian-tcpsrv, a remote program).
    bool has_remote() const;
    /// For each of shards(), whether another process serves it.
    const std::vector<bool>& remote() const { return remote_; }

    /// The open shards opened once more, as a handle of their own (a thread's: one handle
    /// must not be used by two threads at once). Throws what Xapian throws.
    Xapian::Database open_again() const;

    std::size_t listed() const { return specs_.size(); }
    std::size_t open() const { return open_; }

  private:
    void open_all();

    std::vector<ShardSpec> specs_;
    std::vector<ShardSpec> open_specs_;  ///< those of specs_ that opened
    ShardSetOptions options_;
    Xapian::Database database_;
    std::vector<Xapian::Database> shards_;
    std::vector<bool> remote_;
    std::size_t open_ = 0;
};

}  // namespace news
