// How far a single-precision GEMM result is from the double reference, in
// units that do not depend on the data: per element
//   error_ij = |C_ij - ref_ij| / scale_ij,
//   scale_ij = |alpha| * sum_p |op(A)_ip| |op(B)_pj| + |beta| |C_ij|  (the input C),
// the quantity float rounding error is proportional to. A correct float GEMM
// has error_ij <= about k * eps; a missing or doubled term gives about 1 / k.
#pragma once

#include <cstdint>
#include <string>

#include "gemm/sgemm_args.h"
#include "reference_gemm.h"

namespace tv::test {

struct ErrorReport {
  double max_error = 0.0;  // +inf when an element is NaN/inf but the reference is finite,
                           // or differs at all where scale == 0 (alpha or k or beta zero)
  int64_t i = -1;          // the worst element (-1 when m * n == 0)
  int64_t j = -1;
  double got = 0.0;
  double want = 0.0;
  double scale = 0.0;
  std::string ToString() const;
};

// args.c holds the result of the GEMM under test (same layout and ldc).
ErrorReport NormalizedError(const gemm::SgemmArgs& args, const ReferenceGemm& ref);

// The bound a correct fp32 GEMM with depth k meets: (k + 4) * FLT_EPSILON. It is
// the worst case of any summation order (recursive, blocked, split-K), plus the
// alpha and beta roundings.
double ErrorBound(int64_t k);

}  // namespace tv::test
