#include "common/article.hpp"

#include <algorithm>
#include <cctype>

namespace news {

namespace {
bool is_blank(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isspace(c) != 0; });
}
}  // namespace

bool has_text(const Article& article) { return !is_blank(article.title) || !is_blank(article.body); }

}  // namespace news
