#include "evolve/config/config_reader.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <climits>
#include <cmath>
#include <string_view>

#include "evolve/config/env_expansion.h"

namespace tv::evolve {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string JoinPath(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

// Whole-text integer: optional sign, decimal digits.
bool ParseInt64(std::string_view text, int64_t* out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

bool ParseUint64(std::string_view text, uint64_t* out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

// Whole-text finite number ("0.7", "600", "1e-3").
bool ParseDouble(std::string_view text, double* out) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty() && std::isfinite(*out);
}

bool ParseBool(std::string_view text, bool* out) {
  std::string lower = Lower(text);
  if (lower == "true" || lower == "yes" || lower == "on") {
    *out = true;
    return true;
  }
  if (lower == "false" || lower == "no" || lower == "off") {
    *out = false;
    return true;
  }
  return false;
}

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string JoinWithOr(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += " or ";
    out += items[i];
  }
  return out;
}

}  // namespace

// ---- ConfigIssues ----

std::string ConfigIssues::Where(const YAML::Mark& mark) const {
  if (mark.line < 0) return source_ + ": ";
  return source_ + ":" + std::to_string(mark.line + 1) + ": ";
}

void ConfigIssues::Error(const YAML::Mark& mark, const std::string& message) {
  errors_.push_back({mark.line, Where(mark) + message});
}

void ConfigIssues::Warning(const YAML::Mark& mark, const std::string& message) {
  warnings_.push_back({mark.line, Where(mark) + message});
}

std::vector<std::string> ConfigIssues::InLineOrder(std::vector<Line> lines) {
  std::stable_sort(lines.begin(), lines.end(), [](const Line& a, const Line& b) {
    return static_cast<unsigned>(a.line) < static_cast<unsigned>(b.line);  // -1 (no line) last
  });
  std::vector<std::string> texts;
  for (Line& line : lines) texts.push_back(std::move(line.text));
  return texts;
}

void ConfigIssues::AddKnownKey(const std::string& path, const std::string& key) { known_[path].insert(key); }

void ConfigIssues::AddUnknownKey(const std::string& path, const std::string& key, const YAML::Mark& mark) {
  unknown_.push_back({path, key, mark});
}

std::string ConfigIssues::NearestKnownKey(const UnknownKey& unknown) const {
  const std::string key = Lower(unknown.key);
  auto own = known_.find(unknown.path);
  if (own != known_.end()) {
    // A small edit distance (typos, case), else one name inside the other
    // ("islands" for "num_islands").
    const size_t close_enough = key.size() <= 4 ? 1 : key.size() <= 8 ? 2 : 3;
    std::string nearest;
    size_t nearest_distance = SIZE_MAX;
    std::string containing;
    size_t containing_distance = SIZE_MAX;
    for (const std::string& known : own->second) {
      const size_t d = EditDistance(key, known);
      if (d < nearest_distance) {
        nearest = known;
        nearest_distance = d;
      }
      const bool contains = (key.size() >= 4 && known.find(key) != std::string::npos) ||
                            (known.size() >= 4 && key.find(known) != std::string::npos);
      if (contains && d < containing_distance) {
        containing = known;
        containing_distance = d;
      }
    }
    if (nearest_distance <= close_enough) return JoinPath(unknown.path, nearest);
    if (!containing.empty()) return JoinPath(unknown.path, containing);
  }
  // The same key in another map (a key at the wrong level).
  std::vector<std::string> elsewhere;
  for (const auto& [path, keys] : known_) {
    if (path == unknown.path || path.find('[') != std::string::npos) continue;
    for (const std::string& known : keys) {
      if (Lower(known) == key) elsewhere.push_back(JoinPath(path, known));
    }
  }
  return JoinWithOr(elsewhere);
}

void ConfigIssues::ReportUnknownKeys() {
  for (const UnknownKey& unknown : unknown_) {
    std::string nearest = NearestKnownKey(unknown);
    std::string message = JoinPath(unknown.path, unknown.key) + " is not a known key";
    if (!nearest.empty()) message += " (did you mean " + nearest + "?)";
    Warning(unknown.mark, message + "; ignored");
  }
  unknown_.clear();
}

// ---- Bounds and values ----

bool Bounds::Contains(double v) const {
  if (min_open ? v <= min : v < min) return false;
  if (max_open ? v >= max : v > max) return false;
  return true;
}

std::string Bounds::Describe(const std::string& noun) const {
  const bool has_min = std::isfinite(min);
  const bool has_max = std::isfinite(max);
  std::string range;
  if (has_min && has_max) {
    range = std::string("in ") + (min_open ? "(" : "[") + FormatNumber(min) + ", " + FormatNumber(max) +
            (max_open ? ")" : "]");
  } else if (has_min) {
    range = (min_open ? "> " : ">= ") + FormatNumber(min);
  } else if (has_max) {
    range = (max_open ? "< " : "<= ") + FormatNumber(max);
  }
  if (noun.empty() || range.empty()) return noun + range;
  return noun + " " + range;
}

std::string FormatNumber(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof(buffer), value);
  assert(ec == std::errc());
  return std::string(buffer, end);
}

