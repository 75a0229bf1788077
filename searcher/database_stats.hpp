/// @file database_stats.hpp
/// @brief What a database holds, for `searcher --stats`: articles, their date span,
/// per-source and per-year counts, the schema version, the size of each table on disk and
/// the last indexing run, as text for people or JSON for programs.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "common/indexing_run_record.hpp"
#include "searcher/shard_set.hpp"

namespace news {

/// The size on disk of one kind of table (postlist, termlist, position, docdata,
/// spelling, synonym), summed over the local shards.
struct TableSize {
    std::string table;
    std::uintmax_t bytes = 0;
};

struct DatabaseStats {
    Xapian::doccount articles = 0;
    Xapian::doccount dated = 0;  ///< articles with a date
    std::string first_date;      ///< "2015-09-22"; empty when no article is dated
    std::string last_date;
    Xapian::doccount without_source = 0;                            ///< articles that name none
    std::vector<std::pair<std::string, Xapian::doccount>> sources;  ///< lowercased; most articles first
    std::vector<std::pair<std::string, Xapian::doccount>> years;    ///< oldest first
    std::string schema_version;                                     ///< as stored; empty when none is
    std::string language;  ///< schema::language_of() the first shard; empty when there is none
    /// Where the first shard keeps its word positions: "value" (indexer --compact-positions,
    /// schema::positions_in_value()) or "xapian" (Xapian's position table); empty without shards.
    std::string positions;
    std::size_t shards = 0;          ///< databases searched as one
    std::size_t remote_shards = 0;   ///< of those, served by another process
    std::vector<TableSize> tables;   ///< of the local shards, in Xapian's order
    std::uintmax_t table_bytes = 0;  ///< their sum
    /// The latest run recorded in any shard (schema::kLastIndexingRunKey).
    std::optional<IndexingRunRecord> last_run;
};

/// Counts what the databases of `shards` hold. `paths` are the --db paths `shards` was
/// opened from: the table files are found in their local database folders (a sharded
/// database's stub is followed, remote shards are counted but have no size here).
/// `programs` as for the ShardSet. Reads terms and metadata only, no documents.
DatabaseStats collect_database_stats(const ShardSet& shards, const std::vector<std::string>& paths,
                                     StubPrograms programs);

/// A few aligned lines for people: "Articles: 2,229 (3 dated)", the date span, the schema
/// version, the language, the word positions' layout when compact, then per source, per
/// year, per table, and the last indexing run.
void write_stats_text(std::ostream& out, const DatabaseStats& stats);

/// One JSON object on one line: articles, dated, first_date, last_date (null when none is
/// dated), schema_version (a number), language, positions ("value" or "xapian"), shards,
/// remote_shards, sources and years ([{value,
/// count}]), without_source,
/// tables ({name: bytes}), table_bytes, last_run (the record's fields, or null).
void write_stats_json(std::ostream& out, const DatabaseStats& stats);

}  // namespace news
