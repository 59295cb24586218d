// Whole numbers read from JSON someone else wrote (girofle.json, manifests, inventory
// records). nlohmann's get<int>() converts 1e300 (undefined behaviour) or 4294967297 (to 1)
// without a word; these take only an integer the target type holds.
#pragma once

#include <concepts>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

namespace girofle {

// `value` as T. Throws nlohmann::json::type_error, which the readers already turn into their
// "malformed" error, for a non-integer (1.5, "3", 1e300) or an integer outside T's range.
template <std::integral T>
T integer_from(const nlohmann::json& value) {
    if (value.is_number_unsigned()) {
        const auto number = value.get<std::uint64_t>();
        if (std::in_range<T>(number)) return static_cast<T>(number);
    } else if (value.is_number_integer()) {
        const auto number = value.get<std::int64_t>();
        if (std::in_range<T>(number)) return static_cast<T>(number);
    }
    throw nlohmann::json::type_error::create(
        302, std::string("a whole number in range was expected, not this ") + value.type_name(), &value);
}

// object[key] as T (integer_from), or `fallback` when the key is absent; like json::value(),
// throws type_error when `object` is not an object.
template <std::integral T>
T integer_or(const nlohmann::json& object, const char* key, T fallback) {
    if (!object.is_object())
        throw nlohmann::json::type_error::create(
            306, std::string("cannot read '") + key + "' from a " + object.type_name(), &object);
    const auto found = object.find(key);
    return found == object.end() ? fallback : integer_from<T>(*found);
}

}  // namespace girofle
