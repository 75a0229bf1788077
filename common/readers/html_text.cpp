#include "common/readers/html_text.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <new>
#include <utility>
#include <vector>

#include "common/utf8.hpp"

namespace news::html {

/// Every block gumbo allocates through it, on an intrusive list, so that the whole tree can
/// be freed in one loop instead of gumbo_destroy_output()'s recursion over the tree.
class GumboPool {
  public:
    GumboPool() = default;
    ~GumboPool() {
        while (head_.next != &head_) release(head_.next + 1);
    }
    GumboPool(const GumboPool&) = delete;
    GumboPool& operator=(const GumboPool&) = delete;

    static void* allocate(void* pool, std::size_t size) { return static_cast<GumboPool*>(pool)->allocate(size); }
    static void deallocate(void* pool, void* block) { static_cast<GumboPool*>(pool)->release(block); }

  private:
    // 16 bytes, so what follows keeps malloc's alignment.
    struct alignas(16) Header {
        Header* prev;
        Header* next;
    };

    void* allocate(std::size_t size) {
        auto* header = static_cast<Header*>(std::malloc(sizeof(Header) + size));
        if (header == nullptr) return nullptr;
        header->prev = &head_;
        header->next = head_.next;
        head_.next->prev = header;
        head_.next = header;
        return header + 1;
    }
    void release(void* block) {
        if (block == nullptr) return;
        Header* header = static_cast<Header*>(block) - 1;
        header->prev->next = header->next;
        header->next->prev = header->prev;
        std::free(header);
    }

