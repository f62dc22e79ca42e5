// Probe: one-row products reading B strictly in storage order (a row at a time), C's chunk in an L1
// buffer placed half a page away from B's offsets, against CpuGemm auto and a plain read.
#include <immintrin.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include "gemm/cpu/cpu_gemm.h"
using namespace tv;
static double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
static float* Alloc(size_t n) { return static_cast<float*>(aligned_alloc(1 << 21, (n * 4 + (1 << 21) - 1) / (1 << 21) * (1 << 21))); }

static int g_rows = 1, g_shift = 2048;
constexpr int64_t W = 4096;
alignas(4096) static float g_buf[W + 2048];

template <int R>
void Pass(const float* a, const float* b, int64_t ldb, int64_t jn, int64_t k, float* acc) {
  for (int64_t p = 0; p + R <= k; p += R) {
    __m512 ap[R];
    for (int r = 0; r < R; ++r) ap[r] = _mm512_set1_ps(a[p + r]);
    const float* br = b + p * ldb;
    for (int64_t j = 0; j < jn; j += 64) {
#pragma GCC unroll 4
      for (int v = 0; v < 4; ++v) {
        __m512 c = _mm512_load_ps(acc + j + 16 * v);
#pragma GCC unroll 4
        for (int r = 0; r < R; ++r) c = _mm512_fmadd_ps(ap[r], _mm512_load_ps(br + r * ldb + j + 16 * v), c);
        _mm512_store_ps(acc + j + 16 * v, c);
      }
    }
  }
}

void RowStream(const float* a, const float* b, int64_t ldb, int64_t n, int64_t k, float* c) {
  for (int64_t j0 = 0; j0 < n; j0 += W) {
    const int64_t jn = std::min(W, n - j0);
    const uintptr_t boff = reinterpret_cast<uintptr_t>(b + j0) % 4096;
    float* acc = g_buf + ((boff + g_shift) % 4096) / 4;
    memset(acc, 0, jn * 4);
    if (g_rows == 1) Pass<1>(a, b + j0, ldb, jn, k, acc);
    else if (g_rows == 2) Pass<2>(a, b + j0, ldb, jn, k, acc);
    else Pass<4>(a, b + j0, ldb, jn, k, acc);
    memcpy(c + j0, acc, jn * 4);
  }
}

float Sum(const float* x, int64_t n) {
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  for (int64_t i = 0; i < n; i += 64) {
    s0 = _mm512_add_ps(s0, _mm512_load_ps(x + i)); s1 = _mm512_add_ps(s1, _mm512_load_ps(x + i + 16));
    s2 = _mm512_add_ps(s2, _mm512_load_ps(x + i + 32)); s3 = _mm512_add_ps(s3, _mm512_load_ps(x + i + 48));
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

int main(int argc, char** argv) {
  const int64_t n = atol(argv[1]), k = atol(argv[2]);
  g_rows = argc > 3 ? atoi(argv[3]) : 1;
  g_shift = argc > 4 ? atoi(argv[4]) : 2048;
  const int64_t sets = std::max<int64_t>(2, (160ll << 20) / (n * k * 4) + 1);
  std::vector<float*> bs;
  for (int64_t s = 0; s < sets; ++s) { float* b = Alloc(n * k); for (int64_t i = 0; i < n * k; ++i) b[i] = ((i * 7 + s) % 1000) / 1000.0f - 0.5f; bs.push_back(b); }
  std::vector<float> a(k), c(n), c2(n);
  for (int64_t i = 0; i < k; ++i) a[i] = (i % 100) / 100.0f - 0.5f;
  gemm::CpuGemm g(1);
  auto args = [&](int64_t s) { gemm::SgemmArgs x; x.m = 1; x.n = n; x.k = k; x.a = a.data(); x.lda = k; x.b = bs[s]; x.ldb = n; x.c = c.data(); x.ldc = n; return x; };
  tv_tile_config tiles{};
  (void)g.Run(args(0), tiles); RowStream(a.data(), bs[0], n, n, k, c2.data());
  double err = 0; for (int64_t j = 0; j < n; ++j) err = std::max(err, (double)std::fabs(c[j] - c2[j]) / (1 + std::fabs(c[j])));
  volatile float sink = 0;
  std::vector<double> ge, gr, gs;
  const double bytes = n * k * 4.0;
  int64_t s = 0;
  for (int rep = 0; rep < 11; ++rep) {
    for (int v = 0; v < 3; ++v) {
      double t0 = Now(); int it = 0;
      while (Now() - t0 < 0.1) {
        if (v == 0) (void)g.Run(args(s), tiles); else if (v == 1) RowStream(a.data(), bs[s], n, n, k, c2.data()); else sink = sink + Sum(bs[s], n * k);
        s = (s + 1) % sets; ++it;
      }
      double gbs = bytes * it / (Now() - t0) / 1e9;
      (v == 0 ? ge : v == 1 ? gr : gs).push_back(gbs);
    }
  }
  auto med = [](std::vector<double> x) { std::sort(x.begin(), x.end()); return x[x.size() / 2]; };
  printf("1x%ldx%ld rows %d shift %d (err %.1g): engine %.1f  rowstream %.1f  read %.1f GB/s  -> engine %.2f rowstream %.2f of read\n", n, k, g_rows, g_shift, err, med(ge), med(gr), med(gs), med(ge) / med(gs), med(gr) / med(gs));
}
