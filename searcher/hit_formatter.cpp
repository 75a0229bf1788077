#include "searcher/hit_formatter.hpp"

#include <xapian.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "common/utf8.hpp"
#include "searcher/match_count.hpp"

namespace news {

namespace {

constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kReset = "\033[0m";
std::string format_score(double score) {
    char buf[320];  // room for any double in fixed notation
    const auto end = std::to_chars(buf, buf + sizeof buf, score, std::chars_format::fixed, 4).ptr;
    return std::string(buf, end);
}

/// The snippet with highlights in bold (colour) or plain, each piece made terminal-safe.
std::string render_snippet(const Snippet& snippet, bool color) {
    std::string out;
    std::size_t pos = 0;
    for (const auto& [begin, end] : snippet.highlights) {
        if (begin < pos || end > snippet.text.size() || begin > end) continue;  // defensive
        out += terminal_safe(std::string_view(snippet.text).substr(pos, begin - pos));
        const std::string word = terminal_safe(std::string_view(snippet.text).substr(begin, end - begin));
        if (color)
            out.append(kBold).append(word).append(kReset);
        else
            out += word;
        pos = end;
    }
    out += terminal_safe(std::string_view(snippet.text).substr(std::min(pos, snippet.text.size())));
    return out;
}

std::string dim(const std::string& text, bool color) {
    return color ? std::string(kDim) + text + std::string(kReset) : text;
}

}  // namespace

std::optional<OutputFormat> parse_output_format(std::string_view name) {
    if (name == "text") return OutputFormat::kText;
    if (name == "json") return OutputFormat::kJson;
    if (name == "jsonl") return OutputFormat::kJsonLines;
    if (name == "trec") return OutputFormat::kTrec;
    if (name == "tsv") return OutputFormat::kTsv;
    if (name == "markdown") return OutputFormat::kMarkdown;
    if (name == "csv") return OutputFormat::kCsv;
    return std::nullopt;
}

void write_top_terms_text(std::ostream& out, const SearchResult& result, bool color) {
    if (result.top_terms.empty()) return;
    out << (color ? std::string(kBold) : "") << "Top terms" << (color ? std::string(kReset) : "") << " of the best "
        << with_thousands_separators(result.top_terms_sample) << " matches:";
    for (const TopTerm& t : result.top_terms) out << "  " << terminal_safe(t.word) << " (" << t.count << ")";
    out << '\n';
}

namespace {

std::string metadata_line(const Article& a) {
    std::string meta;
    for (const std::string* field : {&a.date, &a.source, &a.category})
        if (!field->empty()) meta += terminal_safe(*field) + " · ";
    return meta + terminal_safe(a.id);
}

/// The share of the result set `count` matches are: facets count the whole result set, so
/// its match count is exact then.
double share_of_matches(Xapian::doccount count, const SearchResult& result) {
    return result.estimated_matches == 0 ? 0.0 : static_cast<double>(count) / result.estimated_matches;
}

/// "60%", or "<1%" for a share that rounds to none (it is not none).
std::string percent(double share) {
    const long rounded = std::lround(100 * share);
    return share > 0 && rounded == 0 ? "<1%" : std::to_string(rounded) + "%";
}

void write_facets_text(std::ostream& out, const SearchResult& result, bool color) {
    for (const Facet& facet : result.facets) {
        out << (color ? std::string(kBold) + facet.name + std::string(kReset) : facet.name) << ":";
        if (facet.values.empty()) out << " (none)";
        for (const auto& [value, count] : facet.values)
            out << "  " << terminal_safe(value) << " (" << count << ", " << percent(share_of_matches(count, result))
                << ")";
        out << '\n';
    }
}

/// How many Unicode characters the first `bytes` bytes of UTF-8 `text` hold: every byte
/// but a continuation byte (10xxxxxx) starts one.
std::size_t characters_before(std::string_view text, std::size_t bytes) {
    const std::string_view head = text.substr(0, std::min(bytes, text.size()));
    return static_cast<std::size_t>(
        std::count_if(head.begin(), head.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xc0) != 0x80; }));
}

/// The snippet's highlights as character offsets: what a program reading the JSON indexes
/// its decoded string by (the byte offsets the snippet keeps mean nothing there).
nlohmann::json highlights_json(const Snippet& snippet) {
    nlohmann::json ranges = nlohmann::json::array();
    for (const auto& [begin, end] : snippet.highlights)
        ranges.push_back({characters_before(snippet.text, begin), characters_before(snippet.text, end)});
    return ranges;
}