    Header head_{&head_, &head_};
};

namespace {

/// How gumbo's parse is kept linear (see parse() in the header). A real page nests 20 to
/// 40 elements deep and sums about one level of depth per byte of markup.
constexpr std::size_t kMaxDepth = 256;
constexpr std::size_t kBaseCost = 4'000'000;  // about 60 ms of gumbo's time
constexpr std::size_t kCostPerByte = 16;
/// Formatting elements (b, i, a, font, ...) left open are cloned again for every paragraph
/// and cell that follows ("reconstruct the active formatting elements"), each clone costing
/// as much as 64 open elements do: `<b id=1><p>x<b id=2><p>x...` took gumbo 14 s for 100,000.
/// Real text never has more than a few open at once.
constexpr std::size_t kMaxFormatting = 12;
constexpr std::size_t kCloneCost = 64;

bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_html_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool one_of(std::string_view name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

/// Elements without content or end tag.
bool is_void(std::string_view name) {
    return one_of(name, {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                         "track", "wbr", "keygen", "frame", "basefont", "bgsound"});
}

bool is_formatting(std::string_view name) {
    return one_of(name,
                  {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"});
}

/// Elements whose start tag closes an open one of their kind, so they do not nest.
bool closes_its_kind(std::string_view name) {
    return one_of(name, {"p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "rb", "rt", "rp", "rtc"});
}

/// Elements whose content the tokenizer reads as text up to their end tag.
bool has_raw_text(std::string_view name) {
    return one_of(name, {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"});
}

/// The position after the '>' that ends the tag whose name ends at `i`, honouring quoted
/// attribute values as the tokenizer does (a quote opens a value only after '=').
std::size_t end_of_tag(std::string_view html, std::size_t i) {
    while (i < html.size()) {
        const char c = html[i++];
        if (c == '>') return i;
        if (c != '=') continue;
        while (i < html.size() && is_html_space(html[i])) ++i;
        if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
            const std::size_t close = html.find(html[i], i + 1);
            i = close == std::string_view::npos ? html.size() : close + 1;
        }
    }
    return html.size();
}

/// Where the content of raw-text element `name` ends: at its "</name", case ignored.
std::size_t end_of_raw_text(std::string_view html, std::size_t i, std::string_view name) {
    for (;; ++i) {
        i = html.find("</", i);
        if (i == std::string_view::npos) return html.size();
        const std::string_view candidate = html.substr(i + 2, name.size());
        if (candidate.size() == name.size() &&
            std::equal(name.begin(), name.end(), candidate.begin(), [](char a, char b) { return a == ascii_lower(b); }))
            return i;
    }
}

/// The scan behind tame(): a stack of open elements as gumbo will build it, roughly, and
/// the work gumbo will do (one unit per open element per tag).
class Tamer {
  public:
    explicit Tamer(std::string_view html) : html_(html), budget_(kBaseCost + kCostPerByte * html.size()) {}

    std::string_view run(std::string& storage) {
        std::size_t i = 0;
        while ((i = html_.find('<', i)) != std::string_view::npos) i = after_markup(i, storage);
        if (!copying_) return html_;
        storage.append(html_.substr(copied_up_to_));
        return storage;
    }

  private:
    /// Handles what starts with the '<' at `i`; returns where scanning resumes.
    std::size_t after_markup(std::size_t i, std::string& storage) {
        const std::string_view rest = html_.substr(i);
        if (rest.starts_with("<!--")) {
            // "<!-->" and "<!--->" are whole comments; "--!>" ends one too.
            const std::size_t end = std::min(next(close_, "-->", i + 2), next(bang_close_, "--!>", i + 2));
            return end == std::string_view::npos ? html_.size() : html_.find('>', end) + 1;
        }
        if (rest.starts_with("<!") || rest.starts_with("<?")) {
            const std::size_t end = html_.find('>', i);
            return end == std::string_view::npos ? html_.size() : end + 1;
        }
        const bool closing = rest.starts_with("</");
        const std::size_t name_begin = i + (closing ? 2 : 1);
        if (name_begin >= html_.size() || !is_ascii_alpha(html_[name_begin])) return i + 1;  // a '<' in text
        std::size_t name_end = name_begin;
        while (name_end < html_.size() && !is_html_space(html_[name_end]) && html_[name_end] != '/' &&
               html_[name_end] != '>')
            ++name_end;
        std::string name(html_.substr(name_begin, name_end - name_begin));
        std::transform(name.begin(), name.end(), name.begin(), ascii_lower);
        const std::size_t tag_end = end_of_tag(html_, name_end);

        // Script, style and the like are never dropped, nor are their end tags: their
        // content would become text. They do not nest, so they cost one unit per open element.
        const bool raw = has_raw_text(name) || name == "plaintext";
        if (cost_ >= budget_ && !raw) {
            drop(i, tag_end, storage);
        } else if (closing) {
            end_tag(name);
        } else if (!start_tag(name, html_.substr(i, tag_end - i))) {
            drop(i, tag_end, storage);
        }
        if (!closing && name == "plaintext") return html_.size();
        if (!closing && has_raw_text(name)) return end_of_raw_text(html_, tag_end, name);
        return tag_end;
    }

    /// The first `what` at or after `from`, remembered in `cached` so that each byte is
    /// searched once however many comments there are (a search of the rest for each one
    /// would make the scan quadratic when the rest has none).
    std::size_t next(std::size_t& cached, std::string_view what, std::size_t from) {
        if (cached != std::string_view::npos && cached < from) cached = html_.find(what, from);
        return cached;
    }

    /// False when the tag is to be dropped.
    bool start_tag(const std::string& name, std::string_view tag) {
        cost_ += open_.size() + kCloneCost * formatting_;
        const bool self_closing = foreign_ > 0 && tag.ends_with("/>");  // HTML ignores "/>"
        if (is_void(name) || closes_its_kind(name) || has_raw_text(name) || name == "plaintext" || self_closing)
            return true;
        const bool formatting = is_formatting(name);
        if (open_.size() >= kMaxDepth || (formatting && formatting_ >= kMaxFormatting)) return false;
        open_.push_back(name);
        if (name == "svg" || name == "math") ++foreign_;
        if (formatting) ++formatting_;
        return true;
    }

    void end_tag(const std::string& name) {
        cost_ += open_.size() + kCloneCost * formatting_;
        const auto match = std::find(open_.rbegin(), open_.rend(), name);
        if (match == open_.rend()) return;  // stray: gumbo ignores it
        for (auto it = open_.rbegin(); it != match + 1; ++it) {
            if (*it == "svg" || *it == "math") --foreign_;
            if (is_formatting(*it)) --formatting_;
        }
        open_.erase(std::prev(match.base()), open_.end());
    }

    /// Replaces html_[begin, end) by a space in the copy (made at the first drop).
    void drop(std::size_t begin, std::size_t end, std::string& storage) {
        if (!copying_) {
            storage.clear();
            copying_ = true;
        }
        storage.append(html_.substr(copied_up_to_, begin - copied_up_to_)).push_back(' ');
        copied_up_to_ = end;
    }

    std::string_view html_;
    std::size_t budget_;
    std::size_t cost_ = 0;
    std::vector<std::string> open_;
    std::size_t foreign_ = 0;     ///< svg and math elements open: "/>" closes elements there
    std::size_t formatting_ = 0;  ///< formatting elements open
    std::size_t close_ = 0;       ///< where the next "-->" is (see next())
    std::size_t bang_close_ = 0;  ///< where the next "--!>" is
    bool copying_ = false;
    std::size_t copied_up_to_ = 0;
};

const GumboVector* children_of(const GumboNode& node) {
    switch (node.type) {
        case GUMBO_NODE_DOCUMENT:
            return &node.v.document.children;
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
            return &node.v.element.children;
        default:
            return nullptr;
    }
}

/// Elements whose content is never text: code, styles, embedded documents and media, the
/// controls of forms, and the head (metadata, read separately).
bool is_never_text(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_SCRIPT:
        case GUMBO_TAG_STYLE:
        case GUMBO_TAG_NOSCRIPT:
        case GUMBO_TAG_TEMPLATE:
        case GUMBO_TAG_IFRAME:
        case GUMBO_TAG_OBJECT:
        case GUMBO_TAG_EMBED:
        case GUMBO_TAG_SVG:
        case GUMBO_TAG_MATH:
        case GUMBO_TAG_CANVAS:
        case GUMBO_TAG_AUDIO:
        case GUMBO_TAG_VIDEO:
        case GUMBO_TAG_SELECT:
        case GUMBO_TAG_TEXTAREA:
        case GUMBO_TAG_BUTTON:
        case GUMBO_TAG_HEAD:
        case GUMBO_TAG_TITLE:
        case GUMBO_TAG_NOEMBED:
        case GUMBO_TAG_NOFRAMES:
        case GUMBO_TAG_XMP:
            return true;
        default:
            return false;
    }
}

enum class Layout { kInline, kBlock, kLine, kCell };

Layout layout_of(GumboTag tag) {
    switch (tag) {
        case GUMBO_TAG_LI:
        case GUMBO_TAG_DT:
        case GUMBO_TAG_DD:
        case GUMBO_TAG_TR:
        case GUMBO_TAG_OPTION:
            return Layout::kLine;
        case GUMBO_TAG_TD:
        case GUMBO_TAG_TH:
            return Layout::kCell;
        case GUMBO_TAG_ADDRESS:
        case GUMBO_TAG_ARTICLE:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_BLOCKQUOTE:
        case GUMBO_TAG_BODY:
        case GUMBO_TAG_CAPTION:
        case GUMBO_TAG_CENTER:
        case GUMBO_TAG_DETAILS:
        case GUMBO_TAG_DIR:
        case GUMBO_TAG_DIV:
        case GUMBO_TAG_DL:
        case GUMBO_TAG_FIELDSET:
        case GUMBO_TAG_FIGCAPTION:
        case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_H2:
        case GUMBO_TAG_H3:
        case GUMBO_TAG_H4:
        case GUMBO_TAG_H5:
        case GUMBO_TAG_H6:
        case GUMBO_TAG_HEADER:
        case GUMBO_TAG_HGROUP:
        case GUMBO_TAG_HR:
        case GUMBO_TAG_HTML:
        case GUMBO_TAG_LEGEND:
        case GUMBO_TAG_MAIN:
        case GUMBO_TAG_MENU:
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_OL:
        case GUMBO_TAG_P:
        case GUMBO_TAG_PRE:
        case GUMBO_TAG_SECTION:
        case GUMBO_TAG_SUMMARY:
        case GUMBO_TAG_TABLE:
        case GUMBO_TAG_UL:
            return Layout::kBlock;
        default:
            return Layout::kInline;
    }
}

/// Accumulates text, turning the breaks that elements and whitespace ask for into the
/// separators of the stored body: the strongest break asked for since the last character
/// wins, and none is written at either end.
class TextBuilder {
  public:
    enum class Break { kNone, kSpace, kLine, kParagraph };

    explicit TextBuilder(bool single_line) : single_line_(single_line) {}

    void request(Break wanted) { pending_ = std::max(pending_, wanted); }

    /// Two <br> in a row end a paragraph, as scraped pages often mark them.
    void line_break() { request(++breaks_since_text_ >= 2 ? Break::kParagraph : Break::kLine); }

    /// Text of one node; `keep_lines`: line breaks in it are kept (in <pre>, or text that
    /// holds no element) rather than read as spaces.
    void text(std::string_view text, bool keep_lines) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (is_html_space(static_cast<char>(c))) {
                whitespace(c == '\n', keep_lines);
            } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
                whitespace(false, keep_lines);  // no-break space
                ++i;
            } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
                ++i;  // a C1 control character
            } else if (c >= 0x20 && c != 0x7F) {
                emit(text[i]);
            }
        }
    }

    std::string take() { return std::move(out_); }

  private:
    void whitespace(bool newline, bool keep_lines) {
        if (!newline) return request(Break::kSpace);
        ++newlines_;
        request(newlines_ >= 2 ? Break::kParagraph : keep_lines ? Break::kLine : Break::kSpace);
    }

    void emit(char c) {
        if (!out_.empty() && pending_ != Break::kNone) {
            if (single_line_ || pending_ == Break::kSpace) {
                out_.push_back(' ');
            } else {
                out_.append(pending_ == Break::kLine ? "\n" : "\n\n");
            }
        }
        pending_ = Break::kNone;
        newlines_ = 0;
        breaks_since_text_ = 0;
        out_.push_back(c);
    }

    bool single_line_;
    std::string out_;
    Break pending_ = Break::kNone;
    int newlines_ = 0;  ///< line feeds in the whitespace since the last character
    int breaks_since_text_ = 0;
};

/// True when `text` has something the tokenizer reads as markup: '<' followed by a letter,
/// '/', '!' or '?' (a tag, an end tag, a comment, a doctype).
bool has_markup(std::string_view text) {
    for (std::size_t i = text.find('<'); i != std::string_view::npos && i + 1 < text.size();
         i = text.find('<', i + 1)) {
        const char next = text[i + 1];
        if (is_ascii_alpha(next) || next == '/' || next == '!' || next == '?') return true;
    }
    return false;
}

/// HTML5's named character references that are read without their ';' (the standard's
/// legacy list, closed for good): "&copy 2007" is "(c) 2007" to a browser and to gumbo. Every
/// other name is a reference only when ';' ends it.
constexpr std::array<std::string_view, 106> kReferencesWithoutSemicolon = {
    "AElig",  "AMP",    "Aacute", "Acirc",  "Agrave", "Aring",  "Atilde", "Auml",   "COPY",   "Ccedil", "ETH",
    "Eacute", "Ecirc",  "Egrave", "Euml",   "GT",     "Iacute", "Icirc",  "Igrave", "Iuml",   "LT",     "Ntilde",
    "Oacute", "Ocirc",  "Ograve", "Oslash", "Otilde", "Ouml",   "QUOT",   "REG",    "THORN",  "Uacute", "Ucirc",
    "Ugrave", "Uuml",   "Yacute", "aacute", "acirc",  "acute",  "aelig",  "agrave", "amp",    "aring",  "atilde",
    "auml",   "brvbar", "ccedil", "cedil",  "cent",   "copy",   "curren", "deg",    "divide", "eacute", "ecirc",
    "egrave", "eth",    "euml",   "frac12", "frac14", "frac34", "gt",     "iacute", "icirc",  "iexcl",  "igrave",
    "iquest", "iuml",   "laquo",  "lt",     "macr",   "micro",  "middot", "nbsp",   "not",    "ntilde", "oacute",
    "ocirc",  "ograve", "ordf",   "ordm",   "oslash", "otilde", "ouml",   "para",   "plusmn", "pound",  "quot",
    "raquo",  "reg",    "sect",   "shy",    "sup1",   "sup2",   "sup3",   "szlig",  "thorn",  "times",  "uacute",
    "ucirc",  "ugrave", "uml",    "uuml",   "yacute", "yen",    "yuml"};

bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || (c >= '0' && c <= '9'); }

/// True when the '&' at `amp` may begin a character reference as HTML5 reads text: "&#", a
/// name of letters and digits that ';' ends, or one of the names read without it. "AT&T",
/// "S&P 500" and "R&D" begin none: their '&' is text.
bool may_start_reference(std::string_view text, std::size_t amp) {
    const std::size_t begin = amp + 1;
    if (begin < text.size() && text[begin] == '#') return true;
    std::size_t end = begin;
    while (end < text.size() && is_ascii_alnum(text[end])) ++end;
    if (end == begin) return false;
    if (end < text.size() && text[end] == ';') return true;
    const std::string_view name = text.substr(begin, end - begin);
    return std::any_of(kReferencesWithoutSemicolon.begin(), kReferencesWithoutSemicolon.end(),
                       [&](std::string_view legacy) { return name.substr(0, legacy.size()) == legacy; });
}

/// True when parsing could change text that holds no tag: a character reference to decode,
/// or a byte that gumbo's input stream or verbatim_text() changes or drops (carriage return,
/// NUL and the other C0 controls but tab and line feed, DEL, C1 controls, invalid UTF-8).
bool parsing_may_change(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '&' && may_start_reference(text, i)) return true;
        if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) return true;
        if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) return true;
    }
    return !valid_utf8(text);
}

