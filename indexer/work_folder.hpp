/// @file work_folder.hpp
/// @brief The folders the indexer makes beside a database for its own work (staging shards,
/// a compaction in progress), marked as its own so that it never removes anything else.
///
/// A work folder is named after the database it serves: DB.staging, DB.compacting. A user
/// may have a folder of that name for reasons of their own; so each work folder carries a
/// marker file, and a folder without it is never removed or written to.
#pragma once

#include <filesystem>
#include <string_view>

namespace news {

/// The file inside a work folder that marks it as the indexer's own.
inline constexpr std::string_view kWorkFolderMarker = ".news-indexer-work";

/// The work folder `purpose` ("staging", "compacting") of the database at `database` (an
/// absolute, normalised path): its sibling DB.purpose.
std::filesystem::path work_folder_path(const std::filesystem::path& database, std::string_view purpose);

/// True when `path` is a real folder (not a symlink) holding the marker.
bool is_work_folder(const std::filesystem::path& path);

/// Throws std::runtime_error when something that is not a work folder exists at `path`,
/// naming it and saying what to do; the indexer must not touch it.
void require_no_foreign_folder(const std::filesystem::path& path);

/// Makes a new, empty, marked work folder at `path`, removing an earlier work folder there.
/// Throws std::runtime_error when `path` is taken by something else, or on I/O errors.
void create_work_folder(const std::filesystem::path& path);

/// Removes the work folder at `path`. False when there is none; throws std::runtime_error
/// when `path` is taken by something that is not a work folder.
bool remove_work_folder(const std::filesystem::path& path);

/// Removes a work folder when it goes out of scope, whether its work succeeded or threw:
/// no debris. Never throws.
class WorkFolderGuard {
  public:
    explicit WorkFolderGuard(std::filesystem::path path) : path_(std::move(path)) {}
    ~WorkFolderGuard();
    WorkFolderGuard(const WorkFolderGuard&) = delete;
    WorkFolderGuard& operator=(const WorkFolderGuard&) = delete;

  private:
    std::filesystem::path path_;
};

}  // namespace news
