#include "bench/reference.h"

#include <algorithm>
#include <cassert>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <string>

#include "bench/cblas_transpose.h"

namespace tv::bench {
namespace {

using gemm::Layout;
using gemm::SgemmArgs;
using gemm::Transpose;

// Element (i, j) of op(X) for a matrix stored as the args describe. For row-major
// storage element (r, c) is at x[r * ld + c]; column-major at x[c * ld + r].
float OpElement(const float* x, int64_t ld, Layout layout, Transpose trans, int64_t i, int64_t j) {
  const int64_t r = trans == Transpose::kNo ? i : j;
  const int64_t c = trans == Transpose::kNo ? j : i;
  return layout == Layout::kRowMajor ? x[r * ld + c] : x[c * ld + r];
}

float& CElement(const SgemmArgs& args, int64_t i, int64_t j) {
  return args.layout == Layout::kRowMajor ? args.c[i * args.ldc + j] : args.c[j * args.ldc + i];
}

}  // namespace

std::vector<float> DoubleReferenceProduct(const SgemmArgs& args) {
  std::vector<float> out(static_cast<size_t>(args.m * args.n));
  std::vector<double> row(static_cast<size_t>(args.n));
  for (int64_t i = 0; i < args.m; ++i) {
    std::fill(row.begin(), row.end(), 0.0);
    for (int64_t p = 0; p < args.k; ++p) {
      const double a = OpElement(args.a, args.lda, args.layout, args.trans_a, i, p);
      for (int64_t j = 0; j < args.n; ++j) {
        row[static_cast<size_t>(j)] += a * OpElement(args.b, args.ldb, args.layout, args.trans_b, p, j);
      }
    }
    for (int64_t j = 0; j < args.n; ++j) {
      out[static_cast<size_t>(i * args.n + j)] = static_cast<float>(args.alpha * row[static_cast<size_t>(j)]);
    }
  }
  return out;
}

std::vector<float> TrustedProduct(const SgemmArgs& args) {
  assert(args.beta == 0.0f);
  if (args.m * args.n * args.k <= kDoubleReferenceMaxFma) return DoubleReferenceProduct(args);
  // OpenBLAS writes a dense row-major m x n result of the same product.
  std::vector<float> out(static_cast<size_t>(args.m * args.n));
  const CBLAS_LAYOUT layout = args.layout == Layout::kRowMajor ? CblasRowMajor : CblasColMajor;
  if (args.layout == Layout::kRowMajor) {
    cblas_sgemm(layout, ToCblas(args.trans_a), ToCblas(args.trans_b), static_cast<blasint>(args.m),
                static_cast<blasint>(args.n), static_cast<blasint>(args.k), args.alpha, args.a,
                static_cast<blasint>(args.lda), args.b, static_cast<blasint>(args.ldb), 0.0f, out.data(),
                static_cast<blasint>(args.n));
  } else {
    // Column-major C^T viewed row-major: compute C (m x n) column-major with ldc = m, then transpose.
    std::vector<float> col(out.size());
    cblas_sgemm(layout, ToCblas(args.trans_a), ToCblas(args.trans_b), static_cast<blasint>(args.m),
                static_cast<blasint>(args.n), static_cast<blasint>(args.k), args.alpha, args.a,
                static_cast<blasint>(args.lda), args.b, static_cast<blasint>(args.ldb), 0.0f, col.data(),
                static_cast<blasint>(args.m));
    for (int64_t i = 0; i < args.m; ++i) {
      for (int64_t j = 0; j < args.n; ++j) {
        out[static_cast<size_t>(i * args.n + j)] = col[static_cast<size_t>(j * args.m + i)];
      }
    }
  }
  return out;
}

double ResultTolerance(int64_t k) {
  // fp32 accumulation of k products of magnitude <= 1 errs far below 4 * eps * k
  // in practice (expected ~eps * sqrt(k) * |c|), while one dropped or doubled
  // product (~0.25 on average) is far above it.
  return std::max(1e-5, 4.0 * FLT_EPSILON * static_cast<double>(k));
}

Status CheckResult(const SgemmArgs& args, const std::vector<float>& reference) {
  assert(reference.size() == static_cast<size_t>(args.m * args.n));
  const double tolerance = ResultTolerance(args.k) * std::max(1.0f, std::fabs(args.alpha));
  int64_t wrong = 0;
  int64_t first_i = -1, first_j = -1;
  double first_error = 0;
  for (int64_t i = 0; i < args.m; ++i) {
    for (int64_t j = 0; j < args.n; ++j) {
      const float got = CElement(args, i, j);
      const float want = reference[static_cast<size_t>(i * args.n + j)];
      const double error = std::fabs(static_cast<double>(got) - want);
      if (std::isfinite(got) && error <= tolerance) continue;
      if (wrong++ == 0) {
        first_i = i;
        first_j = j;
        first_error = error;
      }
    }
  }
  if (wrong == 0) return Status::Ok();
  const float got = CElement(args, first_i, first_j);
  const float want = reference[static_cast<size_t>(first_i * args.n + first_j)];
  char text[320];
  std::snprintf(
      text, sizeof(text),
      "wrong result: %lld of %lld elements of C differ from the trusted result; first at C(%lld, %lld): "
      "got %g, expected %g (|error| %.3g, tolerance %.3g)%s",
      static_cast<long long>(wrong), static_cast<long long>(args.m) * args.n, static_cast<long long>(first_i),
      static_cast<long long>(first_j), got, want, first_error, tolerance,
      std::isnan(got) ? "; NaN means the element was never written" : "");
  return Status::Internal(text);
}

}  // namespace tv::bench