/// The text of the text nodes below `root`, as it is but for control characters other than
/// tab and line breaks: for text that holds no element.
std::string verbatim_text(const GumboNode& root) {
    std::string out;
    for_each_node(root, [&](const GumboNode& node) {
        if (node.type != GUMBO_NODE_TEXT && node.type != GUMBO_NODE_WHITESPACE) return true;
        const std::string_view text = node.v.text.text;
        for (std::size_t i = 0; i < text.size(); ++i) {
            const auto c = static_cast<unsigned char>(text[i]);
            if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) < 0xA0) {
                ++i;  // a C1 control character
            } else if ((c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' || c == '\r') {
                out.push_back(text[i]);
            }
        }
        return true;
    });
    return out;
}

std::string fragment(std::string_view html, bool single_line) {
    if (!may_hold_markup(html)) return std::string(html);
    const GumboOutputPtr output = parse(html, true);
    // Text without markup is plain text with character references: only those change, so
    // its layout (line breaks, spacing) is kept as it was.
    if (!has_markup(html)) return verbatim_text(*output->root);
    return node_text(*output->root, {}, single_line);
}

}  // namespace

bool may_hold_markup(std::string_view text) {
    // Most '&' in news are text ("AT&T", "S&P 500"), and parsing a body costs about a tenth
    // of indexing it: only text that parsing could change is parsed.
    if (text.find_first_of("<&") == std::string_view::npos) return false;
    return has_markup(text) || parsing_may_change(text);
}

