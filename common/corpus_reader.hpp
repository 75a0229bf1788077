/// @file corpus_reader.hpp
/// @brief Walks corpus paths (files and folders) and reads every article in them.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "common/article.hpp"

namespace news {

/// Where a record came from: a file, and the 1-based line for line-oriented formats
/// (0 when the whole file is one record).
struct RecordLocation {
    std::string path;
    std::size_t line = 0;

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
};

enum class CorpusFormat { kUnknown, kText, kJsonLines };

/// The format implied by a file name: `.txt` -> kText; `.jsonl`, `.ndjson`, and either with
/// `.zst` appended -> kJsonLines; anything else kUnknown. Case matters: the BBC folder's
/// README.TXT is documentation, not an article.
CorpusFormat detect_format(const std::filesystem::path& file);

/// Reads every input in order. A folder is walked recursively in sorted path order (so
/// runs are reproducible); inside folders, files of unknown format and hidden files and
/// folders (name starting with '.') are ignored silently; symlinks are followed, a folder
/// reached twice is read once. A file named explicitly with an unknown format, a missing
/// path, or an unreadable folder or file is reported through on_skip. Never throws for bad
/// input; exceptions thrown by the visitor propagate. should_stop() is polled before every
/// file and every JSON Lines record.
///
/// A text file is one record: skipped as "empty file" (0 bytes), "invalid UTF-8 at byte N"
/// (located at the line of the bad byte, N = 0-based offset within that line), "no title
/// or body", or "file larger than N bytes" (64 MiB); otherwise parsed with
/// parse_text_article(), `source` left empty. JSON Lines files: see read_jsonl_file().
///
/// Ids: the record's `id`, else its `url`, else (text files) the path relative to the folder
/// given on the command line without its extension, '/'-separated (a lone file: its stem),
/// or (JSON Lines) "<relative path>:<line>" (a lone file: "<file name>:<line>"). Text files
/// get `category` from their parent folder when it lies below the given folder
/// (bbc/business/001.txt -> "business"; corpus/seed/x.txt read as "corpus" -> "seed").
void read_corpus(const std::vector<std::filesystem::path>& inputs, CorpusVisitor& visitor);

}  // namespace news
