// The train-shape figures of one evaluation's metrics JSON (evolve/eval_json.h),
// for the offline mutator's ShapeFigures. Held-out shapes are left out, and so
// are the oracle's tiles: only what the evolution itself measured steers it.
#pragma once

#include <string>
#include <vector>

#include "evolve/mutation/shape_figures.h"

namespace tv::evolve {

// Empty for metrics without shapes (another evaluator, a program that failed
// before timing); a shape whose fields do not parse is left out.
std::vector<ShapeFigure> TrainShapeFigures(const std::string& metrics_json);

}  // namespace tv::evolve
