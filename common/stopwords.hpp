/// @file stopwords.hpp
/// @brief Stopword lists for query analysis, one per language we stem.
///
/// English is below; the other languages Snowball publishes a list for (Danish, Dutch,
/// Finnish, French, German, Hungarian, Italian, Norwegian, Portuguese, Russian, Spanish,
/// Swedish) are in common/snowball_stopwords.cpp, generated from the same project's lists by
/// scripts/snowball_stopwords.sh. Languages Xapian stems but Snowball has no list for
/// (Arabic, Turkish, ...) are searched without stopwords.
///
/// Source: the Snowball project's English stop word list,
/// https://snowballstem.org/algorithms/english/stop.txt (snowballstem/snowball-website,
/// algorithms/english/stop.txt; BSD-3-Clause, Copyright (c) 2001 Dr Martin Porter,
/// (c) 2002 Richard Boulton). Its 174 words are copied as listed, in its order; the words
/// it leaves out on purpose stay out (us = US; will, can, may, might, must, shall for their
/// noun senses; mine for coal-mine). It is the list made for the stemmer we use (Porter2),
/// which is why it was chosen over shorter lists such as Lucene's 33 words
/// (docs/relevance.md has both measured).
#pragma once

#include <array>
#include <string_view>
#include <vector>

namespace news {

inline constexpr std::array<std::string_view, 174> kSnowballEnglishStopwords = {
    // pronouns
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours", "yourself", "yourselves", "he",
    "him", "his", "himself", "she", "her", "hers", "herself", "it", "its", "itself", "they", "them", "their", "theirs",
    "themselves", "what", "which", "who", "whom", "this", "that", "these", "those",
    // verb forms: be, have, do, auxiliaries
    "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does", "did",
    "doing", "would", "should", "could", "ought",
    // compound forms
    "i'm", "you're", "he's", "she's", "it's", "we're", "they're", "i've", "you've", "we've", "they've", "i'd", "you'd",
    "he'd", "she'd", "we'd", "they'd", "i'll", "you'll", "he'll", "she'll", "we'll", "they'll", "isn't", "aren't",
    "wasn't", "weren't", "hasn't", "haven't", "hadn't", "doesn't", "don't", "didn't", "won't", "wouldn't", "shan't",
    "shouldn't", "can't", "cannot", "couldn't", "mustn't", "let's", "that's", "who's", "what's", "here's", "there's",
    "when's", "where's", "why's", "how's",
    // articles
    "a", "an", "the",
    // the rest: prepositions, conjunctions, adverbs
    "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by", "for", "with", "about", "against",
    "between", "into", "through", "during", "before", "after", "above", "below", "to", "from", "up", "down", "in",
    "out", "on", "off", "over", "under", "again", "further", "then", "once", "here", "there", "when", "where", "why",
    "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only",
    "own", "same", "so", "than", "too", "very"};

/// The Snowball stopword list of `language`, a canonical Xapian::Stem name (canonical_language()
/// in text_analysis.hpp): "english" (also "porter", "lovins", "earlyenglish"), "german" (also
/// "german2"), "dutch" (also "kraaij_pohlmann"), "french", ...; empty for a language without
/// one. Words are lower-case UTF-8, as Snowball lists them (with their accents).
std::vector<std::string_view> snowball_stopwords(std::string_view language);

}  // namespace news
