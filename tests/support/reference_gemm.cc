#include "reference_gemm.h"

#include <cmath>

namespace tv::test {
namespace {

using gemm::Layout;
using gemm::Transpose;

// Element (r, c) of a stored matrix in `layout` with leading dimension ld.
float Stored(const float* base, Layout layout, int64_t ld, int64_t r, int64_t c) {
  return layout == Layout::kRowMajor ? base[r * ld + c] : base[c * ld + r];
}

}  // namespace

float OpA(const gemm::SgemmArgs& args, int64_t i, int64_t p) {
  return args.trans_a == Transpose::kNo ? Stored(args.a, args.layout, args.lda, i, p)
                                        : Stored(args.a, args.layout, args.lda, p, i);
}

float OpB(const gemm::SgemmArgs& args, int64_t p, int64_t j) {
  return args.trans_b == Transpose::kNo ? Stored(args.b, args.layout, args.ldb, p, j)
                                        : Stored(args.b, args.layout, args.ldb, j, p);
}

float CAt(const gemm::SgemmArgs& args, int64_t i, int64_t j) {
  return Stored(args.c, args.layout, args.ldc, i, j);
}

ReferenceGemm ComputeReference(const gemm::SgemmArgs& args) {
  ReferenceGemm ref;
  ref.m = args.m;
  ref.n = args.n;
  ref.value.assign(static_cast<size_t>(args.m * args.n), 0.0);
  ref.scale.assign(static_cast<size_t>(args.m * args.n), 0.0);
  const bool read_ab = args.alpha != 0.0f && args.k > 0;
  const bool read_c = args.beta != 0.0f;
  const double alpha = args.alpha;
  const double beta = args.beta;
  for (int64_t i = 0; i < args.m; ++i) {
    for (int64_t j = 0; j < args.n; ++j) {
      double sum = 0.0;
      double abs_sum = 0.0;
      if (read_ab) {
        for (int64_t p = 0; p < args.k; ++p) {
          const double prod = static_cast<double>(OpA(args, i, p)) * static_cast<double>(OpB(args, p, j));
          sum += prod;
          abs_sum += std::fabs(prod);
        }
      }
      double value = read_ab ? alpha * sum : 0.0;
      double scale = read_ab ? std::fabs(alpha) * abs_sum : 0.0;
      if (read_c) {
        const double c = CAt(args, i, j);
        value += beta * c;
        scale += std::fabs(beta * c);
      }
      ref.value[static_cast<size_t>(i * args.n + j)] = value;
      ref.scale[static_cast<size_t>(i * args.n + j)] = scale;
    }
  }
  return ref;
}

}  // namespace tv::test
