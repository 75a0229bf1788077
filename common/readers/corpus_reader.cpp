#include "common/readers/corpus_reader.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>
#include <system_error>
#include <utility>

#include "common/readers/csv_reader.hpp"
#include "common/readers/html_page.hpp"
#include "common/readers/jsonl_reader.hpp"
#include "common/readers/reuters_reader.hpp"
#include "common/readers/sgml_reader.hpp"
#include "common/readers/text_article.hpp"
#include "common/readers/trec_reader.hpp"
#include "common/utf8.hpp"

namespace news {

namespace fs = std::filesystem;

namespace {

/// Standard input is read through this file (Linux, and most Unix systems, have it), so
/// that every reader, which reads a path, reads it too; records are located and ids made
/// as in a file of kStandardInputName.
const fs::path kStandardInput = "-";  ///< the input that names it
const fs::path kStandardInputFile = "/dev/stdin";
const fs::path kStandardInputName = "stdin";

// One text file is one article; anything this large is not one.
constexpr std::uintmax_t kMaxTextFileBytes = 64u << 20;

constexpr std::array<std::pair<std::string_view, CorpusFormat>, 8> kFormatNames = {{
    {"auto", CorpusFormat::kAuto},
    {"text", CorpusFormat::kText},
    {"jsonl", CorpusFormat::kJsonLines},
    {"csv", CorpusFormat::kCsv},
    {"tsv", CorpusFormat::kTsv},
    {"reuters", CorpusFormat::kReuters},
    {"trec", CorpusFormat::kTrec},
    {"html", CorpusFormat::kHtml},
}};

constexpr std::array<std::string_view, kArticleFieldCount> kFieldNames = {
    "id", "title", "body", "date", "url", "source", "category", "tags", "language"};

template <std::size_t N>
std::string joined(const std::array<std::string_view, N>& names) {
    std::string out;
    for (std::string_view name : names) out.append(out.empty() ? "" : ", ").append(name);
    return out;
}

/// The local time `path` was last modified, as a normalised date ("2023-05-01T09:30:00");
/// empty when it cannot be had.
std::string modification_date(const std::string& path) {
    struct stat st {};
    std::tm local{};
    // A pipe's time (standard input) says nothing about the article.
    if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || !::localtime_r(&st.st_mtime, &local)) return {};
    char text[32];
    if (std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &local) == 0) return {};
    return text;
}

/// Reads one file of a known format. `relative` is the path below the folder given on the
/// command line (just the file name for a file given directly): ids and categories come
/// from it.
class FileReader {
  public:
    FileReader(CorpusVisitor& visitor, const ReadOptions& options) : visitor_(visitor), options_(options) {}

