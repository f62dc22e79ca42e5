// Portable microkernels in plain C++ (no ISA flags): the fallback of any x86-64
// CPU and the reference the vector kernels are tested against.
#include "gemm/cpu/kernel_table.h"

namespace tv::gemm::cpu {
namespace {

// Rows x kNr block; any n <= kNr.
template <int Rows, int kNr>
void TileReference(const MicroTile& t) {
  float acc[Rows][kNr] = {};
  const float* a = t.a;
  const float* b = t.b;
  for (int64_t p = 0; p < t.kc; ++p) {
    for (int i = 0; i < Rows; ++i) {
      const float ai = a[i * t.a_rs];
      for (int j = 0; j < kNr; ++j) acc[i][j] += ai * (j < t.n ? b[j] : 0.0f);
    }
    a += t.a_cs;
    b += t.b_ks;
  }
  for (int i = 0; i < Rows; ++i) {
    float* c = t.c + i * t.ldc;
    if (t.beta == 0.0f) {
      for (int j = 0; j < t.n; ++j) c[j] = t.alpha * acc[i][j];
    } else {
      for (int j = 0; j < t.n; ++j) c[j] = t.alpha * acc[i][j] + t.beta * c[j];
    }
  }
}

// Runs the instance with Rows == t.m (partial rows never touch rows >= m).
template <int Rows, int kNr>
void DispatchRows(const MicroTile& t) {
  if constexpr (Rows > 1) {
    if (t.m < Rows) return DispatchRows<Rows - 1, kNr>(t);
  }
  TileReference<Rows, kNr>(t);
}

template <int kMr, int kNr>
void MicrokernelReference(const MicroTile& t) {
  DispatchRows<kMr, kNr>(t);
}

constexpr MicrokernelEntry kKernels[] = {
    {4, 16, &MicrokernelReference<4, 16>},
    {8, 8, &MicrokernelReference<8, 8>},
};

constexpr KernelTable kTable = {"reference", kKernels, sizeof(kKernels) / sizeof(kKernels[0]), &PackAGeneric,
                                &PackBGeneric};

}  // namespace

const KernelTable& ReferenceKernelTable() { return kTable; }

}  // namespace tv::gemm::cpu
