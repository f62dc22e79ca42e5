// Timing one shape's legal tiles against the baseline heuristic's tiles,
// through the measurement cache: the timing step of the evaluator and of the
// oracle (issue 3, DESIGN.md rules 2-4).
//
// Every (shape, legal tiles) pair a score uses has been checked for the right
// answer and timed interleaved with the baseline's tiles by Compare, in this
// process or an earlier one (the cache row records it). A pair not yet known is
// measured now: Compare({baseline, tiles}) — or Compare({baseline}) alone when
// the tiles are the baseline's — and both rows are stored. A cached row is used
// only if it has at least options.min_reps rounds and was paired with the same
// baseline tiles; otherwise it is re-measured and replaced.
//
// Timings hold an exclusive lock on <cache root>/timing.lock (flock), so two
// tilevolve processes on one machine never time at the same time.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/comparison.h"
#include "bench/measurement_cache.h"
#include "bench/operands.h"
#include "bench/suite.h"
#include "core/status.h"
#include "gemm/cpu/cpu_gemm.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::bench {

// The cache keys' kernel_build: gemm::KernelBuildId() and kMeasurementProtocol,
// so that neither a rebuilt kernel nor a changed protocol is served old figures.
std::string MeasuredBuildId();

struct PairedOptions {
  MeasureOptions measure;  // defaults set by the constructor: short repetitions, 5-11 rounds
  uint64_t seed = 1;       // operand values
  bool use_cache = true;   // false: measure every pair every time it is asked for (nothing remembered)
  PairedOptions();
};

struct PairedFigure {
  Measurement measurement;  // error non-empty: the tiles computed a wrong answer
  bool cached = false;      // from the cache (this process's or the database)
};

class PairedMeasurer {
 public:
  // `cache` may be null (nothing is read from or written to disk). `gemm` runs
  // every timing; its thread count is part of the key.
  PairedMeasurer(gemm::CpuGemm& gemm, const tv_device_info& device, MeasurementCache* cache,
                 const PairedOptions& options);

  // REQUIRES: baseline and tiles are legal for the shape (gemm.Legalize of themselves).
  // Fails only when the cache cannot be read or written.
  Result<PairedFigure> Measure(const SuiteShape& shape, const tv_tile_config& baseline,
                               const tv_tile_config& tiles);

  // The figure Measure would return without timing anything, if the cache (or
  // this process) already has a usable one; nothing when it would measure.
  // Counts neither a hit nor a miss.
  Result<std::optional<PairedFigure>> Lookup(const SuiteShape& shape, const tv_tile_config& baseline,
                                             const tv_tile_config& tiles);

  // The key of `tiles` for `shape` on this machine and build.
  MeasurementKey Key(const SuiteShape& shape, const tv_tile_config& tiles) const;

  int hits() const { return hits_; }
  int misses() const { return misses_; }

 private:
  Result<PairedFigure> MeasureNow(const SuiteShape& shape, const tv_tile_config& baseline,
                                  const tv_tile_config& tiles);
  const std::vector<float>& ReferenceFor(const SuiteShape& shape);

  gemm::CpuGemm& gemm_;
  const tv_device_info device_;
  MeasurementCache* cache_;
  PairedOptions options_;
  std::map<std::string, Measurement> local_;  // this process's measurements by key text
  // The operands and reference of the last shape measured (shapes come in order).
  std::string operands_shape_;
  std::unique_ptr<GemmOperands> operands_;
  std::vector<float> reference_;
  int hits_ = 0;
  int misses_ = 0;
};

// Contender i's figures from a Compare whose contender 0 ran `baseline`: its
// time, and its speedup over the baseline paired per round (1 for i == 0). A
// contender that failed its check carries the error; so does every one when
// the baseline failed.
Measurement FigureOfContender(const ComparisonResult& r, size_t i, const tv_tile_config& baseline,
                              int64_t now);

// Seconds since the epoch (Measurement::measured_at).
int64_t UnixSeconds();

// Holds an exclusive flock on <cache root>/timing.lock while alive (blocking
// until it gets it). Where the lock file cannot be made, it holds nothing and
// says so once on stderr: timings then rely on the caller running alone.
class TimingLock {
 public:
  TimingLock();
  ~TimingLock();
  TimingLock(const TimingLock&) = delete;
  TimingLock& operator=(const TimingLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace tv::bench
