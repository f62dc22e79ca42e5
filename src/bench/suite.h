// Workload suites: named lists of GEMM shapes, each tagged train or heldout
// (DESIGN.md rule 5: evolution selects on train only; reports show both).
//
// A suite is a YAML file:
//   name: transformer
//   description: ...            (optional)
//   shapes:
//     - {name: llama2_7b.decode.q_proj, m: 1, n: 4096, k: 4096, tag: train, class: decode, model: Llama-2-7B}
// C = A * B row-major: A is the activations (m x k), B the weights (k x n).
// Fields beyond name/m/n/k/tag are kept as text (class, model, op, ...).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace tv::bench {

enum class ShapeTag { kTrain, kHeldout };
const char* TagName(ShapeTag tag);

struct SuiteShape {
  std::string name;
  int64_t m = 0;
  int64_t n = 0;
  int64_t k = 0;
  ShapeTag tag = ShapeTag::kTrain;
  std::map<std::string, std::string> extra;  // every other field, as written

  // The "class" field (decode, smallbatch, prefill, attention, mlp, lmhead, ...) or "".
  std::string shape_class() const;
  double flops() const {
    return 2.0 * static_cast<double>(m) * static_cast<double>(n) * static_cast<double>(k);
  }
};

struct Suite {
  std::string name;
  std::string source;  // the file it was read from
  std::vector<SuiteShape> shapes;
};

// The folder of shipped suites: $TILEVOLVE_SUITES_DIR if set, else the source
// tree's suites/ (compiled in as TV_SUITES_DIR).
std::string SuitesDir();

// Names of the shipped suites (file stems of SuitesDir()/*.yaml), sorted.
std::vector<std::string> ShippedSuiteNames();

// `name_or_path` is a file path when it names an existing file or contains '/'
// or ends in .yaml/.yml; otherwise the name of a shipped suite.
// NotFound lists the shipped suites; InvalidArgument gives file:line and the fix.
Result<Suite> LoadSuite(const std::string& name_or_path);

// Parses suite text; `source` names it in messages (usually the file path).
Result<Suite> ParseSuite(const std::string& yaml_text, const std::string& source);

// The shapes named in a comma-separated list, in suite order; all shapes when
// `only` is empty. An unknown name is an error that lists the suite's names.
Result<std::vector<SuiteShape>> SelectShapes(const Suite& suite, const std::string& only);

}  // namespace tv::bench
