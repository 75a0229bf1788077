#include "indexer/compaction.hpp"

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace news {

namespace fs = std::filesystem;

namespace {

/// Removes a folder when it goes out of scope unless released: no debris on failure.
class FolderGuard {
  public:
    explicit FolderGuard(fs::path path) : path_(std::move(path)) {}
    ~FolderGuard() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    FolderGuard(const FolderGuard&) = delete;
    FolderGuard& operator=(const FolderGuard&) = delete;

  private:
    fs::path path_;
};

void swap_folders(const fs::path& a, const fs::path& b) {
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0)
        throw std::runtime_error("cannot swap in the compacted database: " + std::string(std::strerror(errno)));
}

}  // namespace

void compact_in_place(Xapian::WritableDatabase& writer, const std::string& db_path) {
    const fs::path target = fs::absolute(db_path).lexically_normal();
    const fs::path staging = target.parent_path() / (target.filename().string() + ".compacting");
    fs::remove_all(staging);  // debris of an earlier crash
    FolderGuard cleanup(staging);
    writer.commit();
    writer.compact(staging.string());
    replace_database(staging.string(), target.string());  // `staging` now holds the old database
}

void replace_database(const std::string& replacement, const std::string& target) { swap_folders(replacement, target); }

}  // namespace news
