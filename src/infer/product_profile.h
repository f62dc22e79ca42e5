// Where a generation's time goes: every matrix product of the forward pass
// timed by its role in the model and by phase (prefill: the prompt's chunk;
// decode: one token through the KV cache), and each whole forward pass, so the
// time outside the products (the embedding lookup, norms, biases, rotary
// embeddings, softmax, SwiGLU, the KV cache copy) is their difference.
// Filled by Transformer (set_profile) with the steady clock; `tilevolve
// generate --profile` prints it (profile_report.h).
#pragma once

#include <cstdint>

#include "gemm/sgemm_args.h"

namespace tv::infer {

enum class ProductRole : uint8_t {
  kQkv,              // the fused q, k and v projections
  kO,                // the attention output projection
  kGateUp,           // the fused gate and up projections
  kDown,             // the MLP down projection
  kAttentionScores,  // Q K^T, per head (per KV head for one token)
  kAttentionValues,  // P V, likewise
  kLmHead,           // the logits of the last token
};
inline constexpr int kProductRoles = 7;
// Every role, in the order a layer runs them (the LM head after the layers).
inline constexpr ProductRole kProductRolesInPassOrder[kProductRoles] = {
    ProductRole::kQkv,   ProductRole::kAttentionScores, ProductRole::kAttentionValues,
    ProductRole::kO,     ProductRole::kGateUp,          ProductRole::kDown,
    ProductRole::kLmHead};
const char* ProductRoleName(ProductRole role);

enum class Phase : uint8_t { kPrefill, kDecode };
inline constexpr int kPhases = 2;

struct ProductTotals {
  int64_t calls = 0;
  double seconds = 0;
  double flops = 0;    // 2 m n k, summed over the calls
  double b_bytes = 0;  // k n floats of B, summed: the weights (or the KV cache) each call reads
};

class ProductProfile {
 public:
  void AddProduct(Phase phase, ProductRole role, const gemm::SgemmArgs& args, double seconds);
  void AddForward(Phase phase, double seconds);

  const ProductTotals& product(Phase phase, ProductRole role) const {
    return products_[static_cast<int>(phase)][static_cast<int>(role)];
  }
  double forward_seconds(Phase phase) const { return forward_s_[static_cast<int>(phase)]; }
  int64_t forwards(Phase phase) const { return forwards_[static_cast<int>(phase)]; }
  // forward_seconds less every product's seconds of the phase (>= 0).
  double OutsideProductsSeconds(Phase phase) const;

 private:
  ProductTotals products_[kPhases][kProductRoles] = {};
  double forward_s_[kPhases] = {};
  int64_t forwards_[kPhases] = {};
};

}  // namespace tv::infer
