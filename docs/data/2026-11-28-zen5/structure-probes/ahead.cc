// Does reading ahead the next buffer during a main-thread gap pay? Two threads: main + helper.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <immintrin.h>
#include <sys/mman.h>
#include <thread>
#include <vector>
#include "bench/roofline_kernels.h"
using namespace tv::bench;
static double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
static float* Alloc(int64_t n) { size_t bytes = (n * 4 + (2 << 20) - 1) / (2 << 20) * (2 << 20); float* p = (float*)aligned_alloc(2 << 20, bytes); madvise(p, bytes, MADV_HUGEPAGE); for (int64_t i = 0; i < n; ++i) p[i] = 1; return p; }
struct Buf { float* p; int64_t n; };
std::atomic<int> cmd{0};  // 0 idle, 1 read half, 2 prefetch half, 3 quit
std::atomic<bool> cancel{false}, done{true};
const Buf* target; int64_t ahead_bytes;
volatile float sink;
static void Half(const Buf& b, int t, float* out) { int64_t blocks = b.n / 64; int64_t lo = blocks * t / 2, hi = blocks * (t + 1) / 2; *out = roofline_kernels::SumAvx512(b.p + lo * 64, (hi - lo) * 64, 1); }
static void Helper() {
  float s;
  for (;;) {
    int c; while ((c = cmd.load(std::memory_order_acquire)) == 0) _mm_pause();
    if (c == 3) return;
    if (c == 1) Half(*target, 1, &s);
    if (c == 2) {
      const Buf& b = *target; int64_t blocks = b.n / 64; const char* lo = (const char*)(b.p + blocks / 2 * 64);
      const char* end = lo + std::min<int64_t>(ahead_bytes, (blocks - blocks / 2) * 256);
      for (const char* q = lo; q < end && !cancel.load(std::memory_order_relaxed); q += 4096)
        for (int l = 0; l < 4096; l += 64) _mm_prefetch(q + l, _MM_HINT_T0);
    }
    sink = s; cmd.store(0, std::memory_order_relaxed); done.store(true, std::memory_order_release);
  }
}
static void Post(int c, const Buf* b) { while (!done.load(std::memory_order_acquire)) _mm_pause(); done.store(false); target = b; cancel.store(false); cmd.store(c, std::memory_order_release); }
static void Wait() { while (!done.load(std::memory_order_acquire)) _mm_pause(); }
int main(int argc, char** argv) {
  double gap_us = argc > 1 ? atof(argv[1]) : 30;
  std::vector<Buf> bufs;
  for (int l = 0; l < 30; ++l) for (int64_t n : {576 * 960, 576 * 576, 576 * 3072, 1536 * 576}) bufs.push_back({Alloc(n), n / 256 * 256});
  int64_t total = 0; for (auto& b : bufs) total += b.n;
  std::thread h(Helper);
  std::vector<int64_t> aheads = {0, 256 << 10, 512 << 10, 1 << 20};
  std::vector<std::vector<double>> r(aheads.size()), rt(aheads.size());
  for (int rep = 0; rep < 9; ++rep) for (size_t v = 0; v < aheads.size(); ++v) {
    ahead_bytes = aheads[v]; double busy = 0, t00 = Now(); float s;
    for (size_t i = 0; i < bufs.size(); ++i) {
      if (i % 4 == 1) {  // the 'o' product follows attention: a gap on the main thread
        if (ahead_bytes) Post(2, &bufs[i]);
        double g0 = Now(); volatile double x = 1; while (Now() - g0 < gap_us * 1e-6) for (int q = 0; q < 100; ++q) x = x * 1.0000001;
        cancel.store(true); Wait();
      }
      double t0 = Now(); Post(1, &bufs[i]); Half(bufs[i], 0, &s); sink = s; Wait(); busy += Now() - t0;
    }
    r[v].push_back(total * 4 / busy / 1e9); rt[v].push_back((Now() - t00) * 1e3);
  }
  cmd.store(3); h.join();
  for (size_t v = 0; v < aheads.size(); ++v) { auto x = r[v], y = rt[v]; std::sort(x.begin(), x.end()); std::sort(y.begin(), y.end()); printf("ahead %5ld KB: products %5.1f GB/s, pass %.2f ms\n", aheads[v] >> 10, x[4], y[4]); }
}