std::string fragment_text(std::string_view html) { return fragment(html, false); }

std::string fragment_line(std::string_view html) { return fragment(html, true); }

std::string one_line(std::string_view text) {
    TextBuilder builder(true);
    builder.text(text, false);
    return builder.take();
}

void GumboOutputDeleter::operator()(GumboOutput* /*output*/) {
    // The output is one of the pool's blocks: freeing the pool frees it.
    pool.reset();
    input.reset();
}

std::string_view tame(std::string_view html, std::string& storage) { return Tamer(html).run(storage); }

GumboOutputPtr parse(std::string_view html, bool fragment) {
    auto pool = std::make_shared<GumboPool>();
    GumboOptions options = kGumboDefaultOptions;
    options.allocator = &GumboPool::allocate;
    options.deallocator = &GumboPool::deallocate;
    options.userdata = pool.get();
    options.max_errors = 0;  // not read; recording them only costs memory
    if (fragment) options.fragment_context = GUMBO_TAG_DIV;
    // tame() returns a view of `html` or of `tamed`; gumbo's tree points into it, so a copy
    // that was made is kept by the pool's owner.
    auto tamed = std::make_shared<std::string>();
    const std::string_view input = tame(html, *tamed);
    GumboOutput* output = gumbo_parse_with_options(&options, input.data(), input.size());
    if (output == nullptr) throw std::bad_alloc();
    return GumboOutputPtr(output, GumboOutputDeleter{std::move(pool), std::move(tamed)});
}

