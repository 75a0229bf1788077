#include "common/readers/html_page.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "common/readers/html_text.hpp"
#include "common/readers/reader_support.hpp"

namespace news {

namespace {

using Json = nlohmann::json;

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), ascii_lower);
    return out;
}

/// The words of a class or id attribute, lower case: "share-bar Comments_2" gives share,
/// bar, comments, 2. Words, not substrings, so that "ad" does not match "header" or "read".
std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (const char c : text) {
        const char l = ascii_lower(c);
        if ((l >= 'a' && l <= 'z') || (l >= '0' && l <= '9')) {
            word.push_back(l);
        } else if (!word.empty()) {
            words.push_back(std::exchange(word, {}));
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

/// Class and id words of the blocks around an article's text that are not the article:
/// reader comments, share bars, advertising, related-link boxes, newsletter sign-ups,
/// cookie banners, navigation. Kept short and made of whole words so that article text is
/// never cut by accident; the tags of such blocks (nav, aside, footer) are dropped anyway.
bool names_boilerplate(std::string_view class_or_id) {
    static constexpr std::string_view kWords[] = {
        "comment",  "comments", "disqus",     "share",       "sharing",       "sharedaddy",   "social",
        "ad",       "ads",      "advert",     "adverts",     "advertisement", "advertising",  "adsbygoogle",
        "dfp",      "sponsor",  "sponsored",  "promo",       "related",       "relatedposts", "recommended",
        "outbrain", "taboola",  "newsletter", "subscribe",   "signup",        "cookie",       "cookies",
        "consent",  "gdpr",     "breadcrumb", "breadcrumbs", "nav",           "navigation",   "menu",
        "byline",   "sidebar",  "widget",     "popup",       "modal",         "paywall",      "masthead"};
    for (const std::string& word : words_of(class_or_id))
        if (std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords)) return true;
    return false;
}

/// Class names publishers (WordPress, Arc, Drupal themes, the BBC, ...) give the element that
/// holds an article's text.
bool names_article_text(std::string_view class_attribute) {
    static constexpr std::string_view kNames[] = {
        "entry-content",    "post-content", "article-body",   "article-content", "article__body",
        "article__content", "story-body",   "story-content",  "post-body",       "articlebody",
        "article-text",     "story-text",   "field-name-body"};
    std::string_view rest = class_attribute;
    while (!rest.empty()) {
        const std::size_t space = rest.find_first_of(" \t\n\r\f");
        const std::string name = lower(rest.substr(0, space));
        if (std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames)) return true;
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    return false;
}

/// True for elements that are never part of an article's text, inside the element chosen.
bool is_boilerplate(const GumboNode& node) {
    if (node.type != GUMBO_NODE_ELEMENT) return false;
    switch (node.v.element.tag) {
        case GUMBO_TAG_HTML:
        case GUMBO_TAG_BODY:
            return false;  // WordPress gives <body> classes such as "has-sidebar"
        case GUMBO_TAG_NAV:
        case GUMBO_TAG_HEADER:
        case GUMBO_TAG_FOOTER:
        case GUMBO_TAG_ASIDE:
        case GUMBO_TAG_FORM:
        case GUMBO_TAG_FIGURE:
        case GUMBO_TAG_H1:
        case GUMBO_TAG_MENU:
            return true;
        default:
            break;
    }
    if (gumbo_get_attribute(&node.v.element.attributes, "hidden") != nullptr) return true;
    if (html::attribute(node, "aria-hidden") == "true") return true;
    const std::string style = lower(html::attribute(node, "style"));
    if (style.find("display:none") != std::string::npos || style.find("display: none") != std::string::npos)
        return true;
    const std::string role = lower(html::attribute(node, "role"));
    if (role == "navigation" || role == "banner" || role == "complementary" || role == "contentinfo" ||
        role == "search" || role == "dialog")
        return true;
    return names_boilerplate(html::attribute(node, "class")) || names_boilerplate(html::attribute(node, "id"));
}

/// The text of a node's first text child: for <title> and <script>.
std::string_view child_text(const GumboNode& node) {
    if (node.type != GUMBO_NODE_ELEMENT) return {};
    const GumboVector& children = node.v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(children.data[i]);
        if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_CDATA || child->type == GUMBO_NODE_WHITESPACE)
            return child->v.text.text;
    }
    return {};
}

