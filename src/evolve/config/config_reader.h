// Reading the maps of a config file (evolve_config.h) into typed fields, with
// every problem said the same way:
//   error    "SOURCE:LINE: KEY: VALUE is not allowed; expected WHAT"
//   warning  "SOURCE:LINE: KEY is not a known key (did you mean NEAREST?); ignored"
//   warning  "SOURCE:LINE: KEY is accepted for OpenEvolve compatibility and ignored"
//
//   ConfigIssues issues("config.yaml");
//   MapReader db(root["database"], "database", &issues);
//   db.Int("num_islands", Bounds::AtLeast(1), &config.num_islands);
//   db.Ignore({"db_path"});
//   db.Finish();                 // every other key of the map is unknown
//   issues.ReportUnknownKeys();  // once, after every map was read
//
// A key that is absent or null keeps the field's value (its default); a bad
// value is an error and also leaves the field unchanged.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <initializer_list>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace tv::evolve {

// Every error and warning of one file, in the order found.
class ConfigIssues {
 public:
  explicit ConfigIssues(std::string source) : source_(std::move(source)) {}

  // `message` starts with the key path; the mark's line (when it has one) is prepended.
  void Error(const YAML::Mark& mark, const std::string& message);
  void Warning(const YAML::Mark& mark, const std::string& message);

  // Keys that the map at `path` knows (read or ignored), and keys found there that it does not.
  void AddKnownKey(const std::string& path, const std::string& key);
  void AddUnknownKey(const std::string& path, const std::string& key, const YAML::Mark& mark);
  // One warning per unknown key, naming the nearest known key when one is close
  // (in its own map, or the same key in another map). Call once, at the end.
  void ReportUnknownKeys();

  // In the order of their lines in the file.
  std::vector<std::string> errors() const { return InLineOrder(errors_); }
  std::vector<std::string> warnings() const { return InLineOrder(warnings_); }
  size_t error_count() const { return errors_.size(); }

 private:
  struct UnknownKey {
    std::string path;
    std::string key;
    YAML::Mark mark;
  };
  struct Line {
    int line;  // 0-based; -1: none
    std::string text;
  };
  static std::vector<std::string> InLineOrder(std::vector<Line> lines);
  std::string Where(const YAML::Mark& mark) const;
  std::string NearestKnownKey(const UnknownKey& unknown) const;

  std::string source_;
  std::vector<Line> errors_;
  std::vector<Line> warnings_;
  std::map<std::string, std::set<std::string>> known_;  // by map path
  std::vector<UnknownKey> unknown_;
};

// The allowed range of a number: [min, max], either end open or unbounded.
struct Bounds {
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_open = false;
  bool max_open = false;

  static Bounds Any() { return {}; }
  static Bounds AtLeast(double lo) { return {lo, std::numeric_limits<double>::infinity(), false, false}; }
  static Bounds GreaterThan(double lo) { return {lo, std::numeric_limits<double>::infinity(), true, false}; }
  static Bounds Closed(double lo, double hi) { return {lo, hi, false, false}; }
  static Bounds OpenClosed(double lo, double hi) { return {lo, hi, true, false}; }

  bool Contains(double v) const;
  // "an integer >= 1", "a number in (0, 1]"; with an empty `noun` just the range (">= 1").
  std::string Describe(const std::string& noun) const;
};

// What an unset `${NAME}` does to a string value.
enum class UnsetEnv {
  kError,  // the value is an error naming the variable
  kEmpty,  // the value becomes "" with a warning (API keys: the LLM mutator reports it when used)
};

// How a value is shown in a message: a number as written, other text quoted
// ('five'), a list or map as "a list" / "a map".
std::string DescribeValue(const YAML::Node& node);

// Shortest text that reads back as exactly `value` ("0.7", "300", "1e-06").
std::string FormatNumber(double value);

// Reads the keys of one YAML map.
class MapReader {
 public:
  // `path` names the map in messages: "" for the file's top level, "database",
  // "llm.models[0]". A null node is an absent map (nothing is read); any other
  // non-map node is an error and is read as absent.
  MapReader(const YAML::Node& node, std::string path, ConfigIssues* issues);
  ~MapReader();
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  // "database.num_islands" (just "max_iterations" at the top level).
  std::string KeyPath(const std::string& key) const;
  // Present and not null.
  bool Has(const std::string& key) const;
  // The keys present in the map, in file order.
  std::vector<std::string> Keys() const;
  // The value of `key` (a null node when absent), and the line of the key; marks `key` known.
  YAML::Node Value(const std::string& key);
  YAML::Mark Mark(const std::string& key) const;
  // The value of `key` without marking it known (a key that is never right, but worth its own error).
  YAML::Node Peek(const std::string& key) const;

  // Typed reads; each marks `key` known.
  void Int(const std::string& key, Bounds bounds, int* out);
  void Uint64(const std::string& key, uint64_t* out);
  void Double(const std::string& key, Bounds bounds, double* out);
  void Bool(const std::string& key, bool* out);
  // `${NAME}` is expanded (env_expansion.h). `allow_empty` false: "" is an error.
  void String(const std::string& key, std::string* out, bool allow_empty = true,
              UnsetEnv unset = UnsetEnv::kError);
  // One of `allowed`, compared case-insensitively; stores the spelling in `allowed`.
  void Choice(const std::string& key, const std::vector<std::string>& allowed, std::string* out);
  void DoubleList(const std::string& key, Bounds bounds, std::vector<double>* out);
  void StringList(const std::string& key, std::vector<std::string>* out);

  // OpenEvolve keys that tilevolve accepts and ignores: a warning for each one set (not null).
  void Ignore(std::initializer_list<const char*> keys);

  // "KEY: VALUE is not allowed; expected EXPECTED", at the value's line.
  void Error(const std::string& key, const YAML::Node& value, const std::string& expected);

  // Reports every key of the map that no call above named. REQUIRES: called once, last.
  void Finish();

 private:
  struct Entry {
    std::string key;
    YAML::Node key_node;
    YAML::Node value;
  };
  const Entry* Find(const std::string& key) const;
  // The value of `key` when present and a scalar; an error when it is a list or map.
  const Entry* ScalarEntry(const std::string& key, const std::string& expected);
  bool ExpandString(const std::string& key_path, const YAML::Node& value, UnsetEnv unset, std::string* out);

  std::string path_;
  ConfigIssues* issues_;
  std::vector<Entry> entries_;
  std::set<std::string> known_;
  bool finished_ = false;
};

}  // namespace tv::evolve
