// An operand stored the way cblas sees it, with tripwires around it.
//
// A rows x cols matrix in `layout` with leading dimension ld lives in a buffer
//   [front guard | lines * ld | back guard],  lines = rows (row-major) or cols.
// The padding of each line (ld - line length elements) and both guards hold a
// NaN sentinel with its own bit pattern: a GEMM that reads padding puts NaN into
// its result, and one that writes there changes the bit pattern.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gemm/sgemm_args.h"

namespace tv::test {

// The sentinel: a quiet NaN no arithmetic produces (payload 0xDEAD).
float SentinelNaN();
bool IsSentinel(float x);  // bit-exact

class StoredMatrix {
 public:
  // REQUIRES: rows, cols >= 0; ld >= max(1, line length), line length = cols
  // (row-major) or rows (col-major).
  StoredMatrix(gemm::Layout layout, int64_t rows, int64_t cols, int64_t ld);

  // The smallest legal ld plus `pad`: max(1, line length) + pad.
  static int64_t MinLd(gemm::Layout layout, int64_t rows, int64_t cols);

  int64_t rows() const { return rows_; }
  int64_t cols() const { return cols_; }
  int64_t ld() const { return ld_; }
  float* data() { return buffer_.data() + kGuard; }
  const float* data() const { return buffer_.data() + kGuard; }
  float& at(int64_t i, int64_t j) { return data()[Offset(i, j)]; }
  float at(int64_t i, int64_t j) const { return data()[Offset(i, j)]; }

  // Elements uniform in [-1, 1) (never all zeros); padding untouched.
  void FillRandom(std::mt19937_64& rng);
  // Elements = a quiet NaN that is not the sentinel (C when beta == 0).
  void FillNaN();

  // The whole buffer, bit-exact: for "the GEMM did not touch this operand".
  const std::vector<float>& buffer() const { return buffer_; }
  bool BitEqual(const std::vector<float>& snapshot) const;

  // True when every padding and guard element still holds the sentinel; else
  // false and *where says the first one that does not.
  bool PaddingIntact(std::string* where) const;

 private:
  static constexpr int64_t kGuard = 64;  // floats before and after
  int64_t Offset(int64_t i, int64_t j) const;
  int64_t Lines() const;
  int64_t LineLength() const;

  gemm::Layout layout_;
  int64_t rows_;
  int64_t cols_;
  int64_t ld_;
  std::vector<float> buffer_;
};

}  // namespace tv::test
