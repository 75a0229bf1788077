#include "searcher/database_stats.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>

#include "common/schema.hpp"
#include "common/terminal_text.hpp"
#include "searcher/match_count.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

/// Glass's tables, in the order Xapian's documentation lists them; each is NAME.glass.
constexpr std::array<std::string_view, 6> kTables = {"postlist", "termlist", "position",
                                                     "docdata",  "spelling", "synonym"};

/// Each term with `prefix` as the rest of the term and its document count, in term order.
std::vector<std::pair<std::string, Xapian::doccount>> terms_with_prefix(const Xapian::Database& db,
                                                                        std::string_view prefix) {
    std::vector<std::pair<std::string, Xapian::doccount>> out;
    const std::string p(prefix);
    for (auto t = db.allterms_begin(p); t != db.allterms_end(p); ++t)
        out.emplace_back((*t).substr(p.size()), t.get_termfreq());
    return out;
}

/// "20150922" -> "2015-09-22".
std::string iso_day(const std::string& day) {
    if (day.size() != 8) return day;
    return day.substr(0, 4) + "-" + day.substr(4, 2) + "-" + day.substr(6, 2);
}

/// Adds the sizes of the table files in the database folder `folder` to `sizes`.
void add_table_sizes(const fs::path& folder, std::map<std::string, std::uintmax_t>& sizes) {
    std::error_code ec;
    if (fs::is_regular_file(folder, ec)) {  // a single-file glass database
        const std::uintmax_t bytes = fs::file_size(folder, ec);
        if (!ec) sizes["(single file)"] += bytes;
        return;
    }
    for (const std::string_view table : kTables) {
        const std::uintmax_t bytes = fs::file_size(folder / (std::string(table) + ".glass"), ec);
        if (!ec) sizes[std::string(table)] += bytes;
    }
}

/// The tables in kTables order (a single-file database last), and their sum.
void set_tables(const std::map<std::string, std::uintmax_t>& sizes, DatabaseStats& stats) {
    for (const std::string_view table : kTables)
        if (const auto it = sizes.find(std::string(table)); it != sizes.end())
            stats.tables.push_back({it->first, it->second});
    if (const auto it = sizes.find("(single file)"); it != sizes.end()) stats.tables.push_back({it->first, it->second});
    for (const TableSize& t : stats.tables) stats.table_bytes += t.bytes;
}

/// The run that finished last, of the records in the shards' metadata.
std::optional<IndexingRunRecord> latest_run(const std::vector<Xapian::Database>& shards) {
    std::optional<IndexingRunRecord> latest;
    for (const Xapian::Database& shard : shards) {
        const auto run = decode_indexing_run(shard.get_metadata(std::string(schema::kLastIndexingRunKey)));
        if (run && (!latest || run->finished > latest->finished)) latest = run;
    }
    return latest;
}

/// 1536 -> "1.5 KiB"; bytes below 1 KiB as "512 B".
std::string human_bytes(std::uintmax_t bytes) {
    constexpr std::array<const char*, 5> kUnits = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = static_cast<double>(bytes);
    std::size_t unit = 0;
    while (value >= 1024 && unit + 1 < kUnits.size()) {
        value /= 1024;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", value, kUnits[unit]);
    return text;
}

/// "  NAME   COUNT" lines, names padded to the longest and counts right-aligned.
void write_counts(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& rows) {
    std::size_t name_width = 0, count_width = 0;
    for (const auto& [name, count] : rows) {
        name_width = std::max(name_width, name.size());
        count_width = std::max(count_width, count.size());
    }
    for (const auto& [name, count] : rows)
        out << "  " << name << std::string(name_width - name.size() + 2 + count_width - count.size(), ' ') << count
            << '\n';
}

std::vector<std::pair<std::string, std::string>> count_rows(
    const std::vector<std::pair<std::string, Xapian::doccount>>& counts) {
    std::vector<std::pair<std::string, std::string>> rows;
    for (const auto& [value, count] : counts) rows.emplace_back(terminal_safe(value), with_thousands_separators(count));
    return rows;
}

/// The schema version as a number when it is one (as the indexer writes it), else as stored.
nlohmann::json schema_version_json(const std::string& version) {
    if (version.empty()) return nullptr;
    if (version.size() < 10 && version.find_first_not_of("0123456789") == std::string::npos) return std::stoi(version);
    return version;
}

/// For a database of an older schema than this build writes, what it misses and the command
/// that brings it up to date; "" otherwise.
std::string older_schema_note(const std::string& version) {
    const nlohmann::json number = schema_version_json(version);
    if (!number.is_number_integer() || number.get<int>() >= schema::kSchemaVersion) return "";
    return " (the current schema is " + std::to_string(schema::kSchemaVersion) +
           ", smaller and faster: `indexer --db DB --rebuild` moves the database to it from its own articles)";
}

std::string describe_run(const IndexingRunRecord& r) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%.2f", r.seconds);
    return r.finished + ": " + std::to_string(r.added) + " added, " + std::to_string(r.updated) + " updated, " +
           std::to_string(r.unchanged) + " unchanged, " + std::to_string(r.deleted) + " deleted, " +
           std::to_string(r.skipped) + " skipped, " + std::to_string(r.failed) + " failed in " + seconds + " s";
}

}  // namespace

