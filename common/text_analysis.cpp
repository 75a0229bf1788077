#include "common/text_analysis.hpp"

#include <string>

#include "common/schema.hpp"
#include "common/stopwords.hpp"

namespace news {

namespace {

/// Turns `field:Value` into the boolean filter term the indexer wrote (lowercased, bounded
/// length), so `source:BBC` finds documents indexed with source "bbc".
class FilterTermProcessor : public Xapian::FieldProcessor {
  public:
    explicit FilterTermProcessor(std::string_view prefix) : prefix_(prefix) {}
    Xapian::Query operator()(const std::string& value) override {
        return Xapian::Query(schema::filter_term(prefix_, value));
    }

  private:
    std::string prefix_;
};

/// Ids are exact: no lowercasing, same bounding as the indexer.
class IdTermProcessor : public Xapian::FieldProcessor {
  public:
    Xapian::Query operator()(const std::string& value) override { return Xapian::Query(schema::id_term(value)); }
};

void add_filter_field(Xapian::QueryParser& qp, const std::string& field, std::string_view prefix) {
    qp.add_boolean_prefix(field, (new FilterTermProcessor(prefix))->release());
}

/// The stopper for `language`, or null when we have no list for it.
Xapian::Stopper* make_stopper(const std::string& language) {
    if (language != "english" && language != "en") return nullptr;
    auto* stopper = new Xapian::SimpleStopper(kSnowballEnglishStopwords.begin(), kSnowballEnglishStopwords.end());
    return stopper->release();
}

/// Version 1 databases have no unprefixed text terms (see schema.hpp). Searching them with
/// today's parser would find nothing, so they are searched as they were until re-indexed.
bool has_combined_text_terms(const Xapian::Database& db) {
    return db.get_metadata(std::string(schema::kSchemaVersionKey)) != "1";
}

}  // namespace

Xapian::TermGenerator make_term_generator(const AnalysisConfig& config) {
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem(config.language));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    return tg;
}

Xapian::QueryParser make_query_parser(const AnalysisConfig& config, const Xapian::Database& db) {
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem(config.language));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_default_op(Xapian::Query::OP_OR);
    qp.set_database(db);
    // The searcher expands wildcards itself (query_language.hpp), with the same limit and a
    // warning; this bounds those it leaves to Xapian, and partial words should they be used.
    qp.set_max_expansion(config.max_wildcard_terms, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                         Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
    if (config.query_stopwords)
        if (Xapian::Stopper* stopper = make_stopper(config.language)) qp.set_stopper(stopper);
    // Unqualified words search the unprefixed terms: title and body as one BM25 field, with
    // the title weighted (schema.hpp), rather than two fields scored apart.
    if (!has_combined_text_terms(db)) {
        qp.add_prefix("", std::string(schema::kTitlePrefix));
        qp.add_prefix("", std::string(schema::kBodyPrefix));
    }
    qp.add_prefix("title", std::string(schema::kTitlePrefix));
    qp.add_prefix("body", std::string(schema::kBodyPrefix));
    add_filter_field(qp, "tag", schema::kTagPrefix);
    add_filter_field(qp, "source", schema::kSourcePrefix);
    add_filter_field(qp, "category", schema::kCategoryPrefix);
    qp.add_boolean_prefix("id", (new IdTermProcessor)->release());
    return qp;
}

unsigned query_parser_flags() {
    return Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
}

}  // namespace news
