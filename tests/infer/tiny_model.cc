#include "tiny_model.h"

#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>

#include "infer/ops.h"

namespace tv::infer::testing {
namespace {

using Matrix = std::vector<double>;  // row-major

std::string FloatBytes(std::span<const float> values, const std::string& dtype) {
  std::string out;
  for (float v : values) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    if (dtype == "F32") {
      out.append(reinterpret_cast<const char*>(&bits), 4);
    } else if (dtype == "BF16") {
      const uint16_t half = static_cast<uint16_t>(bits >> 16);
      out.append(reinterpret_cast<const char*>(&half), 2);
    } else if (std::abs(v) < 6.2e-5f) {  // F16 below its normal range: written as 0
      out.append(2, '\0');
    } else {  // F16 of normal magnitude
      const uint32_t sign = (bits >> 31) & 1;
      const int exponent = static_cast<int>((bits >> 23) & 0xff) - 127 + 15;
      const uint32_t mantissa = (bits >> 13) & 0x3ff;
      const uint16_t half =
          v == 0.0f
              ? 0
              : static_cast<uint16_t>((sign << 15) | (static_cast<uint32_t>(exponent) << 10) | mantissa);
      out.append(reinterpret_cast<const char*>(&half), 2);
    }
  }
  return out;
}

// y (rows x out) = x (rows x in) W^T, W: out x in floats.
Matrix Project(const Matrix& x, int64_t rows, const Linear& l) {
  Matrix y(static_cast<size_t>(rows * l.out));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t o = 0; o < l.out; ++o) {
      double sum = l.bias.empty() ? 0.0 : l.bias[static_cast<size_t>(o)];
      for (int64_t i = 0; i < l.in; ++i)
        sum += x[static_cast<size_t>(r * l.in + i)] * l.w[static_cast<size_t>(o * l.in + i)];
      y[static_cast<size_t>(r * l.out + o)] = sum;
    }
  return y;
}

Matrix Norm(const Matrix& x, int64_t rows, int64_t dim, std::span<const float> weight, double eps) {
  Matrix y(x.size());
  for (int64_t r = 0; r < rows; ++r) {
    double ss = 0;
    for (int64_t i = 0; i < dim; ++i)
      ss += x[static_cast<size_t>(r * dim + i)] * x[static_cast<size_t>(r * dim + i)];
    const double inv = 1 / std::sqrt(ss / static_cast<double>(dim) + eps);
    for (int64_t i = 0; i < dim; ++i)
      y[static_cast<size_t>(r * dim + i)] =
          x[static_cast<size_t>(r * dim + i)] * inv * weight[static_cast<size_t>(i)];
  }
  return y;
}

void Rope(Matrix& x, int64_t rows, int64_t heads, int64_t d, double theta) {
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t h = 0; h < heads; ++h)
      for (int64_t i = 0; i < d / 2; ++i) {
        const double angle =
            static_cast<double>(r) * std::pow(theta, -2.0 * static_cast<double>(i) / static_cast<double>(d));
        double& a = x[static_cast<size_t>(r * heads * d + h * d + i)];
        double& b = x[static_cast<size_t>(r * heads * d + h * d + i + d / 2)];
        const double a0 = a, b0 = b;
        a = a0 * std::cos(angle) - b0 * std::sin(angle);
        b = b0 * std::cos(angle) + a0 * std::sin(angle);
      }
}

// Rows [first, first + count) of a fused projection stored [out, in].
Linear Rows(const Linear& l, int64_t first, int64_t count) {
  Linear part;
  part.in = l.in;
  part.out = count;
  part.w.assign(l.w.begin() + first * l.in, l.w.begin() + (first + count) * l.in);
  if (!l.bias.empty()) part.bias.assign(l.bias.begin() + first, l.bias.begin() + first + count);
  return part;
}

struct Parts {
  Linear q, k, v, gate, up;
};

