/// @file corpus_reader.hpp
/// @brief Walks corpus paths (files and folders) and reads every article in them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/article.hpp"

namespace news {

/// Where a record came from: a file, and the 1-based line for line-oriented formats
/// (0 when the whole file is one record).
struct RecordLocation {
    std::string path;
    std::size_t line = 0;
    /// The record had neither an id nor a url: its id was made from its content
    /// (content_id() in reader_support.hpp).
    bool id_from_content = false;

    /// "path:line", or "path" when line is 0: the prefix of every diagnostic.
    std::string to_string() const;
};

/// Receives what the reader finds. Implemented by the indexer (and by tests).
class CorpusVisitor {
  public:
    virtual ~CorpusVisitor() = default;
    /// A well-formed article, with id always set.
    virtual void on_article(Article&& article, const RecordLocation& where) = 0;
    /// A record or file that was skipped, with a one-line reason ("invalid JSON: ...").
    virtual void on_skip(const RecordLocation& where, std::string_view reason) = 0;
    /// A problem that did not stop the record from being indexed (e.g. an unparseable date).
    virtual void on_warning(const RecordLocation& where, std::string_view message) = 0;
    /// Polled between records; returning true stops reading early (e.g. on SIGINT).
    virtual bool should_stop() { return false; }
    /// A file is about to be read; `bytes` is its size on disk (compressed for .zst).
    virtual void on_file_start(const std::string& /*path*/, std::uintmax_t /*bytes*/) {}
    /// Progress within the file being read: bytes of it consumed so far (on disk). Called
    /// after records of line-based formats, so progress and ETA can be shown.
    virtual void on_file_progress(std::uintmax_t /*bytes_done*/) {}
};

/// A corpus file format. kAuto is not a format: it asks for detection by file name.
enum class CorpusFormat { kUnknown, kAuto, kText, kJsonLines, kCsv, kTsv, kReuters, kTrec, kHtml };

/// The format implied by a file name: `.txt` -> kText; `.jsonl`, `.ndjson` -> kJsonLines;
/// `.csv` -> kCsv; `.tsv` -> kTsv; `.sgm` -> kReuters (Reuters-21578); `.trec` -> kTrec; each
/// but `.txt` also with `.zst` appended (streamed through the decompressor); `.html`, `.htm`
/// -> kHtml (one article page a file); anything else kUnknown. Case matters: the BBC folder's README.TXT is
/// documentation, not an article.
CorpusFormat detect_format(const std::filesystem::path& file);

/// The format named `name`: "auto", "text", "jsonl", "csv", "tsv", "reuters", "trec" or "html"
/// (the names format_name() gives). Throws std::invalid_argument("unknown format 'x'
/// (valid: auto, text, ...)") for anything else.
CorpusFormat parse_format_name(std::string_view name);

/// "auto", "text", "jsonl", "csv", "tsv", "reuters", "trec", "html", or "unknown".
std::string_view format_name(CorpusFormat format);

/// The article fields a record can fill, in the order of Article's members.
enum class ArticleField { kId, kTitle, kBody, kDate, kUrl, kSource, kCategory, kTags, kLanguage };

inline constexpr std::size_t kArticleFieldCount = 9;

/// "id", "title", "body", "date", "url", "source", "category", "tags" or "language".
std::string_view field_name(ArticleField field);

/// Which record key (JSON) or header name (CSV/TSV) feeds each article field. By default
/// every field is read from the key of its own name; `--field title=headline` changes one.
class FieldMap {
  public:
    FieldMap();

    const std::string& key(ArticleField field) const { return keys_[static_cast<std::size_t>(field)]; }
    void set(ArticleField field, std::string key) { keys_[static_cast<std::size_t>(field)] = std::move(key); }

    /// Applies one "FIELD=KEY" assignment, e.g. "body=text". Throws std::invalid_argument
    /// with a one-line reason when FIELD is not an article field (the message lists the
    /// valid ones), the '=' is missing, or KEY is empty.
    void assign(std::string_view assignment);

    friend bool operator==(const FieldMap&, const FieldMap&) = default;

  private:
    std::array<std::string, kArticleFieldCount> keys_;
};

/// How read_corpus() reads. The defaults read every format by its file name, with every
/// article field taken from the key or column of its own name.
struct ReadOptions {
    /// kAuto: by file name (detect_format). Any other format is used for every file given
    /// on the command line and every regular, non-hidden file found in the folders given,
    /// whatever its name (e.g. a TREC collection whose files have no extension).
    CorpusFormat format = CorpusFormat::kAuto;
    /// Key (JSON Lines) or header name (CSV, TSV) of each article field.
    FieldMap fields;
    /// A text file without a date line gets its modification time (local time) as its
    /// date. Off by default: copying or checking out files changes it.
    bool date_from_mtime = false;
};

/// Reads every input in order. A folder is walked recursively in sorted path order (so
/// runs are reproducible); inside folders, files of unknown format and hidden files and
/// folders (name starting with '.') are ignored silently; symlinks are followed, a folder
/// reached twice is read once. A file named explicitly with an unknown format, a missing
/// path, or an unreadable folder or file is reported through on_skip. Never throws for bad
/// input; exceptions thrown by the visitor propagate. should_stop() is polled before every
/// file and every record.
///
/// The input "-" is standard input, read as JSON Lines (or as options.format says) through
/// /dev/stdin, which its records' locations name; ids it falls back on are "stdin:<line>"
/// ("stdin" for one text article).
///
/// A text file is one record: skipped as "empty file" (0 bytes), "invalid UTF-8 at byte N"
/// (located at the line of the bad byte, N = 0-based offset within that line), "no title
/// or body", or "file larger than N bytes" (64 MiB); otherwise parsed with
/// parse_text_article(), `source` left empty; without a date line, with
/// ReadOptions::date_from_mtime, dated by its modification time. JSON Lines files: see read_jsonl_file();
/// CSV and TSV: read_csv_file(); Reuters-21578 SGML: read_reuters_file(); TREC SGML:
/// read_trec_file().
///
/// Ids: the record's `id`, else its `url`, else (text files) the path relative to the folder
/// given on the command line without its extension, '/'-separated (a lone file: its stem),
/// or (JSON Lines, CSV, TSV) "<relative path>:<line>" (a lone file: "<file name>:<line>").
/// Text files get `category` from their parent folder when it lies below the given folder
/// (bbc/business/001.txt -> "business"; corpus/seed/x.txt read as "corpus" -> "seed").
void read_corpus(const std::vector<std::filesystem::path>& inputs, CorpusVisitor& visitor,
                 const ReadOptions& options = {});

/// Total size on disk of the files read_corpus() would read from `inputs` (the same walk,
/// no reading), for progress and ETA. Unreadable paths count as 0.
std::uintmax_t corpus_bytes(const std::vector<std::filesystem::path>& inputs, const ReadOptions& options = {});

}  // namespace news
