#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/mman.h>
#include <vector>
#include "bench/roofline_kernels.h"
#include "core/thread_pool.h"
#include "gemm/cpu/cpu_gemm.h"
using namespace tv;
static double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
static float* Alloc(int64_t n) { size_t bytes = (n * 4 + (2 << 20) - 1) / (2 << 20) * (2 << 20); float* p = (float*)aligned_alloc(2 << 20, bytes); madvise(p, bytes, MADV_HUGEPAGE); for (int64_t i = 0; i < n; ++i) p[i] = 0.001f * (i % 7); return p; }
struct W { int64_t k, n; float* b; };
volatile float sink;
int main(int argc, char** argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 2;
  std::vector<W> ws;
  auto add = [&](int64_t k, int64_t n) { ws.push_back({k, n, Alloc(k * n)}); };
  for (int l = 0; l < 30; ++l) { add(576, 960); add(576, 576); add(576, 3072); add(1536, 576); }
  add(576, 49152);
  int64_t bytes = 0; for (auto& w : ws) bytes += w.k * w.n * 4;
  std::vector<float> a(4096, 0.5f), c(65536);
  gemm::CpuGemm g(threads);
  ThreadPool pool(threads);
  struct V { std::string name; int kc; int par; };
  double gap_us = argc > 2 ? atof(argv[2]) : 0;
  std::vector<V> vs = {{"read s1", -1, 0}, {"auto", 0, 0}, {"k kc1", 1, TV_PARALLEL_K}, {"k kc2", 2, TV_PARALLEL_K}, {"k kc4", 4, TV_PARALLEL_K}, {"k kc8", 8, TV_PARALLEL_K}, {"k kc16", 16, TV_PARALLEL_K}, {"n kc8", 8, TV_PARALLEL_N}, {"n kc16", 16, TV_PARALLEL_N}};
  std::vector<std::vector<double>> r(vs.size());
  for (int rep = 0; rep < 9; ++rep) {
    for (size_t v = 0; v < vs.size(); ++v) {
      double busy = 0;
      for (auto& w : ws) {
        auto gap = [&](int) { double g0 = Now(); volatile double x = 1; while (Now() - g0 < gap_us * 1e-6) for (int q = 0; q < 100; ++q) x = x * 1.0000001; };
        if (gap_us > 0) { if (getenv("BOTH")) pool.Run(threads, gap); else gap(0); }
        double t0 = Now();
        if (vs[v].kc < 0) {
          pool.Run(threads, [&](int t) { int64_t n = w.k * w.n / 64 * 64; int64_t blocks = n / 64; int64_t lo = blocks * t / threads, hi = blocks * (t + 1) / threads; sink = bench::roofline_kernels::SumAvx512(w.b + lo * 64, (hi - lo) * 64, 1); });
          busy += Now() - t0; continue;
        }
        gemm::SgemmArgs args; args.m = 1; args.n = w.n; args.k = w.k; args.a = a.data(); args.lda = w.k; args.b = w.b; args.ldb = w.n; args.c = c.data(); args.ldc = w.n;
        tv_tile_config tiles{}; tiles.path = TV_PATH_SMALL_M; tiles.threads = threads; tiles.kc = vs[v].kc; tiles.parallel = vs[v].par;
        if (!g.Run(args, tiles).ok()) { printf("fail\n"); return 1; }
        busy += Now() - t0;
      }
      r[v].push_back(bytes / busy / 1e9);
    }
  }
  for (size_t v = 0; v < vs.size(); ++v) { auto x = r[v]; std::sort(x.begin(), x.end()); printf("%-10s median %6.1f GB/s  [%5.1f, %5.1f]\n", vs[v].name.c_str(), x[x.size() / 2], x[1], x[x.size() - 2]); }
}
