#include "stored_matrix.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstring>
#include <limits>

namespace tv::test {
namespace {
constexpr uint32_t kSentinelBits = 0x7FC0DEADu;
}  // namespace

float SentinelNaN() { return std::bit_cast<float>(kSentinelBits); }
bool IsSentinel(float x) { return std::bit_cast<uint32_t>(x) == kSentinelBits; }

StoredMatrix::StoredMatrix(gemm::Layout layout, int64_t rows, int64_t cols, int64_t ld)
    : layout_(layout), rows_(rows), cols_(cols), ld_(ld) {
  assert(rows >= 0 && cols >= 0);
  assert(ld >= std::max<int64_t>(1, LineLength()));
  buffer_.assign(static_cast<size_t>(2 * kGuard + Lines() * ld_), SentinelNaN());
}

int64_t StoredMatrix::MinLd(gemm::Layout layout, int64_t rows, int64_t cols) {
  return std::max<int64_t>(1, layout == gemm::Layout::kRowMajor ? cols : rows);
}

int64_t StoredMatrix::Lines() const { return layout_ == gemm::Layout::kRowMajor ? rows_ : cols_; }
int64_t StoredMatrix::LineLength() const { return layout_ == gemm::Layout::kRowMajor ? cols_ : rows_; }

int64_t StoredMatrix::Offset(int64_t i, int64_t j) const {
  assert(i >= 0 && i < rows_ && j >= 0 && j < cols_);
  return layout_ == gemm::Layout::kRowMajor ? i * ld_ + j : j * ld_ + i;
}

void StoredMatrix::FillRandom(std::mt19937_64& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  for (int64_t i = 0; i < rows_; ++i)
    for (int64_t j = 0; j < cols_; ++j) at(i, j) = dist(rng);
}

void StoredMatrix::FillNaN() {
  for (int64_t i = 0; i < rows_; ++i)
    for (int64_t j = 0; j < cols_; ++j) at(i, j) = std::numeric_limits<float>::quiet_NaN();
}

bool StoredMatrix::BitEqual(const std::vector<float>& snapshot) const {
  return snapshot.size() == buffer_.size() &&
         std::memcmp(snapshot.data(), buffer_.data(), buffer_.size() * sizeof(float)) == 0;
}

bool StoredMatrix::PaddingIntact(std::string* where) const {
  const int64_t total = static_cast<int64_t>(buffer_.size());
  for (int64_t idx = 0; idx < total; ++idx) {
    const int64_t rel = idx - kGuard;
    const bool in_matrix = rel >= 0 && rel < Lines() * ld_ && rel % ld_ < LineLength();
    if (in_matrix || IsSentinel(buffer_[idx])) continue;
    if (rel < 0) {
      *where = "front guard, " + std::to_string(-rel) + " floats before the first element";
    } else if (rel >= Lines() * ld_) {
      *where = "back guard, " + std::to_string(rel - Lines() * ld_) + " floats past the last line";
    } else {
      *where = "padding of line " + std::to_string(rel / ld_) + " at offset " + std::to_string(rel % ld_) +
               " (line length " + std::to_string(LineLength()) + ", ld " + std::to_string(ld_) + ")";
    }
    *where += ", now holds " + std::to_string(buffer_[idx]);
    return false;
  }
  return true;
}

}  // namespace tv::test
