// The population as JSON, part of the run state (contract: population.h):
//
//   {"format": 1, "num_islands": 5, "feature_dimensions": ["complexity", "diversity"],
//    "feature_ranges": {"complexity": [min, max], ...},
//    "programs": [[7, 1.25, [812, 0.31]], ...],  // [id, score, features in feature_dimensions
//                                                 // order, null where missing], by id
//    "islands": [{"members": [7, 3, ...], "grid": {"3,7": 7, ...}, "generations": 12, "failed": 2}, ...],
//    "archive": [7, 3, ...], "best_id": 7}
//
// Doubles are written in their shortest round-trip form, so FromJson(ToJson(p))
// makes the same decisions as p for the same RNG.
#include <algorithm>
#include <set>

#include "evolve/database/population.h"

namespace tv::evolve {
namespace {

constexpr int kFormat = 1;

Status Malformed(const std::string& why) {
  return Status::InvalidArgument("the saved population in the run state is malformed: " + why);
}

}  // namespace

nlohmann::json Population::ToJson() const {
  nlohmann::json programs = nlohmann::json::array();
  for (const auto& [id, entry] : programs_) {
    nlohmann::json features = nlohmann::json::array();
    for (const std::string& dimension : config_.feature_dimensions) {
      const auto value = entry.features.find(dimension);
      features.push_back(value != entry.features.end() ? nlohmann::json(value->second) : nlohmann::json());
    }
    programs.push_back(nlohmann::json::array({id, entry.score, std::move(features)}));
  }
  nlohmann::json islands = nlohmann::json::array();
  for (const Island& island : islands_) {
    nlohmann::json grid = nlohmann::json::object();
    for (const auto& [cell, id] : island.grid) grid[CellKey(cell)] = id;
    islands.push_back({{"members", island.members},
                       {"grid", std::move(grid)},
                       {"generations", island.generations},
                       {"failed", island.failed}});
  }
  return {{"format", kFormat},
          {"num_islands", num_islands()},
          {"feature_dimensions", config_.feature_dimensions},
          {"feature_ranges", scaling_.ToJson()},
          {"programs", std::move(programs)},
          {"islands", std::move(islands)},
          {"archive", archive_},
          {"best_id", best_id_}};
}

Result<Population> Population::FromJson(const nlohmann::json& json, const DatabaseConfig& config) {
  Population population(config);
  try {
    if (!json.is_object()) return Malformed("it is not a JSON object");
    if (json.at("format").get<int>() != kFormat) {
      return Malformed("format " + json.at("format").dump() + " (this tilevolve reads " +
                       std::to_string(kFormat) + ")");
    }
    const int saved_islands = json.at("num_islands").get<int>();
    if (saved_islands != population.num_islands()) {
      return Status::InvalidArgument("the saved population has " + std::to_string(saved_islands) +
                                     " islands but database.num_islands is " +
                                     std::to_string(population.num_islands()) +
                                     "; resume with the run's config");
    }
    if (json.at("feature_dimensions").get<std::vector<std::string>>() != config.feature_dimensions) {
      return Status::InvalidArgument(
          "the saved population's feature_dimensions " + json.at("feature_dimensions").dump() +
          " differ from database.feature_dimensions; resume with the run's config");
    }
    TV_RETURN_IF_ERROR(population.scaling_.FromJson(json.at("feature_ranges")));

    for (const nlohmann::json& program : json.at("programs")) {
      if (!program.is_array() || program.size() != 3 || !program[2].is_array() ||
          program[2].size() != config.feature_dimensions.size()) {
        return Malformed("a program is not [id, score, [one value per feature dimension]]: " +
                         program.dump());
      }
      const int64_t id = program[0].get<int64_t>();
      Entry entry;
      entry.score = program[1].get<double>();
      for (size_t d = 0; d < config.feature_dimensions.size(); ++d) {
        if (!program[2][d].is_null())
          entry.features[config.feature_dimensions[d]] = program[2][d].get<double>();
      }
      if (id <= 0 || !population.programs_.emplace(id, std::move(entry)).second) {
        return Malformed("program id " + std::to_string(id) + " is not positive or appears twice");
      }
    }
    const auto known = [&](int64_t id) { return population.programs_.count(id) > 0; };
    const auto rank = [&](int64_t a, int64_t b) { return population.Better(a, b); };

    const nlohmann::json& islands = json.at("islands");
    if (!islands.is_array() || islands.size() != population.islands_.size()) {
      return Malformed("'islands' does not list " + std::to_string(population.num_islands()) + " islands");
    }
    for (size_t i = 0; i < islands.size(); ++i) {
      Island& island = population.islands_[i];
      island.members = islands[i].at("members").get<std::vector<int64_t>>();
      for (int64_t id : island.members) {
        if (!known(id))
          return Malformed("island " + std::to_string(i) + " holds unknown program " + std::to_string(id));
        ++population.programs_.at(id).islands;
      }
      std::sort(island.members.begin(), island.members.end(), rank);
      if (std::adjacent_find(island.members.begin(), island.members.end()) != island.members.end()) {
        return Malformed("island " + std::to_string(i) + " holds a program twice");
      }
      for (const auto& [key, id] : islands[i].at("grid").items()) {
        const std::optional<GridCell> cell = ParseCellKey(key, config.feature_dimensions.size());
        const int64_t occupant = id.get<int64_t>();
        if (!cell || !population.OnIsland(occupant, island)) {
          return Malformed("island " + std::to_string(i) + " has grid cell '" + key + "' -> " + id.dump());
        }
        island.grid[*cell] = occupant;
      }
      island.generations = islands[i].at("generations").get<int>();
      island.failed = islands[i].at("failed").get<int64_t>();
    }
    for (const auto& [id, entry] : population.programs_) {
      if (entry.islands == 0) return Malformed("program " + std::to_string(id) + " is on no island");
    }

    population.archive_ = json.at("archive").get<std::vector<int64_t>>();
    if (!std::all_of(population.archive_.begin(), population.archive_.end(), known)) {
      return Malformed("the archive holds an unknown program");
    }
    std::sort(population.archive_.begin(), population.archive_.end(), rank);
    population.archive_.erase(std::unique(population.archive_.begin(), population.archive_.end()),
                              population.archive_.end());
    const size_t archive_size = static_cast<size_t>(std::max(0, config.archive_size));
    if (population.archive_.size() > archive_size) population.archive_.resize(archive_size);

    population.best_id_ = json.at("best_id").get<int64_t>();
    if (population.best_id_ == 0 ? !population.programs_.empty() : !known(population.best_id_)) {
      return Malformed("best_id " + std::to_string(population.best_id_) + " is not one of its programs");
    }
  } catch (const nlohmann::json::exception& e) {
    return Malformed(e.what());
  }
  return population;
}

}  // namespace tv::evolve
