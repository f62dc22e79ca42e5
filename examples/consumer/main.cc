// Two lines make a program use tilevolve: enable_optimizations() and tv::sgemm.
// Prints whether a heuristic was found, the result's error against a plain
// loop, and the hit counters.
#include <tilevolve/tilevolve.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

int main() {
  const bool enabled = tv::enable_optimizations();  // $TILEVOLVE_PROGRAM, ./best_program.cpp, ...
  std::printf("enable_optimizations: %s\n", enabled ? "true" : "false");

  const int m = 64, n = 96, k = 128;  // C (m x n) = A (m x k) * B (k x n), row-major
  std::vector<float> a(m * k), b(k * n), c(m * n);
  for (int i = 0; i < m * k; ++i) a[i] = static_cast<float>(i % 7) - 3.0f;
  for (int i = 0; i < k * n; ++i) b[i] = static_cast<float>(i % 5) * 0.5f;
  if (tv::sgemm(tv::Layout::kRowMajor, tv::Transpose::kNo, tv::Transpose::kNo, m, n, k, 1.0f, a.data(), k,
                b.data(), n, 0.0f, c.data(), n) != 0) {
    std::fprintf(stderr, "tv::sgemm rejected its arguments\n");
    return 1;
  }
  double max_error = 0;
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      double want = 0;
      for (int p = 0; p < k; ++p) want += static_cast<double>(a[i * k + p]) * b[p * n + j];
      max_error = std::max(max_error, std::abs(want - c[i * n + j]));
    }
  }
  std::printf("max error %.3g\n%s", max_error, tv::format_optimization_info(tv::optimization_info()).c_str());
  return max_error < 1e-3 ? 0 : 1;
}
