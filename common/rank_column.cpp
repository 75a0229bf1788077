#include "common/rank_column.hpp"

#include <algorithm>

namespace news::rank_column {

namespace {

constexpr char kFormat = 1;

/// Bytes a rank takes for a column of `docids` entries: kNoArticle is stored as all ones.
std::size_t rank_width(std::size_t docids) { return docids < (std::size_t{1} << 24) ? 3 : 4; }

}  // namespace

Column make(const std::vector<std::string>& keys_by_docid) {
    std::vector<Xapian::docid> order;
    order.reserve(keys_by_docid.size());
    // Every docid but 0: a document without a key ranks first, as its empty value sorts.
    for (std::size_t docid = 1; docid < keys_by_docid.size(); ++docid)
        order.push_back(static_cast<Xapian::docid>(docid));
    // Stable: equal keys keep docid order, as a tie sorted by its values does.
    std::stable_sort(order.begin(), order.end(),
                     [&](Xapian::docid a, Xapian::docid b) { return keys_by_docid[a] < keys_by_docid[b]; });
    Column column;
    column.ranks.assign(keys_by_docid.size(), kNoArticle);
    for (std::size_t rank = 0; rank < order.size(); ++rank)
        column.ranks[order[rank]] = static_cast<std::uint32_t>(rank);
    return column;
}

std::string encode(const Column& column) {
    const std::size_t width = rank_width(column.docids());
    std::string out(1, kFormat);
    out.push_back(static_cast<char>(width));
    out.reserve(2 + width * column.docids());
    for (const std::uint32_t rank : column.ranks)
        for (std::size_t byte = 0; byte < width; ++byte) out.push_back(static_cast<char>(rank >> (8 * byte) & 0xFF));
    return out;
}

std::optional<Column> decode(std::string_view bytes, std::size_t docids) {
    const std::size_t width = rank_width(docids);
    if (docids == 0 || bytes.size() < 2 || bytes[0] != kFormat || static_cast<std::size_t>(bytes[1]) != width)
        return std::nullopt;
    if (bytes.size() - 2 != docids * width) return std::nullopt;
    const auto* in = reinterpret_cast<const unsigned char*>(bytes.data() + 2);
    const std::uint32_t all_ones = width == 3 ? 0xFFFFFFu : kNoArticle;
    Column column;
    column.ranks.resize(docids);
    for (std::size_t docid = 0; docid < docids; ++docid, in += width) {
        std::uint32_t rank = std::uint32_t{in[0]} | std::uint32_t{in[1]} << 8 | std::uint32_t{in[2]} << 16;
        if (width == 4) rank |= std::uint32_t{in[3]} << 24;
        if (rank == all_ones) rank = kNoArticle;
        if (rank != kNoArticle && rank >= docids) return std::nullopt;  // more ranks than docids
        column.ranks[docid] = rank;
    }
    return column;
}

}  // namespace news::rank_column
