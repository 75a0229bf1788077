/// @file html_text.hpp
/// @brief HTML to text: parses markup with gumbo (a full HTML5 tokenizer and tree builder,
/// every named character reference included) and renders elements as the plain text the
/// rest of the code stores, paragraphs separated by "\n\n".
///
/// Only the readers see this module (and gumbo): the searcher never parses HTML.
#pragma once

#include <gumbo.h>

#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace news::html {

/// True when parsing `text` could change it: it holds a tag ('<' and a letter, '/', '!' or
/// '?'), or text that fragment_text() would change all the same (a character reference as
/// HTML5 reads one, a carriage return, a control character, invalid UTF-8), and a '<' or
/// '&'. Only such text is worth parsing; anything else is returned as it is, at no cost,
/// and is what parsing would have returned ("AT&T", "a < b").
bool may_hold_markup(std::string_view text);

/// The text of an HTML fragment (a JSON Lines or CSV field): tags removed, character
/// references decoded (&eacute; -> é, &#x110000; and &#0; -> U+FFFD), the content of
/// script, style, noscript, template, iframe, object, svg and math dropped. Block elements
/// (p, div, h1-h6, ul, blockquote, table, ...), two <br> in a row and blank lines inside
/// text separate paragraphs with "\n\n"; one <br>, a list item and a table row start a new
/// line; other runs of whitespace (&nbsp; included) become one space, none at either end.
/// C0 and C1 control characters (but tab and line breaks) are dropped. Text without markup
/// (no '<' followed by a letter, '/', '!' or '?') is kept as it is but for its character
/// references, layout included (a plain-text body with an "&amp;" in it keeps its line
/// breaks and spacing).
/// Never throws for bad input: malformed markup is repaired as browsers do ("a < b" stays
/// "a < b"), invalid UTF-8 becomes U+FFFD, and markup too deeply nested or too costly to
/// build a tree of is flattened first (see parse()).
std::string fragment_text(std::string_view html);

/// fragment_text() on one line: every break becomes a space. For titles.
std::string fragment_line(std::string_view html);

class GumboPool;

/// `text` (already decoded: no markup is read in it) on one line: runs of whitespace and
/// no-break spaces as one space, none at either end, control characters dropped. For
/// attribute values such as og:title.
std::string one_line(std::string_view text);

/// Frees a GumboOutput: see parse().
struct GumboOutputDeleter {
    std::shared_ptr<GumboPool> pool;     ///< every block of the tree, the output included
    std::shared_ptr<std::string> input;  ///< the tamed copy of the input, when one was made
    void operator()(GumboOutput* output);
};

/// A parsed document or fragment. The deleter releases every allocation gumbo made in one
/// sweep, without gumbo_destroy_output(), which recurses once per level of nesting and
/// overflows the stack on hostile markup.
using GumboOutputPtr = std::unique_ptr<GumboOutput, GumboOutputDeleter>;

/// Parses `html` as a whole page (`fragment` false) or as the content of a <div> (true).
/// Gumbo's tree construction costs, per tag, time proportional to the depth of the open
/// elements, so 100,000 nested <div>s take minutes: before parsing, a scan estimates
/// that cost, and tags that would nest deeper than 256 levels, formatting elements (b, i,
/// font, ..., which gumbo clones into every later paragraph) beyond 12 open ones, and every
/// tag after the estimate passed a budget proportional to the size of the input, are
/// replaced by a space (their text stays; script, style and the like are never dropped).
/// Real pages nest 20 to 40 levels deep and never reach the limits.
/// `html` must outlive the result (gumbo points into it).
GumboOutputPtr parse(std::string_view html, bool fragment);

/// `html` with the tags parse() would drop replaced by a space; `html` itself (in `storage`
/// untouched) when none are. Exposed for the tests.
std::string_view tame(std::string_view html, std::string& storage);

/// Renders the text of `node` and its descendants as fragment_text() does, leaving out
/// every element for which `skip` returns true (and its descendants). Iterative: the depth
/// of the tree does not matter.
std::string node_text(const GumboNode& node, const std::function<bool(const GumboNode&)>& skip = {},
                      bool single_line = false);

/// The value of attribute `name` of an element node, or "" (also for other nodes).
std::string_view attribute(const GumboNode& node, const char* name);

/// True when `node` is an element with this tag.
inline bool is_element(const GumboNode& node, GumboTag tag) {
    return node.type == GUMBO_NODE_ELEMENT && node.v.element.tag == tag;
}

/// Calls `visit` for `root` and every node below it in document order (iteratively);
/// when `visit` returns false the node's descendants are not visited.
void for_each_node(const GumboNode& root, const std::function<bool(const GumboNode&)>& visit);

}  // namespace news::html
