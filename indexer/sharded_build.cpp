#include "indexer/sharded_build.hpp"

#include <filesystem>
#include <utility>
#include <vector>

#include "indexer/compaction.hpp"

namespace news {

namespace fs = std::filesystem;

ShardedBuild::ShardedBuild(std::string staging_dir, unsigned shards, const IndexOptions& options,
                           FailureHandler on_failure)
    : staging_dir_(std::move(staging_dir)) {
    fs::remove_all(staging_dir_);  // debris of a killed run
    fs::create_directories(staging_dir_);
    std::vector<std::unique_ptr<IndexBuilder>> builders;
    for (unsigned i = 0; i < shards; ++i)
        builders.push_back(
            std::make_unique<IndexBuilder>((fs::path(staging_dir_) / ("shard" + std::to_string(i))).string(), options));
    writers_ = std::make_unique<ShardWriters>(std::move(builders), std::move(on_failure));
}

ShardedBuild::~ShardedBuild() {
    writers_.reset();  // stops the threads and closes the staging databases before their folder goes
    std::error_code ec;
    fs::remove_all(staging_dir_, ec);
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
