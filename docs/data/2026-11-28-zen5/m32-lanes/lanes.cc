// Probe: m = 32 with M in vector lanes (A packed p-major: two vectors per p), B broadcast from its rows.
#include <immintrin.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/cpu/kernels/avx512/transpose16.h"
using namespace tv;
static double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

static int g_pf = 0;
template <int NR>
__attribute__((noinline)) void Strip(const float* a, const float* b, int64_t ldb, int64_t pn, float* c, int64_t ldc, bool first, const float* nb) {
  __m512 acc0[NR], acc1[NR];
#pragma GCC unroll 16
  for (int j = 0; j < NR; ++j) { acc0[j] = _mm512_setzero_ps(); acc1[j] = _mm512_setzero_ps(); }
  const int pf = g_pf;
  for (int64_t p = 0; p < pn; ++p) {
    const __m512 a0 = _mm512_loadu_ps(a + p * 32), a1 = _mm512_loadu_ps(a + p * 32 + 16);
    const float* br = b + p * ldb;
    if (pf == 1) { _mm_prefetch(reinterpret_cast<const char*>(nb + p * ldb), _MM_HINT_T1); _mm_prefetch(reinterpret_cast<const char*>(nb + p * ldb + NR - 1), _MM_HINT_T1); }
    else if (pf == 2) { _mm_prefetch(reinterpret_cast<const char*>(nb + p * ldb), _MM_HINT_T0); _mm_prefetch(reinterpret_cast<const char*>(nb + p * ldb + NR - 1), _MM_HINT_T0); }
    else if (pf > 2) _mm_prefetch(reinterpret_cast<const char*>(br + pf * ldb), _MM_HINT_T0);
#pragma GCC unroll 16
    for (int j = 0; j < NR; ++j) {
      const __m512 bb = _mm512_set1_ps(br[j]);
      acc0[j] = _mm512_fmadd_ps(a0, bb, acc0[j]);
      acc1[j] = _mm512_fmadd_ps(a1, bb, acc1[j]);
    }
  }
  const __mmask16 mask = (1u << NR) - 1;
  for (int h = 0; h < 2; ++h) {
    __m512 r[16];
#pragma GCC unroll 16
    for (int j = 0; j < 16; ++j) r[j] = j < NR ? (h ? acc1[j] : acc0[j]) : _mm512_setzero_ps();
    tv::gemm::cpu::Transpose16x16(r);
#pragma GCC unroll 16
    for (int i = 0; i < 16; ++i) {
      float* ci = c + (h * 16 + i) * ldc;
      __m512 v = r[i];
      if (!first) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, ci));
      _mm512_mask_storeu_ps(ci, mask, v);
    }
  }
}

template <int NR>
void Lanes(const float* ap, const float* b, int64_t ldb, float* c, int64_t ldc, int64_t n, int64_t k, int64_t kc, int64_t w) {
  for (int64_t j0 = 0; j0 + w <= n; j0 += w)
    for (int64_t p0 = 0; p0 < k; p0 += kc) {
      const int64_t pn = std::min(kc, k - p0);
      for (int64_t j = j0; j < j0 + w; j += NR) {
        const float* nb = j + NR < j0 + w ? b + p0 * ldb + j + NR : (p0 + kc < k ? b + (p0 + kc) * ldb + j0 : b + j0 + w);
        Strip<NR>(ap + p0 * 32, b + p0 * ldb + j, ldb, pn, c + j, ldc, p0 == 0, nb);
      }
    }
}

int main(int argc, char** argv) {
  int64_t m = 32, n = argc > 1 ? atol(argv[1]) : 4096, k = argc > 2 ? atol(argv[2]) : 4096;
  int64_t kc = argc > 3 ? atol(argv[3]) : 256;
  int nr = argc > 4 ? atoi(argv[4]) : 12;
  g_pf = argc > 5 ? atoi(argv[5]) : 0;
  int64_t w = nr == 12 ? 48 : nr * 4;
  std::vector<float> a(m * k), b(k * n + 64), c(m * n), c2(m * n), ap(m * k);
  for (auto& x : a) x = (rand() % 1000) / 1000.0f - 0.5f;
  for (auto& x : b) x = (rand() % 1000) / 1000.0f - 0.5f;
  gemm::CpuGemm g(1);
  gemm::SgemmArgs args; args.m = m; args.n = n; args.k = k; args.a = a.data(); args.lda = k; args.b = b.data(); args.ldb = n; args.c = c.data(); args.ldc = n;
  tv_tile_config tiles{};
  auto run_lanes = [&] {
    for (int64_t i = 0; i < m; ++i) for (int64_t p = 0; p < k; ++p) ap[p * 32 + i] = a[i * k + p];
    if (nr == 12) Lanes<12>(ap.data(), b.data(), n, c2.data(), n, n, k, kc, w);
    else if (nr == 14) Lanes<14>(ap.data(), b.data(), n, c2.data(), n, n, k, kc, w);
    else Lanes<8>(ap.data(), b.data(), n, c2.data(), n, n, k, kc, w);
  };
  (void)g.Run(args, tiles); run_lanes();
  double maxerr = 0; for (int64_t i = 0; i < m * (n / w * w / n) ; ++i) {}
  for (int64_t i = 0; i < m; ++i) for (int64_t j = 0; j < n / w * w; ++j) maxerr = std::max(maxerr, (double)std::fabs(c[i * n + j] - c2[i * n + j]));
  printf("max abs diff %.3g\n", maxerr);
  std::vector<double> re, rl;
  double fl = 2.0 * m * n * k;
  for (int rep = 0; rep < 9; ++rep) {
    double t0 = Now(); int it = 0; while (Now() - t0 < 0.2) { (void)g.Run(args, tiles); ++it; } re.push_back(fl * it / (Now() - t0) / 1e9);
    t0 = Now(); it = 0; while (Now() - t0 < 0.2) { run_lanes(); ++it; } rl.push_back(fl * (double)(n / w * w) / n * it / (Now() - t0) / 1e9);
  }
  std::vector<double> ratio; for (int i = 0; i < 9; ++i) ratio.push_back(rl[i] / re[i]);
  std::sort(re.begin(), re.end()); std::sort(rl.begin(), rl.end()); std::sort(ratio.begin(), ratio.end());
  printf("%ldx%ldx%ld kc %ld nr %d pf %d: engine %.1f [%.1f %.1f]  lanes %.1f [%.1f %.1f]  ratio %.3f [%.3f %.3f]\n", m, n, k, kc, nr, g_pf, re[4], re[1], re[7], rl[4], rl[1], rl[7], ratio[4], ratio[1], ratio[7]);
}
