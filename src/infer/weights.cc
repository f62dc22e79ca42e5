#include "infer/weights.h"

#include <algorithm>
#include <cmath>

#include "infer/safetensors.h"

namespace tv::infer {
namespace {

// splitmix64: a tiny, fast, well-mixed generator; one stream per tensor.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform in [-1, 1).
  float Symmetric() { return static_cast<float>(static_cast<double>(Next() >> 40) * 0x1.0p-23 - 1.0); }

 private:
  uint64_t state_;
};

Linear MakeLinear(int64_t in, int64_t out, bool bias) {
  Linear l;
  l.in = in;
  l.out = out;
  l.w.resize(static_cast<size_t>(in * out));
  if (bias) l.bias.resize(static_cast<size_t>(out));
  return l;
}

// Every tensor of a Hugging Face checkpoint and where its values go: a
// matrix [out, in] into rows of a Linear's row-major [out, in] staging
// (fused products take several), a vector into its place.
struct TensorSlot {
  std::string name;
  std::vector<int64_t> shape;
  WeightArray* buffer;
  int64_t offset;  // of the first value in buffer
  float scale;     // random weights: uniform in center +- scale
  float center;

  float* dest() const { return buffer->data() + offset; }
};

int64_t Elements(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::vector<TensorSlot> Slots(ModelWeights& w) {
  const ModelConfig& c = w.config;
  const int64_t h = c.hidden_size;
  const float projection = 1.0f / std::sqrt(static_cast<float>(h));
  std::vector<TensorSlot> slots;
  slots.push_back({"model.embed_tokens.weight", {c.vocab_size, h}, &w.embedding, 0, 1.0f, 0.0f});
  for (int64_t i = 0; i < c.num_hidden_layers; ++i) {
    LayerWeights& l = w.layers[static_cast<size_t>(i)];
    const std::string p = "model.layers." + std::to_string(i) + ".";
    slots.push_back({p + "input_layernorm.weight", {h}, &l.input_norm, 0, 0.1f, 1.0f});
    slots.push_back({p + "post_attention_layernorm.weight", {h}, &l.post_norm, 0, 0.1f, 1.0f});
    slots.push_back({p + "self_attn.q_proj.weight", {c.q_dim(), h}, &l.qkv.w, 0, projection, 0.0f});
    slots.push_back(
        {p + "self_attn.k_proj.weight", {c.kv_dim(), h}, &l.qkv.w, c.q_dim() * h, projection, 0.0f});
    slots.push_back({p + "self_attn.v_proj.weight",
                     {c.kv_dim(), h},
                     &l.qkv.w,
                     (c.q_dim() + c.kv_dim()) * h,
                     projection,
                     0.0f});
    if (c.attention_bias) {
      slots.push_back({p + "self_attn.q_proj.bias", {c.q_dim()}, &l.qkv.bias, 0, 0.1f, 0.0f});
      slots.push_back({p + "self_attn.k_proj.bias", {c.kv_dim()}, &l.qkv.bias, c.q_dim(), 0.1f, 0.0f});
      slots.push_back(
          {p + "self_attn.v_proj.bias", {c.kv_dim()}, &l.qkv.bias, c.q_dim() + c.kv_dim(), 0.1f, 0.0f});
    }
    slots.push_back({p + "self_attn.o_proj.weight",
                     {h, c.q_dim()},
                     &l.o.w,
                     0,
                     1.0f / std::sqrt(static_cast<float>(c.q_dim())),
                     0.0f});
    const int64_t inter = c.intermediate_size;
    slots.push_back({p + "mlp.gate_proj.weight", {inter, h}, &l.gate_up.w, 0, projection, 0.0f});
    slots.push_back({p + "mlp.up_proj.weight", {inter, h}, &l.gate_up.w, inter * h, projection, 0.0f});
    slots.push_back({p + "mlp.down_proj.weight",
                     {h, inter},
                     &l.down.w,
                     0,
                     1.0f / std::sqrt(static_cast<float>(inter)),
                     0.0f});
  }
  slots.push_back({"model.norm.weight", {h}, &w.final_norm, 0, 0.1f, 1.0f});
  if (!c.tie_word_embeddings)
    slots.push_back({"lm_head.weight", {c.vocab_size, h}, &w.lm_head.w, 0, projection, 0.0f});
  return slots;
}

// Every buffer allocated, matrices as row-major [out, in] staging.
ModelWeights EmptyWeights(const ModelConfig& c, WeightLayout layout) {
  ModelWeights w;
  w.config = c;
  w.layout = layout;
  const int64_t h = c.hidden_size;
  w.embedding.resize(static_cast<size_t>(c.vocab_size * h));
  w.final_norm.resize(static_cast<size_t>(h));
  w.layers.resize(static_cast<size_t>(c.num_hidden_layers));
  for (LayerWeights& l : w.layers) {
    l.input_norm.resize(static_cast<size_t>(h));
    l.post_norm.resize(static_cast<size_t>(h));
    l.qkv = MakeLinear(h, c.q_dim() + 2 * c.kv_dim(), c.attention_bias);
    l.o = MakeLinear(c.q_dim(), h, false);
    l.gate_up = MakeLinear(h, 2 * c.intermediate_size, false);
    l.down = MakeLinear(c.intermediate_size, h, false);
  }
  if (!c.tie_word_embeddings) w.lm_head = MakeLinear(h, c.vocab_size, false);
  return w;
}

// (rows x cols) row-major -> (cols x rows) row-major, through one temporary.
void TransposeInPlace(WeightArray& m, int64_t rows, int64_t cols) {
  WeightArray t(m.size());
  constexpr int64_t kBlock = 64;
  for (int64_t i0 = 0; i0 < rows; i0 += kBlock)
    for (int64_t j0 = 0; j0 < cols; j0 += kBlock)
      for (int64_t i = i0; i < std::min(rows, i0 + kBlock); ++i)
        for (int64_t j = j0; j < std::min(cols, j0 + kBlock); ++j)
          t[static_cast<size_t>(j * rows + i)] = m[static_cast<size_t>(i * cols + j)];
  m.swap(t);
}

// Staging [out, in] -> the layout.
ModelWeights Finish(ModelWeights w) {
  if (w.layout == WeightLayout::kOutByIn) return w;
  TransposeInPlace(w.embedding, w.config.vocab_size, w.config.hidden_size);
  for (LayerWeights& l : w.layers)
    for (Linear* linear : {&l.qkv, &l.o, &l.gate_up, &l.down})
      TransposeInPlace(linear->w, linear->out, linear->in);
  if (!w.config.tie_word_embeddings) TransposeInPlace(w.lm_head.w, w.lm_head.out, w.lm_head.in);
  return w;
}

}  // namespace

const char* WeightLayoutName(WeightLayout layout) {
  return layout == WeightLayout::kOutByIn ? "[out, in] (B transposed)" : "[in, out] (B row-major)";
}

int64_t WeightBytes(const ModelConfig& config) {
  return ParameterCount(config) * static_cast<int64_t>(sizeof(float));
}

ModelWeights RandomWeights(const ModelConfig& config, WeightLayout layout, uint64_t seed) {
  ModelWeights w = EmptyWeights(config, layout);
  uint64_t stream = 0;
  for (const TensorSlot& slot : Slots(w)) {
    Random random(seed * 0x100000001b3ULL + ++stream);
    const int64_t n = Elements(slot.shape);
    float* dest = slot.dest();
    for (int64_t i = 0; i < n; ++i) dest[i] = slot.center + slot.scale * random.Symmetric();
  }
  return Finish(std::move(w));
}

Result<ModelWeights> LoadSafetensorsWeights(const ModelConfig& config, WeightLayout layout,
                                            const std::string& path) {
  Result<SafetensorsFile> file = SafetensorsFile::Open(path);
  if (!file.ok()) return file.status();
  {  // every tensor checked before the weights are allocated
    ModelWeights names_only;
    names_only.config = config;
    names_only.layers.resize(static_cast<size_t>(config.num_hidden_layers));
    for (const TensorSlot& slot : Slots(names_only)) TV_RETURN_IF_ERROR(file->Check(slot.name, slot.shape));
  }
  ModelWeights w = EmptyWeights(config, layout);
  for (const TensorSlot& slot : Slots(w)) TV_RETURN_IF_ERROR(file->ReadFloat32(slot.name, slot.dest()));
  return Finish(std::move(w));
}

}  // namespace tv::infer
