// The N split done by hand: two threads each with its own CpuGemm(1), same full-problem strides, spin barrier per call.
#include <immintrin.h>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>
#include <string>
#include <sched.h>
#include "gemm/cpu/cpu_gemm.h"
using namespace tv;
static double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
int main(int argc, char** argv) {
  int64_t m = 256, n = atol(argv[1]), k = atol(argv[2]);
  std::string opt = argc > 3 ? argv[3] : "";
  bool sep_a = opt.find('a') != std::string::npos, sep_b = opt.find('b') != std::string::npos, sep_c = opt.find('c') != std::string::npos;
  bool pin = getenv("PIN");
  std::vector<float> a(m * k, 0.01f), a2(m * k, 0.01f), b(k * n, 0.02f), b2(k * n, 0.02f), c(m * n), c2(m * n);
  std::atomic<int> go{0}, done{0};
  std::atomic<bool> quit{false};
  double busy[2] = {0, 0};
  auto worker = [&](int t) {
    if (pin) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(t, &s); sched_setaffinity(0, sizeof s, &s); }
    gemm::CpuGemm g(1);
    gemm::SgemmArgs args; args.m = m; args.n = n / 2; args.k = k; args.a = (sep_a && t) ? a2.data() : a.data(); args.lda = k; args.b = ((sep_b && t) ? b2.data() : b.data()) + t * n / 2; args.ldb = n; args.c = ((sep_c && t) ? c2.data() : c.data()) + t * n / 2; args.ldc = n;
    tv_tile_config tiles{};
    int seen = 0;
    for (;;) {
      int g0; while ((g0 = go.load(std::memory_order_acquire)) == seen) { if (quit.load()) return; _mm_pause(); }
      seen = g0;
      double t0 = Now(); if (!getenv("SOLO0")) (void)g.Run(args, tiles); busy[t] += Now() - t0;
      done.fetch_add(1, std::memory_order_acq_rel);
    }
  };
  std::thread w1(worker, 1);
  if (pin) { cpu_set_t s; CPU_ZERO(&s); CPU_SET(0, &s); sched_setaffinity(0, sizeof s, &s); }
  gemm::CpuGemm g0(1);
  gemm::SgemmArgs args0; args0.m = m; args0.n = n / 2; args0.k = k; args0.a = a.data(); args0.lda = k; args0.b = b.data(); args0.ldb = n; args0.c = c.data(); args0.ldc = n;
  tv_tile_config tiles0{};
  std::vector<double> x;
  for (int rep = 0; rep < 7; ++rep) {
    double t0 = Now(); int it = 0; busy[0] = busy[1] = 0;
    while (Now() - t0 < 0.15) { done.store(0); go.fetch_add(1, std::memory_order_acq_rel); double q = Now(); (void)g0.Run(args0, tiles0); busy[0] += Now() - q; while (done.load(std::memory_order_acquire) != 1) _mm_pause(); ++it; }
    double el = Now() - t0;
    x.push_back(2.0 * m * n * k * it / el / 1e9);
    if (rep == 6) printf("busy fraction t0 %.3f t1 %.3f\n", busy[0] / el, busy[1] / el);
  }
  quit.store(true); go.fetch_add(1); w1.join();
  std::sort(x.begin(), x.end()); printf("%s hand split %ldx%ldx%ld%s: %6.1f GFLOP/s [%6.1f %6.1f]\n", getenv("SOLO0") ? "t0 only (x2)" : "", m, n, k, opt.c_str(), x[3], x[1], x[5]);
}
