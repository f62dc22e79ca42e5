#include "bench/roofline.h"

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "bench/roofline_kernels.h"

namespace tv::bench {
namespace {

namespace kernels = roofline_kernels;
using Clock = std::chrono::steady_clock;

RooflineLoops LoopsFor(const tv_device_info& device) {
  if (device.has_avx512f) return RooflineLoopsFor(gemm::Isa::kAvx512);
  if (device.has_avx2 && device.has_fma) return RooflineLoopsFor(gemm::Isa::kAvx2);
  return RooflineLoopsFor(gemm::Isa::kReference);
}

constexpr size_t kHugePage = size_t{2} << 20;
size_t RoundUpToHugePage(int64_t bytes) {
  return (static_cast<size_t>(bytes) + kHugePage - 1) / kHugePage * kHugePage;
}

double Seconds(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// Keeps results alive so the loops are not optimized away.
std::atomic<float> g_sink{0};

// Runs fn(thread) on `threads` threads started together; returns the slowest
// thread's seconds. Plain std::threads: the measurement stands apart from the
// GEMM's own pool.
template <typename Fn>
double TimeParallel(int threads, Fn fn) {
  std::vector<double> seconds(static_cast<size_t>(threads));
  std::atomic<int> ready{0};
  auto body = [&](int t) {
    ready.fetch_add(1);
    while (ready.load() < threads) {
    }
    const Clock::time_point start = Clock::now();
    fn(t);
    seconds[static_cast<size_t>(t)] = Seconds(start, Clock::now());
  };
  std::vector<std::thread> workers;
  for (int t = 1; t < threads; ++t) workers.emplace_back(body, t);
  body(0);
  for (std::thread& w : workers) w.join();
  return *std::max_element(seconds.begin(), seconds.end());
}

double MeasureFma(int threads, const RooflineLoops& loops, const RooflineOptions& options) {
  // Size the trial from a short single-thread calibration run.
  constexpr int64_t kCalibration = 200000;
  const Clock::time_point start = Clock::now();
  g_sink = g_sink + loops.fma(kCalibration);
  const double per_iteration = std::max(Seconds(start, Clock::now()) / kCalibration, 1e-12);
  const int64_t iterations =
      std::max<int64_t>(1000, static_cast<int64_t>(options.fma_seconds / per_iteration));
  const double flops_per_thread = static_cast<double>(iterations) * kernels::kFmaChains * loops.lanes * 2.0;
  double best = 0;
  for (int trial = 0; trial < options.fma_trials; ++trial) {
    const double s = TimeParallel(threads, [&](int) { g_sink = g_sink + loops.fma(iterations); });
    best = std::max(best, flops_per_thread * threads / s / 1e9);
  }
  return best;
}

// Sequential streams per thread tried by MeasureBandwidth: on a Zen 5 one stream
// read 24-29 GB/s on a core where two or four read 28-33 (and the small-M GEMM,
// reading many rows at once, 34-40), so one stream alone understated the ceiling.
constexpr int kStreamCounts[] = {1, 2, 4};
constexpr int kMaxStreams = 4;

double MeasureBandwidth(int threads, const RooflineLoops& loops, const RooflineOptions& options) {
  // Per-thread slices of whole 64-float blocks per stream; each thread touches its own slice first.
  constexpr int64_t kBlock = 64 * kMaxStreams;
  const int64_t per_thread =
      std::max<int64_t>(kBlock, options.bandwidth_bytes / 4 / threads / kBlock * kBlock);
  const int64_t total = per_thread * threads;
  std::unique_ptr<float, void (*)(void*)> buffer(
      static_cast<float*>(std::aligned_alloc(kHugePage, RoundUpToHugePage(total * sizeof(float)))),
      &std::free);
  if (!buffer) return 0;
  float* data = buffer.get();
  // Fewer page faults when the buffer is first touched (a hint; ignored where unsupported).
  madvise(data, RoundUpToHugePage(total * sizeof(float)), MADV_HUGEPAGE);
  TimeParallel(threads, [&](int t) {
    float* slice = data + per_thread * t;
    for (int64_t i = 0; i < per_thread; ++i) slice[i] = 1.0f;
  });
  double best = 0;
  for (int trial = 0; trial < options.bandwidth_trials; ++trial) {
    for (int streams : kStreamCounts) {
      const double s = TimeParallel(
          threads, [&](int t) { g_sink = g_sink + loops.sum(data + per_thread * t, per_thread, streams); });
      best = std::max(best, static_cast<double>(total) * sizeof(float) / s / 1e9);
    }
  }
  return best;
}

}  // namespace

RooflineLoops RooflineLoopsFor(gemm::Isa isa) {
  switch (isa) {
    case gemm::Isa::kAvx512:
      return {"avx512", 16, &kernels::FmaChainsAvx512, &kernels::SumAvx512};
    case gemm::Isa::kAvx2:
      return {"avx2", 8, &kernels::FmaChainsAvx2, &kernels::SumAvx2};
    default:
      return {"portable", 4, &kernels::FmaChainsPortable, &kernels::SumPortable};
  }
}

const char* RooflineIsa(const tv_device_info& device) { return LoopsFor(device).name; }

Result<Roofline> MeasureRoofline(const tv_device_info& device, int threads, const RooflineOptions& options) {
  if (threads < 1) return Status::InvalidArgument("roofline: threads must be >= 1");
  const RooflineLoops loops = LoopsFor(device);
  Roofline r;
  r.threads = threads;
  r.isa = loops.name;
  r.fma_gflops = MeasureFma(threads, loops, options);
  r.dram_read_gbs = MeasureBandwidth(threads, loops, options);
  if (r.dram_read_gbs == 0) return Status::Internal("roofline: cannot allocate the bandwidth buffer");
  return r;
}

}  // namespace tv::bench
