#include "common/readers/csv_reader.hpp"

#include <csv.h>

#include <array>
#include <memory>
#include <new>
#include <optional>
#include <stdexcept>
#include <utility>
#include <vector>

#include "common/readers/line_reader.hpp"
#include "common/readers/reader_support.hpp"
#include "common/terminal_text.hpp"
#include "common/utf8.hpp"

namespace news {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

int never_space(unsigned char) { return 0; }
int is_line_feed(unsigned char c) { return c == '\n' ? 1 : 0; }

/// libcsv's parser, owned, fed one line at a time. It collects the fields of the record
/// in progress; since each line is fed with its one line feed, a record can only end at
/// the end of a line, so feed() simply says whether the record is complete.
class CsvParser {
  public:
    explicit CsvParser(char delimiter) {
        if (csv_init(&parser_, 0) != 0) throw std::bad_alloc();
        csv_set_delim(&parser_, static_cast<unsigned char>(delimiter));
        csv_set_space_func(&parser_, never_space);  // RFC 4180: spaces are part of a field
        csv_set_term_func(&parser_, is_line_feed);  // a CR reaching the parser is data
    }
    ~CsvParser() { csv_free(&parser_); }
    CsvParser(const CsvParser&) = delete;
    CsvParser& operator=(const CsvParser&) = delete;

    /// Parses `line` plus a line feed; true when that completed a record (then take it with
    /// take_fields()), false when a quoted field goes on to the next line.
    bool feed(std::string_view line) {
        record_complete_ = false;
        parse(line);
        parse("\n");
        return record_complete_;
    }

    std::vector<std::string> take_fields() { return std::exchange(fields_, {}); }

  private:
    void parse(std::string_view bytes) {
        if (csv_parse(&parser_, bytes.data(), bytes.size(), on_field, on_record, this) != bytes.size())
            throw std::runtime_error(std::string("CSV parser: ") + csv_strerror(csv_error(&parser_)));
    }

    static void on_field(void* data, std::size_t size, void* self) {
        auto& fields = static_cast<CsvParser*>(self)->fields_;
        if (size == 0) {
            fields.emplace_back();  // libcsv may pass a null pointer for an empty field
        } else {
            fields.emplace_back(static_cast<const char*>(data), size);
        }
    }
    static void on_record(int, void* self) { static_cast<CsvParser*>(self)->record_complete_ = true; }

    csv_parser parser_{};
    std::vector<std::string> fields_;
    bool record_complete_ = false;
};

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool same_name(std::string_view header, std::string_view key) {
    header = trim_spaces(header);
    key = trim_spaces(key);
    if (header.size() != key.size()) return false;
    for (std::size_t i = 0; i < header.size(); ++i)
        if (ascii_lower(header[i]) != ascii_lower(key[i])) return false;
    return true;
}

/// Reads one file: the header first, then every record against it.
class CsvFileReader {
  public:
    CsvFileReader(const std::string& path, std::string_view id_fallback_prefix, CorpusVisitor& visitor,
                  const CsvOptions& options)
        : path_(path), id_fallback_prefix_(id_fallback_prefix), visitor_(visitor), options_(options) {}

    void read() {
        std::unique_ptr<LineReader> lines;
        try {
            lines = std::make_unique<LineReader>(path_, options_.max_record_bytes,
                                                 [this] { return visitor_.should_stop(); });
        } catch (const std::runtime_error& e) {
            return skip(0, "cannot open: " + reason_without_path(path_, e.what()));
        }
        try {
            read_records(*lines);
        } catch (const std::runtime_error& e) {  // corrupt or truncated zstd data, read errors
            skip(record_line_ != 0 ? record_line_ : lines->line_number() + 1, reason_without_path(path_, e.what()));
        }
    }

