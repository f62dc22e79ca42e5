// The element-wise and row-wise operations of a Llama-architecture decoder,
// as plain loops (the matrix products go through a MatmulEngine). Row-major
// matrices throughout; `ld` is the distance between rows in floats.
#pragma once

#include <cstdint>
#include <vector>

#include "infer/model_config.h"

namespace tv::infer {

// out[r, :] = x[r, :] / sqrt(mean(x[r, :]^2) + eps) * weight[:], for r < rows.
// x and out: rows x dim (may alias).
void RmsNorm(const float* x, const float* weight, int64_t rows, int64_t dim, double eps, float* out);

// cos and sin of each position's rotation angles: position p, pair i < head_dim / 2
// at [p * head_dim / 2 + i]. Hugging Face's convention: frequency
// theta^(-2i / head_dim), Llama 3 scaling applied when the config has it.
struct RopeTable {
  int64_t half = 0;  // head_dim / 2
  std::vector<float> cos;
  std::vector<float> sin;
};
RopeTable MakeRopeTable(const ModelConfig& config, int64_t positions);

// Rotates each head of rows [0, rows) of x in place (Hugging Face's
// rotate_half: element i pairs with i + head_dim / 2). Row r is at position
// first_position + r; its heads are at x[r * ld + h * head_dim], h < heads.
// REQUIRES: first_position + rows <= the table's positions.
void ApplyRope(float* x, int64_t rows, int64_t ld, int64_t heads, int64_t first_position,
               const RopeTable& table);

// Softmax of each row r of s (rows x cols, ld) over its first visible(r) =
// min(cols, first_visible + r) columns; the columns after those are set to 0.
// first_visible >= cols means every column is visible for every row.
void SoftmaxRows(float* s, int64_t rows, int64_t cols, int64_t ld, int64_t first_visible);

// gate[i] = silu(gate[i]) * up[i] = gate / (1 + exp(-gate)) * up, for i < count.
void SwiGlu(float* gate, const float* up, int64_t count);

// exp(x) for x <= 88, relative error < 2e-7 (Cephes' polynomial); x < -87
// gives ~0. SoftmaxRows and SwiGlu run the same polynomial 16 lanes at a time
// where the CPU has AVX-512 (ops_avx512.cc), else this one.
float FastExp(float x);

// Index of the largest value (the first on ties). REQUIRES: n >= 1.
int64_t ArgMax(const float* values, int64_t n);

}  // namespace tv::infer
