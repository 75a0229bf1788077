/// @file stored_positions.hpp
/// @brief Phrases and NEAR matched from the positions a database of schema 11 keeps in a
/// value (common/word_positions.hpp) rather than in Xapian's position table.
///
/// Xapian 1.4 matches a phrase as the AND of its words and then tests each match's
/// positions (ExactPhrasePostList, PhrasePostList, NearPostList). Here the same AND is
/// filtered by a PostingSource that runs the same tests, ported line for line, on the
/// positions of the document's value. So the same documents match, and with the same
/// weights: a phrase's words are weighed as the AND's words, as Xapian weighs them. The
/// source's frequency estimate divides as Xapian's phrase estimates do, so the estimated
/// match counts are Xapian's too.
///
/// On a database with Xapian's positions (an older schema, a shard of one) the source
/// reads those instead, so one rewritten query runs over shards of both layouts. A remote
/// shard cannot run a source of ours (xapian-tcpsrv knows only Xapian's): the searcher
/// leaves phrases to Xapian there.
#pragma once

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace news {

/// Xapian 1.4's positional tests, over each word's positions (ascending). `lists[i]` holds
/// the positions of the i-th word of the phrase (the union of its terms' for an OR).
namespace positional {
/// OP_PHRASE whose window is its number of words: the words at consecutive positions.
bool exact_phrase(const std::vector<std::vector<Xapian::termpos>>& lists);
/// OP_PHRASE with a wider window: the words in order within `window` positions.
bool phrase(const std::vector<std::vector<Xapian::termpos>>& lists, Xapian::termpos window);
/// OP_NEAR: the words in any order within `window` positions, each at a position of its own.
/// Xapian's test orders the words by wdf, and its answer can depend on that order when two
/// different words share a position; here they are ordered by their number of positions.
/// Words of one field never share one (an `S` title word and its unprefixed copy do, so
/// `title:a NEAR a` could differ).
bool near(std::vector<std::vector<Xapian::termpos>> lists, Xapian::termpos window);
}  // namespace positional

/// "phrase" or "near" when `filter` is a phrase or NEAR as phrases_on_stored_positions()
/// writes it (the AND of its words, then the check); nullopt otherwise.
std::optional<std::string> positional_filter_kind(const Xapian::Query& filter);

/// True when `query` holds a phrase or NEAR.
bool has_positional(const Xapian::Query& query);

/// `query` with every phrase and NEAR matched as the AND of its words filtered by their
/// stored positions (the source above). Throws Xapian::UnimplementedError, as Xapian does,
/// for a phrase of anything but words or ORs of words, and std::invalid_argument for a
/// phrase under an operator it cannot rebuild (an elite set).
Xapian::Query phrases_on_stored_positions(const Xapian::Query& query);

}  // namespace news
