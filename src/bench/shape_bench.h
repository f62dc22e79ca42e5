// One suite shape timed through the protocol: our GEMM with the given (legal)
// tiles as contender 0, then each peer, interleaved in one process.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bench/comparison.h"
#include "bench/peer.h"
#include "bench/suite.h"
#include "core/status.h"
#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/tile_config.h"

namespace tv::bench {

// The name our GEMM carries in comparisons and reports.
inline constexpr const char* kOursName = "tilevolve";

struct PeerFigure {
  std::string name;
  Status status;  // not ok: wrong answer or failure; figures are 0
  double gflops = 0;
  double ratio = 0;         // our speed / peer speed (paired per round; > 1: we are faster)
  double ratio_spread = 0;  // relative MAD of the paired ratios
};

struct ShapeRecord {
  SuiteShape shape;
  tv_tile_config tiles{};  // as run: legalized
  Status status;           // ours: not ok means wrong answer or failure; figures are 0
  double seconds = 0;      // median seconds per call
  double gflops = 0;       // 2mnk / seconds / 1e9
  double gbs = 0;          // operand bytes 4(mk + kn + mn) / seconds / 1e9
  double spread = 0;       // relative MAD of our per-call time
  int reps = 0;
  bool others_quiet = true;  // ComparisonResult::others_quiet: no foreign thread ran into a timing
  // Memory-bound shapes only (0 otherwise): a plain read of the same operands
  // with the same threads (bench/operand_read.h, the fastest of 1, 2 and 4
  // streams a thread), timed in the same rounds: its GB/s, and our GB/s over
  // its, paired per round (median).
  double read_gbs = 0;
  double of_read = 0;
  // Compute-bound shapes only (0 otherwise): the FMA loops run for the same
  // flops on the same threads (bench/fma_beside.h), timed in the same rounds:
  // their GFLOP/s, and our GFLOP/s over theirs, paired per round (median).
  double peak_gflops = 0;
  double of_peak = 0;
  std::vector<PeerFigure> peers;
};

struct ShapeBenchOptions {
  MeasureOptions measure;
  int64_t l3_bytes = 0;  // tv_device_info.l3_bytes (0 = unknown) for buffer rotation
  uint64_t seed = 1;     // operand values
};

// Our GEMM as a contender: gemm.Run(args, tiles).
Contender GemmContender(gemm::CpuGemm& gemm, const tv_tile_config& tiles, std::string name = kOursName);

// A peer as a contender.
Contender PeerContender(Peer& peer);

// REQUIRES: tiles == gemm.Legalize(tiles, shape of `shape`).
ShapeRecord BenchShape(const SuiteShape& shape, const tv_tile_config& tiles, gemm::CpuGemm& gemm,
                       std::span<Peer* const> peers, const ShapeBenchOptions& options);

// Shapes with m <= this are reported as memory-bound (GB/s against DRAM bandwidth).
inline constexpr int64_t kMemoryBoundMaxM = 16;
inline bool IsMemoryBound(const SuiteShape& shape) { return shape.m <= kMemoryBoundMaxM; }

}  // namespace tv::bench
