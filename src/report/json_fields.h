// Reading the evaluator's metrics JSON leniently: a field that is missing or of
// another type reads as "absent", never an exception (metrics come from any
// evaluator, including external ones in other languages).
#pragma once

#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace tv::report {

// json[key] as a number; NaN when `json` is not an object or the field is not a number.
inline double NumberField(const nlohmann::json& json, const char* key) {
  if (!json.is_object()) return std::numeric_limits<double>::quiet_NaN();
  const auto it = json.find(key);
  return it != json.end() && it->is_number() ? it->get<double>() : std::numeric_limits<double>::quiet_NaN();
}

// json[key] as text; empty when absent or not a string.
inline std::string TextField(const nlohmann::json& json, const char* key) {
  if (!json.is_object()) return {};
  const auto it = json.find(key);
  return it != json.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// json[key] when it is an array, else an empty array.
inline const nlohmann::json& ArrayField(const nlohmann::json& json, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  if (!json.is_object()) return kEmpty;
  const auto it = json.find(key);
  return it != json.end() && it->is_array() ? *it : kEmpty;
}

// json[key] when it is an object, else an empty object.
inline const nlohmann::json& ObjectField(const nlohmann::json& json, const char* key) {
  static const nlohmann::json kEmpty = nlohmann::json::object();
  if (!json.is_object()) return kEmpty;
  const auto it = json.find(key);
  return it != json.end() && it->is_object() ? *it : kEmpty;
}

}  // namespace tv::report
