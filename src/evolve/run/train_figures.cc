#include "evolve/run/train_figures.h"

#include <nlohmann/json.hpp>

#include "bench/tiles_text.h"

namespace tv::evolve {

std::vector<ShapeFigure> TrainShapeFigures(const std::string& metrics_json) {
  std::vector<ShapeFigure> figures;
  const nlohmann::json metrics = nlohmann::json::parse(metrics_json, nullptr, /*allow_exceptions=*/false);
  if (!metrics.is_object() || !metrics.contains("shapes") || !metrics["shapes"].is_array()) return figures;
  for (const nlohmann::json& s : metrics["shapes"]) {
    if (!s.is_object() || s.value("tag", "") != "train") continue;
    const nlohmann::json name = s.value("name", nlohmann::json());
    const nlohmann::json speedup = s.value("speedup", nlohmann::json());
    if (!name.is_string() || !speedup.is_number() || !s.contains("tiles")) continue;
    if (!s.value("m", nlohmann::json()).is_number_integer() ||
        !s.value("n", nlohmann::json()).is_number_integer() ||
        !s.value("k", nlohmann::json()).is_number_integer())
      continue;
    const Result<tv_tile_config> tiles = bench::TilesFromJson(s["tiles"]);
    if (!tiles.ok()) continue;
    ShapeFigure f;
    f.shape = name.get<std::string>();
    f.m = s["m"].get<int64_t>();
    f.n = s["n"].get<int64_t>();
    f.k = s["k"].get<int64_t>();
    f.tiles = *tiles;
    f.speedup = speedup.get<double>();
    figures.push_back(std::move(f));
  }
  return figures;
}

}  // namespace tv::evolve
