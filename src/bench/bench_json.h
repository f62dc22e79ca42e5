// JSON of a bench run (DESIGN.md "Command line": one record per shape with m, n,
// k, tag and the figures, so other tools can read them):
//   {machine: {device: {...tv_device_info...}, roofline: {threads, isa, fma_gflops, dram_read_gbs}},
//    command, suite, tiles_source, threads,
//    records: [{name, m, n, k, tag, class, <extra fields>, tiles: {...}, gflops, gbs, seconds, spread, reps,
//               read_gbs?, of_read? (m <= 16), peak_gflops?, of_peak? (m > 16),
//               error?, peers: {openblas: {gflops, ratio, ratio_spread, error?}, ...}}],
//    geomeans: {all: {count, gflops, ratio: {openblas: x}}, train: ..., heldout: ..., "class:decode": ...}}
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/geomeans.h"
#include "bench/roofline.h"
#include "bench/shape_bench.h"
#include "core/status.h"
#include "tilevolve/device_info.h"

namespace tv::bench {

nlohmann::json MachineJson(const tv_device_info& device, const Roofline& roofline);
// The shape's own fields: name, m, n, k, tag, class and every extra field of the suite.
nlohmann::json ShapeJson(const SuiteShape& shape);
nlohmann::json ShapeRecordJson(const ShapeRecord& record);
nlohmann::json GeomeansJson(const std::vector<GeomeanRow>& rows);

// Writes `json` (indented) to `path`; the Status names the path on failure.
Status WriteJsonFile(const std::string& path, const nlohmann::json& json);

}  // namespace tv::bench
