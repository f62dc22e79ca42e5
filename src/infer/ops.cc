#include "infer/ops.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <numbers>

#include "gemm/cpu/cpu_gemm.h"
#include "infer/ops_kernels.h"

namespace tv::infer {
namespace {

// The AVX-512 kernels where the CPU and OS have them. Softmax and SwiGLU run
// FastExp on every score and every MLP activation of a decode token: scalar,
// a smollm2-135m decode token spent ~16 us per layer in softmax.
bool UseAvx512() { return gemm::BestIsa() == gemm::Isa::kAvx512; }

}  // namespace

float FastExp(float x) {
  x = std::clamp(x, -87.0f, 88.0f);
  // n = round(x / ln 2) by the 1.5 * 2^23 trick (no rounding instruction needed).
  constexpr float kRound = 12582912.0f;
  const float n = (x * 1.44269504088896341f + kRound) - kRound;
  // r = x - n ln 2 in two parts (Cody-Waite), |r| <= ln 2 / 2.
  float r = x - n * 0.693359375f;
  r = r + n * 2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float y = p * r * r + r + 1.0f;
  const int32_t bits = (static_cast<int32_t>(n) + 127) << 23;  // 2^n, n in [-126, 127]
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return y * scale;
}

void RmsNorm(const float* x, const float* weight, int64_t rows, int64_t dim, double eps, float* out) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* xr = x + r * dim;
    float* o = out + r * dim;
    float sum = 0;
    for (int64_t i = 0; i < dim; ++i) sum += xr[i] * xr[i];
    const float inv =
        static_cast<float>(1.0 / std::sqrt(static_cast<double>(sum) / static_cast<double>(dim) + eps));
    for (int64_t i = 0; i < dim; ++i) o[i] = xr[i] * inv * weight[i];
  }
}

RopeTable MakeRopeTable(const ModelConfig& c, int64_t positions) {
  RopeTable t;
  t.half = c.head_dim / 2;
  std::vector<double> inv_freq(static_cast<size_t>(t.half));
  for (int64_t i = 0; i < t.half; ++i) {
    double f = std::pow(c.rope_theta, -2.0 * static_cast<double>(i) / static_cast<double>(c.head_dim));
    if (c.rope_scaling.enabled) {  // transformers' _compute_llama3_parameters
      const RopeScaling& s = c.rope_scaling;
      const double wavelen = 2 * std::numbers::pi / f;
      const double low_wavelen = s.original_max_position_embeddings / s.low_freq_factor;
      const double high_wavelen = s.original_max_position_embeddings / s.high_freq_factor;
      if (wavelen > low_wavelen) {
        f /= s.factor;
      } else if (wavelen >= high_wavelen) {
        const double smooth = (s.original_max_position_embeddings / wavelen - s.low_freq_factor) /
                              (s.high_freq_factor - s.low_freq_factor);
        f = (1 - smooth) * f / s.factor + smooth * f;
      }
    }
    inv_freq[static_cast<size_t>(i)] = f;
  }
  t.cos.resize(static_cast<size_t>(positions * t.half));
  t.sin.resize(t.cos.size());
  for (int64_t p = 0; p < positions; ++p)
    for (int64_t i = 0; i < t.half; ++i) {
      const double angle = static_cast<double>(p) * inv_freq[static_cast<size_t>(i)];
      t.cos[static_cast<size_t>(p * t.half + i)] = static_cast<float>(std::cos(angle));
      t.sin[static_cast<size_t>(p * t.half + i)] = static_cast<float>(std::sin(angle));
    }
  return t;
}

void ApplyRope(float* x, int64_t rows, int64_t ld, int64_t heads, int64_t first_position,
               const RopeTable& t) {
  const int64_t half = t.half;
  for (int64_t r = 0; r < rows; ++r) {
    const float* cs = t.cos.data() + (first_position + r) * half;
    const float* sn = t.sin.data() + (first_position + r) * half;
    assert(static_cast<size_t>((first_position + r + 1) * half) <= t.cos.size());
    for (int64_t h = 0; h < heads; ++h) {
      float* a = x + r * ld + h * 2 * half;
      float* b = a + half;
      for (int64_t i = 0; i < half; ++i) {
        const float x0 = a[i];
        const float x1 = b[i];
        a[i] = x0 * cs[i] - x1 * sn[i];
        b[i] = x1 * cs[i] + x0 * sn[i];
      }
    }
  }
}

namespace {

// One softmax row over its first `visible` columns.
void SoftmaxRow(float* row, int64_t visible) {
  if (UseAvx512()) {
    const float sum = ops_avx512::ExpShiftedSum(row, visible, ops_avx512::Max(row, visible));
    ops_avx512::Scale(row, visible, 1.0f / sum);
    return;
  }
  float max = row[0];
  for (int64_t j = 1; j < visible; ++j) max = std::max(max, row[j]);
  for (int64_t j = 0; j < visible; ++j) row[j] = FastExp(row[j] - max);
  float sum = 0;
  for (int64_t j = 0; j < visible; ++j) sum += row[j];
  const float inv = 1.0f / sum;
  for (int64_t j = 0; j < visible; ++j) row[j] *= inv;
}

}  // namespace

void SoftmaxRows(float* s, int64_t rows, int64_t cols, int64_t ld, int64_t first_visible) {
  for (int64_t r = 0; r < rows; ++r) {
    float* row = s + r * ld;
    const int64_t visible = std::min(cols, first_visible + r);
    SoftmaxRow(row, visible);
    std::fill(row + visible, row + cols, 0.0f);
  }
}

void SwiGlu(float* gate, const float* up, int64_t count) {
  if (UseAvx512()) return ops_avx512::SwiGlu(gate, up, count);
  for (int64_t i = 0; i < count; ++i) gate[i] = gate[i] / (1.0f + FastExp(-gate[i])) * up[i];
}

int64_t ArgMax(const float* values, int64_t n) {
  assert(n >= 1);
  int64_t best = 0;
  for (int64_t i = 1; i < n; ++i)
    if (values[i] > values[best]) best = i;
  return best;
}

}  // namespace tv::infer
