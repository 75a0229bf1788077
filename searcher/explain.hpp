/// @file explain.hpp
/// @brief Why a hit ranks where it does (--explain): each matching term's BM25
/// contribution to its score, and what its tie-break key means.
///
/// Xapian 1.4 weighs a match as the sum of the weights of the query's terms it matches:
/// AND, OR, AND_MAYBE (its right side when matched) and a phrase or NEAR (its words, once
/// the phrase matches) add their parts; the right side of FILTER and AND_NOT, value ranges,
/// and anything under OP_SCALE_WEIGHT 0 (filters such as source:bbc) add nothing. Each
/// term's weight is computed here with Bm25TermWeight (common/ranking.hpp), Xapian's own
/// arithmetic, from the term's statistics and the document's wdf and length. Parts Xapian
/// weighs as one (a synonym, as a wildcard becomes; OP_MAX, XOR, ELITE_SET, match-all) are
/// weighed by Xapian itself on this document and shown as one contribution. The
/// contributions add up to the hit's score in relevance order.
#pragma once

#include <xapian.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/document_terms.hpp"
#include "common/ranking.hpp"

namespace news {

/// One term's (or one part's) share of a hit's score.
struct TermContribution {
    std::string term;                          ///< as indexed ("Zchina", "Schina", "china"); a description for a part
    std::string word;                          ///< the term without its field prefix and stem mark ("china")
    std::string field;                         ///< "title", "body", "text" (title and body combined), or "" for a part
    bool stemmed = false;                      ///< a "Z" term: every form of the word
    std::string via;                           ///< "phrase" or "near" for a word matched in one; else ""
    Xapian::termcount wdf = 0;                 ///< in this document (a synonym's: its terms' sum)
    Xapian::termcount doc_length = 0;          ///< this document's length
    std::optional<Xapian::doccount> termfreq;  ///< articles holding the term; none for a part
    Xapian::termcount wqf = 1;                 ///< within-query frequency
    double factor = 1;                         ///< OP_SCALE_WEIGHT factors above it
    double weight = 0;
};

/// What a hit's tie-break key (schema::tie_break_key) says: among equal scores, newer
/// articles first, undated ones last, then a fixed order of ids.
struct TieBreakMeaning {
    std::optional<std::string> timestamp;  ///< "2015-09-22 20:30:00"; none when undated
    std::string id_order;                  ///< the id hash (hex) or, in old schemas, the id it orders by
    std::string key_hex;                   ///< the key itself, in hex
};

struct Explanation {
    std::vector<TermContribution> terms;  ///< in query order
    double total = 0;                     ///< the sum of the weights
    Xapian::doccount collection_size = 0;
    double average_length = 0;
    TieBreakMeaning tie_break;
};

/// The explanation of document `docid` of `db` matching `query` (the query as searched,
/// after every rewrite, as Enquire::get_query() returns it) under the ranking `ranking`.
/// Throws what Xapian throws when `db` cannot be read. The wdfs of the query's terms in the
/// document are read from its termlist, or from their posting lists when the database keeps
/// none (DocumentTerms::wdfs()), with the same explanation.
Explanation explain_match(const Xapian::Database& db, const Xapian::Query& query, const RankingConfig& ranking,
                          Xapian::docid docid);
/// The same, the terms read by `documents` (of the database the query was ranked on):
/// several hits share its decoders and, over shards, it knows each shard's metadata.
Explanation explain_match(DocumentTerms& documents, const Xapian::Query& query, const RankingConfig& ranking,
                          Xapian::docid docid);

/// Reads a kTieBreakSlot value (schema::tie_break_key) of any schema version.
TieBreakMeaning tie_break_meaning(const std::string& key);

/// The explanation as indented text lines under a hit: the score, one line per
/// contribution (weight, field, term, wdf, document length, term frequency), and the
/// tie-break. `score` is the score shown for the hit.
void write_explanation_text(std::ostream& out, const Explanation& explanation, double score);

}  // namespace news
