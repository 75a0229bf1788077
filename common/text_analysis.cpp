#include "common/text_analysis.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/stopwords.hpp"

namespace news {

namespace {

/// The language `config` analyses text in; an empty one is English (AnalysisConfig::language).
std::string language_of(const AnalysisConfig& config) {
    return config.language.empty() ? std::string("english") : config.language;
}

/// The stopper for `language`, or null when we have no list for it. Each word is listed as
/// Snowball spells it and with its accents folded ("für", "fur"): a database of schema 6
/// indexes both as one, and either may be typed.
Xapian::Stopper* make_stopper(const std::string& language) {
    std::vector<std::string_view> words = snowball_stopwords(language);
    if (words.empty() && language.size() == 2) words = snowball_stopwords(canonical_language(language));
    if (words.empty()) return nullptr;
    auto* stopper = new Xapian::SimpleStopper;
    for (const std::string_view word : words) {
        stopper->add(std::string(word));
        if (std::string folded = fold_accents(word); folded != word) stopper->add(folded);
    }
    return stopper->release();
}

/// A Snowball stemmer that folds the word's accents first.
class FoldingStemmer : public Xapian::StemImplementation {
  public:
    explicit FoldingStemmer(const std::string& language) : stemmer_(language), language_(language) {}
    std::string operator()(const std::string& word) override { return stemmer_(fold_accents(word)); }
    std::string get_description() const override { return language_ + ", accents folded"; }

  private:
    Xapian::Stem stemmer_;
    std::string language_;
};

/// A stemmer that remembers the stems it made. Text repeats its words (a news article's
/// hundreds of words are a few hundred distinct ones, and a corpus's vocabulary is far
/// smaller than its text), and a Snowball stem costs several times a hash lookup. Not
/// thread-safe: a Xapian::Stem shares its implementation between copies, so each copy
/// belongs to one thread (as the TermGenerator holding it does).
class MemoizingStemmer : public Xapian::StemImplementation {
  public:
    explicit MemoizingStemmer(Xapian::Stem stemmer) : stemmer_(std::move(stemmer)) {}
    std::string operator()(const std::string& word) override {
        if (const auto it = stems_.find(word); it != stems_.end()) return it->second;
        // Bounded: a stream of unique tokens (numbers, codes) must not grow it forever.
        if (stems_.size() >= kMaxWords) stems_.clear();
        return stems_.emplace(word, stemmer_(word)).first->second;
    }
    std::string get_description() const override { return stemmer_.get_description(); }

  private:
    static constexpr std::size_t kMaxWords = 1 << 16;
    Xapian::Stem stemmer_;
    std::unordered_map<std::string, std::string> stems_;
};

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

std::string fold_accents(std::string_view text) {
    if (is_ascii(text)) return std::string(text);
    utf8proc_uint8_t* folded = nullptr;
    const utf8proc_ssize_t size =
        utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()), static_cast<utf8proc_ssize_t>(text.size()),
                     &folded, static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK));
    if (size < 0) return std::string(text);  // not valid UTF-8: utf8proc allocated nothing
    const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(folded, &std::free);
    return std::string(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(size));
}

std::string canonical_language(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; });
    if (lower.empty()) throw std::invalid_argument("no language given");
    if (lower == "none") return lower;
    try {
        // "Xapian::Stem(german)": the name behind a code such as "de".
        const std::string description = Xapian::Stem(lower).get_description();
        const std::size_t open = description.find('(');
        const std::size_t close = description.rfind(')');
        if (open != std::string::npos && close != std::string::npos && close > open + 1)
            return description.substr(open + 1, close - open - 1);
        return lower;
    } catch (const Xapian::InvalidArgumentError&) {
        // "arabic armenian ... turkish" as "arabic, armenian, ..., turkish, none".
        std::string valid;
        for (const char c : Xapian::Stem::get_available_languages())
            valid += c == ' ' ? std::string(", ") : std::string(1, c);
        throw std::invalid_argument("unknown language '" + std::string(name) +
                                    "': neither a language nor an ISO 639-1 code Xapian stems (valid: " + valid +
                                    ", none)");
    }
}

Xapian::Stem make_stemmer(const AnalysisConfig& config, bool fold) {
    const std::string language = language_of(config);
    if (!fold || language == "none") return Xapian::Stem(language);
    return Xapian::Stem(new FoldingStemmer(language));  // the Stem owns it
}

Xapian::Stem make_memoizing_stemmer(const AnalysisConfig& config) {
    if (language_of(config) == "none") return make_stemmer(config);
    return Xapian::Stem(new MemoizingStemmer(make_stemmer(config)));  // the Stem owns it
}

Xapian::TermGenerator make_term_generator(const AnalysisConfig& config) {
    Xapian::TermGenerator tg;
    tg.set_stemmer(make_memoizing_stemmer(config));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return tg;
}

Xapian::QueryParser make_analysing_query_parser(const AnalysisConfig& config, bool fold) {
    Xapian::QueryParser qp;
    qp.set_stemmer(make_stemmer(config, fold));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    if (config.query_stopwords)
        if (Xapian::Stopper* stopper = make_stopper(language_of(config))) qp.set_stopper(stopper);
    return qp;
}

}  // namespace news
