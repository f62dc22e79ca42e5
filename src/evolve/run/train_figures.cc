#include "evolve/run/train_figures.h"

#include <nlohmann/json.hpp>

#include "evolve/eval_json.h"

namespace tv::evolve {

std::vector<ShapeFigure> TrainShapeFigures(const std::string& metrics_json) {
  std::vector<ShapeFigure> figures;
  const nlohmann::json metrics = nlohmann::json::parse(metrics_json, nullptr, /*allow_exceptions=*/false);
  for (const ShapeEval& eval : ShapeEvalsFromMetrics(metrics)) {
    if (eval.shape.tag != bench::ShapeTag::kTrain) continue;
    ShapeFigure f;
    f.shape = eval.shape.name;
    f.m = eval.shape.m;
    f.n = eval.shape.n;
    f.k = eval.shape.k;
    f.tiles = eval.tiles;
    f.speedup = eval.speedup;
    figures.push_back(std::move(f));
  }
  return figures;
}

}  // namespace tv::evolve