    void read(const fs::path& file, const fs::path& relative, CorpusFormat format) {
        const std::string path = file.string();
        std::error_code ec;
        const std::uintmax_t size = fs::file_size(file, ec);
        visitor_.on_file_start(path, ec ? 0 : size);
        switch (format) {
            case CorpusFormat::kJsonLines:
                return read_jsonl_file(path, relative.generic_string(), visitor_, options_.fields);
            case CorpusFormat::kCsv:
            case CorpusFormat::kTsv: {
                CsvOptions csv;
                csv.delimiter = format == CorpusFormat::kTsv ? '\t' : ',';
                csv.fields = options_.fields;
                return read_csv_file(path, relative.generic_string(), visitor_, csv);
            }
            case CorpusFormat::kReuters:
                return read_reuters_file(path, visitor_);
            case CorpusFormat::kTrec:
                return read_trec_file(path, visitor_);
            case CorpusFormat::kHtml:
                return read_html(file, relative);
            default:
                return read_text(file, relative);
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
        if (article.date.empty() && options_.date_from_mtime) article.date = modification_date(path);
        fs::path id = relative;
        id.replace_extension();
        article.id = id.generic_string();
        if (relative.has_parent_path()) article.category = relative.parent_path().filename().string();
        visitor_.on_article(std::move(article), {path, 0});
    }

    /// One saved article page. Its id and category come from its path as for a text file
    /// (the page's article:section, when it has one, is the category).
    void read_html(const fs::path& file, const fs::path& relative) {
        const std::string path = file.string();
        std::optional<std::string> content = load(file, path);
        if (!content) return;
        if (std::size_t bad = 0; !valid_utf8(*content, &bad)) {
            // Pages saved from older sites are often in Latin-1 or windows-1252: their text is
            // kept, not the whole page lost.
            const std::size_t line = static_cast<std::size_t>(std::count(
                                         content->begin(), content->begin() + static_cast<long>(bad), '\n')) +
                                     1;
            visitor_.on_warning({path, line}, "invalid UTF-8 at byte " + std::to_string(bad) + ", read as Latin-1");
            repair_utf8_as_latin1(*content);
        }
        std::string date_warning;
        Article article = parse_html_page(*content, date_warning);
        if (!has_text(article)) {
            visitor_.on_skip({path, 0}, "no title or body");
            return;
        }
        if (!date_warning.empty()) visitor_.on_warning({path, 0}, date_warning);
        if (article.date.empty() && options_.date_from_mtime) article.date = modification_date(path);
        fs::path id = relative;
        id.replace_extension();
        article.id = id.generic_string();
        if (article.category.empty() && relative.has_parent_path())
            article.category = relative.parent_path().filename().string();
        visitor_.on_article(std::move(article), {path, 0});
    }

    /// The whole file, or nullopt after reporting why it cannot be used.
    std::optional<std::string> load(const fs::path& file, const std::string& path) {
        const auto skip = [&](const std::string& reason) -> std::optional<std::string> {
            visitor_.on_skip({path, 0}, reason);
            return std::nullopt;
        };
        std::error_code ec;
        // Standard input has no size to read by; any other file without one (a FIFO named as
        // a text file) is refused below rather than waited on.
        if (file == kStandardInputFile) return load_stream(file, path);
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

    /// Standard input, whose size is not known before reading it, read to its end: the
    /// whole of it, or nullopt after reporting why it cannot be used.
    std::optional<std::string> load_stream(const fs::path& file, const std::string& path) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            visitor_.on_skip({path, 0}, std::string("cannot read: ") + std::strerror(errno));
            return std::nullopt;
        }
        std::string content;
        char chunk[65536];
        while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
            content.append(chunk, static_cast<std::size_t>(in.gcount()));
            if (content.size() > kMaxTextFileBytes) {
                visitor_.on_skip({path, 0}, "file larger than " + std::to_string(kMaxTextFileBytes) + " bytes");
                return std::nullopt;
            }
        }
        if (in.bad()) {
            visitor_.on_skip({path, 0}, "read error");
            return std::nullopt;
        }
        if (content.empty()) {
            visitor_.on_skip({path, 0}, "empty file");
            return std::nullopt;
        }
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
    const ReadOptions& options_;
};

/// Walks folders depth-first in sorted order, skipping hidden entries and files of
/// unknown format (every file is of the forced format when one is given). Remembers the
/// folders it entered so a symlink loop cannot recurse.
/// Walks folders depth-first in sorted order, skipping hidden entries and files of
/// unknown format, and hands every file to read to `on_file`. Remembers the folders it
/// entered so a symlink loop cannot recurse.
class FolderWalker {
  public:
    using FileAction = std::function<void(const fs::path& file, const fs::path& relative, CorpusFormat format)>;

    FolderWalker(const fs::path& root, CorpusVisitor& visitor, CorpusFormat forced_format, FileAction on_file)
        : root_(root), visitor_(visitor), forced_format_(forced_format), on_file_(std::move(on_file)) {}

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
            if (status.type() == fs::file_type::not_found && fs::is_symlink(fs::symlink_status(entry, status_ec))) {
                continue;  // a dangling link: nothing to read, nothing lost
            }
            if (status.type() == fs::file_type::not_found) {
                visitor_.on_skip({entry.string(), 0}, "removed while indexing");
                continue;
            }
            if (fs::is_directory(status)) {
                walk(entry);
            } else if (fs::is_regular_file(status)) {
                const CorpusFormat format =
                    forced_format_ == CorpusFormat::kAuto ? detect_format(entry) : forced_format_;
                if (format != CorpusFormat::kUnknown) on_file_(entry, entry.lexically_relative(root_), format);
            }
        }
    }

  private:
    fs::path root_;
    CorpusVisitor& visitor_;
    CorpusFormat forced_format_;
    FileAction on_file_;
    std::set<fs::path> entered_;
};

