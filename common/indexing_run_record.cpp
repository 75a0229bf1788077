#include "common/indexing_run_record.hpp"

#include <ctime>
#include <nlohmann/json.hpp>

namespace news {

std::string encode_indexing_run(const IndexingRunRecord& r) {
    const nlohmann::json j = {{"finished", r.finished},   {"added", r.added},     {"updated", r.updated},
                              {"unchanged", r.unchanged}, {"deleted", r.deleted}, {"skipped", r.skipped},
                              {"failed", r.failed},       {"seconds", r.seconds}};
    return j.dump();
}

std::optional<IndexingRunRecord> decode_indexing_run(std::string_view stored) {
    const nlohmann::json j = nlohmann::json::parse(stored, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return std::nullopt;
    IndexingRunRecord r;
    try {
        r.finished = j.value("finished", std::string());
        r.added = j.value("added", std::size_t{0});
        r.updated = j.value("updated", std::size_t{0});
        r.unchanged = j.value("unchanged", std::size_t{0});
        r.deleted = j.value("deleted", std::size_t{0});
        r.skipped = j.value("skipped", std::size_t{0});
        r.failed = j.value("failed", std::size_t{0});
        r.seconds = j.value("seconds", 0.0);
    } catch (const nlohmann::json::exception&) {  // a key of the wrong type
        return std::nullopt;
    }
    return r;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    char text[32] = "";
    if (gmtime_r(&now, &utc)) std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace news
