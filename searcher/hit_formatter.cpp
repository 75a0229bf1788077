#include "searcher/hit_formatter.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>
#include <xapian.h>

namespace news {

namespace {

constexpr std::string_view kBold = "\033[1m";
constexpr std::string_view kDim = "\033[2m";
constexpr std::string_view kReset = "\033[0m";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

/// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is not valid.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 0;
    if (len == 0 || i + len > s.size()) return 0;
    for (std::size_t k = 1; k < len; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 0;
    if (len == 2 && c < 0xc2) return 0;  // overlong
    return len;
}

bool is_c1_control(std::string_view s, std::size_t i, std::size_t len) {
    return len == 2 && static_cast<unsigned char>(s[i]) == 0xc2 && static_cast<unsigned char>(s[i + 1]) < 0xa0;
}

std::string format_score(double score) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", score);
    return buf;
}

/// The snippet with highlights in bold (colour) or plain, each piece made terminal-safe.
std::string render_snippet(const Snippet& snippet, bool color) {
    std::string out;
    std::size_t pos = 0;
    for (const auto& [begin, end] : snippet.highlights) {
        if (begin < pos || end > snippet.text.size() || begin > end) continue;  // defensive
        out += terminal_safe(std::string_view(snippet.text).substr(pos, begin - pos));
        const std::string word = terminal_safe(std::string_view(snippet.text).substr(begin, end - begin));
        if (color) out.append(kBold).append(word).append(kReset);
        else out += word;
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
    if (name == "trec") return OutputFormat::kTrec;
    return std::nullopt;
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const std::size_t len = utf8_sequence_length(text, i);
        const auto c = static_cast<unsigned char>(text[i]);
        if (len == 0) {
            out.append(kReplacement);
            ++i;
            continue;
        }
        if (len == 1 && (c == '\t' || c == '\n' || c == '\r')) out.push_back(' ');
        else if ((len == 1 && (c < 0x20 || c == 0x7f)) || is_c1_control(text, i, len)) { /* dropped */ }
        else out.append(text.substr(i, len));
        i += len;
    }
    return out;
}

void write_text(std::ostream& out, const SearchResult& result, const FormatOptions& options) {
    const bool color = options.color;
    if (result.hits.empty()) {
        out << "No matches for \"" << terminal_safe(result.query) << "\".\n";
        return;
    }
    const Xapian::doccount first = result.hits.front().rank;
    out << dim("About " + std::to_string(result.estimated_matches) + " matches for \"" +
                   terminal_safe(result.query) + "\"; showing " + std::to_string(first) + "-" +
                   std::to_string(result.hits.back().rank),
               color)
        << (result.relaxed ? dim(" (query syntax ignored)", color) : "") << "\n\n";
    for (const Hit& hit : result.hits) {
        const Article& a = hit.article;
        std::string title = a.title.empty() ? "(untitled)" : terminal_safe(a.title);
        if (color) title = std::string(kBold) + title + std::string(kReset);
        out << hit.rank << ". " << title << '\n';
        std::string meta;
        for (const std::string* field : {&a.date, &a.source, &a.category})
            if (!field->empty()) meta += terminal_safe(*field) + " · ";
        meta += terminal_safe(a.id) + " · score " + format_score(hit.score);
        out << "   " << dim(meta, color) << '\n';
        if (!hit.error.empty()) out << "   [unreadable stored article: " << terminal_safe(hit.error) << "]\n";
        else if (!hit.snippet.text.empty()) out << "   " << render_snippet(hit.snippet, color) << '\n';
        out << '\n';
    }
}

void write_json(std::ostream& out, const SearchResult& result) {
    nlohmann::json hits = nlohmann::json::array();
    for (const Hit& hit : result.hits) {
        const Article& a = hit.article;
        nlohmann::json h = {{"rank", hit.rank},   {"id", a.id},         {"score", hit.score},
                            {"title", a.title},   {"date", a.date},     {"source", a.source},
                            {"url", a.url},       {"snippet", hit.snippet.text}};
        if (!a.category.empty()) h["category"] = a.category;
        if (!hit.error.empty()) h["error"] = hit.error;
        hits.push_back(std::move(h));
    }
    const nlohmann::json doc = {
        {"query", result.query}, {"estimated_matches", result.estimated_matches}, {"hits", std::move(hits)}};
    // Stored text is validated at indexing, but never let one bad byte make the output invalid.
    out << doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_trec(std::ostream& out, std::string_view qid, const SearchResult& result, const FormatOptions& options) {
    for (const Hit& hit : result.hits) {
        // TREC columns are whitespace-separated: an id with spaces would break them.
        std::string id = hit.article.id;
        for (char& c : id)
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') c = '_';
        out << qid << " Q0 " << id << ' ' << hit.rank << ' ' << format_score(hit.score) << ' ' << options.run_tag
            << '\n';
    }
}

}  // namespace news
