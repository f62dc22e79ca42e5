// Two threads each looping CpuGemm(1) on its half independently (no barrier): per-thread rates.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>
#include <cstring>
#include "gemm/cpu/cpu_gemm.h"
using namespace tv;
static double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
int main(int argc, char** argv) {
  int64_t m = 256, n = atol(argv[1]), k = atol(argv[2]);
  int active = argc > 3 ? atoi(argv[3]) : 2;
  std::vector<float> a(m * k, 0.01f), b(k * n, 0.02f), c(m * n);
  double rate[2] = {0, 0};
  const char* own = getenv("OWN");  // letters: a b c = own copy (dense for b, c)
  auto has = [&](char ch) { return own && strchr(own, ch); };
  auto worker = [&](int t) {
    gemm::CpuGemm g(1);
    std::vector<float> ma(m * k, 0.01f), mb(k * (n / 2), 0.02f), mc(m * (n / 2));
    gemm::SgemmArgs args; args.m = m; args.n = n / 2; args.k = k; args.a = has('a') ? ma.data() : a.data(); args.lda = k; args.b = b.data() + t * n / 2; args.ldb = n; args.c = c.data() + t * n / 2; args.ldc = n;
    if (has('b')) { args.b = mb.data(); args.ldb = n / 2; }
    if (has('c')) { args.c = mc.data(); args.ldc = n / 2; }
    tv_tile_config tiles{};
    std::vector<double> x;
    for (int rep = 0; rep < 7; ++rep) { double t0 = Now(); int it = 0; while (Now() - t0 < 0.15) { (void)g.Run(args, tiles); ++it; } x.push_back(2.0 * m * (n / 2) * k * it / (Now() - t0) / 1e9); }
    std::sort(x.begin(), x.end()); rate[t] = x[3];
  };
  std::vector<std::thread> ts; for (int t = 0; t < active; ++t) ts.emplace_back(worker, t);
  for (auto& t : ts) t.join();
  printf("own=%s %ldx%ldx%ld active %d: t0 %.1f t1 %.1f sum %.1f\n", own ? own : "-", m, n, k, active, rate[0], rate[1], rate[0] + rate[1]);
}
