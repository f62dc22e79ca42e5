// The fp32 weights of a Llama-architecture decoder, each projection stored as
// the GEMM's B operand (see WeightLayout), from a .safetensors file or
// deterministic random values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/aligned_allocator.h"
#include "core/status.h"
#include "infer/model_config.h"

namespace tv::infer {

// How a projection y = x W^T (W: out x in, Hugging Face's [out, in]) is stored.
//   kOutByIn: W itself, row-major [out, in]; the GEMM reads it as op(B) = W^T
//             (trans_b, ldb = in): for M = 1 the small-M path's dot-product form.
//   kInByOut: W^T, row-major [in, out] (no transpose, ldb = out): the small-M
//             path's axpy form, B rows contiguous for packing.
// Every engine gets the same layout; the runtime picks kDefaultWeightLayout,
// [in, out]: measured 11-25% faster for prefill and a tie for decode on this
// project's 2-core machine (docs/GENERATE.md).
enum class WeightLayout : uint8_t { kOutByIn, kInByOut };
inline constexpr WeightLayout kDefaultWeightLayout = WeightLayout::kInByOut;
const char* WeightLayoutName(WeightLayout layout);

// The values of one tensor, cache-line aligned (2 MiB and huge pages when
// large; core/aligned_allocator.h): decode streams every weight from DRAM once
// per token, and vector loads that span two lines made it about 12% slower.
using WeightArray = std::vector<float, AlignedAllocator<float>>;

// One projection: `in` -> `out` features, plus an optional bias (out).
struct Linear {
  int64_t in = 0;
  int64_t out = 0;
  WeightArray w;  // in * out values in the model's WeightLayout

  // Element (o, i) of W (out x in) wherever the layout keeps it.
  float At(WeightLayout layout, int64_t o, int64_t i) const {
    return w[static_cast<size_t>(layout == WeightLayout::kOutByIn ? o * in + i : i * out + o)];
  }
  WeightArray bias;  // empty or out values
};

// q, k and v are one product (out = q_dim + 2 kv_dim: q's rows, then k's, then
// v's), and so are gate and up (out = 2 intermediate: gate's, then up's): fewer,
// wider products for the GEMM, fewer calls per decoded token.
struct LayerWeights {
  WeightArray input_norm;  // hidden: RMSNorm before attention
  WeightArray post_norm;   // hidden: RMSNorm before the MLP
  Linear qkv, o, gate_up, down;
};

struct ModelWeights {
  ModelConfig config;
  WeightLayout layout = WeightLayout::kOutByIn;
  // The embedding table as the LM head's B operand: kOutByIn [vocab, hidden]
  // (token t's row at t * hidden), kInByOut [hidden, vocab] (column t).
  WeightArray embedding;
  WeightArray final_norm;  // hidden
  Linear lm_head;          // empty when tie_word_embeddings (embedding is the head)
  std::vector<LayerWeights> layers;
};

// Bytes the weights of `config` take in memory (fp32).
int64_t WeightBytes(const ModelConfig& config);

// Deterministic random weights: projections uniform in +-1/sqrt(in) (so
// activations stay O(1)), norms near 1, biases small. Same seed, same weights.
ModelWeights RandomWeights(const ModelConfig& config, WeightLayout layout, uint64_t seed);

// Loads every tensor the config needs from a .safetensors file (Hugging Face
// names: model.embed_tokens.weight, model.layers.N.self_attn.q_proj.weight,
// ..., model.norm.weight, lm_head.weight). Every tensor's presence, dtype and
// shape is checked before anything is allocated; an error names the tensor.
Result<ModelWeights> LoadSafetensorsWeights(const ModelConfig& config, WeightLayout layout,
                                            const std::string& path);

}  // namespace tv::infer
