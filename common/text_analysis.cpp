#include "common/text_analysis.hpp"

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

}  // namespace

Xapian::TermGenerator make_term_generator(const AnalysisConfig& config) {
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem(config.language));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return tg;
}

Xapian::QueryParser make_analysing_query_parser(const AnalysisConfig& config) {
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem(config.language));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    if (config.query_stopwords)
        if (Xapian::Stopper* stopper = make_stopper(config.language)) qp.set_stopper(stopper);
    return qp;
}

}  // namespace news
