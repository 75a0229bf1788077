/// @file expansion.hpp
/// @brief Query expansion (Xapian's ESet: the terms most telling of a set of documents) that
/// also works on a database without termlists.
///
/// Xapian 1.4's Enquire::get_eset() reads the termlist of every document of the relevance
/// set, and throws Xapian::FeatureUnavailableError on a database created with
/// Xapian::DB_NO_TERMLIST. expand_set() calls it when every document's shard keeps a
/// termlist, and otherwise computes the same set from term vectors re-analysed from the
/// stored articles (document_terms.hpp) with Xapian 1.4.22's own arithmetic, step for step
/// (xapian-core/expand/esetinternal.cc, expandweight.{h,cc}, tradeweight.cc,
/// bo1eweight.cc): the same terms in the same order with the same weights, to the bit. It
/// computes it so from termlists too when asked (ExpandOptions::accepted_terms_only).
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

#include "common/document_terms.hpp"

namespace news {

/// Enquire::set_expansion_scheme()'s schemes.
enum class ExpandScheme {
    kTrad,  ///< "trad", Xapian's default: TradEWeight
    kBo1,   ///< "bo1": Bo1EWeight, Amati's Bose-Einstein model
};

/// What Enquire::get_eset() takes besides the relevance set and the size.
struct ExpandOptions {
    ExpandScheme scheme = ExpandScheme::kTrad;
    double expand_k = 1.0;  ///< TradEWeight's k (set_expansion_scheme's expand_k)
    /// Enquire::USE_EXACT_TERMFREQ: over several shards, a term's frequency is read from
    /// every shard, not scaled up from those of the relevance set that hold it.
    bool exact_termfreq = false;
    /// Terms left out, as get_eset leaves the Enquire's query terms out (unless
    /// Enquire::INCLUDE_QUERY_TERMS): pass the query's terms.
    std::vector<std::string> excluded;
    const Xapian::ExpandDecider* decider = nullptr;  ///< may be null
    double min_weight = 0;                           ///< get_eset's min_wt
    /// expand_set(): read the relevance set's terms keeping only those the decider and the
    /// exclusions accept, and weigh them as expand_from_vectors() does, even when every
    /// document keeps a termlist. Enquire::get_eset() merges every term of every document
    /// before it asks the decider; with a decider that rejects most terms (feedback's: the
    /// combined field's stems, about a quarter of a document's terms) this gives the same
    /// set, to the bit, faster (docs/relevance.md, "Defaults revisited").
    bool accepted_terms_only = false;
};

struct ExpandTerm {
    std::string term;
    double weight = 0;
};

struct ExpandSet {
    std::vector<ExpandTerm> terms;  ///< best first, as ESet iterates
    Xapian::termcount ebound = 0;   ///< ESet::get_ebound(): the terms the deciders accepted
};

/// The `max_terms` terms most telling of the documents `rset` (docids of
/// `documents.database()`, in any order, repeats ignored), as Enquire::get_eset() gives
/// them: by Xapian itself when every one is read from a termlist (DocumentTerms::
/// from_termlist()) and options.accepted_terms_only is false, else by expand_from_vectors()
/// over their terms (re-analysed where there is no termlist). Throws what DocumentTerms::of()
/// and expand_from_vectors() throw.
ExpandSet expand_set(DocumentTerms& documents, const std::vector<Xapian::docid>& rset, Xapian::termcount max_terms,
                     const ExpandOptions& options);

/// Enquire::get_eset() computed from `rset`, the term vectors of the relevance set (of
/// distinct documents of `documents.database()`, in any order), without reading any
/// termlist: Xapian 1.4's tree of termlists (its summation order), its statistics and its
/// weights. Term frequencies are read from the database; approximate ones
/// (exact_termfreq false) over several shards need `documents` to know them
/// (DocumentTerms::shards()), or std::invalid_argument.
ExpandSet expand_from_vectors(const DocumentTerms& documents, const std::vector<TermVector>& rset,
                              Xapian::termcount max_terms, const ExpandOptions& options);

}  // namespace news
