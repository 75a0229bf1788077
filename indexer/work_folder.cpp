#include "indexer/work_folder.hpp"

#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

namespace news {

namespace fs = std::filesystem;

fs::path work_folder_path(const fs::path& database, std::string_view purpose) {
    fs::path path = database;
    path += ".";
    path += purpose;
    return path;
}

bool is_work_folder(const fs::path& path) {
    std::error_code ec;
    // A symlink is never ours: removing through it could reach anywhere.
    if (!fs::is_directory(fs::symlink_status(path, ec))) return false;
    return fs::is_regular_file(fs::symlink_status(path / kWorkFolderMarker, ec));
}

void require_no_foreign_folder(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(fs::symlink_status(path, ec)) || is_work_folder(path)) return;
    throw std::runtime_error(path.string() +
                             " exists and was not made by the indexer, which needs that name for its work beside the "
                             "database: move it away (nothing was changed)");
}

void create_work_folder(const fs::path& path) {
    remove_work_folder(path);
    fs::create_directories(path);
    std::ofstream marker(path / kWorkFolderMarker);
    marker << "Made by the news-search indexer for its work on the database beside it; removed when that is done.\n";
    if (!marker.flush()) throw std::runtime_error("cannot write in " + path.string());
}

bool remove_work_folder(const fs::path& path) {
    require_no_foreign_folder(path);
    if (!is_work_folder(path)) return false;
    fs::remove_all(path);
    return true;
}

WorkFolderGuard::~WorkFolderGuard() {
    std::error_code ec;
    if (is_work_folder(path_)) fs::remove_all(path_, ec);
}

}  // namespace news
