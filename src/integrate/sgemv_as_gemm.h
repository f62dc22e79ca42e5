// y = alpha * op(A) * x + beta * y (cblas_sgemv) as a GEMM with M = 1:
//   y^T (1 x len_y) = x^T (1 x len_x) * op(A)^T,
// which lands on the engine's small-M streaming path (the decode case). Strided
// x or y (inc != 1, negative walks backwards) is gathered into and scattered
// from contiguous copies.
#pragma once

#include <optional>

#include "integrate/active_heuristic.h"
#include "integrate/call_checks.h"
#include "integrate/runtime.h"

namespace tv::integrate {

// REQUIRES: CheckSgemvCall(call) == 0. Returns the route of the GEMM, or
// nullopt for the reference BLAS's quick return (M or N is 0, or alpha == 0
// and beta == 1: y is not touched).
std::optional<Route> RunSgemv(const SgemvCall& call, Runtime& runtime);

}  // namespace tv::integrate
