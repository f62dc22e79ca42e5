// Feature scaling of the MAP-Elites grid (contract: feature_scaling.h).
#include "evolve/database/feature_scaling.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <cstdlib>

namespace tv::evolve {

std::string CellKey(const GridCell& cell) {
  std::string key;
  for (size_t d = 0; d < cell.size(); ++d) {
    if (d > 0) key += ',';
    key += std::to_string(cell[d]);
  }
  return key;
}

std::optional<GridCell> ParseCellKey(const std::string& key, size_t dimensions) {
  GridCell cell;
  const char* at = key.data();
  const char* end = key.data() + key.size();
  while (true) {
    int bin = 0;
    const auto [next, ec] = std::from_chars(at, end, bin);
    if (ec != std::errc() || bin < 0) return std::nullopt;
    cell.push_back(bin);
    if (next == end) break;
    if (*next != ',') return std::nullopt;
    at = next + 1;
  }
  if (cell.size() != dimensions) return std::nullopt;
  return cell;
}

int ChebyshevDistance(const GridCell& a, const GridCell& b) {
  assert(a.size() == b.size());
  int distance = 0;
  for (size_t d = 0; d < a.size(); ++d) distance = std::max(distance, std::abs(a[d] - b[d]));
  return distance;
}

FeatureScaling::FeatureScaling(const DatabaseConfig& config)
    : dimensions_(config.feature_dimensions), ranges_(config.feature_dimensions.size()) {
  for (const std::string& dimension : dimensions_) {
    const auto own = config.feature_bins_per_dimension.find(dimension);
    bins_.push_back(
        std::max(1, own != config.feature_bins_per_dimension.end() ? own->second : config.feature_bins));
  }
}

void FeatureScaling::Observe(const std::map<std::string, double>& features) {
  for (size_t d = 0; d < dimensions_.size(); ++d) {
    const auto value = features.find(dimensions_[d]);
    if (value == features.end() || !std::isfinite(value->second)) continue;
    std::optional<Range>& range = ranges_[d];
    if (!range) {
      range = Range{value->second, value->second};
    } else {
      range->min = std::min(range->min, value->second);
      range->max = std::max(range->max, value->second);
    }
  }
}

GridCell FeatureScaling::CellOf(const std::map<std::string, double>& features) const {
  GridCell cell(dimensions_.size(), 0);
  for (size_t d = 0; d < dimensions_.size(); ++d) {
    const auto value = features.find(dimensions_[d]);
    const std::optional<Range>& range = ranges_[d];
    if (value == features.end() || !std::isfinite(value->second) || !range || !(range->max > range->min))
      continue;
    const double scaled = std::clamp((value->second - range->min) / (range->max - range->min), 0.0, 1.0);
    cell[d] = std::min(bins_[d] - 1, static_cast<int>(scaled * bins_[d]));
  }
  return cell;
}

nlohmann::json FeatureScaling::ToJson() const {
  nlohmann::json json = nlohmann::json::object();
  for (size_t d = 0; d < dimensions_.size(); ++d) {
    if (ranges_[d]) json[dimensions_[d]] = {ranges_[d]->min, ranges_[d]->max};
  }
  return json;
}

Status FeatureScaling::FromJson(const nlohmann::json& json) {
  if (!json.is_object()) return Status::InvalidArgument("feature_ranges is not an object");
  for (const auto& [name, range] : json.items()) {
    const auto found = std::find(dimensions_.begin(), dimensions_.end(), name);
    if (found == dimensions_.end()) {
      return Status::InvalidArgument("feature_ranges names '" + name +
                                     "', which is not one of the configured feature_dimensions");
    }
    if (!range.is_array() || range.size() != 2 || !range[0].is_number() || !range[1].is_number() ||
        range[0].get<double>() > range[1].get<double>()) {
      return Status::InvalidArgument("feature_ranges." + name + " is not a [min, max] pair");
    }
    ranges_[static_cast<size_t>(found - dimensions_.begin())] =
        Range{range[0].get<double>(), range[1].get<double>()};
  }
  return Status::Ok();
}

}  // namespace tv::evolve
