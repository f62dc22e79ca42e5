// The symbols libtilevolve_blas.so exports (and nothing else: blas_exports.map):
// cblas_sgemm, sgemm_, cblas_sgemv, sgemv_ with the reference BLAS's semantics.
// An invalid argument prints the xerbla message and returns with C (y)
// untouched; unlike the reference xerbla, it never stops the program.
#include <string>

#include "integrate/blas/blas_session.h"
#include "integrate/blas/system_blas.h"
#include "integrate/call_checks.h"
#include "integrate/runtime.h"
#include "integrate/sgemv_as_gemm.h"

namespace tv::integrate {
namespace {

void RunSgemm(const SgemmCall& call, const char* routine, int position_offset) {
  std::string detail;
  if (const int position = CheckSgemmCall(call, &detail); position != 0) {
    CountBlasRejected();
    ReportBlasArgumentError(routine, position - position_offset, detail);
    return;
  }
  CountBlasRoute(Runtime::Get().Run(ToSgemmArgs(call)));
}

void RunGemv(const SgemvCall& call, const char* routine, int position_offset) {
  std::string detail;
  if (const int position = CheckSgemvCall(call, &detail); position != 0) {
    CountBlasRejected();
    ReportBlasArgumentError(routine, position - position_offset, detail);
    return;
  }
  CountBlasRoute(RunSgemv(call, Runtime::Get()));
}

// Fortran routines take no layout: their positions are cblas's minus one.
constexpr int kFortranOffset = 1;

}  // namespace
}  // namespace tv::integrate

using tv::integrate::BlasRoutine;
using tv::integrate::NextBlas;

extern "C" {

__attribute__((visibility("default"))) void cblas_sgemm(int layout, int trans_a, int trans_b, int m, int n,
                                                        int k, float alpha, const float* a, int lda,
                                                        const float* b, int ldb, float beta, float* c,
                                                        int ldc) {
  tv::integrate::CountBlasCall(BlasRoutine::kCblasSgemm);
  if (tv::integrate::BlasForwardsToSystem() && NextBlas().cblas_sgemm != nullptr) {
    tv::integrate::CountBlasForwarded();
    NextBlas().cblas_sgemm(layout, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  tv::integrate::RunSgemm({layout, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc},
                          "cblas_sgemm", 0);
}

__attribute__((visibility("default"))) void sgemm_(const char* trans_a, const char* trans_b, const int* m,
                                                   const int* n, const int* k, const float* alpha,
                                                   const float* a, const int* lda, const float* b,
                                                   const int* ldb, const float* beta, float* c,
                                                   const int* ldc) {
  tv::integrate::CountBlasCall(BlasRoutine::kSgemm);
  if (tv::integrate::BlasForwardsToSystem() && NextBlas().sgemm != nullptr) {
    tv::integrate::CountBlasForwarded();
    NextBlas().sgemm(trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    return;
  }
  tv::integrate::RunSgemm(
      {tv::integrate::kColMajor, tv::integrate::TransFromChar(trans_a), tv::integrate::TransFromChar(trans_b),
       *m, *n, *k, *alpha, a, *lda, b, *ldb, *beta, c, *ldc},
      "SGEMM", tv::integrate::kFortranOffset);
}

__attribute__((visibility("default"))) void cblas_sgemv(int layout, int trans, int m, int n, float alpha,
                                                        const float* a, int lda, const float* x, int incx,
                                                        float beta, float* y, int incy) {
  tv::integrate::CountBlasCall(BlasRoutine::kCblasSgemv);
  if (tv::integrate::BlasForwardsToSystem() && NextBlas().cblas_sgemv != nullptr) {
    tv::integrate::CountBlasForwarded();
    NextBlas().cblas_sgemv(layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
    return;
  }
  tv::integrate::RunGemv({layout, trans, m, n, alpha, a, lda, x, incx, beta, y, incy}, "cblas_sgemv", 0);
}

__attribute__((visibility("default"))) void sgemv_(const char* trans, const int* m, const int* n,
                                                   const float* alpha, const float* a, const int* lda,
                                                   const float* x, const int* incx, const float* beta,
                                                   float* y, const int* incy) {
  tv::integrate::CountBlasCall(BlasRoutine::kSgemv);
  if (tv::integrate::BlasForwardsToSystem() && NextBlas().sgemv != nullptr) {
    tv::integrate::CountBlasForwarded();
    NextBlas().sgemv(trans, m, n, alpha, a, lda, x, incx, beta, y, incy);
    return;
  }
  tv::integrate::RunGemv({tv::integrate::kColMajor, tv::integrate::TransFromChar(trans), *m, *n, *alpha, a,
                          *lda, x, *incx, *beta, y, *incy},
                         "SGEMV", tv::integrate::kFortranOffset);
}

}  // extern "C"
