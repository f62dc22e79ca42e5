#include "integrate/sgemv_as_gemm.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace tv::integrate {
namespace {

// Index of element 0 of a BLAS vector of `len` elements with increment `inc`.
int64_t FirstIndex(int64_t len, int64_t inc) { return inc > 0 ? 0 : (len - 1) * -inc; }

}  // namespace

std::optional<Route> RunSgemv(const SgemvCall& call, Runtime& runtime) {
  if (call.m == 0 || call.n == 0 || (call.alpha == 0.0f && call.beta == 1.0f)) return std::nullopt;
  const bool trans = call.trans != kNoTrans;
  const int64_t len_x = trans ? call.m : call.n;
  const int64_t len_y = trans ? call.n : call.m;

  std::vector<float> x_copy;
  const float* x = call.x;
  if (call.incx != 1 && call.alpha != 0.0f) {
    x_copy.resize(len_x);
    const int64_t first = FirstIndex(len_x, call.incx);
    for (int64_t i = 0; i < len_x; ++i) x_copy[i] = call.x[first + i * call.incx];
    x = x_copy.data();
  }
  std::vector<float> y_copy;
  float* y = call.y;
  const int64_t y_first = FirstIndex(len_y, call.incy);
  if (call.incy != 1) {
    y_copy.resize(len_y);
    if (call.beta != 0.0f) {
      for (int64_t i = 0; i < len_y; ++i) y_copy[i] = call.y[y_first + i * call.incy];
    }
    y = y_copy.data();
  }

  // The stored matrix read row-major is A (row layout) or A^T (column layout);
  // op(A)^T is it, or its transpose.
  const bool row = call.layout == kRowMajor;
  gemm::SgemmArgs args;
  args.layout = gemm::Layout::kRowMajor;
  args.trans_a = gemm::Transpose::kNo;
  args.trans_b = (row != trans) ? gemm::Transpose::kYes : gemm::Transpose::kNo;
  args.m = 1;
  args.n = len_y;
  args.k = len_x;
  args.alpha = call.alpha;
  args.a = x;
  args.lda = std::max<int64_t>(1, len_x);
  args.b = call.a;
  args.ldb = call.lda;
  args.beta = call.beta;
  args.c = y;
  args.ldc = std::max<int64_t>(1, len_y);
  const Route route = runtime.Run(args);

  if (call.incy != 1) {
    for (int64_t i = 0; i < len_y; ++i) call.y[y_first + i * call.incy] = y_copy[i];
  }
  return route;
}

}  // namespace tv::integrate
