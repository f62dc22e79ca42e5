// The per-shape fallback table: the shapes where an evaluation measured the
// evolved heuristic's tiles slower than the baseline heuristic's, so the
// library runs the baseline's tiles there (on every shape measured, the evolved
// heuristic is then never used where it lost).
//
// File format (JSON, conventionally X.fallback.json beside the program X.cpp,
// where enable_optimizations() picks it up):
//   {"format": "tilevolve-fallback-table", "version": 1,
//    "program_hash": "<32 hex: the compile cache key the evaluation scored>",
//    "source": "<where it came from, e.g. the eval JSON's path>",
//    "shapes": [{"name": "...", "m": 1, "n": 576, "k": 576, "speedup": 0.97}, ...]}
// A shape matches a call by (m, n, k) whatever its layout and transposes. A
// table whose program_hash differs from the loaded program's is ignored (with
// a note in optimization_info), since it measured another program.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/status.h"

namespace tv::integrate {

struct FallbackShape {
  std::string name;
  int64_t m = 0, n = 0, k = 0;
  double speedup = 0;  // evolved over baseline as measured (< 1: the evolved tiles lost)
};

class FallbackTable {
 public:
  FallbackTable() = default;
  FallbackTable(std::string program_hash, std::string source, std::vector<FallbackShape> shapes);

  bool Contains(int64_t m, int64_t n, int64_t k) const { return keys_.count({m, n, k}) > 0; }
  const std::string& program_hash() const { return program_hash_; }
  const std::string& source() const { return source_; }
  const std::vector<FallbackShape>& shapes() const { return shapes_; }

 private:
  std::string program_hash_;
  std::string source_;
  std::vector<FallbackShape> shapes_;
  std::set<std::tuple<int64_t, int64_t, int64_t>> keys_;
};

// From what `tilevolve eval PROGRAM --json F` writes (evolve/eval_json.h): every
// shape whose speedup is below 1. InvalidArgument when the JSON is not an
// evaluation or the evaluation did not succeed (outcome != "ok").
Result<FallbackTable> FallbackTableFromEvalJson(const nlohmann::json& eval, const std::string& source);

nlohmann::json FallbackTableToJson(const FallbackTable& table);
Result<FallbackTable> FallbackTableFromJson(const nlohmann::json& json);

Status WriteFallbackTable(const std::string& path, const FallbackTable& table);
// NotFound when the file does not exist; InvalidArgument naming the file when it does not parse.
Result<FallbackTable> ReadFallbackTable(const std::string& path);

// For the CLI: reads the eval JSON at `eval_json_path` and writes its table to
// `out_path` (FallbackTablePathFor(program) puts it where enable_optimizations looks).
Status ExportFallbackTable(const std::string& eval_json_path, const std::string& out_path);

}  // namespace tv::integrate
