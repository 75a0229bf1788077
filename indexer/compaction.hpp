/// @file compaction.hpp
/// @brief Compacts a database and swaps the result in atomically.
#pragma once

#include <string>

#include <xapian.h>

namespace news {

/// Compacts the database at `db_path` (written through `writer`, whose lock keeps other
/// writers out meanwhile) into a sibling folder, then exchanges the two folders with one
/// atomic rename (renameat2 RENAME_EXCHANGE): readers see either the old database or the
/// compacted one, never a half-written folder. The old folder is removed afterwards.
/// On failure the original is left untouched and the error is thrown.
void compact_in_place(Xapian::WritableDatabase& writer, const std::string& db_path);

/// Puts the database folder `replacement` at `target` with one atomic exchange; the old
/// database is left at `replacement`'s path for the caller to remove. Both must exist.
void replace_database(const std::string& replacement, const std::string& target);

}  // namespace news
