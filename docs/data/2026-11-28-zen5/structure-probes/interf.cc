// Does what the other core does slow a one-thread GEMM? 256x896x4864-like product on 1 thread.
#include <immintrin.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>
#include "gemm/cpu/cpu_gemm.h"
using namespace tv;
static double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
std::atomic<int> mode{0};
std::atomic<bool> quit{false};
volatile float vsink;
int main(int argc, char** argv) {
  int64_t m = 256, n = argc > 1 ? atol(argv[1]) : 448, k = argc > 2 ? atol(argv[2]) : 4864;
  std::vector<float> a(m * k, 0.01f), b(k * n, 0.02f), c(m * n), big(64 << 20, 1.0f);
  int nthreads = getenv("THREADS") ? atoi(getenv("THREADS")) : 1;
  gemm::CpuGemm g(nthreads);
  bool solo = argc > 3;
  if (solo) { std::vector<double> x; gemm::SgemmArgs args; args.m = m; args.n = n; args.k = k; args.a = a.data(); args.lda = k; args.b = b.data(); args.ldb = n; args.c = c.data(); args.ldc = n; tv_tile_config tiles{};
    for (int rep = 0; rep < 7; ++rep) { double t0 = Now(); int it = 0; while (Now() - t0 < 0.15) { (void)g.Run(args, tiles); ++it; } x.push_back(2.0 * m * n * k * it / (Now() - t0) / 1e9); }
    std::sort(x.begin(), x.end()); printf("threads %d %ldx%ldx%ld %6.1f GFLOP/s [%6.1f %6.1f]\n", nthreads, m, n, k, x[3], x[1], x[5]); return 0; }
  std::thread other([&] {
    while (!quit.load()) {
      int md = mode.load(std::memory_order_relaxed);
      if (md == 0) { std::this_thread::sleep_for(std::chrono::microseconds(200)); }
      else if (md == 1) { for (int i = 0; i < 1000; ++i) _mm_pause(); }
      else if (md == 2) { for (int i = 0; i < 100000; ++i) if (mode.load(std::memory_order_relaxed) != 2) break; }
      else if (md == 3) { volatile double x = 1; for (int i = 0; i < 100000; ++i) x = x * 1.0000001; }
      else if (md == 4) { float s = 0; for (size_t i = 0; i < big.size(); i += 16) s += big[i]; vsink = s; }
    }
  });
  const char* names[] = {"other sleeps", "other pause-spins", "other load-spins", "other ALU", "other streams"};
  std::vector<std::vector<double>> r(5);
  gemm::SgemmArgs args; args.m = m; args.n = n; args.k = k; args.a = a.data(); args.lda = k; args.b = b.data(); args.ldb = n; args.c = c.data(); args.ldc = n;
  tv_tile_config tiles{};
  for (int rep = 0; rep < 7; ++rep) for (int md = 0; md < 5; ++md) {
    mode.store(md); std::this_thread::sleep_for(std::chrono::milliseconds(5));
    double t0 = Now(); int it = 0;
    while (Now() - t0 < 0.15) { (void)g.Run(args, tiles); ++it; }
    r[md].push_back(2.0 * m * n * k * it / (Now() - t0) / 1e9);
  }
  quit.store(true); other.join();
  for (int md = 0; md < 5; ++md) { auto x = r[md]; std::sort(x.begin(), x.end()); printf("%-18s %6.1f GFLOP/s [%6.1f %6.1f]\n", names[md], x[3], x[1], x[5]); }
}
