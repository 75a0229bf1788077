/// @file test_support.hpp
/// @brief Paths to the project's and the shared folder's real data, for tests.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace news::test {

/// A path inside the source tree, e.g. project_path("corpus/seed").
inline std::filesystem::path project_path(const std::string& relative) {
    return std::filesystem::path(NEWS_SOURCE_DIR) / relative;
}

/// A path inside ../shared (the read-only data folder beside the checkout).
inline std::filesystem::path shared_path(const std::string& relative) {
    return std::filesystem::path(NEWS_SOURCE_DIR) / ".." / "shared" / relative;
}

inline std::filesystem::path seed_article_path() {
    return project_path("corpus/seed/thehill-xi-cyber-dialogue.txt");
}

/// A fresh, empty temporary directory removed when the object goes out of scope.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

/// Writes `content` to `path` (binary, truncating), creating parent folders.
void write_file(const std::filesystem::path& path, const std::string& content);
/// The whole file as bytes.
std::string read_file(const std::filesystem::path& path);

}  // namespace news::test

/// Skips the current test with a message when ../shared/<relative> does not exist.
#define NEWS_REQUIRE_SHARED(relative)                                                          \
    do {                                                                                       \
        if (!std::filesystem::exists(::news::test::shared_path(relative)))                     \
            GTEST_SKIP() << "needs ../shared/" << (relative) << " (not present: skipped)";    \
    } while (0)