/// What one pass over the page finds.
struct PageFacts {
    std::map<std::string, std::string> meta;  ///< property or name (lower case) -> content; first wins
    std::vector<std::string> article_tags;    ///< every article:tag
    std::string title;                        ///< of <title>
    std::string canonical;
    std::string itemprop_date;
    std::string time_datetime;  ///< of the first <time datetime>
    std::vector<std::string_view> json_ld;
    const GumboNode* body = nullptr;
    const GumboNode* h1 = nullptr;
    const GumboNode* article_body = nullptr;  ///< itemprop="articleBody"
    const GumboNode* text_class = nullptr;    ///< names_article_text
    const GumboNode* main = nullptr;
};

void note_meta(const GumboNode& node, PageFacts& facts) {
    const std::string_view content = html::attribute(node, "content");
    for (const char* key : {"property", "name", "itemprop"}) {
        const std::string name = lower(html::attribute(node, key));
        if (name.empty()) continue;
        if (name == "article:tag") facts.article_tags.emplace_back(content);
        if (name == "datepublished" && facts.itemprop_date.empty()) facts.itemprop_date = content;
        facts.meta.emplace(name, content);
    }
}

void note_element(const GumboNode& node, PageFacts& facts) {
    switch (node.v.element.tag) {
        case GUMBO_TAG_META:
            return note_meta(node, facts);
        case GUMBO_TAG_TITLE:
            if (facts.title.empty()) facts.title = html::one_line(child_text(node));
            return;
        case GUMBO_TAG_LINK:
            if (facts.canonical.empty() && lower(html::attribute(node, "rel")) == "canonical")
                facts.canonical = html::attribute(node, "href");
            return;
        case GUMBO_TAG_SCRIPT:
            if (lower(html::attribute(node, "type")) == "application/ld+json")
                facts.json_ld.push_back(child_text(node));
            return;
        case GUMBO_TAG_TIME:
            if (facts.time_datetime.empty()) facts.time_datetime = html::attribute(node, "datetime");
            break;
        case GUMBO_TAG_BODY:
            if (facts.body == nullptr) facts.body = &node;
            break;
        case GUMBO_TAG_H1:
            if (facts.h1 == nullptr) facts.h1 = &node;
            break;
        case GUMBO_TAG_MAIN:
            if (facts.main == nullptr) facts.main = &node;
            break;
        default:
            break;
    }
    const std::string itemprop = lower(html::attribute(node, "itemprop"));
    if (itemprop == "articlebody" && facts.article_body == nullptr) facts.article_body = &node;
    if (itemprop == "datepublished" && facts.itemprop_date.empty()) {
        const std::string_view datetime = html::attribute(node, "datetime");
        facts.itemprop_date = datetime.empty() ? html::attribute(node, "content") : datetime;
    }
    if (facts.main == nullptr && lower(html::attribute(node, "role")) == "main") facts.main = &node;
    if (facts.text_class == nullptr && names_article_text(html::attribute(node, "class"))) facts.text_class = &node;
}

PageFacts gather_facts(const GumboNode& document) {
    PageFacts facts;
    html::for_each_node(document, [&](const GumboNode& node) {
        if (node.type != GUMBO_NODE_ELEMENT) return node.type == GUMBO_NODE_DOCUMENT;
        note_element(node, facts);
        return node.v.element.tag != GUMBO_TAG_SCRIPT && node.v.element.tag != GUMBO_TAG_STYLE;
    });
    return facts;
}

/// What a JSON-LD article (schema.org NewsArticle, Article, BlogPosting, ...) says.
struct JsonLdArticle {
    std::string headline, date, body, publisher, url;
    std::vector<std::string> keywords;
};

bool is_article_type(const Json& type) {
    const auto matches = [](const Json& name) {
        if (!name.is_string()) return false;
        const std::string& text = name.get_ref<const std::string&>();
        return text.ends_with("Article") || text.ends_with("BlogPosting") || text == "Report";
    };
    if (type.is_array()) return std::any_of(type.begin(), type.end(), matches);
    return matches(type);
}