/// Walks `inputs` like read_corpus: folders through FolderWalker, files named directly
/// when their format is known; everything else goes to the visitor's on_skip.
void for_each_corpus_file(const std::vector<fs::path>& inputs, CorpusVisitor& visitor, const ReadOptions& options,
                          const FolderWalker::FileAction& on_file) {
    for (const fs::path& input : inputs) {
        if (visitor.should_stop()) return;
        if (input == kStandardInput) {
            on_file(kStandardInputFile, kStandardInputName,
                    options.format == CorpusFormat::kAuto ? CorpusFormat::kJsonLines : options.format);
            continue;
        }
        std::error_code ec;
        const fs::file_status status = fs::status(input, ec);
        const CorpusFormat format = options.format == CorpusFormat::kAuto ? detect_format(input) : options.format;
        if (status.type() == fs::file_type::not_found) {
            visitor.on_skip({input.string(), 0}, "no such file or folder");
        } else if (ec) {
            visitor.on_skip({input.string(), 0}, "cannot access: " + ec.message());
        } else if (fs::is_directory(status)) {
            FolderWalker(input, visitor, options.format, on_file).walk(input);
        } else if (format == CorpusFormat::kUnknown) {
            visitor.on_skip({input.string(), 0},
                            "unknown format (expected .txt, .html, .htm, or .jsonl, .ndjson, .csv, .tsv, .sgm or "
                            ".trec, each optionally .zst-compressed)");
        } else {
            on_file(input, input.filename(), format);
        }
    }
}

/// Ignores everything: for walks that only look at file names.
class SilentVisitor : public CorpusVisitor {
  public:
    void on_article(Article&&, const RecordLocation&) override {}
    void on_skip(const RecordLocation&, std::string_view) override {}
    void on_warning(const RecordLocation&, std::string_view) override {}
};

}  // namespace

std::string RecordLocation::to_string() const { return line == 0 ? path : path + ":" + std::to_string(line); }

CorpusFormat detect_format(const fs::path& file) {
    const std::string filename = file.filename().string();
    std::string_view name = filename;
    if (name.ends_with(".txt")) return CorpusFormat::kText;
    if (name.ends_with(".html") || name.ends_with(".htm")) return CorpusFormat::kHtml;
    if (name.ends_with(".zst")) name.remove_suffix(4);
    if (name.ends_with(".jsonl") || name.ends_with(".ndjson")) return CorpusFormat::kJsonLines;
    if (name.ends_with(".csv")) return CorpusFormat::kCsv;
    if (name.ends_with(".tsv")) return CorpusFormat::kTsv;
    if (name.ends_with(".sgm")) return CorpusFormat::kReuters;
    if (name.ends_with(".trec")) return CorpusFormat::kTrec;
    return CorpusFormat::kUnknown;
}

CorpusFormat parse_format_name(std::string_view name) {
    for (const auto& [known, format] : kFormatNames)
        if (name == known) return format;
    std::array<std::string_view, kFormatNames.size()> names;
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = kFormatNames[i].first;
    throw std::invalid_argument("unknown format '" + std::string(name) + "' (valid: " + joined(names) + ")");
}

std::string_view format_name(CorpusFormat format) {
    for (const auto& [name, known] : kFormatNames)
        if (format == known) return name;
    return "unknown";
}

std::string_view field_name(ArticleField field) { return kFieldNames[static_cast<std::size_t>(field)]; }

FieldMap::FieldMap() {
    for (std::size_t i = 0; i < kArticleFieldCount; ++i) keys_[i] = kFieldNames[i];
}

void FieldMap::assign(std::string_view assignment) {
    const std::size_t equals = assignment.find('=');
    if (equals == std::string_view::npos)
        throw std::invalid_argument("expected FIELD=KEY, got '" + std::string(assignment) + "'");
    const std::string_view name = assignment.substr(0, equals);
    const std::string_view key = assignment.substr(equals + 1);
    const auto it = std::find(kFieldNames.begin(), kFieldNames.end(), name);
    if (it == kFieldNames.end())
        throw std::invalid_argument("unknown article field '" + std::string(name) + "' (valid: " + joined(kFieldNames) +
                                    ")");
    if (key.empty()) throw std::invalid_argument("no key given for field '" + std::string(name) + "'");
    keys_[static_cast<std::size_t>(it - kFieldNames.begin())] = key;
}

void read_corpus(const std::vector<fs::path>& inputs, CorpusVisitor& visitor, const ReadOptions& options) {
    FileReader files(visitor, options);
    for_each_corpus_file(inputs, visitor, options,
                         [&](const fs::path& file, const fs::path& relative, CorpusFormat format) {
                             files.read(file, relative, format);
                         });
}

std::uintmax_t corpus_bytes(const std::vector<fs::path>& inputs, const ReadOptions& options) {
    SilentVisitor silent;
    std::uintmax_t total = 0;
    for_each_corpus_file(inputs, silent, options, [&](const fs::path& file, const fs::path&, CorpusFormat) {
        std::error_code ec;
        const std::uintmax_t size = fs::file_size(file, ec);
        if (!ec) total += size;
    });
    return total;
}

}  // namespace news
