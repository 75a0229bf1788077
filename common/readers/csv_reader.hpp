/// @file csv_reader.hpp
/// @brief Reads CSV and TSV article files (plain or .zst) with a header row naming the columns.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/readers/corpus_reader.hpp"

namespace news {

/// How read_csv_file() splits and maps records.
struct CsvOptions {
    char delimiter = ',';  ///< ',' for CSV, '\t' for TSV; quoting is RFC 4180 either way
    FieldMap fields;       ///< header name of each article field
    /// A record (all its lines) longer than this ends the file: see read_csv_file().
    std::size_t max_record_bytes = std::size_t{64} << 20;
};

/// Reads a CSV or TSV file whose first record is a header naming the columns. Quoting
/// follows RFC 4180: a field in double quotes may hold delimiters, quotes (doubled) and line
/// breaks; CRLF or LF ends a record (a CRLF inside a quoted field becomes LF); fields are not
/// trimmed. Like Python's csv module, a quote inside an unquoted field is an ordinary
/// character. Header names are matched to `options.fields` ignoring ASCII case and
/// surrounding spaces (a leading UTF-8 BOM is dropped); the first of duplicate names wins;
/// other columns are ignored. Values are taken as in JSON Lines: `tags` is comma-separated,
/// `date` goes through normalize_date() (an unparseable one is a warning), the id falls
/// back to `url`, then to content_id(id_fallback_prefix, article) (reader_support.hpp). Blank lines
/// between records are ignored.
///
/// Everything bad is reported through the visitor as "path:line" with the line a record
/// starts on, and skipped: "expected N fields, got M", "invalid UTF-8 in column \"title\" at
/// byte K", "no title or body", "unterminated quoted field at end of file". The whole file
/// is skipped when it cannot be opened, is empty, or its header has no column for title or
/// body ("header has no title or body column (columns: ...)"). A record longer than
/// `max_record_bytes` (in practice an unterminated quote swallowing the file) is reported
/// and ends the file, since no later record boundary can be trusted; so do corrupt zstd data
/// and read errors, after every record before them was delivered. visitor.should_stop() is
/// polled before each line. Streams: memory stays bounded by the longest record. Never
/// throws for bad input; exceptions from the visitor propagate.
void read_csv_file(const std::string& path, std::string_view id_fallback_prefix, CorpusVisitor& visitor,
                   const CsvOptions& options = {});

}  // namespace news