/// A string member, or the `name` (`@id`) of an object member; "" otherwise.
std::string string_member(const Json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object()) {
        for (const char* inner : {"name", "@id"}) {
            const auto value = it->find(inner);
            if (value != it->end() && value->is_string()) return value->get<std::string>();
        }
    }
    if (it->is_array() && !it->empty() && it->front().is_object()) {
        const auto name = it->front().find("name");
        if (name != it->front().end() && name->is_string()) return name->get<std::string>();
    }
    return {};
}

JsonLdArticle read_json_ld_article(const Json& object) {
    JsonLdArticle article;
    article.headline = string_member(object, "headline");
    article.date = string_member(object, "datePublished");
    article.body = string_member(object, "articleBody");
    article.publisher = string_member(object, "publisher");
    article.url = string_member(object, "url");
    if (article.url.empty()) article.url = string_member(object, "mainEntityOfPage");
    if (const auto keywords = object.find("keywords"); keywords != object.end()) {
        if (keywords->is_string()) article.keywords = split_tags(keywords->get_ref<const std::string&>());
        if (keywords->is_array())
            for (const Json& keyword : *keywords)
                if (keyword.is_string()) article.keywords.push_back(keyword.get<std::string>());
    }
    return article;
}

/// The first article described in the page's JSON-LD blocks: a top-level object, an element
/// of a top-level array, or an element of an "@graph". Blocks that are not valid JSON are
/// ignored (pages ship broken ones).
std::optional<JsonLdArticle> json_ld_article(const std::vector<std::string_view>& blocks) {
    for (const std::string_view block : blocks) {
        const Json value = Json::parse(block.begin(), block.end(), nullptr, /*allow_exceptions=*/false);
        std::vector<const Json*> candidates;
        const auto add = [&](const Json& item) {
            if (!item.is_object()) return;
            candidates.push_back(&item);
            if (const auto graph = item.find("@graph"); graph != item.end() && graph->is_array())
                for (const Json& node : *graph) candidates.push_back(&node);
        };
        if (value.is_array()) {
            for (const Json& item : value) add(item);
        } else {
            add(value);
        }
        for (const Json* candidate : candidates) {
            if (!candidate->is_object()) continue;
            const auto type = candidate->find("@type");
            if (type != candidate->end() && is_article_type(*type)) return read_json_ld_article(*candidate);
        }
    }
    return std::nullopt;
}

std::string meta(const PageFacts& facts, const char* name) {
    const auto it = facts.meta.find(name);
    return it == facts.meta.end() ? std::string() : html::one_line(it->second);
}

template <typename... Candidates>
std::string first_of(const std::string& first, const Candidates&... rest) {
    if (!trim_spaces(first).empty()) return first;
    if constexpr (sizeof...(rest) > 0) {
        return first_of(rest...);
    } else {
        return {};
    }
}

bool is_absolute_url(std::string_view url) { return url.starts_with("http://") || url.starts_with("https://"); }

/// "www.example.com" of "https://www.example.com:443/x" without the "www.".
std::string host_of(std::string_view url) {
    if (!is_absolute_url(url)) return {};
    url.remove_prefix(url.find("//") + 2);
    url = url.substr(0, url.find_first_of("/?#:"));
    if (url.starts_with("www.")) url.remove_prefix(4);
    return lower(url);
}

/// `title` without a trailing " | Site", " - Site" or " — Site" when Site is the site's name.
std::string without_site_name(std::string title, std::string_view site) {
    if (site.empty()) return title;
    const std::string lowered = lower(title);
    const std::string lowered_site = lower(site);
    for (const std::string_view separator : {" | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", " :: "}) {
        const std::string suffix = std::string(separator) + lowered_site;
        if (lowered.size() > suffix.size() && lowered.ends_with(suffix)) {
            title.resize(title.size() - suffix.size());
            return title;
        }
    }
    return title;
}

