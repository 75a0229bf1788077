/// @file term_census.cpp
/// @brief Where a database's terms go: terms, term bytes, postings, wdf and (with
/// --positions) positions per term prefix of common/schema.hpp, the bytes of each value
/// slot and of the document data. A measurement tool for docs/benchmarks.md ("Where the
/// bytes go"); not built by CMake, benchmarks/size_study.sh compiles it:
///   g++ -O2 -std=c++20 benchmarks/term_census.cpp $(xapian-config --cxxflags --libs) -o term_census
///   term_census DB [--positions]    (--positions reads every termlist: needs termlist.glass)
#include <xapian.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "common/schema.hpp"

namespace {

// The prefixes of common/schema.hpp, longest first; "Z" + prefix is that field's stems.
const std::vector<std::string> kPrefixes = {"XNOBODY", "XSOURCE", "XTAGW", "XFILE", "XLANG", "XCAT",
                                            "ZXTO",    "XTO",     "ZXB",   "XB",    "ZS",    "S",
                                            "Q",       "K",       "Y",     "M",     "D",     "Z"};

std::string prefix_of(const std::string& term) {
    for (const auto& p : kPrefixes)
        if (term.compare(0, p.size(), p) == 0) return p;
    return "(none)";
}

struct Count {
    unsigned long long terms = 0, term_bytes = 0, postings = 0, wdf = 0, positions = 0;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DB [--positions]\n", argv[0]);
        return 2;
    }
    const bool positions = argc > 2 && std::string(argv[2]) == "--positions";
    Xapian::Database db(argv[1]);
    std::map<std::string, Count> by_prefix;
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        const std::string term = *t;
        Count& c = by_prefix[prefix_of(term)];
        ++c.terms;
        c.term_bytes += term.size();
        c.postings += t.get_termfreq();
        c.wdf += db.get_collection_freq(term);
    }
    if (positions && db.has_positions())  // needs the termlist table
        for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d)
            for (auto t = db.termlist_begin(*d); t != db.termlist_end(*d); ++t)
                by_prefix[prefix_of(*t)].positions += t.positionlist_count();
    Count total;
    std::printf("| prefix | terms | term bytes | postings | wdf sum | positions |\n|---|---:|---:|---:|---:|---:|\n");
    for (const auto& [prefix, c] : by_prefix) {
        std::printf("| %s | %llu | %llu | %llu | %llu | %llu |\n", prefix.c_str(), c.terms, c.term_bytes, c.postings,
                    c.wdf, c.positions);
        total.terms += c.terms;
        total.term_bytes += c.term_bytes;
        total.postings += c.postings;
        total.wdf += c.wdf;
        total.positions += c.positions;
    }
    std::printf("| all | %llu | %llu | %llu | %llu | %llu |\n", total.terms, total.term_bytes, total.postings,
                total.wdf, total.positions);
    // Values (kept in postlist.glass in Xapian 1.4) and document data.
    std::printf("\ndocuments %u\n\n| value slot | documents | bytes |\n|---|---:|---:|\n", db.get_doccount());
    for (Xapian::valueno slot = 0; slot < 16; ++slot) {
        unsigned long long n = 0, bytes = 0;
        for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) {
            ++n;
            bytes += (*v).size();
        }
        if (n) std::printf("| %u | %llu | %llu |\n", slot, n, bytes);
    }
    unsigned long long data_bytes = 0;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d)
        data_bytes += news::schema::record_of(db.get_document(*d)).size();
    std::printf("\nstored record bytes (document data or slot 9) %llu\n", data_bytes);
}
