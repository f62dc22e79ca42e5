// The forward pass of a Llama-architecture decoder with a KV cache, every
// matrix product (projections, LM head, and attention's Q K^T and P V per
// head) through one MatmulEngine; norms, rotary embeddings, softmax and SwiGLU
// are plain loops (ops.h), the same code for every engine.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/aligned_allocator.h"
#include "core/status.h"
#include "infer/matmul_engine.h"
#include "infer/ops.h"
#include "infer/product_profile.h"
#include "infer/weights.h"

namespace tv::infer {

// Bytes a Transformer for `capacity` positions and chunks of up to
// `max_chunk` tokens allocates besides the weights (KV cache, activations,
// attention scores, rotary table, logits).
int64_t RuntimeBytes(const ModelConfig& config, int64_t capacity, int64_t max_chunk);

// The (m, n, k) of one product of a forward pass over `rows` tokens: the
// attention roles over `keys` positions (one per KV head for one token, with
// its query heads as the rows; one per head for a chunk); the LM head runs on
// the last token only, whatever `rows`. Kept beside Forward: the two must agree.
MatmulShape RoleShape(const ModelConfig& config, ProductRole role, int64_t rows, int64_t keys);

// Every (m, n, k) product that prefilling `prompt_tokens` and then decoding
// `new_tokens` one by one runs, so an evolved heuristic can be asked for all
// of them before anything is timed.
std::vector<MatmulShape> ProductShapes(const ModelConfig& config, int64_t prompt_tokens, int64_t new_tokens);

class Transformer {
 public:
  // REQUIRES: capacity >= max_chunk >= 1. The weights and engine outlive this.
  Transformer(const ModelWeights& weights, MatmulEngine& engine, int64_t capacity, int64_t max_chunk);

  // Runs tokens[0, M) at positions [length(), length() + M), appends their
  // keys and values to the cache and writes the logits of the last token
  // (vocab_size floats) to `logits`. Errors: a token id outside the vocabulary,
  // M outside [1, max_chunk], the cache full, an engine failure.
  Status Forward(std::span<const int32_t> tokens, std::span<float> logits);

  void Reset() { length_ = 0; }  // forget the cache
  // When set (nullptr: off), Forward adds the time of each product and of each
  // whole pass to `profile`, which outlives its use here.
  void set_profile(ProductProfile* profile) { profile_ = profile; }
  const ModelConfig& config() const { return c_; }
  int64_t length() const { return length_; }

 private:
  Status ForwardPass(std::span<const int32_t> tokens, std::span<float> logits);
  // One product through the engine, timed into profile_ when set.
  Status RunProduct(const gemm::SgemmArgs& args, ProductRole role);
  // y (rows x out, ldc = out) = beta * y + x (rows x in, lda) W^T, W (out x in) in the weights' layout.
  Status Product(const float* x, int64_t lda, int64_t rows, const float* w, int64_t in, int64_t out,
                 float beta, float* y, ProductRole role);
  // Product with a Linear's weights, plus its bias when it has one.
  Status Project(const float* x, int64_t lda, int64_t rows, const Linear& linear, float beta, float* y,
                 ProductRole role);
  Status Attention(int64_t layer, int64_t rows, int64_t first_position);
  float* KeyCache(int64_t layer, int64_t kv_head);
  float* ValueCache(int64_t layer, int64_t kv_head);

  const ModelWeights& w_;
  const ModelConfig& c_;
  MatmulEngine& engine_;
  int64_t capacity_;
  int64_t max_chunk_;
  int64_t length_ = 0;
  ProductProfile* profile_ = nullptr;
  Phase phase_ = Phase::kPrefill;  // of the pass running
  RopeTable rope_;
  // Cache-line aligned like the weights (core/aligned_allocator.h): rows of
  // hidden_size floats then start on a line, so no 64-byte load or store of a
  // kernel spans two lines, and two threads that split a product's columns at
  // a line boundary never write the same line.
  using Activations = std::vector<float, AlignedAllocator<float>>;
  // KV cache: [layer][kv_head][position][head_dim].
  Activations key_cache_, value_cache_;
  // Activations of one chunk (rows <= max_chunk).
  // qkv_: rows x (q_dim + 2 kv_dim); gate_up_: rows x 2 intermediate.
  Activations x_, normed_, qkv_, attn_, gate_up_, scores_;
};

}  // namespace tv::infer
