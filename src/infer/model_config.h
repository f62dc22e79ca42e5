// The shape of a Llama-architecture decoder (Llama, SmolLM2, Qwen2): what a
// Hugging Face config.json says, parsed once into a typed struct, or one of the
// built-in published configurations.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace tv::infer {

// Llama 3's long-context rope frequency scaling (rope_scaling.rope_type "llama3").
struct RopeScaling {
  bool enabled = false;
  double factor = 1;
  double low_freq_factor = 1;
  double high_freq_factor = 4;
  double original_max_position_embeddings = 8192;
};

struct ModelConfig {
  std::string name;  // the built-in name or the config.json path
  int64_t hidden_size = 0;
  int64_t intermediate_size = 0;
  int64_t num_hidden_layers = 0;
  int64_t num_attention_heads = 0;
  int64_t num_key_value_heads = 0;
  int64_t head_dim = 0;  // config "head_dim", else hidden_size / num_attention_heads
  int64_t vocab_size = 0;
  int64_t max_position_embeddings = 0;
  double rms_norm_eps = 1e-5;
  double rope_theta = 10000;
  RopeScaling rope_scaling;
  bool tie_word_embeddings = false;
  bool attention_bias = false;  // q/k/v projections carry biases (Qwen2)

  int64_t q_dim() const { return num_attention_heads * head_dim; }
  int64_t kv_dim() const { return num_key_value_heads * head_dim; }
};

// "smollm2-135m", "smollm2-360m", "qwen2.5-0.5b", "llama-3.2-1b".
std::vector<std::string> BuiltinModelNames();

// A built-in name, or a path to a config.json. Errors: an unknown name (the
// message lists the built-in ones), an unreadable or malformed file, a missing
// or out-of-range field (named).
Result<ModelConfig> LoadModelConfig(const std::string& name_or_path);

// Parses the text of a config.json; `source` names it in messages.
Result<ModelConfig> ParseModelConfig(const std::string& json_text, const std::string& source);

// Checks every size is positive and consistent (heads divide, head_dim even)
// and small enough to count in int64 bytes without overflow.
Status ValidateModelConfig(const ModelConfig& config);

// Parameters, counted exactly (embedding, norms, projections, biases, and the
// LM head only when it is not tied).
int64_t ParameterCount(const ModelConfig& config);

// Bytes of fp32 weights one decoded token reads: every layer's matrices,
// biases and norms plus the LM head (the embedding when tied); the one
// embedding row looked up is not counted.
int64_t WeightBytesPerToken(const ModelConfig& config);

}  // namespace tv::infer
