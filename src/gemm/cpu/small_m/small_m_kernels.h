// The small-M kernels of each ISA, as plain functions over plain structs.
//
// Plain on purpose: the AVX-512 and AVX2 files include this header and are
// compiled with ISA flags, so it holds no inline functions (the linker could
// keep an ISA-flagged copy for generic code) and includes only <cstdint>.
// Widths are constant data, which is the same whatever the flags.
#pragma once

#include <cstdint>

namespace tv::gemm::cpu::small_m {

// The most rows one kernel call takes (small_m.h: kSmallMMax).
inline constexpr int kMaxRows = 32;

// A row group is at most this many rows (the accumulators of one register
// strip); m > kMaxGroupRows rows run as ceil(m / kMaxGroupRows) groups over
// the same strip of B: the first group reads it from memory, the others from
// L1.
inline constexpr int kMaxGroupRows = 8;

// Vectors (of 16 floats for AVX-512, 8 for AVX2) per row in the axpy kernel's
// register strip, indexed by the rows of a group (index 0 unused). Chosen so
// that rows * vectors accumulators + vectors B registers fit the register file
// (32 zmm, 16 ymm).
inline constexpr int kAxpyVectorsAvx512[kMaxGroupRows + 1] = {0, 8, 8, 6, 5, 4, 4, 3, 3};
inline constexpr int kAxpyVectorsAvx2[kMaxGroupRows + 1] = {0, 6, 4, 3, 2, 2, 2, 1, 1};
// Columns of B per tile in the dot kernel (each column a run along k).
inline constexpr int kDotColumnsAvx512[kMaxGroupRows + 1] = {0, 8, 8, 6, 5, 4, 3, 3, 2};
inline constexpr int kDotColumnsAvx2[kMaxGroupRows + 1] = {0, 6, 4, 3, 2, 2, 2, 1, 1};

// The dot kernel's depth chunks are multiples of this (one AVX-512 vector),
// except the last.
inline constexpr int64_t kDotDepthGranule = 16;

// The dot form from this many rows on, with AVX-512, runs through the axpy
// kernels: chunks of kDotTransposeWidth columns x kDotTransposeDepth depths of
// B are transposed into an L1 buffer (24 KB) and the axpy register strips run
// on it. The dot kernel's 8 x 2 tile makes 10 loads per 16 FMAs and, with kc =
// k, keeps A out of L1: at m = 6..16 it streamed B at about half the axpy
// kernel's rate; at m = 4 and 5 it kept up (numpy, 2026-11-27: PERFORMANCE.md).
inline constexpr int64_t kDotTransposedMinRows = 6;
inline constexpr int64_t kDotTransposeWidth = 48;  // the 8-row axpy strip: 3 vectors
inline constexpr int64_t kDotTransposeDepth = 128;

// One thread's block for the axpy form (B rows contiguous along n):
//   C[i, j] = sum_p A(i, p) * B(p, j) + beta * C[i, j]   (beta == 0: C not read)
// with A(i, p) at a[p * m + i] (A packed p-major, alpha already folded in),
// B(p, j) at b[p * ldb + j], C[i, j] at c[i * ldc + j].
// Loops: column chunks of nc, depth chunks of kc, row groups, register strips.
// REQUIRES: 1 <= m <= kMaxRows, n >= 1, k >= 1, nc >= 1, kc >= 1.
struct AxpyBlock {
  int64_t m;
  int64_t n;
  int64_t k;
  const float* a;
  const float* b;
  int64_t ldb;
  float beta;
  float* c;
  int64_t ldc;
  int64_t nc;
  int64_t kc;
};

// One thread's block for the dot form (B columns contiguous along k):
//   C[i, j] = sum_p A(i, p) * B(p, j) + beta * C[i, j]   (beta == 0: C not read)
// with A(i, p) at a[i * lda + p] (rows contiguous, alpha folded in),
// B(p, j) at b[j * ldb + p], C[i, j] at c[i * ldc + j].
// REQUIRES: 1 <= m <= kMaxRows, n >= 1, k >= 1, nc >= 1, kc >= 1.
struct DotBlock {
  int64_t m;
  int64_t n;
  int64_t k;
  const float* a;
  int64_t lda;
  const float* b;
  int64_t ldb;
  float beta;
  float* c;
  int64_t ldc;
  int64_t nc;
  int64_t kc;
};

// Columns of an axpy block before the first one at which every row of B
// starts a 64-byte line; 0 when B is aligned already, when its rows are not all
// equally aligned (ldb not a multiple of 16 floats) or when no column is. The
// kernels run those columns apart: unaligned, vector loads of B span two
// lines, and streaming a model's weights from DRAM that way measured about
// 12% slower (2026-11-26). Defined in generic code (small_m_plan.cc).
int64_t LineAlignmentPeel(const float* b, int64_t ldb, int64_t n);

// One thread's block for the dot form run through the axpy kernels: B(p, j)
// at b[j * ldb + p] as in DotBlock, A packed p-major as in AxpyBlock (A(i, p)
// at a[p * m + i], alpha folded in), C[i, j] at c[i * ldc + j]; beta as there.
// REQUIRES: 1 <= m <= kMaxRows, n >= 1, k >= 1.
struct DotTransposedBlock {
  int64_t m;
  int64_t n;
  int64_t k;
  const float* a;
  const float* b;
  int64_t ldb;
  float beta;
  float* c;
  int64_t ldc;
};

void AxpyAvx512(const AxpyBlock& blk);
void DotAvx512(const DotBlock& blk);
void DotTransposedAvx512(const DotTransposedBlock& blk);
void AxpyAvx2(const AxpyBlock& blk);
void DotAvx2(const DotBlock& blk);

// Any strides, no packing: C = alpha * A * B + beta * C (beta == 0: C not
// read), A(i, p) at a[i * a_rs + p * a_cs], B(p, j) at b[p * b_rs + j * b_cs].
// The portable reference, and the fallback for B with no unit stride.
struct StridedBlock {
  int64_t m;
  int64_t n;
  int64_t k;
  float alpha;
  const float* a;
  int64_t a_rs;
  int64_t a_cs;
  const float* b;
  int64_t b_rs;
  int64_t b_cs;
  float beta;
  float* c;
  int64_t ldc;
};
void StridedReference(const StridedBlock& blk);

}  // namespace tv::gemm::cpu::small_m
