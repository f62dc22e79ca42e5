#include "infer/transformer.h"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <set>
#include <string>

namespace tv::infer {
namespace {

gemm::Transpose WeightTranspose(WeightLayout layout) {
  return layout == WeightLayout::kOutByIn ? gemm::Transpose::kYes : gemm::Transpose::kNo;
}

// Scores of one attention product: a whole chunk for one head, or for decode
// (one row) all the query heads that share a KV head.
int64_t ScoreRows(const ModelConfig& c, int64_t rows) {
  return rows == 1 ? c.num_attention_heads / c.num_key_value_heads : rows;
}

}  // namespace

int64_t RuntimeBytes(const ModelConfig& c, int64_t capacity, int64_t max_chunk) {
  const int64_t kv = 2 * c.num_hidden_layers * c.kv_dim() * capacity;
  const int64_t activations = max_chunk * (2 * c.hidden_size + 2 * c.q_dim() + 2 * c.kv_dim() +
                                           2 * c.intermediate_size);  // x, normed, qkv, attn, gate_up
  const int64_t scores = std::max(max_chunk, ScoreRows(c, 1)) * capacity;
  const int64_t rope = capacity * c.head_dim;
  return (kv + activations + scores + rope + c.vocab_size) * static_cast<int64_t>(sizeof(float));
}

MatmulShape RoleShape(const ModelConfig& c, ProductRole role, int64_t rows, int64_t keys) {
  switch (role) {
    case ProductRole::kQkv:
      return {rows, c.q_dim() + 2 * c.kv_dim(), c.hidden_size};
    case ProductRole::kO:
      return {rows, c.hidden_size, c.q_dim()};
    case ProductRole::kGateUp:
      return {rows, 2 * c.intermediate_size, c.hidden_size};
    case ProductRole::kDown:
      return {rows, c.hidden_size, c.intermediate_size};
    case ProductRole::kAttentionScores:  // scores = Q K^T
      return {ScoreRows(c, rows), keys, c.head_dim};
    case ProductRole::kAttentionValues:  // out = P V
      return {ScoreRows(c, rows), c.head_dim, keys};
    case ProductRole::kLmHead:
      return {1, c.vocab_size, c.hidden_size};
  }
  return {0, 0, 0};
}

std::vector<MatmulShape> ProductShapes(const ModelConfig& c, int64_t prompt_tokens, int64_t new_tokens) {
  std::set<MatmulShape> shapes;
  auto pass = [&](int64_t rows, int64_t keys) {
    for (ProductRole role : kProductRolesInPassOrder) shapes.insert(RoleShape(c, role, rows, keys));
  };
  pass(prompt_tokens, prompt_tokens);
  for (int64_t t = 0; t < new_tokens; ++t) pass(1, prompt_tokens + t + 1);
  return {shapes.begin(), shapes.end()};
}

Transformer::Transformer(const ModelWeights& weights, MatmulEngine& engine, int64_t capacity,
                         int64_t max_chunk)
    : w_(weights),
      c_(weights.config),
      engine_(engine),
      capacity_(capacity),
      max_chunk_(max_chunk),
      rope_(MakeRopeTable(c_, capacity)) {
  assert(capacity >= max_chunk && max_chunk >= 1);
  const auto size = [](int64_t n) { return static_cast<size_t>(n); };
  key_cache_.resize(size(c_.num_hidden_layers * c_.kv_dim() * capacity));
  value_cache_.resize(key_cache_.size());
  x_.resize(size(max_chunk * c_.hidden_size));
  normed_.resize(x_.size());
  qkv_.resize(size(max_chunk * (c_.q_dim() + 2 * c_.kv_dim())));
  attn_.resize(size(max_chunk * c_.q_dim()));
  gate_up_.resize(size(max_chunk * 2 * c_.intermediate_size));
  scores_.resize(size(std::max(max_chunk, ScoreRows(c_, 1)) * capacity));
}

float* Transformer::KeyCache(int64_t layer, int64_t kv_head) {
  return key_cache_.data() + ((layer * c_.num_key_value_heads + kv_head) * capacity_) * c_.head_dim;
}

float* Transformer::ValueCache(int64_t layer, int64_t kv_head) {
  return value_cache_.data() + ((layer * c_.num_key_value_heads + kv_head) * capacity_) * c_.head_dim;
}

Status Transformer::RunProduct(const gemm::SgemmArgs& args, ProductRole role) {
  if (profile_ == nullptr) return engine_.Run(args);
  const auto start = std::chrono::steady_clock::now();
  Status status = engine_.Run(args);
  profile_->AddProduct(phase_, role, args,
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return status;
}

Status Transformer::Product(const float* x, int64_t lda, int64_t rows, const float* w, int64_t in,
                            int64_t out, float beta, float* y, ProductRole role) {
  gemm::SgemmArgs args;
  args.trans_b = WeightTranspose(w_.layout);
  args.m = rows;
  args.n = out;
  args.k = in;
  args.a = x;
  args.lda = lda;
  args.b = w;
  args.ldb = w_.layout == WeightLayout::kOutByIn ? in : out;
  args.beta = beta;
  args.c = y;
  args.ldc = out;
  return RunProduct(args, role);
}

Status Transformer::Project(const float* x, int64_t lda, int64_t rows, const Linear& linear, float beta,
                            float* y, ProductRole role) {
  TV_RETURN_IF_ERROR(Product(x, lda, rows, linear.w.data(), linear.in, linear.out, beta, y, role));
  if (!linear.bias.empty())
    for (int64_t r = 0; r < rows; ++r)
      for (int64_t j = 0; j < linear.out; ++j) y[r * linear.out + j] += linear.bias[static_cast<size_t>(j)];
  return Status::Ok();
}

Status Transformer::Attention(int64_t layer, int64_t rows, int64_t first_position) {
  const int64_t d = c_.head_dim;
  const int64_t group = c_.num_attention_heads / c_.num_key_value_heads;
  const int64_t keys = first_position + rows;
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(d)));
  // One product pair per query head for a chunk; for one token, one per KV
  // head with its `group` query heads as the rows (they are adjacent in q_).
  const bool grouped = rows == 1;
  const int64_t products = grouped ? c_.num_key_value_heads : c_.num_attention_heads;
  for (int64_t p = 0; p < products; ++p) {
    const int64_t kv_head = grouped ? p : p / group;
    const int64_t first_head = grouped ? p * group : p;
    const int64_t m = ScoreRows(c_, rows);
    const int64_t qkv_ld = c_.q_dim() + 2 * c_.kv_dim();
    const int64_t q_ld = grouped ? d : qkv_ld;
    const int64_t out_ld = grouped ? d : c_.q_dim();
    gemm::SgemmArgs scores;  // (m x keys) = scale * Q (m x d) K^T
    scores.trans_b = gemm::Transpose::kYes;
    scores.m = m;
    scores.n = keys;
    scores.k = d;
    scores.alpha = scale;
    scores.a = qkv_.data() + first_head * d;
    scores.lda = q_ld;
    scores.b = KeyCache(layer, kv_head);
    scores.ldb = d;
    scores.c = scores_.data();
    scores.ldc = keys;
    TV_RETURN_IF_ERROR(RunProduct(scores, ProductRole::kAttentionScores));
    SoftmaxRows(scores_.data(), m, keys, keys, grouped ? keys : first_position + 1);
    gemm::SgemmArgs out;  // (m x d) = P (m x keys) V (keys x d)
    out.m = m;
    out.n = d;
    out.k = keys;
    out.a = scores_.data();
    out.lda = keys;
    out.b = ValueCache(layer, kv_head);
    out.ldb = d;
    out.c = attn_.data() + first_head * d;
    out.ldc = out_ld;
    TV_RETURN_IF_ERROR(RunProduct(out, ProductRole::kAttentionValues));
  }
  return Status::Ok();
}

