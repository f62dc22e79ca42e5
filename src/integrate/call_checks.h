// Argument checks of the BLAS-style entry points, with the reference BLAS's
// numbering and xerbla message, shared by tv::sgemm, the C API and the drop-in
// library (cblas_sgemm, sgemm_, cblas_sgemv, sgemv_).
//
// Positions are cblas's (1 = layout). Fortran sgemm_/sgemv_ take no layout
// argument, so their position is the cblas position minus one.
#pragma once

#include <cstdint>
#include <string>

#include "gemm/sgemm_args.h"

namespace tv::integrate {

// The cblas enum values (cblas.h): CblasRowMajor = 101, CblasNoTrans = 111, ...
inline constexpr int kRowMajor = 101;
inline constexpr int kColMajor = 102;
inline constexpr int kNoTrans = 111;
inline constexpr int kTrans = 112;
inline constexpr int kConjTrans = 113;

// One cblas_sgemm call as given (nothing checked yet).
struct SgemmCall {
  int layout = kRowMajor;
  int trans_a = kNoTrans;
  int trans_b = kNoTrans;
  int64_t m = 0, n = 0, k = 0;
  float alpha = 1.0f;
  const float* a = nullptr;
  int64_t lda = 0;
  const float* b = nullptr;
  int64_t ldb = 0;
  float beta = 0.0f;
  float* c = nullptr;
  int64_t ldc = 0;
};

// One cblas_sgemv call: y = alpha * op(A) * x + beta * y, A m x n in `layout`;
// x has n (no transpose) or m elements, y the other count; inc < 0 walks backwards.
struct SgemvCall {
  int layout = kRowMajor;
  int trans = kNoTrans;
  int64_t m = 0, n = 0;
  float alpha = 1.0f;
  const float* a = nullptr;
  int64_t lda = 0;
  const float* x = nullptr;
  int64_t incx = 1;
  float beta = 0.0f;
  float* y = nullptr;
  int64_t incy = 1;
};

// A Fortran TRANS character ('N', 'T', 'C', either case) as kNoTrans/kTrans/
// kConjTrans; anything else (or null) is 0, which the checks reject.
int TransFromChar(const char* trans);

// 0 when the call is valid, else the cblas position of the first invalid
// argument; `message` (when not null) then names it, its value and the rule.
// Null pointers count where the operand is read (the reference BLAS would crash).
int CheckSgemmCall(const SgemmCall& call, std::string* message);
int CheckSgemvCall(const SgemvCall& call, std::string* message);

// REQUIRES: CheckSgemmCall(call) == 0.
gemm::SgemmArgs ToSgemmArgs(const SgemmCall& call);

// " ** On entry to SGEMM  parameter number  9 had an illegal value" (the
// reference BLAS's xerbla text; routine padded to 6 as OpenBLAS prints it).
std::string XerblaMessage(const std::string& routine, int position);

}  // namespace tv::integrate