std::string DescribeValue(const YAML::Node& node) {
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  if (!node.IsScalar()) return "null";
  const std::string& text = node.Scalar();
  double number;
  if (node.Tag() != "!" && ParseDouble(text, &number)) return text;
  constexpr size_t kMaxShown = 60;
  const size_t cut = std::min(text.find('\n'), kMaxShown);
  std::string shown = "'";
  shown.append(text, 0, cut);
  shown.append(cut < text.size() ? "...'" : "'");
  return shown;
}

// ---- MapReader ----

MapReader::MapReader(const YAML::Node& node, std::string path, ConfigIssues* issues)
    : path_(std::move(path)), issues_(issues) {
  if (!node.IsDefined() || node.IsNull()) return;
  if (!node.IsMap()) {
    const std::string what = path_.empty() ? "the file's top level" : path_;
    issues_->Error(node.Mark(), what + ": " + DescribeValue(node) +
                                    " is not allowed; expected a map of `key: value` settings");
    return;
  }
  for (auto it = node.begin(); it != node.end(); ++it) {
    std::string key = it->first.IsScalar() ? it->first.Scalar() : DescribeValue(it->first);
    if (const Entry* earlier = Find(key)) {
      issues_->Error(it->first.Mark(), KeyPath(key) + " appears twice (first on line " +
                                           std::to_string(earlier->key_node.Mark().line + 1) + "); keep one");
      continue;
    }
    entries_.push_back({key, it->first, it->second});
  }
}

MapReader::~MapReader() { assert(finished_ && "MapReader::Finish() was not called"); }

std::string MapReader::KeyPath(const std::string& key) const { return JoinPath(path_, key); }