  private:
    void read_records(LineReader& lines) {
        CsvParser parser(options_.delimiter);
        std::string line;
        bool oversized = false;
        std::size_t record_bytes = 0;
        while (!visitor_.should_stop() && lines.next(line, oversized)) {
            if (record_line_ == 0) {
                if (!oversized && trim_spaces(line).empty()) continue;
                record_line_ = lines.line_number();
                record_bytes = 0;
            }
            record_bytes += line.size() + 1;
            if (oversized || record_bytes > options_.max_record_bytes) {
                return skip(record_line_, "record longer than " + std::to_string(options_.max_record_bytes) +
                                              " bytes; the rest of the file is not read");
            }
            if (!parser.feed(line)) continue;  // a quoted field goes on
            const bool go_on = header_.empty() ? read_header(parser.take_fields()) : deliver(parser.take_fields());
            record_line_ = 0;
            if (!go_on) return;
            visitor_.on_file_progress(lines.bytes_read());
        }
        if (visitor_.should_stop()) return;
        if (record_line_ != 0) return skip(record_line_, "unterminated quoted field at end of file");
        if (header_.empty()) skip(0, "empty file");
    }

    /// Finds the column of each article field; false (after reporting) when the header
    /// has neither a title nor a body column, so nothing in the file could be indexed.
    bool read_header(std::vector<std::string> names) {
        if (names.front().starts_with(kUtf8Bom)) names.front().erase(0, kUtf8Bom.size());
        for (std::size_t field = 0; field < kArticleFieldCount; ++field) {
            const std::string& key = options_.fields.key(static_cast<ArticleField>(field));
            for (std::size_t column = 0; column < names.size() && !columns_[field]; ++column)
                if (same_name(names[column], key)) columns_[field] = column;
        }
        header_ = std::move(names);
        if (columns_[static_cast<std::size_t>(ArticleField::kTitle)] ||
            columns_[static_cast<std::size_t>(ArticleField::kBody)])
            return true;
        std::string listed;
        for (const std::string& name : header_)
            listed.append(listed.empty() ? "" : ", ").append(escape_for_message(name));
        skip(record_line_, "header has no title or body column (columns: " + listed + ")");
        return false;
    }

    bool deliver(std::vector<std::string> values) {
        if (values.size() != header_.size()) {
            skip(record_line_,
                 "expected " + std::to_string(header_.size()) + " fields, got " + std::to_string(values.size()));
            return true;
        }
        for (const std::optional<std::size_t>& column : columns_) {
            std::size_t bad = 0;
            if (column && !valid_utf8(values[*column], &bad)) {
                skip(record_line_, "invalid UTF-8 in column \"" + escape_for_message(header_[*column]) + "\" at byte " +
                                       std::to_string(bad));
                return true;
            }
        }
        const auto take = [&](ArticleField field) -> std::string {
            const std::optional<std::size_t>& column = columns_[static_cast<std::size_t>(field)];
            return column ? values[*column] : std::string();  // a copy: two fields may share a column
        };
        Article article;
        const std::string date_warning = set_date(article, take(ArticleField::kDate));
        article.tags = split_tags(take(ArticleField::kTags));
        article.id = take(ArticleField::kId);
        article.title = take(ArticleField::kTitle);
        article.body = take(ArticleField::kBody);
        article.url = take(ArticleField::kUrl);
        article.source = take(ArticleField::kSource);
        article.category = take(ArticleField::kCategory);
        strip_markup(article);  // scrapers hand over HTML fragments
        const std::string language_warning = set_language(article, take(ArticleField::kLanguage));
        deliver_article(std::move(article), {path_, record_line_}, id_fallback_prefix_, date_warning, language_warning,
                        visitor_);
        return true;
    }

    void skip(std::size_t line, const std::string& reason) { visitor_.on_skip({path_, line}, reason); }

    const std::string& path_;
    std::string_view id_fallback_prefix_;
    CorpusVisitor& visitor_;
    const CsvOptions& options_;
    std::vector<std::string> header_;
    std::array<std::optional<std::size_t>, kArticleFieldCount> columns_;
    std::size_t record_line_ = 0;  ///< first line of the record in progress, 0 between records
};

}  // namespace

void read_csv_file(const std::string& path, std::string_view id_fallback_prefix, CorpusVisitor& visitor,
                   const CsvOptions& options) {
    CsvFileReader(path, id_fallback_prefix, visitor, options).read();
}

}  // namespace news
