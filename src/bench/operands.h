// The inputs a timed GEMM reads: several sets of row-major A (m x k), B (k x n)
// and C (m x n), rotated call by call so that a shape whose operands would fit
// in the last-level cache is still timed with its operands coming from memory.
//
//   RotationPlan plan = PlanRotation(m, n, k, device.l3_bytes);
//   GemmOperands operands(m, n, k, plan.sets, /*seed=*/1);
//   runner(operands.Args(i % operands.sets()));
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "gemm/sgemm_args.h"

namespace tv::bench {

// Used when the machine's L3 size is unknown (tv_device_info.l3_bytes == 0).
inline constexpr int64_t kFallbackL3Bytes = int64_t{32} << 20;
// Rotation never allocates more sets than this (tiny shapes).
inline constexpr int kMaxOperandSets = 8192;
// The sets of a rotation together exceed this many times the L3 of one
// instance. Twice was too few on the 2-core Zen 5 VM (2026-11-28): its two
// cores may sit on two L3 instances (CPUID does not say), each thread then
// cycles its share through its own L3, and a replacement policy that is not
// LRU keeps much of a working set only a little larger than the cache. Decode
// shapes of 3-35 MB (qwen2.5-0.5b's m = 1 products, 2 threads) read 87-113 GB/s
// with 2x and 43-74 GB/s, DRAM speed, with 3x to 8x; 4x is the margin kept.
inline constexpr int kRotationL3Multiple = 4;

struct RotationPlan {
  int64_t set_bytes = 0;     // bytes of one A + B + C set (fp32)
  int64_t target_bytes = 0;  // kRotationL3Multiple x L3: the sets together exceed this
  int sets = 1;
};

// One set when a set alone is at least kRotationL3Multiple x L3; otherwise
// enough sets that together they exceed it (capped at kMaxOperandSets).
// REQUIRES: m, n, k >= 1. l3_bytes == 0 means unknown (kFallbackL3Bytes is used).
RotationPlan PlanRotation(int64_t m, int64_t n, int64_t k, int64_t l3_bytes);

// `sets` independent operand sets, 64-byte aligned, A and B filled with
// reproducible pseudo-random values uniform in [-1, 1) (different per set,
// determined by seed), C filled with NaN.
class GemmOperands {
 public:
  // REQUIRES: m, n, k >= 1, sets >= 1.
  GemmOperands(int64_t m, int64_t n, int64_t k, int sets, uint64_t seed);

  int sets() const { return static_cast<int>(sets_.size()); }
  int64_t m() const { return m_; }
  int64_t n() const { return n_; }
  int64_t k() const { return k_; }

  // Row-major, no transposes, alpha = 1, beta = 0, tight leading dimensions.
  // REQUIRES: 0 <= set < sets().
  gemm::SgemmArgs Args(int set) const;

  // Fills C of one set with quiet NaN, so an element the GEMM does not write shows.
  void PoisonC(int set);

 private:
  struct AlignedFree {
    void operator()(float* p) const;
  };
  struct Set {
    std::unique_ptr<float, AlignedFree> storage;
    float* a = nullptr;
    float* b = nullptr;
    float* c = nullptr;
  };
  int64_t m_, n_, k_;
  std::vector<Set> sets_;
};

// Fills `count` floats with values uniform in [-1, 1) from a splitmix64 stream
// started at `seed`: the same seed gives the same values on every platform.
void FillUniform(float* data, int64_t count, uint64_t seed);

}  // namespace tv::bench
