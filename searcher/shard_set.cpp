#include "searcher/shard_set.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>
#include <utility>

namespace news {

namespace fs = std::filesystem;

namespace {

/// Xapian's reason without its class name, e.g. "Couldn't connect (Connection refused)".
std::string reason(const Xapian::Error& e) {
    std::string out = e.get_msg();
    if (const char* detail = e.get_error_string(); detail && *detail) out += std::string(" (") + detail + ")";
    return out;
}

/// True for a folder that holds no Xapian database: no version file of any backend.
/// Xapian would say "Couldn't detect type of database", which tells a user nothing.
bool is_folder_without_database(const ShardSpec& spec) {
    if (spec.kind != ShardSpec::Kind::kLocal || spec.backend != ShardSpec::Backend::kDetect) return false;
    std::error_code error;
    if (!fs::is_directory(spec.location, error)) return false;
    for (const char* marker : {"iamglass", "iamchert", "iamhoney", "XAPIANDB"})
        if (fs::exists(fs::path(spec.location) / marker, error)) return false;
    return true;
}

/// Why `spec` could not be opened, in the user's terms where we know them better than Xapian.
std::string reason(const ShardSpec& spec, const Xapian::Error& e) {
    if (is_folder_without_database(spec)) return "not a database (a folder with no index in it)";
    return reason(e);
}

}  // namespace

Xapian::Database open_shard(const ShardSpec& spec) {
    switch (spec.kind) {
        case ShardSpec::Kind::kRemoteTcp:
            return Xapian::Remote::open(spec.location, spec.port);
        case ShardSpec::Kind::kRemoteProgram:
            return Xapian::Remote::open(spec.location, spec.args);
        case ShardSpec::Kind::kInMemory:
            return Xapian::Database(std::string(), Xapian::DB_BACKEND_INMEMORY);
        case ShardSpec::Kind::kLocal:
            break;
    }
    // A "glass PATH" line is opened as glass: detecting would follow a stub in PATH, which
    // expansion did not read.
    switch (spec.backend) {
        case ShardSpec::Backend::kGlass:
            return Xapian::Database(spec.location, Xapian::DB_BACKEND_GLASS);
        case ShardSpec::Backend::kChert:
            return Xapian::Database(spec.location, Xapian::DB_BACKEND_CHERT);
        case ShardSpec::Backend::kDetect:
            break;
    }
    return Xapian::Database(spec.location);
}

ShardSet::ShardSet(const std::vector<std::string>& paths, ShardSetOptions options) : options_(std::move(options)) {
    for (const std::string& path : paths) {
        if (!fs::exists(path))
            throw std::runtime_error("no database at " + path + " (run indexer first, or pass --db)");
        for (ShardSpec& spec : expand_database_path(path, options_.stub_programs)) specs_.push_back(std::move(spec));
    }
    open_all();
}

void ShardSet::reconnect() { open_all(); }

namespace {

bool is_remote(const ShardSpec& spec) {
    return spec.kind == ShardSpec::Kind::kRemoteTcp || spec.kind == ShardSpec::Kind::kRemoteProgram;
}

}  // namespace

bool ShardSet::has_remote() const { return std::any_of(specs_.begin(), specs_.end(), is_remote); }

void ShardSet::open_all() {
    Xapian::Database all;
    std::vector<Xapian::Database> shards;
    std::vector<bool> remote;
    std::vector<ShardSpec> open_specs;
    std::size_t opened = 0;
    for (const ShardSpec& spec : specs_) {
        try {
            shards.push_back(open_shard(spec));
            remote.push_back(is_remote(spec));
            all.add_database(shards.back());
            open_specs.push_back(spec);
            ++opened;
        } catch (const Xapian::Error& e) {
            // DatabaseOpeningError (a missing or damaged local shard) and NetworkError (a
            // remote shard down or unreachable) alike.
            if (specs_.size() == 1 && spec.listed_in.empty())
                throw std::runtime_error(is_folder_without_database(spec)
                                             ? spec.name() + " is not a database: the folder holds no index"
                                             : "cannot open database " + spec.name() + ": " + reason(e));
            if (!options_.allow_partial)
                throw std::runtime_error("cannot open shard " + spec.name() + ": " + reason(spec, e) +
                                         " (--allow-partial searches the other shards)");
            if (options_.warn)
                options_.warn("skipping shard " + spec.name() + ": " + reason(spec, e) + "; results are incomplete");
        }
    }
    if (opened == 0)
        throw std::runtime_error("no shard could be opened (" + std::to_string(specs_.size()) + " listed)");
    database_ = std::move(all);
    shards_ = std::move(shards);
    remote_ = std::move(remote);
    open_specs_ = std::move(open_specs);
    open_ = opened;
}

Xapian::Database ShardSet::open_again() const {
    Xapian::Database all;
    for (const ShardSpec& spec : open_specs_) all.add_database(open_shard(spec));
    return all;
}

}  // namespace news
