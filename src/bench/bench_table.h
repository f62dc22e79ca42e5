// The text table `tilevolve bench` prints: one row per shape as it finishes,
// then the geomeans.
#pragma once

#include <string>
#include <vector>

#include "bench/geomeans.h"
#include "bench/roofline.h"
#include "bench/shape_bench.h"

namespace tv::bench {

// Column titles; `peers` in the order their figures appear in each record.
std::string BenchTableHeader(const std::vector<std::string>& peers);

// One row: shape, m, n, k, tag, tiles, GFLOP/s, % of the measured FMA peak (or
// GB/s and % of DRAM bandwidth for memory-bound shapes), spread, per peer
// GFLOP/s and our ratio. A failed contender shows "error" (its message follows
// on the next line).
std::string BenchTableRow(const ShapeRecord& record, const Roofline& roofline);

std::string GeomeanTable(const std::vector<GeomeanRow>& rows, const std::vector<std::string>& peers);

}  // namespace tv::bench