Parts Split(const ModelConfig& c, const LayerWeights& l) {
  return {Rows(l.qkv, 0, c.q_dim()), Rows(l.qkv, c.q_dim(), c.kv_dim()),
          Rows(l.qkv, c.q_dim() + c.kv_dim(), c.kv_dim()), Rows(l.gate_up, 0, c.intermediate_size),
          Rows(l.gate_up, c.intermediate_size, c.intermediate_size)};
}

}  // namespace

ModelConfig TinyConfig(bool attention_bias, bool tied) {
  ModelConfig c;
  c.name = "tiny";
  c.hidden_size = 64;
  c.intermediate_size = 96;
  c.num_hidden_layers = 2;
  c.num_attention_heads = 4;
  c.num_key_value_heads = 2;
  c.head_dim = 16;
  c.vocab_size = 97;
  c.max_position_embeddings = 64;
  c.rms_norm_eps = 1e-5;
  c.rope_theta = 10000;
  c.tie_word_embeddings = tied;
  c.attention_bias = attention_bias;
  return c;
}

std::string TinyConfigJson() {
  return R"({"architectures": ["LlamaForCausalLM"], "model_type": "llama", "hidden_size": 64,
    "intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
    "vocab_size": 97, "max_position_embeddings": 64, "rms_norm_eps": 1e-5, "rope_theta": 10000.0,
    "tie_word_embeddings": true, "torch_dtype": "bfloat16"})";
}

std::string SafetensorsBytes(const std::vector<RawTensor>& tensors) {
  nlohmann::json header = {{"__metadata__", {{"format", "pt"}}}};
  std::string data;
  for (const RawTensor& t : tensors) {
    header[t.name] = {{"dtype", t.dtype},
                      {"shape", t.shape},
                      {"data_offsets", {data.size(), data.size() + t.bytes.size()}}};
    data += t.bytes;
  }
  const std::string text = header.dump();
  std::string out(8, '\0');
  uint64_t length = text.size();
  for (int i = 0; i < 8; ++i) out[static_cast<size_t>(i)] = static_cast<char>((length >> (8 * i)) & 0xff);
  return out + text + data;
}

