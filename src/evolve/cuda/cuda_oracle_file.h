// The GPU oracle's per-shape best configurations, kept where the CUDA evaluator
// finds them (as the CPU oracle's go into the measurement cache): `tilevolve
// oracle --backend cuda` merges its records into CudaOraclePath(device), and
// `eval|evolve --backend cuda` reads them for oracle_fraction.
//
// The file is the oracle's JSON ({"records": [{m, n, k, best_config, best_tiles,
// baseline_config, speedup_vs_baseline, ...}]}); entries are keyed by m, n, k.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>

#include "core/status.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::evolve::cuda {

using ShapeKey = std::tuple<int64_t, int64_t, int64_t>;  // m, n, k

struct CudaOracleEntry {
  std::string best_config;         // ConfigName of the oracle's fastest configuration
  tv_tile_config best{};           // its tiles
  std::string baseline_config;     // ConfigName of DefaultTiles' configuration when the oracle ran
  double speedup_vs_baseline = 0;  // t_baseline / t_best, measured side by side (0: unknown)
};

// CacheRoot()/cuda-oracle/<the GPU's name, letters and digits>.json
std::string CudaOraclePath(const tv_device_info& device);

// The entries of an oracle JSON file. NotFound when the file does not exist;
// InvalidArgument when it is not an oracle's JSON. Records without the fields above are skipped.
Result<std::map<ShapeKey, CudaOracleEntry>> ReadCudaOracle(const std::string& path);

// Writes `records` (the oracle's JSON records) into `path`, replacing the
// records of the same m, n, k and keeping the others. Creates the folder.
Status MergeCudaOracle(const std::string& path, const nlohmann::json& records, const nlohmann::json& machine);

}  // namespace tv::evolve::cuda
