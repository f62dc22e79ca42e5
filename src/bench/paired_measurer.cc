#include "bench/paired_measurer.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>

#include "bench/oracle_grid.h"
#include "bench/reference.h"
#include "bench/shape_bench.h"
#include "bench/tiles_text.h"
#include "core/cache_dir.h"
#include "gemm/kernel_build_id.h"

namespace tv::bench {
namespace {

std::string KeyText(const MeasurementKey& key) {
  return key.fingerprint + "|" + key.kernel_build + "|" + key.backend + "|" + std::to_string(key.threads) +
         "|" + std::to_string(key.m) + "x" + std::to_string(key.n) + "x" + std::to_string(key.k) + "|" +
         gemm::FormatTiles(key.tiles);
}

}  // namespace

int64_t UnixSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Measurement FigureOfContender(const ComparisonResult& r, size_t i, const tv_tile_config& baseline,
                              int64_t now) {
  Measurement m;
  m.baseline_tiles = baseline;
  m.measured_at = now;
  const ContenderResult& c = r.contenders[i];
  if (!c.status.ok()) {
    m.error = c.status.message();
    return m;
  }
  m.reps = c.seconds.count;
  m.median_seconds = c.seconds.median;
  m.spread = c.seconds.relative_spread;
  if (i == 0) {
    m.speedup_vs_baseline = 1.0;
  } else if (r.ratio_to_first[i].count > 0) {
    // ratio_to_first[i] = t_candidate / t_baseline per round; its median inverted.
    m.speedup_vs_baseline = 1.0 / r.ratio_to_first[i].median;
    m.speedup_spread = r.ratio_to_first[i].relative_spread;
  } else {
    m.error = "the baseline tiles " + CompactTiles(baseline) +
              " failed, so this pair could not be compared: " + r.contenders[0].status.message();
  }
  return m;
}

std::string MeasuredBuildId() {
  return std::string(gemm::KernelBuildId()) + "+protocol" + std::to_string(kMeasurementProtocol);
}

PairedOptions::PairedOptions() {
  measure.warmup_s = 0.02;
  measure.min_time_s = 0.05;
  measure.min_reps = 5;
  measure.max_reps = 11;
  measure.target_spread = 0.02;
}

PairedMeasurer::PairedMeasurer(gemm::CpuGemm& gemm, const tv_device_info& device, MeasurementCache* cache,
                               const PairedOptions& options)
    : gemm_(gemm), device_(device), cache_(options.use_cache ? cache : nullptr), options_(options) {}

MeasurementKey PairedMeasurer::Key(const SuiteShape& shape, const tv_tile_config& tiles) const {
  MeasurementKey key;
  key.fingerprint = device_.fingerprint;
  key.kernel_build = MeasuredBuildId();
  key.backend = "cpu";
  key.threads = gemm_.threads();
  key.m = shape.m;
  key.n = shape.n;
  key.k = shape.k;
  key.tiles = tiles;
  return key;
}

Result<std::optional<PairedFigure>> PairedMeasurer::Lookup(const SuiteShape& shape,
                                                           const tv_tile_config& baseline,
                                                           const tv_tile_config& tiles) {
  if (!options_.use_cache) return std::optional<PairedFigure>();
  const MeasurementKey key = Key(shape, tiles);
  const std::string text = KeyText(key);
  auto usable = [&](const Measurement& m) {
    return !m.error.empty() || (m.reps >= options_.measure.min_reps && SameTiles(m.baseline_tiles, baseline));
  };
  if (auto it = local_.find(text); it != local_.end() && usable(it->second)) {
    return std::optional<PairedFigure>(PairedFigure{it->second, true});
  }
  if (cache_ != nullptr) {
    Result<std::optional<Measurement>> stored = cache_->Lookup(key);
    if (!stored.ok()) return stored.status();
    if (stored->has_value() && usable(**stored)) {
      local_[text] = **stored;
      return std::optional<PairedFigure>(PairedFigure{**stored, true});
    }
  }
  return std::optional<PairedFigure>();
}

Result<PairedFigure> PairedMeasurer::Measure(const SuiteShape& shape, const tv_tile_config& baseline,
                                             const tv_tile_config& tiles) {
  Result<std::optional<PairedFigure>> known = Lookup(shape, baseline, tiles);
  if (!known.ok()) return known.status();
  if (known->has_value()) {
    ++hits_;
    return **known;
  }
  ++misses_;
  return MeasureNow(shape, baseline, tiles);
}

const std::vector<float>& PairedMeasurer::ReferenceFor(const SuiteShape& shape) {
  const std::string id =
      std::to_string(shape.m) + "x" + std::to_string(shape.n) + "x" + std::to_string(shape.k);
  if (operands_shape_ != id) {
    operands_.reset();  // free the last shape's buffers first
    const RotationPlan plan = PlanRotation(shape.m, shape.n, shape.k, device_.l3_bytes);
    operands_ = std::make_unique<GemmOperands>(shape.m, shape.n, shape.k, plan.sets, options_.seed);
    reference_ = TrustedProduct(operands_->Args(0));
    operands_shape_ = id;
  }
  return reference_;
}

Result<PairedFigure> PairedMeasurer::MeasureNow(const SuiteShape& shape, const tv_tile_config& baseline,
                                                const tv_tile_config& tiles) {
  const std::vector<float>& reference = ReferenceFor(shape);
  const bool same = SameTiles(baseline, tiles);
  std::vector<Contender> contenders = {GemmContender(gemm_, baseline, "baseline")};
  if (!same) contenders.push_back(GemmContender(gemm_, tiles, "candidate"));

  ComparisonResult r;
  {
    TimingLock lock;
    r = Compare(contenders, *operands_, reference, options_.measure);
  }
  const int64_t now = UnixSeconds();
  auto figure_of = [&](size_t i) { return FigureOfContender(r, i, baseline, now); };

  const Measurement base = figure_of(0);
  const MeasurementKey base_key = Key(shape, baseline);
  local_[KeyText(base_key)] = base;
  if (cache_ != nullptr) TV_RETURN_IF_ERROR(cache_->Store(base_key, base));
  if (same) return PairedFigure{base, false};

  const Measurement cand = figure_of(1);
  const MeasurementKey key = Key(shape, tiles);
  local_[KeyText(key)] = cand;
  if (cache_ != nullptr) TV_RETURN_IF_ERROR(cache_->Store(key, cand));
  return PairedFigure{cand, false};
}

TimingLock::TimingLock() {
  std::error_code ec;
  std::filesystem::create_directories(CacheRoot(), ec);
  const std::string path = CacheRoot() + "/timing.lock";
  fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    static bool warned = false;
    if (!warned) {
      std::fprintf(stderr, "tilevolve: cannot open %s (%s); timings are not serialized across processes\n",
                   path.c_str(), std::strerror(errno));
      warned = true;
    }
    return;
  }
  while (flock(fd_, LOCK_EX) != 0 && errno == EINTR) {
  }
}

TimingLock::~TimingLock() {
  if (fd_ >= 0) close(fd_);  // closing releases the lock
}

}  // namespace tv::bench