std::vector<RawTensor> ModelTensors(const ModelWeights& w, const std::string& dtype) {
  const ModelConfig& c = w.config;
  std::vector<RawTensor> t;
  auto add = [&](const std::string& name, std::vector<int64_t> shape, std::span<const float> v) {
    t.push_back({name, dtype, std::move(shape), FloatBytes(v, dtype)});
  };
  add("model.embed_tokens.weight", {c.vocab_size, c.hidden_size}, w.embedding);
  for (int64_t i = 0; i < c.num_hidden_layers; ++i) {
    const LayerWeights& l = w.layers[static_cast<size_t>(i)];
    const std::string p = "model.layers." + std::to_string(i) + ".";
    add(p + "input_layernorm.weight", {c.hidden_size}, l.input_norm);
    add(p + "post_attention_layernorm.weight", {c.hidden_size}, l.post_norm);
    const Parts parts = Split(c, l);
    add(p + "self_attn.q_proj.weight", {parts.q.out, parts.q.in}, parts.q.w);
    add(p + "self_attn.k_proj.weight", {parts.k.out, parts.k.in}, parts.k.w);
    add(p + "self_attn.v_proj.weight", {parts.v.out, parts.v.in}, parts.v.w);
    add(p + "self_attn.o_proj.weight", {l.o.out, l.o.in}, l.o.w);
    add(p + "mlp.gate_proj.weight", {parts.gate.out, parts.gate.in}, parts.gate.w);
    add(p + "mlp.up_proj.weight", {parts.up.out, parts.up.in}, parts.up.w);
    add(p + "mlp.down_proj.weight", {l.down.out, l.down.in}, l.down.w);
    if (c.attention_bias) {
      add(p + "self_attn.q_proj.bias", {parts.q.out}, parts.q.bias);
      add(p + "self_attn.k_proj.bias", {parts.k.out}, parts.k.bias);
      add(p + "self_attn.v_proj.bias", {parts.v.out}, parts.v.bias);
    }
  }
  add("model.norm.weight", {c.hidden_size}, w.final_norm);
  if (!c.tie_word_embeddings) add("lm_head.weight", {c.vocab_size, c.hidden_size}, w.lm_head.w);
  return t;
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string TempDir(const std::string& name) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tv_infer_test_" + std::to_string(::getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::vector<double> ReferenceLogits(const ModelWeights& w, const std::vector<int32_t>& tokens) {
  const ModelConfig& c = w.config;
  const int64_t n = static_cast<int64_t>(tokens.size());
  const int64_t h = c.hidden_size, d = c.head_dim, group = c.num_attention_heads / c.num_key_value_heads;
  Matrix x(static_cast<size_t>(n * h));
  for (int64_t r = 0; r < n; ++r)
    for (int64_t i = 0; i < h; ++i)
      x[static_cast<size_t>(r * h + i)] =
          w.embedding[static_cast<size_t>(tokens[static_cast<size_t>(r)] * h + i)];
  for (const LayerWeights& l : w.layers) {
    Matrix xn = Norm(x, n, h, l.input_norm, c.rms_norm_eps);
    const Parts parts = Split(c, l);
    Matrix q = Project(xn, n, parts.q), k = Project(xn, n, parts.k), v = Project(xn, n, parts.v);
    Rope(q, n, c.num_attention_heads, d, c.rope_theta);
    Rope(k, n, c.num_key_value_heads, d, c.rope_theta);
    Matrix attn(static_cast<size_t>(n * c.q_dim()));
    for (int64_t head = 0; head < c.num_attention_heads; ++head) {
      const int64_t g = head / group;
      for (int64_t i = 0; i < n; ++i) {
        std::vector<double> s(static_cast<size_t>(i + 1));
        double max = -1e300;
        for (int64_t j = 0; j <= i; ++j) {
          double dot = 0;
          for (int64_t e = 0; e < d; ++e)
            dot += q[static_cast<size_t>(i * c.q_dim() + head * d + e)] *
                   k[static_cast<size_t>(j * c.kv_dim() + g * d + e)];
          s[static_cast<size_t>(j)] = dot / std::sqrt(static_cast<double>(d));
          max = std::max(max, s[static_cast<size_t>(j)]);
        }
        double sum = 0;
        for (double& e : s) sum += (e = std::exp(e - max));
        for (int64_t e = 0; e < d; ++e) {
          double o = 0;
          for (int64_t j = 0; j <= i; ++j)
            o += s[static_cast<size_t>(j)] / sum * v[static_cast<size_t>(j * c.kv_dim() + g * d + e)];
          attn[static_cast<size_t>(i * c.q_dim() + head * d + e)] = o;
        }
      }
    }
    Matrix o = Project(attn, n, l.o);
    for (size_t i = 0; i < x.size(); ++i) x[i] += o[i];
    xn = Norm(x, n, h, l.post_norm, c.rms_norm_eps);
    Matrix gate = Project(xn, n, parts.gate), up = Project(xn, n, parts.up);
    for (size_t i = 0; i < gate.size(); ++i) gate[i] = gate[i] / (1 + std::exp(-gate[i])) * up[i];
    Matrix down = Project(gate, n, l.down);
    for (size_t i = 0; i < x.size(); ++i) x[i] += down[i];
  }
  Matrix last(x.end() - h, x.end());
  Matrix normed = Norm(last, 1, h, w.final_norm, c.rms_norm_eps);
  Linear head;
  head.in = h;
  head.out = c.vocab_size;
  head.w = c.tie_word_embeddings ? w.embedding : w.lm_head.w;
  return Project(normed, 1, head);
}

}  // namespace tv::infer::testing
