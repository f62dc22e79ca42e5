// Every microkernel of every ISA this CPU runs, against a naive double loop:
// each m <= MR, edge n, kc in {0, 1, odd, > 16}, packed and in-place operands,
// beta in {0 (C = NaN), 1, 0.5}. The block outside m x n must stay untouched.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "gemm/cpu/kernel_table.h"
#include "test_util.h"

namespace tv::gemm::cpu {
namespace {

using testing::AvailableIsas;
using testing::Close;
using testing::kNaN;
using testing::RandomFloats;

struct Layouts {
  int64_t a_rs;
  int64_t a_cs;
  int64_t b_ks;
};

void CheckOne(const MicrokernelEntry& e, int m, int n, int64_t kc, bool packed_a, bool packed_b, float alpha,
              float beta, uint32_t seed) {
  SCOPED_TRACE("kernel " + std::to_string(e.mr) + "x" + std::to_string(e.nr) + " m=" + std::to_string(m) +
               " n=" + std::to_string(n) + " kc=" + std::to_string(kc) +
               " packed_a=" + std::to_string(packed_a) + " packed_b=" + std::to_string(packed_b) +
               " beta=" + std::to_string(beta));
  // Packed A: (kc x MR) panel, rows >= m hold NaN (the kernel must not read them
  // into rows < m). In place: row-major m x kc with lda = kc + 3, exactly m rows.
  const int64_t kc_alloc = std::max<int64_t>(kc, 1);
  Layouts l{};
  std::vector<float> a;
  if (packed_a) {
    a = RandomFloats(static_cast<size_t>(e.mr * kc_alloc), seed);
    for (int64_t p = 0; p < kc; ++p) std::fill(a.begin() + p * e.mr + m, a.begin() + (p + 1) * e.mr, kNaN);
    l.a_rs = 1;
    l.a_cs = e.mr;
  } else {
    const int64_t lda = kc + 3;
    a = RandomFloats(static_cast<size_t>(m * lda), seed);
    l.a_rs = lda;
    l.a_cs = 1;
  }
  // Packed B: kc x NR panel. In place: kc x n with ldb = n + 5, exactly that much memory.
  const int64_t ldb = packed_b ? e.nr : n + 5;
  std::vector<float> b = RandomFloats(static_cast<size_t>(kc_alloc * ldb), seed + 1);
  l.b_ks = ldb;

  const int64_t ldc = e.nr + 7;
  const int rows_c = e.mr + 1;
  std::vector<float> c = RandomFloats(static_cast<size_t>(rows_c * ldc), seed + 2);
  for (int i = 0; i < m; ++i) {
    for (int j = 0; j < n; ++j) {
      if (beta == 0.0f) c[i * ldc + j] = kNaN;
    }
  }
  const std::vector<float> c0 = c;

  MicroTile t{};
  t.kc = kc;
  t.alpha = alpha;
  t.a = a.data();
  t.a_rs = l.a_rs;
  t.a_cs = l.a_cs;
  t.b = b.data();
  t.b_ks = l.b_ks;
  t.beta = beta;
  t.c = c.data();
  t.ldc = ldc;
  t.m = m;
  t.n = n;
  e.fn(t);

  for (int i = 0; i < rows_c; ++i) {
    for (int64_t j = 0; j < ldc; ++j) {
      const float got = c[i * ldc + j];
      if (i >= m || j >= n) {
        ASSERT_EQ(std::memcmp(&got, &c0[i * ldc + j], sizeof(float)), 0)
            << "touched C outside at " << i << "," << j;
        continue;
      }
      double sum = 0, mag = 0;
      for (int64_t p = 0; p < kc; ++p) {
        const double term = static_cast<double>(a[i * l.a_rs + p * l.a_cs]) * b[p * l.b_ks + j];
        sum += term;
        mag += std::fabs(term);
      }
      double want = alpha * sum;
      if (beta != 0.0f) {
        want += static_cast<double>(beta) * c0[i * ldc + j];
        mag += std::fabs(c0[i * ldc + j]);
      }
      ASSERT_TRUE(Close(got, want, mag, kc)) << "C(" << i << "," << j << ") = " << got << ", want " << want;
    }
  }
}

class MicrokernelTest : public ::testing::TestWithParam<Isa> {};

TEST_P(MicrokernelTest, MatchesNaiveLoopOnEveryEdge) {
  const KernelTable& table = KernelTableFor(GetParam());
  uint32_t seed = 1;
  for (int s = 0; s < table.kernel_count; ++s) {
    const MicrokernelEntry& e = table.kernels[s];
    for (int m = 1; m <= e.mr; ++m) {
      for (int n : {1, e.nr / 2 + 1, e.nr - 1, e.nr}) {
        if (n < 1) continue;
        for (int64_t kc : {0, 1, 7, 33}) {
          for (bool packed_a : {true, false}) {
            for (bool packed_b : {true, false}) {
              for (float beta : {0.0f, 1.0f, 0.5f}) {
                CheckOne(e, m, n, kc, packed_a, packed_b, beta == 1.0f ? -0.5f : 1.0f, beta, seed++);
                if (::testing::Test::HasFatalFailure()) return;
              }
            }
          }
        }
      }
    }
  }
}

// A prefetch cursor is a hint: with one, every kernel computes the same C, and
// the cursor moves forward by the lines it requested, never more than its share
// per call or than the block has left, with (row, line) kept consistent.
TEST_P(MicrokernelTest, PrefetchCursorLeavesTheResultAndAdvancesConsistently) {
  const KernelTable& table = KernelTableFor(GetParam());
  const MicrokernelEntry& e = table.kernels[0];
  constexpr int64_t kKc = 37;
  const std::vector<float> a = RandomFloats(static_cast<size_t>(e.mr * kKc), 11);
  const std::vector<float> b = RandomFloats(static_cast<size_t>(e.nr * kKc), 12);
  const std::vector<float> next_block(4096,
                                      1.0f);  // what the cursor walks: 8 rows of 8 lines, stride 512 floats

  for (int64_t lines_per_call : {0, 1, 5, 100}) {
    SCOPED_TRACE("lines_per_call=" + std::to_string(lines_per_call));
    PrefetchCursor cursor{};
    cursor.row = reinterpret_cast<const char*>(next_block.data());
    cursor.row_bytes = 512 * sizeof(float);
    cursor.lines_per_row = 8;
    cursor.lines_left = 8 * 8;
    cursor.lines_per_call = lines_per_call;

    std::vector<float> c_without(static_cast<size_t>(e.mr * e.nr), 0.0f);
    std::vector<float> c_with = c_without;
    MicroTile t{};
    t.kc = kKc;
    t.alpha = 1.0f;
    t.a = a.data();
    t.a_rs = 1;
    t.a_cs = e.mr;
    t.b = b.data();
    t.b_ks = e.nr;
    t.beta = 0.0f;
    t.ldc = e.nr;
    t.m = e.mr;
    t.n = e.nr;
    t.c = c_without.data();
    e.fn(t);

    int64_t consumed = 0;
    for (int call = 0; call < 20; ++call) {
      const int64_t left_before = cursor.lines_left;
      t.c = c_with.data();
      t.prefetch = &cursor;
      e.fn(t);
      ASSERT_EQ(std::memcmp(c_with.data(), c_without.data(), c_with.size() * sizeof(float)), 0);
      const int64_t step = left_before - cursor.lines_left;
      ASSERT_GE(step, 0);
      ASSERT_LE(step, std::min(lines_per_call, left_before));
      consumed += step;
      const char* want_row =
          reinterpret_cast<const char*>(next_block.data()) + consumed / 8 * cursor.row_bytes;
      ASSERT_EQ(cursor.row, want_row);
      ASSERT_EQ(cursor.line, consumed % 8);
    }
    if (lines_per_call == 0) {
      EXPECT_EQ(consumed, 0);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllIsas, MicrokernelTest, ::testing::ValuesIn(AvailableIsas()),
                         testing::IsaTestName);

}  // namespace
}  // namespace tv::gemm::cpu
