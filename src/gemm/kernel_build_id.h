// Which build of the GEMM kernels this is: 16 hex digits hashed from every
// source file of src/gemm and the compiler identity, generated at build time
// (cmake/KernelBuildId.cmake). Measurements are only comparable within one
// build id; the measurement cache keys on it.
#pragma once

namespace tv::gemm {

const char* KernelBuildId();

}  // namespace tv::gemm
