// Feature scaling of the MAP-Elites grid (private to evolve/database): running
// min/max per dimension, and the cell a feature vector falls in.
//
// A value v of a dimension seen over [min, max] scales to (v - min) / (max - min)
// and falls in bin floor(scaled * bins), the top value in the last bin; while
// min == max every value falls in bin 0. A dimension the program lacks (or a
// non-finite value) falls in bin 0 and leaves the statistics alone.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "evolve/config/evolve_config.h"

namespace tv::evolve {

using GridCell = std::vector<int>;  // one bin index per feature dimension, in config order

// "3,7": a cell as the report and the run state write it.
std::string CellKey(const GridCell& cell);
// The inverse of CellKey for a grid of `dimensions` dimensions; nullopt when malformed.
std::optional<GridCell> ParseCellKey(const std::string& key, size_t dimensions);
// max over dimensions of |a[d] - b[d]|. REQUIRES: a.size() == b.size().
int ChebyshevDistance(const GridCell& a, const GridCell& b);

class FeatureScaling {
 public:
  explicit FeatureScaling(const DatabaseConfig& config);

  // Widens the running ranges to cover `features` (only the configured dimensions).
  void Observe(const std::map<std::string, double>& features);
  GridCell CellOf(const std::map<std::string, double>& features) const;

  // {"complexity": [min, max], ...}: the dimensions seen so far.
  nlohmann::json ToJson() const;
  // REQUIRES: a freshly constructed scaling of the same config.
  Status FromJson(const nlohmann::json& json);

 private:
  struct Range {
    double min = 0;
    double max = 0;
  };
  std::vector<std::string> dimensions_;
  std::vector<int> bins_;                     // per dimension, >= 1
  std::vector<std::optional<Range>> ranges_;  // per dimension; nullopt until a value is seen
};

}  // namespace tv::evolve
