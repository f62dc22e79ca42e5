#include "gemm/sgemm_args.h"

#include <algorithm>

namespace tv::gemm {
namespace {

Status Bad(int position, const char* name, int64_t value, const std::string& rule) {
  return Status::InvalidArgument("sgemm: argument " + std::to_string(position) + " (" + name + ") is " +
                                 std::to_string(value) + "; " + rule);
}

}  // namespace

Status ValidateSgemmArgs(const SgemmArgs& args) {
  // Positions follow cblas_sgemm(layout, transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc).
  if (args.m < 0) return Bad(4, "M", args.m, "it must be >= 0");
  if (args.n < 0) return Bad(5, "N", args.n, "it must be >= 0");
  if (args.k < 0) return Bad(6, "K", args.k, "it must be >= 0");
  const bool row = args.layout == Layout::kRowMajor;
  // Stored (rows, cols) of each operand as laid out in memory's leading order.
  const bool ta = args.trans_a == Transpose::kYes;
  const bool tb = args.trans_b == Transpose::kYes;
  // Leading dimension must be >= the extent of the contiguous dimension's partner.
  const int64_t a_min = row ? (ta ? args.m : args.k) : (ta ? args.k : args.m);
  const int64_t b_min = row ? (tb ? args.k : args.n) : (tb ? args.n : args.k);
  const int64_t c_min = row ? args.n : args.m;
  if (args.lda < std::max<int64_t>(1, a_min))
    return Bad(9, "lda", args.lda,
               "it must be >= max(1, " + std::to_string(a_min) + ") for this layout and transpose");
  if (args.ldb < std::max<int64_t>(1, b_min))
    return Bad(11, "ldb", args.ldb,
               "it must be >= max(1, " + std::to_string(b_min) + ") for this layout and transpose");
  if (args.ldc < std::max<int64_t>(1, c_min))
    return Bad(14, "ldc", args.ldc, "it must be >= max(1, " + std::to_string(c_min) + ") for this layout");
  const bool c_touched = args.m > 0 && args.n > 0;
  const bool ab_read = c_touched && args.k > 0 && args.alpha != 0.0f;
  if (ab_read && args.a == nullptr)
    return Status::InvalidArgument("sgemm: argument 8 (A) is null but M, K > 0");
  if (ab_read && args.b == nullptr)
    return Status::InvalidArgument("sgemm: argument 10 (B) is null but K, N > 0");
  if (c_touched && args.c == nullptr)
    return Status::InvalidArgument("sgemm: argument 13 (C) is null but M, N > 0");
  return Status::Ok();
}

}  // namespace tv::gemm
