// Geometric means of a bench run over groups of shapes: all, train, heldout and
// one group per shape class. Shapes that failed are left out of every group.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "bench/shape_bench.h"

namespace tv::bench {

struct GeomeanRow {
  std::string group;  // "all", "train", "heldout" or "class:<name>"
  int count = 0;      // shapes of ours that ran
  double gflops = 0;
  std::map<std::string, double> ratio;  // per peer: geomean of our ratio over shapes both ran
};

std::vector<GeomeanRow> ComputeGeomeans(const std::vector<ShapeRecord>& records);

}  // namespace tv::bench