DatabaseStats collect_database_stats(const ShardSet& shards, const std::vector<std::string>& paths,
                                     StubPrograms programs) {
    const Xapian::Database& db = shards.database();
    DatabaseStats stats;
    stats.articles = db.get_doccount();
    stats.sources = terms_with_prefix(db, schema::kSourcePrefix);
    std::stable_sort(stats.sources.begin(), stats.sources.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    Xapian::doccount with_source = 0;
    for (const auto& [source, count] : stats.sources) with_source += count;
    stats.without_source = stats.articles - std::min(with_source, stats.articles);
    stats.years = terms_with_prefix(db, schema::kYearPrefix);
    for (const auto& [year, count] : stats.years) stats.dated += count;
    // Day terms ("D20150922") sort by date, and only days some article has are terms.
    const auto days = terms_with_prefix(db, schema::kDayPrefix);
    if (!days.empty()) {
        stats.first_date = iso_day(days.front().first);
        stats.last_date = iso_day(days.back().first);
    }
    if (!shards.shards().empty())
        stats.schema_version = shards.shards().front().get_metadata(std::string(schema::kSchemaVersionKey));
    if (!shards.shards().empty()) stats.language = schema::language_of(shards.shards().front());
    if (!shards.shards().empty())
        stats.positions = schema::positions_in_value(shards.shards().front()) ? "value" : "xapian";
    stats.last_run = latest_run(shards.shards());
    stats.shards = shards.open();

    std::map<std::string, std::uintmax_t> sizes;
    for (const std::string& path : paths) {
        for (const ShardSpec& spec : expand_database_path(path, programs)) {
            if (spec.kind == ShardSpec::Kind::kLocal)
                add_table_sizes(spec.location, sizes);
            else if (spec.kind != ShardSpec::Kind::kInMemory)
                ++stats.remote_shards;
        }
    }
    set_tables(sizes, stats);
    return stats;
}

void write_stats_text(std::ostream& out, const DatabaseStats& s) {
    out << "Articles: " << with_thousands_separators(s.articles) << " (" << with_thousands_separators(s.dated)
        << " dated)\n";
    if (!s.first_date.empty()) out << "Dates: " << s.first_date << " to " << s.last_date << '\n';
    out << "Schema version: " << (s.schema_version.empty() ? "(none)" : terminal_safe(s.schema_version))
        << older_schema_note(s.schema_version) << '\n';
    if (!s.language.empty()) out << "Language: " << terminal_safe(s.language) << '\n';
    if (s.positions == "value") out << "Word positions: in a value an article (--compact-positions)\n";
    if (s.shards > 1)
        out << "Shards: " << s.shards
            << (s.remote_shards > 0 ? " (" + std::to_string(s.remote_shards) + " remote)" : "") << '\n';
    out << "Sources:\n";
    std::vector<std::pair<std::string, std::string>> sources = count_rows(s.sources);
    if (s.without_source > 0) sources.emplace_back("(none)", with_thousands_separators(s.without_source));
    write_counts(out, sources);
    out << "Years:" << (s.years.empty() ? " (none dated)" : "") << '\n';
    write_counts(out, count_rows(s.years));
    out << "Tables:" << (s.tables.empty() ? " (none local)" : "") << '\n';
    std::vector<std::pair<std::string, std::string>> tables;
    for (const TableSize& t : s.tables) tables.emplace_back(t.table, human_bytes(t.bytes));
    if (!s.tables.empty()) tables.emplace_back("total", human_bytes(s.table_bytes));
    write_counts(out, tables);
    out << "Last indexing run: " << (s.last_run ? describe_run(*s.last_run) : "(not recorded)") << '\n';
}

void write_stats_json(std::ostream& out, const DatabaseStats& s) {
    const auto counts = [](const std::vector<std::pair<std::string, Xapian::doccount>>& values) {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& [value, count] : values) list.push_back({{"value", value}, {"count", count}});
        return list;
    };
    nlohmann::json tables = nlohmann::json::object();
    for (const TableSize& t : s.tables) tables[t.table] = t.bytes;
    nlohmann::json last_run = nullptr;
    if (s.last_run) {
        const IndexingRunRecord& r = *s.last_run;
        last_run = {{"finished", r.finished},   {"added", r.added},     {"updated", r.updated},
                    {"unchanged", r.unchanged}, {"deleted", r.deleted}, {"skipped", r.skipped},
                    {"failed", r.failed},       {"seconds", r.seconds}};
    }
    const auto date_or_null = [](const std::string& d) {
        return d.empty() ? nlohmann::json(nullptr) : nlohmann::json(d);
    };
    const nlohmann::json j = {{"articles", s.articles},
                              {"dated", s.dated},
                              {"first_date", date_or_null(s.first_date)},
                              {"last_date", date_or_null(s.last_date)},
                              {"schema_version", schema_version_json(s.schema_version)},
                              {"language", s.language},
                              {"positions", s.positions},
                              {"shards", s.shards},
                              {"remote_shards", s.remote_shards},
                              {"sources", counts(s.sources)},
                              {"without_source", s.without_source},
                              {"years", counts(s.years)},
                              {"tables", std::move(tables)},
                              {"table_bytes", s.table_bytes},
                              {"last_run", std::move(last_run)}};
    out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace news
