#include "searcher/query_parts.hpp"

#include <charconv>
#include <cstdlib>
#include <string>

namespace news {

namespace {

/// The text inside "Query(...)", Xapian 1.4's description of a query.
std::string inner_description(const Xapian::Query& query) {
    std::string d = query.get_description();
    constexpr std::string_view kHead = "Query(";
    if (d.size() >= kHead.size() + 1 && d.compare(0, kHead.size(), kHead) == 0 && d.back() == ')')
        return d.substr(kHead.size(), d.size() - kHead.size() - 1);
    return d;
}

}  // namespace

double scale_factor(const Xapian::Query& scaled) {
    const std::string d = inner_description(scaled);
    return std::strtod(d.c_str(), nullptr);
}

Xapian::termcount wqf_of(const Xapian::Query& leaf, std::string_view term) {
    // Read after the term when the description spells it as it is, else from the end ("#N"
    // followed by "@N" or nothing).
    const std::string d = inner_description(leaf);
    std::string_view rest;
    if (d.size() >= term.size() && std::string_view(d).substr(0, term.size()) == term) {
        rest = std::string_view(d).substr(term.size());
    } else {
        const auto at = d.rfind('@');
        const auto hash = d.rfind('#', at == std::string::npos ? std::string::npos : at);
        if (hash == std::string::npos) return 1;
        rest = std::string_view(d).substr(hash);
    }
    if (rest.empty() || rest.front() != '#') return 1;
    Xapian::termcount wqf = 0;
    const auto [end, error] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), wqf);
    if (error != std::errc() || wqf == 0 || (end != rest.data() + rest.size() && *end != '@')) return 1;
    return wqf;
}

}  // namespace news