/// Every field every time, so that a consumer never has to ask whether one is there; but
/// "language" only for an article in its own language (Article::language): without it the
/// article is in the database's, and the output of a database in one language is as it was.
nlohmann::json hit_fields_json(const Hit& hit) {
    const Article& a = hit.article;
    nlohmann::json fields = {{"rank", hit.rank},
                             {"id", a.id},
                             {"score", hit.score},
                             {"title", a.title},
                             {"date", a.date},
                             {"source", a.source},
                             {"category", a.category},
                             {"url", a.url},
                             {"tags", a.tags},
                             {"snippet", hit.snippet.text},
                             {"highlights", highlights_json(hit.snippet)},
                             {"duplicates", hit.duplicates},
                             {"error", hit.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(hit.error)}};
    if (!a.language.empty()) fields["language"] = a.language;
    return fields;
}

nlohmann::json explanation_json(const Explanation& e, double score) {
    nlohmann::json terms = nlohmann::json::array();
    for (const TermContribution& c : e.terms)
        terms.push_back({{"term", c.term},
                         {"word", c.word},
                         {"field", c.field.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.field)},
                         {"stemmed", c.stemmed},
                         {"via", c.via.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.via)},
                         {"wdf", c.wdf},
                         {"doc_length", c.doc_length},
                         {"termfreq", c.termfreq ? nlohmann::json(*c.termfreq) : nlohmann::json(nullptr)},
                         {"wqf", c.wqf},
                         {"factor", c.factor},
                         {"weight", c.weight}});
    const TieBreakMeaning& t = e.tie_break;
    return {{"score", score},
            {"total", e.total},
            {"collection_size", e.collection_size},
            {"average_length", e.average_length},
            {"terms", std::move(terms)},
            {"tie_break",
             {{"date", t.timestamp ? nlohmann::json(*t.timestamp) : nlohmann::json(nullptr)},
              {"id_order", t.id_order},
              {"key", t.key_hex}}}};
}

nlohmann::json histogram_json(const Histogram& h) {
    nlohmann::json buckets = nlohmann::json::array();
    for (const HistogramBucket& b : h.buckets)
        buckets.push_back(
            {{"bucket", bucket_label(h.interval, b.first_day)}, {"start", iso_date(b.first_day)}, {"count", b.count}});
    return {{"interval", histogram_interval_name(h.interval)},
            {"buckets", std::move(buckets)},
            {"undated", h.undated},
            {"total", h.total}};
}

/// The hit's fields, and its explanation when there is one.
nlohmann::json hit_json(const Hit& hit) {
    nlohmann::json j = hit_fields_json(hit);
    if (hit.explanation) j["explain"] = explanation_json(*hit.explanation, hit.score);
    return j;
}

/// JSON text that is safe on a terminal: nlohmann escapes C0 controls (ESC becomes \u001b),
/// and the other characters terminal_safe() removes, DEL, C1 controls (e.g. the one-byte
/// CSI) and the invisible ones that reorder or hide text (U+202E...), are escaped here as
/// \uXXXX (all below U+10000); they can only occur inside strings, where the escape means
/// the same. Invalid UTF-8 (stored text is validated at indexing, but never let one bad byte
/// make the output invalid) becomes U+FFFD.
std::string dump(const nlohmann::json& j) {
    const std::string raw = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string out;
    out.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size();) {
        // Printable ASCII, most of any output, is copied a run at a time.
        const std::size_t run = i;
        while (i < raw.size() && raw[i] >= 0x20 && raw[i] < 0x7f) ++i;
        out.append(raw, run, i - run);
        if (i == raw.size()) break;
        const std::size_t len = std::max<std::size_t>(utf8_sequence_length(raw, i), 1);
        if (is_unsafe_on_terminal(raw, i, len)) {
            const auto byte = [&](std::size_t k) {
                return static_cast<unsigned>(static_cast<unsigned char>(raw[i + k]));
            };
            const unsigned code_point = len == 1   ? byte(0)
                                        : len == 2 ? (byte(0) & 0x1f) << 6 | (byte(1) & 0x3f)
                                                   : (byte(0) & 0x0f) << 12 | (byte(1) & 0x3f) << 6 | (byte(2) & 0x3f);
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", code_point);
            out += escaped;
        } else {
            out.append(raw, i, len);
        }
        i += len;
    }
    return out;
}

std::string tsv_field(std::string_view text) {
    std::string out = terminal_safe(text);  // also turns tabs and newlines into spaces
    return out;
}

}  // namespace

