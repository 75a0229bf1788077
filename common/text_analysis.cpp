#include "common/text_analysis.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include "common/stopwords.hpp"

namespace news {

namespace {

/// The stopper for `language`, or null when we have no list for it.
Xapian::Stopper* make_stopper(const std::string& language) {
    if (language != "english" && language != "en") return nullptr;
    auto* stopper = new Xapian::SimpleStopper(kSnowballEnglishStopwords.begin(), kSnowballEnglishStopwords.end());
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

Xapian::Stem make_stemmer(const AnalysisConfig& config, bool fold) {
    if (!fold || config.language == "none") return Xapian::Stem(config.language);
    return Xapian::Stem(new FoldingStemmer(config.language));  // the Stem owns it
}

Xapian::TermGenerator make_term_generator(const AnalysisConfig& config) {
    Xapian::TermGenerator tg;
    tg.set_stemmer(make_stemmer(config));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return tg;
}

Xapian::QueryParser make_analysing_query_parser(const AnalysisConfig& config, bool fold) {
    Xapian::QueryParser qp;
    qp.set_stemmer(make_stemmer(config, fold));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    if (config.query_stopwords)
        if (Xapian::Stopper* stopper = make_stopper(config.language)) qp.set_stopper(stopper);
    return qp;
}

}  // namespace news
