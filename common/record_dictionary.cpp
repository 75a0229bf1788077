#include "common/record_dictionary.hpp"

#include <stdexcept>
#include <utility>

#include "common/schema.hpp"
#include "common/stored_record.hpp"

namespace news {

namespace {

std::shared_ptr<const ZstdDictionary> load(const std::string& bytes, std::uint32_t id) {
    if (bytes.empty()) return nullptr;
    auto dictionary = std::make_shared<const ZstdDictionary>(bytes, kDictionaryZstdLevel);
    if (dictionary->id() != id) return nullptr;  // stored under the wrong key: not it
    return dictionary;
}

}  // namespace

std::shared_ptr<const ZstdDictionary> current_record_dictionary(const Xapian::Database& db) {
    const std::string id_text = db.get_metadata(std::string(schema::kRecordDictionaryKey));
    if (id_text.empty()) return nullptr;
    std::uint32_t id = 0;
    try {
        id = static_cast<std::uint32_t>(std::stoul(id_text));
    } catch (const std::exception&) {
        throw std::runtime_error("database metadata " + std::string(schema::kRecordDictionaryKey) +
                                 " is not a dictionary id: '" + id_text + "'");
    }
    try {
        if (auto dictionary = load(db.get_metadata(schema::record_dictionary_key(id)), id)) return dictionary;
    } catch (const ZstdError&) {
    }
    throw std::runtime_error("the database's record dictionary " + id_text + " is missing or damaged");
}

void store_record_dictionary(Xapian::WritableDatabase& db, const ZstdDictionary& dictionary) {
    db.set_metadata(schema::record_dictionary_key(dictionary.id()), dictionary.bytes());
    db.set_metadata(std::string(schema::kRecordDictionaryKey), std::to_string(dictionary.id()));
}

RecordDictionaries::RecordDictionaries(std::function<std::string(const std::string&)> metadata)
    : metadata_(std::move(metadata)) {}

std::shared_ptr<const ZstdDictionary> RecordDictionaries::find(std::uint32_t id) {
    std::lock_guard lock(mutex_);
    if (auto it = loaded_.find(id); it != loaded_.end()) return it->second;
    std::shared_ptr<const ZstdDictionary> dictionary;
    try {
        dictionary = load(metadata_(schema::record_dictionary_key(id)), id);
    } catch (const ZstdError&) {
        return nullptr;  // damaged: every record needing it is reported as damaged
    }
    if (dictionary) loaded_.emplace(id, dictionary);
    return dictionary;
}

DictionaryLookup record_dictionaries_in(std::vector<Xapian::Database> databases) {
    auto dictionaries =
        std::make_shared<RecordDictionaries>([databases = std::move(databases)](const std::string& key) {
            for (const Xapian::Database& db : databases)
                if (std::string value = db.get_metadata(key); !value.empty()) return value;
            return std::string();
        });
    return [dictionaries](std::uint32_t id) { return dictionaries->find(id); };
}

}  // namespace news
