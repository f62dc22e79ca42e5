// Test support: a tiny model config, writing .safetensors files, and a
// double-precision reference forward pass (no cache, no GEMM).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "infer/model_config.h"
#include "infer/weights.h"

namespace tv::infer::testing {

// hidden 64, 2 layers, 4 query heads sharing 2 KV heads (head_dim 16),
// intermediate 96, vocab 97, 64 positions; untied LM head unless `tied`.
ModelConfig TinyConfig(bool attention_bias, bool tied);

// A config.json text for TinyConfig(false, true).
std::string TinyConfigJson();

struct RawTensor {
  std::string name;
  std::string dtype;  // "F32", "BF16", "F16" or anything else (raw bytes written as given)
  std::vector<int64_t> shape;
  std::string bytes;  // little-endian data
};

// The file's bytes: 8-byte header length, JSON header, data.
std::string SafetensorsBytes(const std::vector<RawTensor>& tensors);

// Every tensor of `weights` (WeightLayout::kOutByIn) as Hugging Face names it,
// converted to `dtype` ("F32", "BF16" or "F16"; BF16 and F16 truncate).
std::vector<RawTensor> ModelTensors(const ModelWeights& weights, const std::string& dtype);

void WriteFile(const std::string& path, const std::string& bytes);

// A fresh empty directory under the test temp dir.
std::string TempDir(const std::string& name);

// Logits (vocab) of the last of `tokens` by the textbook definition, in double.
// REQUIRES: weights.layout == kOutByIn.
std::vector<double> ReferenceLogits(const ModelWeights& weights, const std::vector<int32_t>& tokens);

}  // namespace tv::infer::testing
