// The next definition of a BLAS routine after libtilevolve_blas in the
// process's lookup order (dlsym(RTLD_NEXT, ...)): the system BLAS under
// LD_PRELOAD, where TILEVOLVE_DISABLE=1 sends every call.
#pragma once

namespace tv::integrate {

using CblasSgemmFn = void (*)(int layout, int trans_a, int trans_b, int m, int n, int k, float alpha,
                              const float* a, int lda, const float* b, int ldb, float beta, float* c,
                              int ldc);
using FortranSgemmFn = void (*)(const char* trans_a, const char* trans_b, const int* m, const int* n,
                                const int* k, const float* alpha, const float* a, const int* lda,
                                const float* b, const int* ldb, const float* beta, float* c, const int* ldc);
using CblasSgemvFn = void (*)(int layout, int trans, int m, int n, float alpha, const float* a, int lda,
                              const float* x, int incx, float beta, float* y, int incy);
using FortranSgemvFn = void (*)(const char* trans, const int* m, const int* n, const float* alpha,
                                const float* a, const int* lda, const float* x, const int* incx,
                                const float* beta, float* y, const int* incy);

struct SystemBlas {
  CblasSgemmFn cblas_sgemm = nullptr;  // null: no later library defines it
  FortranSgemmFn sgemm = nullptr;
  CblasSgemvFn cblas_sgemv = nullptr;
  FortranSgemvFn sgemv = nullptr;
};

// Looked up once (thread-safe).
const SystemBlas& NextBlas();

}  // namespace tv::integrate
