#include <tilevolve/tilevolve.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>
int main(int argc, char** argv) {
  const int64_t m = atoi(argv[1]), n = atoi(argv[2]), k = atoi(argv[3]);
  float* a = (float*)aligned_alloc(64, (m * k + 64) * 4);
  float* b = (float*)aligned_alloc(64, (k * n + 64) * 4);
  float* cbuf = (float*)aligned_alloc(64, (m * n + 64) * 4);
  for (int64_t i = 0; i < m * k + 64; ++i) a[i] = (i % 17) * 0.01f;
  for (int64_t i = 0; i < k * n + 64; ++i) b[i] = (i % 13) * 0.01f;
  for (int64_t i = 0; i < m * n + 64; ++i) cbuf[i] = 0.f;
  std::vector<double> t[2];
  for (int round = 0; round < 12; ++round)
    for (int v = 0; v < 2; ++v) {
      float* c = cbuf + (v ? 4 : 0);
      const float* av = a + (v ? 4 : 0);
      auto s = std::chrono::steady_clock::now();
      const int reps = 40;
      for (int r = 0; r < reps; ++r)
        tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, m, n, k, 1.f, av, k, b, n, 1.f, c, n);
      double sec = std::chrono::duration<double>(std::chrono::steady_clock::now() - s).count() / reps;
      t[v].push_back(2.0 * m * n * k / sec * 1e-9);
    }
  for (int v = 0; v < 2; ++v) {
    std::sort(t[v].begin(), t[v].end());
    printf("%s A and C: median %.1f GFLOP/s (min %.1f max %.1f)\n", v ? "16 B off" : "aligned ", t[v][6], t[v][0], t[v][11]);
  }
}