void write_text(std::ostream& out, const SearchResult& result, const FormatOptions& options) {
    const bool color = options.color;
    if (result.suggestion) {
        const bool searched = result.searched_query == *result.suggestion;
        out << (searched ? "Showing results for: " : "Did you mean: ") << (color ? std::string(kBold) : "")
            << terminal_safe(*result.suggestion) << (color ? std::string(kReset) : "") << "\n\n";
    }
    const std::string header = match_count_header(result, terminal_safe(result.searched_query));
    if (result.hits.empty()) {  // "No matches", or matches but none on this page
        out << header << '\n';
        write_facets_text(out, result, color);
        write_top_terms_text(out, result, color);
        if (result.histogram) write_histogram_text(out, *result.histogram, options.unicode_bars);
        if (result.histogram && result.histogram_breakdown)
            write_breakdown_text(out, *result.histogram, *result.histogram_breakdown);
        return;
    }
    out << dim(header, color) << (result.relaxed ? dim(" (query syntax ignored)", color) : "") << "\n\n";
    for (const Hit& hit : result.hits) {
        const Article& a = hit.article;
        std::string title = a.title.empty() ? "(untitled)" : terminal_safe(a.title);
        if (color) title = std::string(kBold) + title + std::string(kReset);
        out << hit.rank << ". " << title << '\n';
        std::string meta = metadata_line(a) + " · score " + format_score(hit.score);
        if (hit.duplicates > 0) meta += " · +" + std::to_string(hit.duplicates) + " identical";
        out << "   " << dim(meta, color) << '\n';
        // An article without a body (a headline) has its title as its snippet: printed
        // once, above, is enough.
        if (!hit.error.empty())
            out << "   [unreadable stored article: " << terminal_safe(hit.error) << "]\n";
        else if (!hit.snippet.text.empty() && !a.body.empty())
            out << "   " << render_snippet(hit.snippet, color) << '\n';
        if (hit.explanation) write_explanation_text(out, *hit.explanation, hit.score);
        out << '\n';
    }
    write_facets_text(out, result, color);
    write_top_terms_text(out, result, color);
    if (result.histogram) write_histogram_text(out, *result.histogram, options.unicode_bars);
    if (result.histogram && result.histogram_breakdown)
        write_breakdown_text(out, *result.histogram, *result.histogram_breakdown);
}

void write_json(std::ostream& out, const SearchResult& result, const FormatOptions& options) {
    nlohmann::json hits = nlohmann::json::array();
    for (const Hit& hit : result.hits) hits.push_back(hit_json(hit));
    nlohmann::json doc = {{"query", result.query},
                          {"estimated_matches", result.estimated_matches},
                          {"matches_lower_bound", result.matches_lower_bound},
                          {"matches_upper_bound", result.matches_upper_bound},
                          {"hits", std::move(hits)}};
    if (!options.qid.empty()) doc["qid"] = options.qid;
    if (result.suggestion) doc["suggestion"] = *result.suggestion;
    if (result.searched_query != result.query) doc["searched_query"] = result.searched_query;
    if (!result.facets.empty()) {
        nlohmann::json facets = nlohmann::json::object();
        for (const Facet& facet : result.facets) {
            nlohmann::json values = nlohmann::json::array();
            for (const auto& [value, count] : facet.values)
                values.push_back({{"value", value}, {"count", count}, {"share", share_of_matches(count, result)}});
            facets[facet.name] = std::move(values);
        }
        doc["facets"] = std::move(facets);
    }
    if (result.histogram) {
        doc["histogram"] = histogram_json(*result.histogram);
        if (result.histogram_breakdown) {
            nlohmann::json series = nlohmann::json::array();
            for (const HistogramSeries& s : result.histogram_breakdown->series) {
                nlohmann::json counts = nlohmann::json::array();
                for (const HistogramBucket& b : s.histogram.buckets) counts.push_back(b.count);
                series.push_back({{"value", s.value},
                                  {"counts", std::move(counts)},
                                  {"undated", s.histogram.undated},
                                  {"total", s.histogram.total}});
            }
            doc["histogram"]["breakdown"] = {{"facet", result.histogram_breakdown->facet},
                                             {"series", std::move(series)}};
        }
    }
    if (!result.top_terms.empty()) {
        nlohmann::json terms = nlohmann::json::array();
        for (const TopTerm& t : result.top_terms)
            terms.push_back({{"word", t.word}, {"term", t.term}, {"count", t.count}, {"weight", t.weight}});
        doc["top_terms"] = {{"sample", result.top_terms_sample}, {"terms", std::move(terms)}};
    }
    out << dump(doc) << '\n';
}

void write_json_lines(std::ostream& out, const SearchResult& result, const FormatOptions& options) {
    const bool batch = !options.qid.empty();
    for (const Hit& hit : result.hits) {
        nlohmann::json h = hit_json(hit);
        h["query"] = result.query;
        if (batch) h["qid"] = options.qid;
        out << dump(h) << '\n';
    }
    // In a batch, a query without a line would be indistinguishable from one never run.
    if (batch && result.hits.empty())
        out << dump({{"qid", options.qid},
                     {"query", result.query},
                     {"no_hits", true},
                     {"estimated_matches", result.estimated_matches}})
            << '\n';
}

