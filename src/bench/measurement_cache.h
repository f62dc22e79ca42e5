// The measurement cache (issue 3): every timing of a (shape, legalized tiles)
// pair on this machine, kept in SQLite so that an evolution's many candidates
// that pick already-measured tiles cost a lookup instead of a benchmark.
//
// Key: device fingerprint, kernel build id (gemm/kernel_build_id.h) with the
// measurement protocol's version (bench/comparison.h), backend,
// threads, m, n, k and the legalized tiles (every tv_tile_config field).
// Value: how it was measured (repetitions, median seconds per call, relative
// spread) and, drift-robust, the speedup over the baseline heuristic's tiles
// measured interleaved with it in the same Compare call (t_baseline /
// t_candidate, median of per-round pairs), with that ratio's spread and the
// baseline tiles used. A measurement whose correctness check failed is stored
// with its error so it is never timed again.
//
// Rows of other kernel builds are never returned (and InvalidateOtherBuilds
// deletes them): a rebuilt kernel must be re-measured. The schema carries a
// version; a database written by another version is refused with a message
// saying to delete it (nothing in it is irreplaceable: it is a cache).
//
// The oracle's per-shape winners live in a second table keyed the same way
// without the tiles.
//
// Thread-compatible (one connection per object); several processes may share
// one file (SQLite's locking, with a busy timeout).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "tilevolve/tile_config.h"

struct sqlite3;

namespace tv::bench {

struct MeasurementKey {
  std::string fingerprint;   // tv_device_info.fingerprint
  std::string kernel_build;  // MeasuredBuildId() (paired_measurer.h): kernel build and protocol
  std::string backend;       // "cpu"
  int threads = 0;           // as run (resolved, never 0)
  int64_t m = 0, n = 0, k = 0;
  tv_tile_config tiles{};  // legalized
};

struct Measurement {
  int reps = 0;                     // timed rounds behind the figures
  double median_seconds = 0;        // per call
  double spread = 0;                // relative MAD of the per-call time
  double speedup_vs_baseline = 0;   // t_baseline / t_this, paired per round (1 for the baseline itself)
  double speedup_spread = 0;        // relative MAD of the paired ratios
  tv_tile_config baseline_tiles{};  // the legalized baseline tiles it was paired with
  std::string error;                // non-empty: these tiles failed the correctness check (never timed)
  int64_t measured_at = 0;          // unix seconds
};

// The oracle's best tiles for one shape (MeasurementKey without tiles).
struct OracleEntry {
  tv_tile_config best{};  // legalized
  double best_gflops = 0;
  double speedup_vs_baseline = 0;  // of `best`, paired with the baseline in the oracle's final round
  int budget = 0;                  // configurations screened
  int64_t measured_at = 0;
};

class MeasurementCache {
 public:
  // Opens (creating if needed, with its parent directory) the database at `path`.
  static Result<std::unique_ptr<MeasurementCache>> Open(const std::string& path);
  ~MeasurementCache();
  MeasurementCache(const MeasurementCache&) = delete;
  MeasurementCache& operator=(const MeasurementCache&) = delete;

  // The stored measurement for `key`, if any.
  Result<std::optional<Measurement>> Lookup(const MeasurementKey& key);
  // Inserts or replaces the measurement for `key`.
  Status Store(const MeasurementKey& key, const Measurement& measurement);

  // key.tiles is ignored.
  Result<std::optional<OracleEntry>> LookupOracle(const MeasurementKey& key);
  Status StoreOracle(const MeasurementKey& key, const OracleEntry& entry);

  // Deletes every row (both tables) whose kernel build differs; returns how many.
  Result<int64_t> InvalidateOtherBuilds(const std::string& kernel_build);

  // Number of measurement rows (all builds, all devices).
  Result<int64_t> CountMeasurements();

  const std::string& path() const { return path_; }

 private:
  MeasurementCache(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// <cache root>/measurements.sqlite (core/cache_dir.h).
std::string DefaultMeasurementCachePath();

}  // namespace tv::bench
