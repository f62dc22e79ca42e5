#include "infer/model_config.h"

#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <sstream>

namespace tv::infer {
namespace {

// Published configurations (the config.json of each Hugging Face repository:
// HuggingFaceTB/SmolLM2-135M, HuggingFaceTB/SmolLM2-360M, Qwen/Qwen2.5-0.5B,
// meta-llama/Llama-3.2-1B).
ModelConfig Builtin(const std::string& name, int64_t hidden, int64_t intermediate, int64_t layers,
                    int64_t heads, int64_t kv_heads, int64_t vocab, int64_t max_positions, double eps,
                    double theta) {
  ModelConfig c;
  c.name = name;
  c.hidden_size = hidden;
  c.intermediate_size = intermediate;
  c.num_hidden_layers = layers;
  c.num_attention_heads = heads;
  c.num_key_value_heads = kv_heads;
  c.head_dim = hidden / heads;
  c.vocab_size = vocab;
  c.max_position_embeddings = max_positions;
  c.rms_norm_eps = eps;
  c.rope_theta = theta;
  c.tie_word_embeddings = true;
  return c;
}

std::vector<ModelConfig> BuiltinModels() {
  std::vector<ModelConfig> models;
  models.push_back(Builtin("smollm2-135m", 576, 1536, 30, 9, 3, 49152, 8192, 1e-5, 100000));
  models.push_back(Builtin("smollm2-360m", 960, 2560, 32, 15, 5, 49152, 8192, 1e-5, 100000));
  ModelConfig qwen = Builtin("qwen2.5-0.5b", 896, 4864, 24, 14, 2, 151936, 32768, 1e-6, 1000000);
  qwen.attention_bias = true;
  models.push_back(qwen);
  ModelConfig llama = Builtin("llama-3.2-1b", 2048, 8192, 16, 32, 8, 128256, 131072, 1e-5, 500000);
  llama.rope_scaling = {true, 32, 1, 4, 8192};
  models.push_back(llama);
  return models;
}

// Largest accepted size of any one dimension: far above every published model,
// small enough that products of three stay inside int64.
constexpr int64_t kMaxDimension = int64_t{1} << 20;
// Largest parameter or KV-cache value count accepted (2^50, 4 PiB of fp32):
// refused as absurd long before; beyond it byte counts could overflow int64.
constexpr double kMaxCount = 1125899906842624.0;

Result<int64_t> ReadSize(const nlohmann::json& j, const char* key, const std::string& source, bool required,
                         int64_t fallback) {
  if (!j.contains(key)) {
    if (required) return Status::InvalidArgument(source + ": missing required field \"" + key + "\"");
    return fallback;
  }
  const nlohmann::json& v = j.at(key);
  if (!v.is_number_integer())
    return Status::InvalidArgument(source + ": field \"" + key + "\" must be an integer, got " + v.dump());
  const int64_t x = v.get<int64_t>();
  if (x < 1 || x > kMaxDimension)
    return Status::InvalidArgument(source + ": field \"" + key + "\" = " + std::to_string(x) +
                                   " is outside [1, " + std::to_string(kMaxDimension) + "]");
  return x;
}

Result<double> ReadPositive(const nlohmann::json& j, const char* key, const std::string& source,
                            double fallback) {
  if (!j.contains(key) || j.at(key).is_null()) return fallback;
  const nlohmann::json& v = j.at(key);
  if (!v.is_number() || !(v.get<double>() > 0) ||
      !(v.get<double>() < std::numeric_limits<double>::infinity()))
    return Status::InvalidArgument(source + ": field \"" + key + "\" must be a positive number, got " +
                                   v.dump());
  return v.get<double>();
}

Result<bool> ReadBool(const nlohmann::json& j, const char* key, const std::string& source, bool fallback) {
  if (!j.contains(key)) return fallback;
  if (!j.at(key).is_boolean())
    return Status::InvalidArgument(source + ": field \"" + key + "\" must be true or false, got " +
                                   j.at(key).dump());
  return j.at(key).get<bool>();
}

Result<RopeScaling> ReadRopeScaling(const nlohmann::json& j, const std::string& source) {
  RopeScaling s;
  if (!j.contains("rope_scaling") || j.at("rope_scaling").is_null()) return s;
  const nlohmann::json& r = j.at("rope_scaling");
  if (!r.is_object()) return Status::InvalidArgument(source + ": \"rope_scaling\" must be an object or null");
  const std::string type = r.value("rope_type", r.value("type", std::string()));
  if (type == "default") return s;
  if (type != "llama3")
    return Status::InvalidArgument(source + ": rope_scaling type \"" + type +
                                   "\" is not supported (supported: llama3, default)");
  s.enabled = true;
  const std::string where = source + " rope_scaling";
  Result<double> factor = ReadPositive(r, "factor", where, 0);
  Result<double> low = ReadPositive(r, "low_freq_factor", where, 1);
  Result<double> high = ReadPositive(r, "high_freq_factor", where, 4);
  Result<double> original = ReadPositive(r, "original_max_position_embeddings", where, 8192);
  for (const Result<double>* x : {&factor, &low, &high, &original})
    if (!x->ok()) return x->status();
  if (*factor <= 0 || !(*high > *low))
    return Status::InvalidArgument(where + ": needs factor > 0 and high_freq_factor > low_freq_factor");
  s.factor = *factor;
  s.low_freq_factor = *low;
  s.high_freq_factor = *high;
  s.original_max_position_embeddings = *original;
  return s;
}

}  // namespace

std::vector<std::string> BuiltinModelNames() {
  std::vector<std::string> names;
  for (const ModelConfig& m : BuiltinModels()) names.push_back(m.name);
  return names;
}

Result<ModelConfig> ParseModelConfig(const std::string& json_text, const std::string& source) {
  const nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::InvalidArgument(source + ": not valid JSON");
  if (!j.is_object()) return Status::InvalidArgument(source + ": expected a JSON object");
  ModelConfig c;
  c.name = source;
  struct Field {
    const char* key;
    int64_t* out;
  };
  for (const Field& f :
       {Field{"hidden_size", &c.hidden_size}, Field{"intermediate_size", &c.intermediate_size},
        Field{"num_hidden_layers", &c.num_hidden_layers},
        Field{"num_attention_heads", &c.num_attention_heads}, Field{"vocab_size", &c.vocab_size},
        Field{"max_position_embeddings", &c.max_position_embeddings}}) {
    Result<int64_t> v = ReadSize(j, f.key, source, /*required=*/true, 0);
    if (!v.ok()) return v.status();
    *f.out = *v;
  }
  Result<int64_t> kv = ReadSize(j, "num_key_value_heads", source, false, c.num_attention_heads);
  if (!kv.ok()) return kv.status();
  c.num_key_value_heads = *kv;
  Result<int64_t> head_dim = ReadSize(j, "head_dim", source, false, c.hidden_size / c.num_attention_heads);
  if (!head_dim.ok()) return head_dim.status();
  c.head_dim = *head_dim;
  Result<double> eps = ReadPositive(j, "rms_norm_eps", source, 1e-6);
  Result<double> theta = ReadPositive(j, "rope_theta", source, 10000);
  if (!eps.ok()) return eps.status();
  if (!theta.ok()) return theta.status();
  c.rms_norm_eps = *eps;
  c.rope_theta = *theta;
  Result<RopeScaling> scaling = ReadRopeScaling(j, source);
  if (!scaling.ok()) return scaling.status();
  c.rope_scaling = *scaling;
  Result<bool> tie = ReadBool(j, "tie_word_embeddings", source, false);
  if (!tie.ok()) return tie.status();
  c.tie_word_embeddings = *tie;
  // Qwen2 always has q/k/v biases; Llama says so in "attention_bias".
  const bool is_qwen2 = j.contains("model_type") && j.at("model_type") == "qwen2";
  Result<bool> bias = ReadBool(j, "attention_bias", source, is_qwen2);
  if (!bias.ok()) return bias.status();
  c.attention_bias = *bias;
  TV_RETURN_IF_ERROR(ValidateModelConfig(c));
  return c;
}

Result<ModelConfig> LoadModelConfig(const std::string& name_or_path) {
  for (const ModelConfig& m : BuiltinModels())
    if (m.name == name_or_path) return m;
  std::ifstream in(name_or_path, std::ios::binary);
  if (!in) {
    std::string names;
    for (const std::string& n : BuiltinModelNames()) names += (names.empty() ? "" : ", ") + n;
    return Status::NotFound("unknown model \"" + name_or_path + "\": not a built-in name (" + names +
                            ") and no readable config.json at that path");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return ParseModelConfig(text.str(), name_or_path);
}

Status ValidateModelConfig(const ModelConfig& c) {
  const std::string& s = c.name;
  for (int64_t v : {c.hidden_size, c.intermediate_size, c.num_hidden_layers, c.num_attention_heads,
                    c.num_key_value_heads, c.head_dim, c.vocab_size, c.max_position_embeddings}) {
    if (v < 1 || v > kMaxDimension)
      return Status::InvalidArgument(s + ": every size must be in [1, " + std::to_string(kMaxDimension) +
                                     "]");
  }
  if (c.num_attention_heads % c.num_key_value_heads != 0)
    return Status::InvalidArgument(s + ": num_attention_heads (" + std::to_string(c.num_attention_heads) +
                                   ") must be a multiple of num_key_value_heads (" +
                                   std::to_string(c.num_key_value_heads) + ")");
  if (c.head_dim % 2 != 0)
    return Status::InvalidArgument(s + ": head_dim " + std::to_string(c.head_dim) +
                                   " must be even (rotary embeddings rotate pairs)");
  if (c.q_dim() > kMaxDimension)
    return Status::InvalidArgument(s + ": num_attention_heads * head_dim exceeds " +
                                   std::to_string(kMaxDimension));
  // Counted in double first, so the int64 byte counts used later cannot overflow.
  const double layers = static_cast<double>(c.num_hidden_layers);
  const double h = static_cast<double>(c.hidden_size);
  const double params = layers * (2 * h * static_cast<double>(c.q_dim() + c.kv_dim()) +
                                  3 * h * static_cast<double>(c.intermediate_size)) +
                        2 * static_cast<double>(c.vocab_size) * h;
  const double kv_cache =
      2 * layers * static_cast<double>(c.kv_dim()) * static_cast<double>(c.max_position_embeddings);
  if (params > kMaxCount || kv_cache > kMaxCount)
    return Status::InvalidArgument(s + ": absurd size: " + std::to_string(params) +
                                   " parameters and a KV cache of " + std::to_string(kv_cache) +
                                   " values at max_position_embeddings");
  return Status::Ok();
}

int64_t ParameterCount(const ModelConfig& c) {
  const int64_t h = c.hidden_size;
  int64_t per_layer = h * c.q_dim() + 2 * h * c.kv_dim() + c.q_dim() * h  // q k v o
                      + 3 * h * c.intermediate_size                       // gate up down
                      + 2 * h;                                            // two norms
  if (c.attention_bias) per_layer += c.q_dim() + 2 * c.kv_dim();
  int64_t total = c.num_hidden_layers * per_layer + c.vocab_size * h + h;  // + embedding + final norm
  if (!c.tie_word_embeddings) total += c.vocab_size * h;
  return total;
}

int64_t WeightBytesPerToken(const ModelConfig& c) {
  int64_t params = ParameterCount(c);
  if (!c.tie_word_embeddings) params -= c.vocab_size * c.hidden_size;  // the embedding table is only indexed
  return params * static_cast<int64_t>(sizeof(float));
}

}  // namespace tv::infer
