#include "integrate/fallback_table.h"

#include <fstream>
#include <utility>

namespace tv::integrate {
namespace {

constexpr const char* kFormat = "tilevolve-fallback-table";
constexpr int kVersion = 1;

Result<nlohmann::json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::NotFound("cannot read '" + path + "'");
  nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Status::InvalidArgument("'" + path + "' is not valid JSON");
  return json;
}

// A non-negative integer field of `record`, or an error naming it.
Status ReadSize(const nlohmann::json& record, const char* key, int64_t* out) {
  const auto it = record.find(key);
  if (it == record.end() || !it->is_number_integer() || it->get<int64_t>() < 0) {
    return Status::InvalidArgument(std::string("shape record lacks a non-negative integer '") + key +
                                   "': " + record.dump());
  }
  *out = it->get<int64_t>();
  return Status::Ok();
}

Result<FallbackShape> ReadShape(const nlohmann::json& record) {
  if (!record.is_object())
    return Status::InvalidArgument("a shape record is not an object: " + record.dump());
  FallbackShape shape;
  TV_RETURN_IF_ERROR(ReadSize(record, "m", &shape.m));
  TV_RETURN_IF_ERROR(ReadSize(record, "n", &shape.n));
  TV_RETURN_IF_ERROR(ReadSize(record, "k", &shape.k));
  const auto speedup = record.find("speedup");
  if (speedup == record.end() || !speedup->is_number()) {
    return Status::InvalidArgument("shape record lacks a numeric 'speedup': " + record.dump());
  }
  shape.speedup = speedup->get<double>();
  shape.name = record.value("name", "");
  return shape;
}

}  // namespace

FallbackTable::FallbackTable(std::string program_hash, std::string source, std::vector<FallbackShape> shapes)
    : program_hash_(std::move(program_hash)), source_(std::move(source)), shapes_(std::move(shapes)) {
  for (const FallbackShape& s : shapes_) keys_.insert({s.m, s.n, s.k});
}

Result<FallbackTable> FallbackTableFromEvalJson(const nlohmann::json& eval, const std::string& source) {
  if (!eval.is_object() || !eval.contains("shapes") || !eval["shapes"].is_array() ||
      !eval.contains("program")) {
    return Status::InvalidArgument("'" + source +
                                   "' is not an evaluation (expected what `tilevolve eval PROGRAM --json F` "
                                   "writes: an object with 'program' and 'shapes')");
  }
  const std::string outcome = eval.value("outcome", "");
  if (outcome != "ok") {
    return Status::InvalidArgument("the evaluation in '" + source + "' did not succeed (outcome '" + outcome +
                                   "'): there are no measured shapes to build a fallback table from");
  }
  const nlohmann::json& program = eval["program"];
  const std::string hash = program.is_object() ? program.value("hash", "") : "";
  if (hash.empty()) return Status::InvalidArgument("the evaluation in '" + source + "' has no program.hash");
  std::vector<FallbackShape> slower;
  for (const nlohmann::json& record : eval["shapes"]) {
    Result<FallbackShape> shape = ReadShape(record);
    if (!shape.ok()) return Status::InvalidArgument("'" + source + "': " + shape.status().message());
    if (shape->speedup > 0 && shape->speedup < 1.0) slower.push_back(*shape);  // 0: not measured
  }
  return FallbackTable(hash, source, std::move(slower));
}

nlohmann::json FallbackTableToJson(const FallbackTable& table) {
  nlohmann::json shapes = nlohmann::json::array();
  for (const FallbackShape& s : table.shapes()) {
    shapes.push_back({{"name", s.name}, {"m", s.m}, {"n", s.n}, {"k", s.k}, {"speedup", s.speedup}});
  }
  return {{"format", kFormat},
          {"version", kVersion},
          {"program_hash", table.program_hash()},
          {"source", table.source()},
          {"shapes", shapes}};
}

Result<FallbackTable> FallbackTableFromJson(const nlohmann::json& json) {
  if (!json.is_object() || json.value("format", "") != kFormat) {
    return Status::InvalidArgument(std::string("not a fallback table (no \"format\": \"") + kFormat + "\")");
  }
  if (json.value("version", 0) != kVersion) {
    return Status::InvalidArgument("fallback table version " +
                                   json.value("version", nlohmann::json()).dump() + " is not " +
                                   std::to_string(kVersion) + "; re-export it from the evaluation");
  }
  if (!json.contains("shapes") || !json["shapes"].is_array()) {
    return Status::InvalidArgument("fallback table has no 'shapes' list");
  }
  std::vector<FallbackShape> shapes;
  for (const nlohmann::json& record : json["shapes"]) {
    Result<FallbackShape> shape = ReadShape(record);
    if (!shape.ok()) return shape.status();
    shapes.push_back(*shape);
  }
  return FallbackTable(json.value("program_hash", ""), json.value("source", ""), std::move(shapes));
}

Status WriteFallbackTable(const std::string& path, const FallbackTable& table) {
  std::ofstream out(path);
  if (!out) return Status::NotFound("cannot write '" + path + "' (does its folder exist?)");
  out << FallbackTableToJson(table).dump(2) << "\n";
  if (!out) return Status::Internal("failed writing '" + path + "'");
  return Status::Ok();
}

Result<FallbackTable> ReadFallbackTable(const std::string& path) {
  Result<nlohmann::json> json = ReadJson(path);
  if (!json.ok()) return json.status();
  Result<FallbackTable> table = FallbackTableFromJson(*json);
  if (!table.ok()) return Status::InvalidArgument("'" + path + "': " + table.status().message());
  return table;
}

Status ExportFallbackTable(const std::string& eval_json_path, const std::string& out_path) {
  Result<nlohmann::json> json = ReadJson(eval_json_path);
  if (!json.ok()) return json.status();
  Result<FallbackTable> table = FallbackTableFromEvalJson(*json, eval_json_path);
  if (!table.ok()) return table.status();
  return WriteFallbackTable(out_path, *table);
}

}  // namespace tv::integrate
