// Scratch: decode GEMV over row-major B vs panel-packed B vs a plain read.
#include <immintrin.h>
#include <sys/mman.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>
constexpr int K = 896, N = 4864, MATS = 64;
constexpr size_t MAT = size_t(K) * N;
float* Alloc(size_t n) {
  void* p = aligned_alloc(2 << 20, n * 4);
  madvise(p, n * 4, MADV_HUGEPAGE);
  return (float*)p;
}
float Sum(const float* b, size_t n) {
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  for (size_t i = 0; i < n; i += 64) {
    s0 = _mm512_add_ps(s0, _mm512_load_ps(b + i));
    s1 = _mm512_add_ps(s1, _mm512_load_ps(b + i + 16));
    s2 = _mm512_add_ps(s2, _mm512_load_ps(b + i + 32));
    s3 = _mm512_add_ps(s3, _mm512_load_ps(b + i + 48));
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}
// y = x B, B row-major K x N, 8 rows at a time across all of N.
void RowMajor(const float* x, const float* b, float* y) {
  memset(y, 0, N * 4);
  for (int k = 0; k < K; k += 8) {
    __m512 xv[8];
    for (int r = 0; r < 8; ++r) xv[r] = _mm512_set1_ps(x[k + r]);
    const float* bk = b + size_t(k) * N;
    for (int j = 0; j < N; j += 16) {
      __m512 acc = _mm512_load_ps(y + j);
      for (int r = 0; r < 8; ++r) acc = _mm512_fmadd_ps(xv[r], _mm512_load_ps(bk + size_t(r) * N + j), acc);
      _mm512_store_ps(y + j, acc);
    }
  }
}
// B packed [N/W][K][W], W = 16 NV.
template <int NV>
void Packed(const float* x, const float* b, float* y) {
  constexpr int W = 16 * NV;
  for (int j = 0; j < N; j += W) {
    const float* p = b + size_t(j) * K;
    __m512 a0[NV], a1[NV];
    for (int v = 0; v < NV; ++v) a0[v] = a1[v] = _mm512_setzero_ps();
    for (int k = 0; k < K; k += 2) {
      const __m512 x0 = _mm512_set1_ps(x[k]), x1 = _mm512_set1_ps(x[k + 1]);
      for (int v = 0; v < NV; ++v) a0[v] = _mm512_fmadd_ps(x0, _mm512_load_ps(p + size_t(k) * W + 16 * v), a0[v]);
      for (int v = 0; v < NV; ++v) a1[v] = _mm512_fmadd_ps(x1, _mm512_load_ps(p + size_t(k + 1) * W + 16 * v), a1[v]);
    }
    for (int v = 0; v < NV; ++v) _mm512_store_ps(y + j + 16 * v, _mm512_add_ps(a0[v], a1[v]));
  }
}
void Pack(const float* b, float* out, int W) {
  for (int j = 0; j < N; j += W)
    for (int k = 0; k < K; ++k) memcpy(out + size_t(j) * K + size_t(k) * W, b + size_t(k) * N + j, W * 4);
}
double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
int main(int argc, char** argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 1;
  float* row = Alloc(MAT * MATS);
  float* p48 = Alloc(MAT * MATS);
  float* p64 = Alloc(MAT * MATS);
  for (size_t i = 0; i < MAT * MATS; ++i) row[i] = float(i % 97) * 0.01f;
  for (int m = 0; m < MATS; ++m) { Pack(row + m * MAT, p48 + m * MAT, 48); Pack(row + m * MAT, p64 + m * MAT, 64); }
  std::vector<float> x(K, 0.5f);
  float* ys = Alloc(size_t(N) * 2 * 16);
  // check
  std::vector<float> y1(N), y2(N);
  RowMajor(x.data(), row, ys); memcpy(y1.data(), ys, N * 4);
  Packed<3>(x.data(), p48, ys); memcpy(y2.data(), ys, N * 4);
  double err = 0; for (int j = 0; j < N; ++j) err = std::max(err, (double)std::abs(y1[j] - y2[j]));
  printf("max diff %g y1[0]=%g y2[0]=%g y1[100]=%g y2[100]=%g\n", err, y1[0], y2[0], y1[100], y2[100]);
  const char* names[] = {"sum", "rowmajor", "packed48", "packed64"};
  volatile float sink = 0;
  for (int round = 0; round < 5; ++round) {
    for (int method = 0; method < 4; ++method) {
      double t0 = Now();
      std::vector<std::thread> pool;
      for (int t = 0; t < threads; ++t) pool.emplace_back([&, t] {
        float* y = ys + size_t(t) * N * 2;
        for (int m = t; m < MATS; m += threads) {
          const size_t off = m * MAT;
          if (method == 0) sink = sink + Sum(row + off, MAT);
          if (method == 1) RowMajor(x.data(), row + off, y);
          if (method == 2) Packed<3>(x.data(), p48 + off, y);
          if (method == 3) Packed<4>(x.data(), p64 + off, y);
        }
      });
      for (auto& th : pool) th.join();
      double dt = Now() - t0;
      printf("%-9s %6.1f GB/s  ", names[method], MAT * MATS * 4 / dt / 1e9);
    }
    printf("\n");
  }
}
