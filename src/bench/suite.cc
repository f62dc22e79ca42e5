#include "bench/suite.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace tv::bench {
namespace {

namespace fs = std::filesystem;

std::string At(const std::string& source, const YAML::Mark& mark) {
  return source + ":" + std::to_string(mark.line + 1);
}

std::string Join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// A positive integer dimension `key` of a shape entry.
Result<int64_t> ReadDimension(const YAML::Node& entry, const char* key, const std::string& where) {
  const YAML::Node value = entry[key];
  if (!value) return Status::InvalidArgument(where + ": missing '" + key + "' (a positive integer)");
  const std::string text = value.IsScalar() ? value.Scalar() : std::string("<not a number>");
  int64_t parsed = 0;
  size_t used = 0;
  try {
    parsed = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || parsed < 1) {
    return Status::InvalidArgument(where + ": '" + key + "' must be a positive integer, got '" + text + "'");
  }
  return parsed;
}

Result<SuiteShape> ParseShape(const YAML::Node& entry, size_t index, const std::string& source) {
  std::string where = At(source, entry.Mark()) + ": shape #" + std::to_string(index + 1);
  if (!entry.IsMap()) {
    return Status::InvalidArgument(where + ": each shape must be a mapping {name, m, n, k, tag}");
  }
  SuiteShape shape;
  const YAML::Node name = entry["name"];
  if (!name || !name.IsScalar() || name.Scalar().empty()) {
    return Status::InvalidArgument(where + ": missing 'name'");
  }
  shape.name = name.Scalar();
  where = At(source, entry.Mark()) + ": shape '" + shape.name + "'";
  Result<int64_t> m = ReadDimension(entry, "m", where);
  if (!m.ok()) return m.status();
  Result<int64_t> n = ReadDimension(entry, "n", where);
  if (!n.ok()) return n.status();
  Result<int64_t> k = ReadDimension(entry, "k", where);
  if (!k.ok()) return k.status();
  shape.m = *m;
  shape.n = *n;
  shape.k = *k;
  const YAML::Node tag = entry["tag"];
  const std::string tag_text = tag && tag.IsScalar() ? tag.Scalar() : "";
  if (tag_text == "train") {
    shape.tag = ShapeTag::kTrain;
  } else if (tag_text == "heldout") {
    shape.tag = ShapeTag::kHeldout;
  } else {
    return Status::InvalidArgument(where + ": 'tag' must be train or heldout, got '" +
                                   (tag ? tag_text : std::string("<missing>")) + "'");
  }
  for (const auto& field : entry) {
    const std::string key = field.first.as<std::string>();
    if (key == "name" || key == "m" || key == "n" || key == "k" || key == "tag") continue;
    if (!field.second.IsScalar()) {
      return Status::InvalidArgument(where + ": extra field '" + key + "' must be a plain value");
    }
    shape.extra[key] = field.second.Scalar();
  }
  return shape;
}

}  // namespace

const char* TagName(ShapeTag tag) { return tag == ShapeTag::kTrain ? "train" : "heldout"; }

std::string SuiteShape::shape_class() const {
  auto it = extra.find("class");
  return it == extra.end() ? std::string() : it->second;
}

std::string SuitesDir() {
  if (const char* env = std::getenv("TILEVOLVE_SUITES_DIR"); env != nullptr && *env != '\0') return env;
  return TV_SUITES_DIR;
}

std::vector<std::string> ShippedSuiteNames() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(SuitesDir(), error)) {
    if (entry.path().extension() == ".yaml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

Result<Suite> ParseSuite(const std::string& yaml_text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::ParserException& e) {
    return Status::InvalidArgument(At(source, e.mark) + ": malformed YAML: " + e.msg);
  }
  if (!root.IsMap()) {
    return Status::InvalidArgument(source + ": a suite is a mapping with 'name:' and 'shapes:'");
  }
  Suite suite;
  suite.source = source;
  try {
    for (const auto& field : root) {
      const std::string key = field.first.as<std::string>();
      if (key != "name" && key != "description" && key != "shapes") {
        return Status::InvalidArgument(At(source, field.first.Mark()) + ": unknown key '" + key +
                                       "' (a suite has name, description and shapes)");
      }
    }
    const YAML::Node name = root["name"];
    if (!name || !name.IsScalar() || name.Scalar().empty()) {
      return Status::InvalidArgument(source + ": missing 'name:' (the suite's name)");
    }
    suite.name = name.Scalar();
    const YAML::Node shapes = root["shapes"];
    if (!shapes || !shapes.IsSequence() || shapes.size() == 0) {
      return Status::InvalidArgument(source + ": 'shapes:' must be a non-empty list of {name, m, n, k, tag}");
    }
    std::set<std::string> seen;
    for (size_t i = 0; i < shapes.size(); ++i) {
      Result<SuiteShape> shape = ParseShape(shapes[i], i, source);
      if (!shape.ok()) return shape.status();
      if (!seen.insert(shape->name).second) {
        return Status::InvalidArgument(At(source, shapes[i].Mark()) + ": duplicate shape name '" +
                                       shape->name + "' (names must be unique within a suite)");
      }
      suite.shapes.push_back(std::move(*shape));
    }
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(At(source, e.mark) + ": " + e.msg);
  }
  return suite;
}

Result<Suite> LoadSuite(const std::string& name_or_path) {
  const fs::path given(name_or_path);
  const bool is_path = fs::is_regular_file(given) || name_or_path.find('/') != std::string::npos ||
                       given.extension() == ".yaml" || given.extension() == ".yml";
  const fs::path file = is_path ? given : fs::path(SuitesDir()) / (name_or_path + ".yaml");
  std::ifstream in(file);
  if (!in) {
    if (is_path) return Status::NotFound("cannot read suite file '" + file.string() + "'");
    return Status::NotFound("unknown suite '" + name_or_path + "'; shipped suites (in " + SuitesDir() +
                            "): " + Join(ShippedSuiteNames(), ", ") + "; or pass a YAML file path");
  }
  std::stringstream text;
  text << in.rdbuf();
  return ParseSuite(text.str(), file.string());
}

Result<std::vector<SuiteShape>> SelectShapes(const Suite& suite, const std::string& only) {
  if (only.empty()) return suite.shapes;
  const std::vector<std::string> wanted = SplitCommas(only);
  std::vector<std::string> all;
  for (const SuiteShape& s : suite.shapes) all.push_back(s.name);
  for (const std::string& name : wanted) {
    if (std::find(all.begin(), all.end(), name) == all.end()) {
      return Status::NotFound("--only: suite '" + suite.name + "' has no shape '" + name +
                              "'; its shapes: " + Join(all, ", "));
    }
  }
  std::vector<SuiteShape> selected;
  for (const SuiteShape& s : suite.shapes) {
    if (std::find(wanted.begin(), wanted.end(), s.name) != wanted.end()) selected.push_back(s);
  }
  return selected;
}

}  // namespace tv::bench
