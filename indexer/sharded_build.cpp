#include "indexer/sharded_build.hpp"

#include <filesystem>
#include <utility>
#include <vector>

#include "indexer/compaction.hpp"
#include "indexer/work_folder.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

std::string shard_name(unsigned i) { return "shard" + std::to_string(i); }

/// True when `staging` is a work folder holding what a killed build with `shards` shards
/// left: exactly its shard folders (and perhaps the "merged" folder of a merge that did not
/// finish). With another count, articles would be routed to other shards than before.
bool holds_shards_of_a_killed_build(const fs::path& staging, unsigned shards) {
    std::error_code ec;
    if (!is_work_folder(staging)) return false;
    unsigned found = 0;
    for (const fs::directory_entry& entry : fs::directory_iterator(staging, ec)) {
        const std::string name = entry.path().filename().string();
        if (name == "merged" || name == kWorkFolderMarker) continue;
        bool ours = false;
        for (unsigned i = 0; i < shards && !ours; ++i) ours = name == shard_name(i);
        if (!ours) return false;
        ++found;
    }
    return !ec && found == shards;
}

std::vector<std::unique_ptr<IndexBuilder>> open_shards(const fs::path& staging, unsigned shards,
                                                       const IndexOptions& options) {
    std::vector<std::unique_ptr<IndexBuilder>> builders;
    for (unsigned i = 0; i < shards; ++i)
        builders.push_back(std::make_unique<IndexBuilder>((staging / shard_name(i)).string(), options));
    return builders;
}

}  // namespace

ShardedBuild::ShardedBuild(std::string staging_dir, unsigned shards, const IndexOptions& options,
                           FailureHandler on_failure)
    : staging_dir_(std::move(staging_dir)) {
    const fs::path staging(staging_dir_);
    std::vector<std::unique_ptr<IndexBuilder>> builders;
    // A build killed before its merge left its committed batches here: kept, the re-run
    // finds those articles unchanged (same shard by id, same content hash) and adds only
    // the rest. A damaged staging folder of ours is debris, started over; a folder of the
    // same name that is not ours is never touched (create_work_folder throws).
    if (holds_shards_of_a_killed_build(staging, shards)) {
        try {
            fs::remove_all(staging / "merged");
            builders = open_shards(staging, shards, options);
            for (const auto& builder : builders) resumed_ += builder->database().get_doccount();
        } catch (const Xapian::Error&) {
            builders.clear();
            resumed_ = 0;
        }
    }
    if (builders.empty()) {
        create_work_folder(staging);
        builders = open_shards(staging, shards, options);
    }
    writers_ = std::make_unique<ShardWriters>(std::move(builders), std::move(on_failure));
}

ShardedBuild::~ShardedBuild() {
    writers_.reset();  // stops the threads and closes the staging databases before their folder goes
    WorkFolderGuard remove_staging(staging_dir_);
}

void ShardedBuild::merge_into(Xapian::WritableDatabase& target, const std::string& target_path) {
    Xapian::Database all;
    for (std::size_t i = 0; i < writers_->size(); ++i) all.add_database(writers_->builder(i).database());
    const fs::path merged = fs::path(staging_dir_) / "merged";
    all.compact(merged.string());
    target.commit();
    replace_database(merged.string(), target_path);
}

}  // namespace news
