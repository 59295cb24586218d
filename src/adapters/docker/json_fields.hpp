// Null-safe reading of Docker's JSON: the engine writes null for empty lists and maps, and a
// field of an unexpected type must read as absent rather than throw in the middle of a mapping.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace girofle::docker_api {

using nlohmann::json;

// The member `key` of `object`, or nullptr when it is missing or null.
inline const json* field(const json& object, const char* key) {
    if (!object.is_object()) return nullptr;
    auto found = object.find(key);
    if (found == object.end() || found->is_null()) return nullptr;
    return &*found;
}

// The member `key` when it is an object, else an empty object, so that paths chain safely.
inline const json& object_field(const json& object, const char* key) {
    static const json empty = json::object();
    const json* value = field(object, key);
    return value != nullptr && value->is_object() ? *value : empty;
}

inline std::string string_field(const json& object, const char* key) {
    const json* value = field(object, key);
    return value != nullptr && value->is_string() ? value->get<std::string>() : std::string();
}

inline std::int64_t integer_field(const json& object, const char* key) {
    const json* value = field(object, key);
    return value != nullptr && value->is_number_integer() ? value->get<std::int64_t>() : 0;
}

inline bool bool_field(const json& object, const char* key) {
    const json* value = field(object, key);
    return value != nullptr && value->is_boolean() && value->get<bool>();
}

inline std::vector<std::string> string_list_field(const json& object, const char* key) {
    std::vector<std::string> result;
    const json* value = field(object, key);
    if (value == nullptr || !value->is_array()) return result;
    for (const json& item : *value)
        if (item.is_string()) result.push_back(item.get<std::string>());
    return result;
}

inline std::map<std::string, std::string> string_map_field(const json& object, const char* key) {
    std::map<std::string, std::string> result;
    const json* value = field(object, key);
    if (value == nullptr || !value->is_object()) return result;
    for (const auto& [name, item] : value->items())
        if (item.is_string()) result.emplace(name, item.get<std::string>());
    return result;
}

}  // namespace girofle::docker_api