const MapReader::Entry* MapReader::Find(const std::string& key) const {
  for (const Entry& entry : entries_) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

bool MapReader::Has(const std::string& key) const {
  const Entry* entry = Find(key);
  return entry != nullptr && !entry->value.IsNull();
}

std::vector<std::string> MapReader::Keys() const {
  std::vector<std::string> keys;
  for (const Entry& entry : entries_) keys.push_back(entry.key);
  return keys;
}

YAML::Node MapReader::Value(const std::string& key) {
  known_.insert(key);
  issues_->AddKnownKey(path_, key);
  const Entry* entry = Find(key);
  return entry != nullptr ? entry->value : YAML::Node();
}

YAML::Node MapReader::Peek(const std::string& key) const {
  const Entry* entry = Find(key);
  return entry != nullptr ? entry->value : YAML::Node();
}

YAML::Mark MapReader::Mark(const std::string& key) const {
  const Entry* entry = Find(key);
  return entry != nullptr ? entry->key_node.Mark() : YAML::Mark::null_mark();
}

void MapReader::Error(const std::string& key, const YAML::Node& value, const std::string& expected) {
  const Entry* entry = Find(key);
  YAML::Mark mark = value.Mark().line >= 0 || entry == nullptr ? value.Mark() : entry->key_node.Mark();
  issues_->Error(mark, KeyPath(key) + ": " + DescribeValue(value) + " is not allowed; expected " + expected);
}

const MapReader::Entry* MapReader::ScalarEntry(const std::string& key, const std::string& expected) {
  Value(key);
  const Entry* entry = Find(key);
  if (entry == nullptr || entry->value.IsNull()) return nullptr;
  if (!entry->value.IsScalar()) {
    Error(key, entry->value, expected);
    return nullptr;
  }
  return entry;
}

void MapReader::Int(const std::string& key, Bounds bounds, int* out) {
  const std::string expected = bounds.Describe("an integer");
  const Entry* entry = ScalarEntry(key, expected);
  if (entry == nullptr) return;
  int64_t value;
  if (!ParseInt64(entry->value.Scalar(), &value) || value < INT_MIN || value > INT_MAX ||
      !bounds.Contains(static_cast<double>(value))) {
    Error(key, entry->value, expected);
    return;
  }
  *out = static_cast<int>(value);
}

void MapReader::Uint64(const std::string& key, uint64_t* out) {
  const std::string expected = "an integer >= 0";
  const Entry* entry = ScalarEntry(key, expected);
  if (entry == nullptr) return;
  uint64_t value;
  if (!ParseUint64(entry->value.Scalar(), &value)) {
    Error(key, entry->value, expected);
    return;
  }
  *out = value;
}

void MapReader::Double(const std::string& key, Bounds bounds, double* out) {
  const std::string expected = bounds.Describe("a number");
  const Entry* entry = ScalarEntry(key, expected);
  if (entry == nullptr) return;
  double value;
  if (!ParseDouble(entry->value.Scalar(), &value) || !bounds.Contains(value)) {
    Error(key, entry->value, expected);
    return;
  }
  *out = value;
}

void MapReader::Bool(const std::string& key, bool* out) {
  const std::string expected = "true or false";
  const Entry* entry = ScalarEntry(key, expected);
  if (entry == nullptr) return;
  if (!ParseBool(entry->value.Scalar(), out)) Error(key, entry->value, expected);
}

bool MapReader::ExpandString(const std::string& key_path, const YAML::Node& value, UnsetEnv unset,
                             std::string* out) {
  Result<EnvExpansion> expanded = ExpandEnvReferences(value.Scalar(), ProcessEnvironment());
  if (!expanded.ok()) {
    issues_->Error(value.Mark(), key_path + ": " + DescribeValue(value) + " is not allowed; " +
                                     expanded.status().message());
    return false;
  }
  if (!expanded->unset.empty()) {
    const std::string& name = expanded->unset.front();
    if (unset == UnsetEnv::kError) {
      issues_->Error(value.Mark(), key_path + ": " + DescribeValue(value) +
                                       " is not allowed while the environment variable " + name +
                                       " is not set; expected " + name + " set, or the value written out");
      return false;
    }
    issues_->Warning(value.Mark(), key_path + ": the environment variable " + name +
                                       " is not set; the key is left empty (set " + name +
                                       " before using the LLM)");
    out->clear();
    return true;
  }
  *out = std::move(expanded->value);
  return true;
}

void MapReader::String(const std::string& key, std::string* out, bool allow_empty, UnsetEnv unset) {
  const std::string expected = allow_empty ? "a string" : "a non-empty string";
  const Entry* entry = ScalarEntry(key, expected);
  if (entry == nullptr) return;
  std::string value;
  if (!ExpandString(KeyPath(key), entry->value, unset, &value)) return;
  if (value.empty() && !allow_empty) {
    Error(key, entry->value, expected);
    return;
  }
  *out = std::move(value);
}

void MapReader::Choice(const std::string& key, const std::vector<std::string>& allowed, std::string* out) {
  std::string expected = "one of ";
  for (size_t i = 0; i < allowed.size(); ++i) expected += (i > 0 ? ", " : "") + allowed[i];
  const Entry* entry = ScalarEntry(key, expected);
  if (entry == nullptr) return;
  const std::string lower = Lower(entry->value.Scalar());
  for (const std::string& choice : allowed) {
    if (Lower(choice) == lower) {
      *out = choice;
      return;
    }
  }
  Error(key, entry->value, expected);
}

void MapReader::DoubleList(const std::string& key, Bounds bounds, std::vector<double>* out) {
  const std::string each = bounds.Describe("a number");
  const std::string range = bounds.Describe("");
  YAML::Node value = Value(key);
  if (!value.IsDefined() || value.IsNull()) return;
  if (!value.IsSequence()) {
    Error(key, value, "a list of numbers" + (range.empty() ? "" : ", each " + range));
    return;
  }
  std::vector<double> numbers;
  bool ok = true;
  for (size_t i = 0; i < value.size(); ++i) {
    const YAML::Node item = value[i];
    double number;
    if (!item.IsScalar() || !ParseDouble(item.Scalar(), &number) || !bounds.Contains(number)) {
      Error(key + "[" + std::to_string(i) + "]", item, each);
      ok = false;
      continue;
    }
    numbers.push_back(number);
  }
  if (ok) *out = std::move(numbers);
}

void MapReader::StringList(const std::string& key, std::vector<std::string>* out) {
  YAML::Node value = Value(key);
  if (!value.IsDefined() || value.IsNull()) return;
  if (!value.IsSequence()) {
    Error(key, value, "a list of strings");
    return;
  }
  std::vector<std::string> strings;
  bool ok = true;
  for (size_t i = 0; i < value.size(); ++i) {
    const YAML::Node item = value[i];
    const std::string item_key = key + "[" + std::to_string(i) + "]";
    std::string text;
    if (!item.IsScalar()) {
      Error(item_key, item, "a string");
      ok = false;
    } else if (!ExpandString(KeyPath(item_key), item, UnsetEnv::kError, &text)) {
      ok = false;
    } else {
      strings.push_back(std::move(text));
    }
  }
  if (ok) *out = std::move(strings);
}

void MapReader::Ignore(std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    Value(key);
    const Entry* entry = Find(key);
    if (entry != nullptr && !entry->value.IsNull()) {  // a null one changes nothing either way
      issues_->Warning(entry->key_node.Mark(),
                       KeyPath(key) + " is accepted for OpenEvolve compatibility and ignored");
    }
  }
}

void MapReader::Finish() {
  assert(!finished_);
  finished_ = true;
  for (const Entry& entry : entries_) {
    if (known_.count(entry.key) == 0) issues_->AddUnknownKey(path_, entry.key, entry.key_node.Mark());
  }
}

}  // namespace tv::evolve
