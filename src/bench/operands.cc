#include "bench/operands.h"

#include <cassert>
#include <cstdlib>
#include <limits>

#include "core/int_math.h"

namespace tv::bench {
namespace {

constexpr int64_t kAlignFloats = 16;  // 64 bytes

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

}  // namespace

RotationPlan PlanRotation(int64_t m, int64_t n, int64_t k, int64_t l3_bytes) {
  assert(m >= 1 && n >= 1 && k >= 1);
  RotationPlan plan;
  plan.set_bytes = 4 * (m * k + k * n + m * n);
  plan.target_bytes = kRotationL3Multiple * (l3_bytes > 0 ? l3_bytes : kFallbackL3Bytes);
  if (plan.set_bytes >= plan.target_bytes) return plan;
  const int64_t sets = plan.target_bytes / plan.set_bytes + 1;  // strictly more than the target
  plan.sets = static_cast<int>(sets < kMaxOperandSets ? sets : kMaxOperandSets);
  return plan;
}

void FillUniform(float* data, int64_t count, uint64_t seed) {
  uint64_t state = seed;
  for (int64_t i = 0; i < count; ++i) {
    // 24 random bits -> [0, 1) exactly representable in float, then to [-1, 1).
    const uint32_t bits = static_cast<uint32_t>(SplitMix64(state) >> 40);
    data[i] = static_cast<float>(bits) * (2.0f / 16777216.0f) - 1.0f;
  }
}

void GemmOperands::AlignedFree::operator()(float* p) const { std::free(p); }

GemmOperands::GemmOperands(int64_t m, int64_t n, int64_t k, int sets, uint64_t seed) : m_(m), n_(n), k_(k) {
  assert(m >= 1 && n >= 1 && k >= 1 && sets >= 1);
  const int64_t a_floats = RoundUp(m * k, kAlignFloats);
  const int64_t b_floats = RoundUp(k * n, kAlignFloats);
  const int64_t c_floats = RoundUp(m * n, kAlignFloats);
  const int64_t total = a_floats + b_floats + c_floats;
  sets_.resize(static_cast<size_t>(sets));
  for (int s = 0; s < sets; ++s) {
    Set& set = sets_[static_cast<size_t>(s)];
    float* p = static_cast<float*>(std::aligned_alloc(64, static_cast<size_t>(total) * sizeof(float)));
    assert(p != nullptr && "out of memory allocating benchmark operands");
    set.storage.reset(p);
    set.a = p;
    set.b = p + a_floats;
    set.c = p + a_floats + b_floats;
    // Distinct streams per set and operand: seed mixed with (set, operand).
    FillUniform(set.a, m * k, seed * 0x100000001B3ull + static_cast<uint64_t>(2 * s));
    FillUniform(set.b, k * n, seed * 0x100000001B3ull + static_cast<uint64_t>(2 * s + 1));
    PoisonC(s);
  }
}

gemm::SgemmArgs GemmOperands::Args(int set) const {
  assert(set >= 0 && set < sets());
  const Set& s = sets_[static_cast<size_t>(set)];
  gemm::SgemmArgs args;
  args.m = m_;
  args.n = n_;
  args.k = k_;
  args.alpha = 1.0f;
  args.a = s.a;
  args.lda = k_;
  args.b = s.b;
  args.ldb = n_;
  args.beta = 0.0f;
  args.c = s.c;
  args.ldc = n_;
  return args;
}

void GemmOperands::PoisonC(int set) {
  assert(set >= 0 && set < sets());
  float* c = sets_[static_cast<size_t>(set)].c;
  const float nan = std::numeric_limits<float>::quiet_NaN();
  for (int64_t i = 0; i < m_ * n_; ++i) c[i] = nan;
}

}  // namespace tv::bench
