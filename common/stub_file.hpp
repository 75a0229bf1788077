/// @file stub_file.hpp
/// @brief What a database path stands for: Xapian's stub files (a file, or a folder holding
/// XAPIANDB) read into the databases they list, for the searcher to open one by one.
#pragma once

#include <string>
#include <vector>

namespace news {

/// One database a stub lists (or a path given directly): a local database folder, or a
/// remote database.
struct ShardSpec {
    enum class Kind { kLocal, kRemoteTcp, kRemoteProgram, kInMemory };
    Kind kind = Kind::kLocal;
    std::string location;  ///< path; host (kRemoteTcp); program (kRemoteProgram)
    unsigned port = 0;     ///< kRemoteTcp
    std::string args;      ///< kRemoteProgram: its arguments
    std::string listed_in; ///< the stub file that lists it ("" when given directly)
    unsigned line = 0;     ///< its line in that stub

    /// How messages name it, e.g. "127.0.0.1:7001 (listed in remote.stub, line 2)".
    std::string name() const;
};

/// The databases `path` stands for. A stub file, or a folder holding a XAPIANDB stub (as
/// `indexer --shards` writes), is read in Xapian's stub format, following nested stubs:
/// `auto PATH`, `glass PATH`, `chert PATH` (relative paths are relative to the stub's
/// folder), `remote HOST:PORT` (xapian-tcpsrv), `remote :PROGRAM ARGS`, `inmemory`; blank
/// lines and lines starting with '#' are skipped. Any other path is one database. Throws
/// std::runtime_error naming the file and line of a line it cannot read.
std::vector<ShardSpec> expand_database_path(const std::string& path);

}  // namespace news