std::string node_text(const GumboNode& node, const std::function<bool(const GumboNode&)>& skip, bool single_line) {
    struct Step {
        const GumboNode* node;
        bool leaving;
    };
    TextBuilder builder(single_line);
    std::vector<Step> steps{{&node, false}};
    int pre_depth = 0;
    while (!steps.empty()) {
        const Step step = steps.back();
        steps.pop_back();
        const GumboNode& current = *step.node;
        if (current.type == GUMBO_NODE_TEXT || current.type == GUMBO_NODE_WHITESPACE ||
            current.type == GUMBO_NODE_CDATA) {
            builder.text(current.v.text.text, pre_depth > 0);
            continue;
        }
        const GumboVector* children = children_of(current);
        if (children == nullptr) continue;  // a comment
        const bool element = current.type == GUMBO_NODE_ELEMENT;
        const GumboTag tag = element ? current.v.element.tag : GUMBO_TAG_UNKNOWN;
        const Layout layout = element ? layout_of(tag) : Layout::kInline;
        if (step.leaving) {
            if (tag == GUMBO_TAG_PRE) --pre_depth;
            if (layout == Layout::kBlock) builder.request(TextBuilder::Break::kParagraph);
            if (layout == Layout::kLine) builder.request(TextBuilder::Break::kLine);
            continue;
        }
        if (&current != &node && (current.type == GUMBO_NODE_TEMPLATE || (element && is_never_text(tag)))) continue;
        if (skip && &current != &node && skip(current)) continue;
        if (tag == GUMBO_TAG_BR) builder.line_break();
        if (layout == Layout::kBlock) builder.request(TextBuilder::Break::kParagraph);
        if (layout == Layout::kLine) builder.request(TextBuilder::Break::kLine);
        if (layout == Layout::kCell) builder.request(TextBuilder::Break::kSpace);
        if (tag == GUMBO_TAG_PRE) ++pre_depth;
        steps.push_back({&current, true});
        for (unsigned i = children->length; i > 0; --i)
            steps.push_back({static_cast<const GumboNode*>(children->data[i - 1]), false});
    }
    return builder.take();
}

std::string_view attribute(const GumboNode& node, const char* name) {
    if (node.type != GUMBO_NODE_ELEMENT) return {};
    const GumboAttribute* found = gumbo_get_attribute(&node.v.element.attributes, name);
    return found == nullptr ? std::string_view() : std::string_view(found->value);
}

void for_each_node(const GumboNode& root, const std::function<bool(const GumboNode&)>& visit) {
    std::vector<const GumboNode*> pending{&root};
    while (!pending.empty()) {
        const GumboNode* node = pending.back();
        pending.pop_back();
        if (!visit(*node)) continue;
        if (const GumboVector* children = children_of(*node))
            for (unsigned i = children->length; i > 0; --i)
                pending.push_back(static_cast<const GumboNode*>(children->data[i - 1]));
    }
}

}  // namespace news::html
