#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>
#include <sys/mman.h>
static float* Alloc(int64_t n){ size_t bytes=(n*4+(2<<20)-1)/(2<<20)*(2<<20); float* p=(float*)aligned_alloc(2<<20,bytes); if(getenv("HUGE")) madvise(p,bytes,MADV_HUGEPAGE); return p;}
#include <algorithm>
#include "core/thread_pool.h"
#include "bench/roofline_kernels.h"
using namespace tv; using namespace tv::bench;
#include <immintrin.h>
using Clock = std::chrono::steady_clock;
static double Now() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }
struct Buf { float* p; int64_t n; };
volatile float sink;
static int64_t Round(int64_t n) { return n / 256 * 256; }
int main(int argc, char** argv) {
  int streams = argc > 1 ? atoi(argv[1]) : 2;
  std::vector<Buf> bufs;
  auto add = [&](int64_t n) { n = Round(n); float* p = Alloc(n); for (int64_t i = 0; i < n; ++i) p[i] = 1.0f; bufs.push_back({p, n}); };
  for (int l = 0; l < 30; ++l) { add(576 * 960); add(576 * 576); add(576 * 3072); add(1536 * 576); }
  add(49152LL * 576);
  int64_t total = 0; for (auto& b : bufs) total += b.n;
  std::vector<Buf> one; { int64_t n = Round(total); float* p = Alloc(n); for (int64_t i = 0; i < n; ++i) p[i] = 1; one.push_back({p, n}); }
  ThreadPool pool(2);
  auto half = [&](const Buf& b, int t, int nt) { int64_t blocks = b.n / (64 * streams); int64_t lo = blocks * t / nt, hi = blocks * (t + 1) / nt; return roofline_kernels::SumAvx512(b.p + lo * 64 * streams, (hi - lo) * 64 * streams, streams); };
  auto modeForkJoin = [&](std::vector<Buf>& bs) { for (auto& b : bs) pool.Run(2, [&](int t) { sink = half(b, t, 2); }); };
  // persistent free-run: each thread reads its half of every buffer, no sync
  auto modeFree = [&](std::vector<Buf>& bs, bool barrier) {
    std::atomic<int> bar{0};
    pool.Run(2, [&](int t) {
      int phase = 0;
      for (auto& b : bs) { sink = half(b, t, 2); if (barrier) { ++phase; bar.fetch_add(1); while (bar.load() < 2 * phase) _mm_pause(); } }
    });
  };
  auto mode1t = [&](std::vector<Buf>& bs) { for (auto& b : bs) sink = half(b, 0, 1); };
  const char* names[] = {"continuous 2t", "forkjoin/buf 2t", "free-run 2t", "barrier/buf 2t", "seq 1t", "continuous 1t"};
  std::vector<std::vector<double>> gbs(6);
  for (int rep = 0; rep < 7; ++rep) {
    for (int m = 0; m < 6; ++m) {
      double t0 = Now();
      switch (m) { case 0: modeFree(one, false); break; case 1: modeForkJoin(bufs); break; case 2: modeFree(bufs, false); break; case 3: modeFree(bufs, true); break; case 4: mode1t(bufs); break; case 5: mode1t(one); break; }
      double t = Now() - t0; gbs[m].push_back(total * 4 / t / 1e9);
    }
  }
  for (int m = 0; m < 6; ++m) { auto v = gbs[m]; std::sort(v.begin(), v.end()); printf("%-18s median %6.1f GB/s  min %6.1f max %6.1f\n", names[m], v[v.size() / 2], v.front(), v.back()); }
  printf("total %.1f MB, %zu buffers\n", total * 4 / 1e6, bufs.size());
}
