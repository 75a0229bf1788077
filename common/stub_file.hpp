/// @file stub_file.hpp
/// @brief What a database path stands for: Xapian's stub files (a file, or a folder holding
/// XAPIANDB) read into the databases they list, for the searcher to open one by one; and
/// the check that keeps a stub from running a program.
///
/// Xapian starts PROGRAM when it opens a stub with a line `remote :PROGRAM ARGS`, and it
/// follows stubs by itself: a path given to Xapian::Database or Xapian::WritableDatabase
/// that is a stub file, or a folder holding XAPIANDB, or that leads to one through `auto`
/// lines, can run any command. A database folder received from someone else is such a
/// path, so every path a user gives is read here, before Xapian opens anything, and a
/// program line is refused unless the user allowed it (--allow-stub-programs).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace news {

/// One database a stub lists (or a path given directly): a local database folder, or a
/// remote database.
struct ShardSpec {
    enum class Kind { kLocal, kRemoteTcp, kRemoteProgram, kInMemory };
    Kind kind = Kind::kLocal;
    std::string location;   ///< path; host (kRemoteTcp); program (kRemoteProgram)
    unsigned port = 0;      ///< kRemoteTcp
    std::string args;       ///< kRemoteProgram: its arguments
    std::string listed_in;  ///< the stub file that lists it ("" when given directly)
    unsigned line = 0;      ///< its line in that stub
    /// kLocal: the backend a `glass PATH` or `chert PATH` line names, which Xapian opens as
    /// such without looking for a stub in PATH; kDetect lets Xapian tell (expansion has
    /// already followed every stub on the way, so it finds none).
    enum class Backend { kDetect, kGlass, kChert };
    Backend backend = Backend::kDetect;

    /// How messages name it, e.g. "127.0.0.1:7001 (listed in remote.stub, line 2)".
    std::string name() const;
};

/// Whether a stub may run a program (`remote :PROGRAM ARGS`).
enum class StubPrograms { kRefuse, kAllow };

/// A stub line that would run a program, refused. The message names the stub file, the
/// line and its text, and says how to allow it.
class StubProgramError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// The databases `path` stands for. A stub file, or a folder holding a XAPIANDB stub (as
/// `indexer --shards` writes), is read in Xapian's stub format, following nested stubs:
/// `auto PATH`, `glass PATH`, `chert PATH` (relative paths are relative to the stub's
/// folder), `remote HOST:PORT` (xapian-tcpsrv), `remote :PROGRAM ARGS`, `inmemory`; blank
/// lines and lines starting with '#' are skipped (a line's trailing carriage return is
/// dropped). A regular file is a stub unless it is a single-file glass database, and a
/// folder is one when it holds a XAPIANDB file and no iamglass or iamchert file, as Xapian
/// tells them apart. Any other path is one database. Throws StubProgramError at the first
/// `remote :PROGRAM` line unless `programs` is kAllow, and std::runtime_error naming the
/// file and line of a line it cannot read. Opens no database.
std::vector<ShardSpec> expand_database_path(const std::string& path, StubPrograms programs);

/// Throws StubProgramError when handing `path` to Xapian (Xapian::Database or
/// Xapian::WritableDatabase) would run a program: when `path` is a stub, or leads through
/// `auto` lines to one, with a `remote :PROGRAM` line. Read as Xapian reads it (a carriage
/// return is part of the line); a line that expand_database_path() cannot read is an error
/// here too (std::runtime_error), since what Xapian makes of it is not checked. A path that
/// does not exist is no stub.
void refuse_stub_programs(const std::string& path);

}  // namespace news
