#include "common/corpus_reader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <system_error>
#include <utility>

#include "common/jsonl_reader.hpp"
#include "common/text_article.hpp"
#include "common/utf8.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

// One text file is one article; anything this large is not one.
constexpr std::uintmax_t kMaxTextFileBytes = 64u << 20;

/// Reads one file of a known format. `relative` is the path below the folder given on the
/// command line (just the file name for a file given directly): ids and categories come
/// from it.
class FileReader {
  public:
    explicit FileReader(CorpusVisitor& visitor) : visitor_(visitor) {}

    void read(const fs::path& file, const fs::path& relative) {
        if (detect_format(file) == CorpusFormat::kJsonLines) {
            read_jsonl_file(file.string(), relative.generic_string(), visitor_);
        } else {
            read_text(file, relative);
        }
    }

  private:
    void read_text(const fs::path& file, const fs::path& relative) {
        const std::string path = file.string();
        const std::optional<std::string> content = load(file, path);
        if (!content) return;
        if (std::size_t bad = 0; !valid_utf8(*content, &bad)) {
            report_invalid_utf8(path, *content, bad);
            return;
        }
        Article article = parse_text_article(*content);
        if (!has_text(article)) {
            visitor_.on_skip({path, 0}, "no title or body");
            return;
        }
        fs::path id = relative;
        id.replace_extension();
        article.id = id.generic_string();
        if (relative.has_parent_path()) article.category = relative.parent_path().filename().string();
        visitor_.on_article(std::move(article), {path, 0});
    }

    /// The whole file, or nullopt after reporting why it cannot be used.
    std::optional<std::string> load(const fs::path& file, const std::string& path) {
        const auto skip = [&](const std::string& reason) -> std::optional<std::string> {
            visitor_.on_skip({path, 0}, reason);
            return std::nullopt;
        };
        std::error_code ec;
        const std::uintmax_t size = fs::file_size(file, ec);
        if (ec) return skip("cannot read: " + ec.message());
        if (size == 0) return skip("empty file");
        if (size > kMaxTextFileBytes) return skip("file larger than " + std::to_string(kMaxTextFileBytes) + " bytes");

        std::ifstream in(file, std::ios::binary);
        if (!in) return skip(std::string("cannot read: ") + std::strerror(errno));
        std::string content(static_cast<std::size_t>(size), '\0');
        in.read(content.data(), static_cast<std::streamsize>(content.size()));
        content.resize(static_cast<std::size_t>(in.gcount()));  // the file may have shrunk meanwhile
        if (in.bad()) return skip("read error");
        return content;
    }

    /// Located like a JSON Lines record: the line of the bad byte and the offset within it.
    void report_invalid_utf8(const std::string& path, std::string_view content, std::size_t bad) {
        const std::string_view before = content.substr(0, bad);
        const std::size_t last_newline = before.rfind('\n');
        const std::size_t offset = last_newline == std::string_view::npos ? bad : bad - last_newline - 1;
        const auto line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n')) + 1;
        visitor_.on_skip({path, line}, "invalid UTF-8 at byte " + std::to_string(offset));
    }

    CorpusVisitor& visitor_;
};

/// Walks folders depth-first in sorted order, skipping hidden entries and files of
/// unknown format. Remembers the folders it entered so a symlink loop cannot recurse.
class FolderWalker {
  public:
    FolderWalker(const fs::path& root, CorpusVisitor& visitor) : root_(root), visitor_(visitor), files_(visitor) {}

    void walk(const fs::path& folder) {
        std::error_code ec;
        const fs::path canonical = fs::canonical(folder, ec);
        if (!ec && !entered_.insert(canonical).second) return;  // already read through another link

        std::vector<fs::path> entries;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec))
            entries.push_back(it->path());
        if (ec) return visitor_.on_skip({folder.string(), 0}, "cannot read folder: " + ec.message());
        std::sort(entries.begin(), entries.end());

        for (const fs::path& entry : entries) {
            if (visitor_.should_stop()) return;
            if (entry.filename().string().starts_with('.')) continue;
            std::error_code status_ec;
            const fs::file_status status = fs::status(entry, status_ec);  // follows symlinks
            if (fs::is_directory(status)) {
                walk(entry);
            } else if (fs::is_regular_file(status) && detect_format(entry) != CorpusFormat::kUnknown) {
                files_.read(entry, entry.lexically_relative(root_));
            }
        }
    }

  private:
    fs::path root_;
    CorpusVisitor& visitor_;
    FileReader files_;
    std::set<fs::path> entered_;
};

}  // namespace

std::string RecordLocation::to_string() const { return line == 0 ? path : path + ":" + std::to_string(line); }

CorpusFormat detect_format(const fs::path& file) {
    const std::string filename = file.filename().string();
    std::string_view name = filename;
    if (name.ends_with(".txt")) return CorpusFormat::kText;
    if (name.ends_with(".zst")) name.remove_suffix(4);
    if (name.ends_with(".jsonl") || name.ends_with(".ndjson")) return CorpusFormat::kJsonLines;
    return CorpusFormat::kUnknown;
}

void read_corpus(const std::vector<fs::path>& inputs, CorpusVisitor& visitor) {
    for (const fs::path& input : inputs) {
        if (visitor.should_stop()) return;
        std::error_code ec;
        const fs::file_status status = fs::status(input, ec);
        if (status.type() == fs::file_type::not_found) {
            visitor.on_skip({input.string(), 0}, "no such file or folder");
        } else if (ec) {
            visitor.on_skip({input.string(), 0}, "cannot access: " + ec.message());
        } else if (fs::is_directory(status)) {
            FolderWalker(input, visitor).walk(input);
        } else if (detect_format(input) == CorpusFormat::kUnknown) {
            visitor.on_skip({input.string(), 0}, "unknown format (expected .txt, .jsonl, .ndjson, .jsonl.zst or .ndjson.zst)");
        } else {
            FileReader(visitor).read(input, input.filename());
        }
    }
}

}  // namespace news