void write_tsv(std::ostream& out, const SearchResult& result, const FormatOptions& options) {
    const bool batch = !options.qid.empty();
    const std::string qid_column = batch ? tsv_field(options.qid) + '\t' : std::string();
    if (options.tsv_header) out << (batch ? "qid\t" : "") << "rank\tid\tscore\tdate\tsource\tcategory\ttitle\n";
    for (const Hit& hit : result.hits) {
        const Article& a = hit.article;
        out << qid_column << hit.rank << '\t' << tsv_field(a.id) << '\t' << format_score(hit.score) << '\t'
            << tsv_field(a.date) << '\t' << tsv_field(a.source) << '\t' << tsv_field(a.category) << '\t'
            << tsv_field(a.title) << '\n';
    }
    if (batch && result.hits.empty()) out << qid_column << "0\t\t\t\t\t\t\n";  // rank 0: no hits on its page
}

void write_article(std::ostream& out, const Article& a, const FormatOptions& options) {
    const std::string title = terminal_safe(a.title);
    out << (options.color ? std::string(kBold) + title + std::string(kReset) : title) << '\n';
    out << dim(metadata_line(a), options.color) << '\n';
    if (!a.tags.empty()) {
        std::string tags;
        for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + terminal_safe(t);
        out << dim("tags: " + tags, options.color) << '\n';
    }
    if (!a.url.empty()) out << dim(terminal_safe(a.url), options.color) << '\n';
    out << '\n';
    // Paragraphs keep their breaks; everything else is made safe line by line.
    std::size_t start = 0;
    while (start <= a.body.size()) {
        const std::size_t end = std::min(a.body.find('\n', start), a.body.size());
        out << terminal_safe(std::string_view(a.body).substr(start, end - start)) << '\n';
        start = end + 1;
    }
}

void write_article_json(std::ostream& out, const Article& a) {
    nlohmann::json doc = {{"id", a.id},         {"title", a.title},       {"date", a.date},
                          {"source", a.source}, {"category", a.category}, {"url", a.url},
                          {"tags", a.tags},     {"body", a.body}};
    if (!a.language.empty()) doc["language"] = a.language;  // as in hit_fields_json()
    out << dump(doc) << '\n';
}

namespace {

/// `text` on one line with Markdown's inline specials escaped, for titles and metadata.
std::string markdown_inline(std::string_view text) {
    std::string out;
    for (const char c : terminal_safe(text)) {
        if (std::string_view("\\`*_[]<>").find(c) != std::string_view::npos) out += '\\';
        out += c;
    }
    return out;
}

/// A body line as Markdown: a line that would begin a heading, quote, list, rule or code
/// fence has its first character escaped, so the text reads as the paragraph it is.
std::string markdown_body_line(std::string_view line) {
    std::string out = terminal_safe(line);
    const auto first = out.find_first_not_of(' ');
    if (first == std::string::npos) return out;
    const std::size_t digits_end = out.find_first_not_of("0123456789", first);
    if (std::string_view("#>-+*=`~|").find(out[first]) != std::string_view::npos)
        out.insert(first, "\\");
    else if (digits_end != first && digits_end != std::string::npos &&
             (out[digits_end] == '.' || out[digits_end] == ')'))
        out.insert(digits_end, "\\");  // "1. " would start a numbered list
    return out;
}

}  // namespace

void write_article_markdown(std::ostream& out, const Article& a) {
    out << "# " << (a.title.empty() ? "(untitled)" : markdown_inline(a.title)) << "\n\n";
    const std::pair<std::string_view, const std::string*> fields[] = {
        {"Date", &a.date}, {"Source", &a.source}, {"Category", &a.category},
        {"Id", &a.id},     {"URL", &a.url},       {"Language", &a.language}};
    for (const auto& [name, value] : fields)
        if (!value->empty()) out << "- **" << name << ":** " << markdown_inline(*value) << '\n';
    if (!a.tags.empty()) {
        std::string tags;
        for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + markdown_inline(t);
        out << "- **Tags:** " << tags << '\n';
    }
    out << '\n';
    std::size_t start = 0;
    while (start < a.body.size()) {
        const std::size_t end = std::min(a.body.find('\n', start), a.body.size());
        out << markdown_body_line(std::string_view(a.body).substr(start, end - start)) << '\n';
        start = end + 1;
    }
}

void write_trec(std::ostream& out, std::string_view qid, const SearchResult& result, const FormatOptions& options) {
    for (const Hit& hit : result.hits) {
        // TREC columns are whitespace-separated: an id with spaces would break them.
        std::string id = terminal_safe(hit.article.id);
        for (char& c : id)
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = '_';
        out << terminal_safe(qid) << " Q0 " << id << ' ' << hit.rank << ' ' << format_score(hit.score) << ' '
            << options.run_tag << '\n';
    }
}

}  // namespace news
