// The cblas spelling of a gemm::Transpose, for the code that calls OpenBLAS.
#pragma once

#include <cblas.h>

#include "gemm/sgemm_args.h"

namespace tv::bench {

inline CBLAS_TRANSPOSE ToCblas(gemm::Transpose t) {
  return t == gemm::Transpose::kNo ? CblasNoTrans : CblasTrans;
}

}  // namespace tv::bench
