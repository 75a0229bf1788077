#include "indexer/compaction.hpp"

#include <fcntl.h>
#include <stdio.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "indexer/work_folder.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

void swap_folders(const fs::path& a, const fs::path& b) {
    if (::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) != 0)
        throw std::runtime_error("cannot swap in the compacted database: " + std::string(std::strerror(errno)));
}

}  // namespace

fs::path compaction_folder(const std::string& db_path) { return work_folder_path(db_path, "compacting"); }

void compact_in_place(Xapian::WritableDatabase& writer, const std::string& db_path) {
    // The compacted copy is written inside a marked work folder, so that only a folder the
    // indexer made is ever removed, and a kill leaves debris the next run recognises.
    const fs::path work = compaction_folder(db_path);
    create_work_folder(work);
    WorkFolderGuard cleanup(work);
    const fs::path compacted = work / "database";
    writer.commit();
    writer.compact(compacted.string());
    replace_database(compacted.string(), db_path);  // `compacted` now holds the old database
}

void replace_database(const std::string& replacement, const std::string& target) { swap_folders(replacement, target); }

}  // namespace news