/// The <article> holding the most text outside boilerplate, or null, in one pass over the
/// tree: measuring each one apart would read nested ones again for every level. An article
/// that is itself boilerplate (`<article class="comment">`) has none.
const GumboNode* longest_article(const GumboNode& document) {
    struct Step {
        const GumboNode* node;
        bool leaving;  ///< the end of an article
    };
    struct OpenArticle {
        const GumboNode* node;
        std::size_t text_bytes;
    };
    std::vector<Step> steps{{&document, false}};
    std::vector<OpenArticle> open;
    const GumboNode* best = nullptr;
    std::size_t best_bytes = 0;
    while (!steps.empty()) {
        const Step step = steps.back();
        steps.pop_back();
        const GumboNode& node = *step.node;
        if (step.leaving) {
            const OpenArticle done = open.back();
            open.pop_back();
            if (done.text_bytes > best_bytes) std::tie(best, best_bytes) = std::tie(done.node, done.text_bytes);
            if (!open.empty()) open.back().text_bytes += done.text_bytes;
            continue;
        }
        if (node.type == GUMBO_NODE_TEXT || node.type == GUMBO_NODE_CDATA) {
            if (!open.empty()) open.back().text_bytes += std::string_view(node.v.text.text).size();
            continue;
        }
        if (node.type != GUMBO_NODE_DOCUMENT && node.type != GUMBO_NODE_ELEMENT) continue;
        if (node.type == GUMBO_NODE_ELEMENT) {
            const GumboTag tag = node.v.element.tag;
            if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
                tag == GUMBO_TAG_TEMPLATE || tag == GUMBO_TAG_HEAD || is_boilerplate(node))
                continue;
            if (tag == GUMBO_TAG_ARTICLE) {
                open.push_back({&node, 0});
                steps.push_back({&node, true});
            }
        }
        const GumboVector& children =
            node.type == GUMBO_NODE_DOCUMENT ? node.v.document.children : node.v.element.children;
        for (unsigned i = children.length; i > 0; --i)
            steps.push_back({static_cast<const GumboNode*>(children.data[i - 1]), false});
    }
    return best;
}

/// The element holding the article's text (see parse_html_page()).
const GumboNode* content_root(const PageFacts& facts, const GumboNode& document) {
    if (facts.article_body != nullptr) return facts.article_body;
    if (facts.text_class != nullptr) return facts.text_class;
    if (const GumboNode* article = longest_article(document)) return article;
    return facts.main != nullptr ? facts.main : facts.body;
}

}  // namespace

Article parse_html_page(std::string_view html, std::string& date_warning) {
    date_warning.clear();
    const html::GumboOutputPtr output = html::parse(html, false);
    const PageFacts facts = gather_facts(*output->document);
    const std::optional<JsonLdArticle> ld = json_ld_article(facts.json_ld);
    const JsonLdArticle none;
    const JsonLdArticle& json = ld ? *ld : none;

    Article article;
    std::string url = first_of(facts.canonical, meta(facts, "og:url"), json.url);
    if (is_absolute_url(trim_spaces(url))) article.url = trim_spaces(url);
    article.source = first_of(meta(facts, "og:site_name"), html::one_line(json.publisher), host_of(article.url));

    std::string page_title = without_site_name(facts.title, article.source);
    article.title = first_of(meta(facts, "og:title"), html::one_line(json.headline), page_title,
                             facts.h1 != nullptr ? html::node_text(*facts.h1, {}, true) : std::string());

    date_warning = set_date(
        article, first_of(meta(facts, "article:published_time"), json.date, facts.itemprop_date, facts.time_datetime,
                          meta(facts, "date"), meta(facts, "pubdate"), meta(facts, "dc.date.issued")));

    article.category = meta(facts, "article:section");
    for (const std::string& tag : facts.article_tags)
        if (const std::string_view trimmed = trim_spaces(tag); !trimmed.empty()) article.tags.emplace_back(trimmed);
    if (article.tags.empty()) article.tags = json.keywords;

    if (const GumboNode* root = content_root(facts, *output->document))
        article.body = html::node_text(*root, is_boilerplate);
    if (json.body.size() > 2 * article.body.size()) {
        article.body = html::fragment_text(json.body);
        // JSON can spell control characters (\u0001) that a page's text cannot hold.
        std::erase_if(article.body, [](char c) {
            return (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F;
        });
    }
    return article;
}

}  // namespace news