Status Transformer::Forward(std::span<const int32_t> tokens, std::span<float> logits) {
  phase_ = tokens.size() > 1 || length_ == 0 ? Phase::kPrefill : Phase::kDecode;
  if (profile_ == nullptr) return ForwardPass(tokens, logits);
  const auto start = std::chrono::steady_clock::now();
  Status status = ForwardPass(tokens, logits);
  profile_->AddForward(phase_,
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return status;
}

Status Transformer::ForwardPass(std::span<const int32_t> tokens, std::span<float> logits) {
  const int64_t rows = static_cast<int64_t>(tokens.size());
  if (rows < 1 || rows > max_chunk_)
    return Status::InvalidArgument("a chunk of " + std::to_string(rows) + " tokens is outside [1, " +
                                   std::to_string(max_chunk_) + "]");
  if (length_ + rows > capacity_)
    return Status::InvalidArgument("the KV cache holds " + std::to_string(capacity_) + " positions; " +
                                   std::to_string(length_ + rows) + " asked");
  assert(static_cast<int64_t>(logits.size()) >= c_.vocab_size);
  const int64_t h = c_.hidden_size;
  for (int64_t r = 0; r < rows; ++r) {
    const int32_t t = tokens[static_cast<size_t>(r)];
    if (t < 0 || t >= c_.vocab_size)
      return Status::InvalidArgument("token id " + std::to_string(t) + " is outside the vocabulary [0, " +
                                     std::to_string(c_.vocab_size) + ")");
    for (int64_t i = 0; i < h; ++i)
      x_[static_cast<size_t>(r * h + i)] = w_.layout == WeightLayout::kOutByIn
                                               ? w_.embedding[static_cast<size_t>(t * h + i)]
                                               : w_.embedding[static_cast<size_t>(i * c_.vocab_size + t)];
  }
  const int64_t first = length_;
  const int64_t d = c_.head_dim;
  for (int64_t l = 0; l < c_.num_hidden_layers; ++l) {
    const LayerWeights& lw = w_.layers[static_cast<size_t>(l)];
    RmsNorm(x_.data(), lw.input_norm.data(), rows, h, c_.rms_norm_eps, normed_.data());
    TV_RETURN_IF_ERROR(Project(normed_.data(), h, rows, lw.qkv, 0, qkv_.data(), ProductRole::kQkv));
    const int64_t qkv_ld = c_.q_dim() + 2 * c_.kv_dim();
    ApplyRope(qkv_.data(), rows, qkv_ld, c_.num_attention_heads, first, rope_);
    ApplyRope(qkv_.data() + c_.q_dim(), rows, qkv_ld, c_.num_key_value_heads, first, rope_);
    for (int64_t g = 0; g < c_.num_key_value_heads; ++g)
      for (int64_t r = 0; r < rows; ++r) {
        const float* k_src = qkv_.data() + r * qkv_ld + c_.q_dim() + g * d;
        const float* v_src = k_src + c_.kv_dim();
        std::copy(k_src, k_src + d, KeyCache(l, g) + (first + r) * d);
        std::copy(v_src, v_src + d, ValueCache(l, g) + (first + r) * d);
      }
    TV_RETURN_IF_ERROR(Attention(l, rows, first));
    TV_RETURN_IF_ERROR(
        Project(attn_.data(), c_.q_dim(), rows, lw.o, 1, x_.data(), ProductRole::kO));  // x += attn W_o^T
    RmsNorm(x_.data(), lw.post_norm.data(), rows, h, c_.rms_norm_eps, normed_.data());
    TV_RETURN_IF_ERROR(
        Project(normed_.data(), h, rows, lw.gate_up, 0, gate_up_.data(), ProductRole::kGateUp));
    const int64_t inter = c_.intermediate_size;
    for (int64_t r = 0; r < rows; ++r) {  // silu(gate) * up into the gate half
      float* gate = gate_up_.data() + r * 2 * inter;
      SwiGlu(gate, gate + inter, inter);
    }
    TV_RETURN_IF_ERROR(
        Project(gate_up_.data(), 2 * inter, rows, lw.down, 1, x_.data(), ProductRole::kDown));  // x += mlp
  }
  length_ += rows;
  // The LM head on the last token only.
  const float* last = x_.data() + (rows - 1) * h;
  RmsNorm(last, w_.final_norm.data(), 1, h, c_.rms_norm_eps, normed_.data());
  if (c_.tie_word_embeddings)
    return Product(normed_.data(), h, 1, w_.embedding.data(), h, c_.vocab_size, 0, logits.data(),
                   ProductRole::kLmHead);
  return Project(normed_.data(), h, 1, w_.lm_head, 0, logits.data(), ProductRole::kLmHead);
}

}  // namespace tv::infer
