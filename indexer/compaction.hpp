/// @file compaction.hpp
/// @brief Compacts a database and swaps the result in atomically.
#pragma once

#include <xapian.h>

#include <filesystem>
#include <string>

namespace news {

/// The work folder a compaction of the database at `db_path` (absolute, normalised) is
/// written in: DB.compacting (work_folder.hpp). Found after a run is a compaction that was
/// killed; the database itself is then whole but not compacted.
std::filesystem::path compaction_folder(const std::string& db_path);

/// Compacts the database at `db_path` (absolute, normalised; written through `writer`,
/// whose lock keeps other writers out meanwhile) into its compaction_folder(), then
/// exchanges the two folders with one atomic rename (renameat2 RENAME_EXCHANGE): readers
/// see either the old database or the compacted one, never a half-written folder. The old
/// folder is removed afterwards. On failure the original is left untouched and the error
/// is thrown; a foreign folder where the work folder goes is an error, never removed.
void compact_in_place(Xapian::WritableDatabase& writer, const std::string& db_path);

/// Puts the database folder `replacement` at `target` with one atomic exchange; the old
/// database is left at `replacement`'s path for the caller to remove. Both must exist.
void replace_database(const std::string& replacement, const std::string& target);

}  // namespace news
