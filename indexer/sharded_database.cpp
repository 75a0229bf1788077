#include "indexer/sharded_database.hpp"

#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <utility>

#include "common/schema.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

std::string metadata(const Xapian::Database& db, std::string_view key) { return db.get_metadata(std::string(key)); }

/// Writes the stub listing the shards, through a temporary file renamed over it, so a
/// reader never sees half a stub. Paths are relative: the folder can be moved or copied.
void write_stub(const fs::path& folder, unsigned shards) {
    const fs::path stub = folder / kStubFileName;
    const fs::path temporary = folder / (std::string(kStubFileName) + ".tmp");
    {
        std::ofstream out(temporary, std::ios::trunc);
        for (unsigned i = 0; i < shards; ++i) out << "auto shard" << i << '\n';
        out.flush();
        if (!out) throw std::runtime_error("cannot write " + temporary.string());
    }
    fs::rename(temporary, stub);
}

/// Opens (or, when `create`, creates) shard `shard` of `shards` and checks that its
/// metadata says so; a new shard gets that metadata committed at once.
Xapian::WritableDatabase open_shard(const std::string& path, unsigned shard, unsigned shards, bool create,
                                    const IndexOptions& options) {
    const StubPrograms programs = options.stub_programs;
    if (!create && !fs::exists(path))
        throw std::runtime_error("shard " + path + " is missing (the sharded database has " + std::to_string(shards) +
                                 " shards)");
    // A shard folder may be a stub too, which Xapian would follow.
    if (programs == StubPrograms::kRefuse) refuse_stub_programs(path);
    const int layout = database_open_flags(path, options.termlist) & Xapian::DB_NO_TERMLIST;
    Xapian::WritableDatabase db(path, (create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN) | layout);
    const std::string count = metadata(db, schema::kShardCountKey);
    if (count.empty() && create) {
        db.set_metadata(std::string(schema::kShardCountKey), std::to_string(shards));
        db.set_metadata(std::string(schema::kShardNumberKey), std::to_string(shard));
        db.commit();
        return db;
    }
    const std::string number = metadata(db, schema::kShardNumberKey);
    if (count != std::to_string(shards) || number != std::to_string(shard))
        throw std::runtime_error("shard " + path + " says it is shard " + (number.empty() ? "?" : number) + " of " +
                                 (count.empty() ? "?" : count) + ", not shard " + std::to_string(shard) + " of " +
                                 std::to_string(shards));
    return db;
}

}  // namespace

std::string shard_path(const std::string& path, std::size_t shard) {
    return (fs::path(path) / ("shard" + std::to_string(shard))).string();
}

std::optional<unsigned> sharded_database_shards(const std::string& path, StubPrograms programs) {
    const std::string first = shard_path(path, 0);
    if (!fs::is_directory(first)) return std::nullopt;
    if (programs == StubPrograms::kRefuse) refuse_stub_programs(first);
    const std::string count = metadata(Xapian::Database(first), schema::kShardCountKey);
    try {
        std::size_t end = 0;
        const unsigned long shards = std::stoul(count, &end);
        if (end == count.size() && shards > 0) return static_cast<unsigned>(shards);
    } catch (const std::logic_error&) {
        // reported below
    }
    throw std::runtime_error(first + " does not say how many shards its database has (metadata " +
                             std::string(schema::kShardCountKey) + " is '" + count +
                             "'; if its creation was interrupted, remove the folder and index again)");
}

std::vector<std::unique_ptr<IndexBuilder>> open_sharded_database(const std::string& path, unsigned shards,
                                                                 const IndexOptions& options) {
    const std::optional<unsigned> existing = sharded_database_shards(path, options.stub_programs);
    if (existing && shards != 0 && *existing != shards)
        throw std::runtime_error(path + " has " + std::to_string(*existing) + " shards, not " + std::to_string(shards));
    if (!existing) {
        if (shards == 0) throw std::runtime_error("no sharded database at " + path);
        if (fs::exists(path) && !(fs::is_directory(path) && fs::is_empty(path)))
            throw std::runtime_error(path + " holds something other than a sharded database (a single database?)");
        fs::create_directories(path);
    }
    const unsigned count = existing ? *existing : shards;
    // Shards are created only while the stub is missing, i.e. while the database is new:
    // a shard that vanished from a finished one is an error, not an empty shard.
    const bool creating = !fs::exists(fs::path(path) / kStubFileName);
    std::vector<std::unique_ptr<IndexBuilder>> builders;
    for (unsigned i = 0; i < count; ++i)
        builders.push_back(std::make_unique<IndexBuilder>(open_shard(shard_path(path, i), i, count, creating, options),
                                                          shard_path(path, i), options));
    if (creating) write_stub(path, count);
    return builders;
}

}  // namespace news
