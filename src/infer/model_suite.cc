#include "infer/model_suite.h"

#include <yaml-cpp/yaml.h>

#include <set>

#include "infer/transformer.h"

namespace tv::infer {
namespace {

constexpr ProductRole kProjections[] = {ProductRole::kQkv, ProductRole::kO, ProductRole::kGateUp,
                                        ProductRole::kDown};
constexpr ProductRole kAttention[] = {ProductRole::kAttentionScores, ProductRole::kAttentionValues};

const char* RoleKey(ProductRole role) {
  switch (role) {
    case ProductRole::kQkv:
      return "qkv";
    case ProductRole::kO:
      return "o";
    case ProductRole::kGateUp:
      return "gate_up";
    case ProductRole::kDown:
      return "down";
    case ProductRole::kAttentionScores:
      return "attn_scores";
    case ProductRole::kAttentionValues:
      return "attn_values";
    case ProductRole::kLmHead:
      return "lm_head";
  }
  return "?";
}

class ShapeList {
 public:
  explicit ShapeList(const ModelConfig& c) : c_(c) {}

  void Add(const std::string& name, ProductRole role, int64_t rows, int64_t keys, const char* shape_class,
           bench::ShapeTag tag) {
    const MatmulShape shape = RoleShape(c_, role, rows, keys);
    if (!seen_.insert(shape).second) return;
    bench::SuiteShape s;
    s.name = name;
    s.m = std::get<0>(shape);
    s.n = std::get<1>(shape);
    s.k = std::get<2>(shape);
    s.tag = tag;
    s.extra["class"] = shape_class;
    s.extra["model"] = c_.name;
    shapes_.push_back(std::move(s));
  }

  std::vector<bench::SuiteShape> Take() { return std::move(shapes_); }

 private:
  const ModelConfig& c_;
  std::set<MatmulShape> seen_;
  std::vector<bench::SuiteShape> shapes_;
};

}  // namespace

std::vector<bench::SuiteShape> ModelSuiteShapes(const ModelConfig& c, int64_t prompt_tokens,
                                                int64_t new_tokens) {
  const bench::ShapeTag train = bench::ShapeTag::kTrain;
  const std::string prefill = "prefill" + std::to_string(prompt_tokens) + ".";
  ShapeList list(c);
  for (ProductRole role : kProjections)
    list.Add(prefill + RoleKey(role), role, prompt_tokens, 0, "prefill", train);
  for (ProductRole role : kAttention)
    list.Add(prefill + RoleKey(role), role, prompt_tokens, prompt_tokens, "attention", train);
  list.Add(RoleKey(ProductRole::kLmHead), ProductRole::kLmHead, 1, 0, "lmhead", train);
  if (new_tokens > 0) {
    for (ProductRole role : kProjections)
      list.Add(std::string("decode.") + RoleKey(role), role, 1, 0, "decode", train);
    // Token t (0-based) attends over prompt_tokens + t + 1 keys.
    const int64_t middle = prompt_tokens + (new_tokens + 1) / 2;
    const int64_t first = prompt_tokens + 1;
    const int64_t last = prompt_tokens + new_tokens;
    for (const auto& [keys, tag] : {std::pair{middle, train}, std::pair{first, bench::ShapeTag::kHeldout},
                                    std::pair{last, bench::ShapeTag::kHeldout}})
      for (ProductRole role : kAttention)
        list.Add("decode." + std::string(RoleKey(role)) + ".keys" + std::to_string(keys), role, 1, keys,
                 "attention", tag);
  }
  const int64_t half = prompt_tokens / 2;
  if (half >= 1) {
    const std::string shorter = "prefill" + std::to_string(half) + ".";
    for (ProductRole role : kProjections)
      list.Add(shorter + RoleKey(role), role, half, 0, "prefill", bench::ShapeTag::kHeldout);
  }
  return list.Take();
}

std::string ModelSuiteYaml(const ModelConfig& c, int64_t prompt_tokens, int64_t new_tokens) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << c.name + "-generate";
  out << YAML::Key << "description" << YAML::Value
      << "the products of tilevolve generate --model " + c.name + " --prompt-tokens " +
             std::to_string(prompt_tokens) + " --new-tokens " + std::to_string(new_tokens) +
             " (weights [in, out]: C = A * B with B the weights)";
  out << YAML::Key << "shapes" << YAML::Value << YAML::BeginSeq;
  for (const bench::SuiteShape& s : ModelSuiteShapes(c, prompt_tokens, new_tokens)) {
    out << YAML::Flow << YAML::BeginMap;
    out << YAML::Key << "name" << YAML::Value << s.name;
    out << YAML::Key << "m" << YAML::Value << s.m;
    out << YAML::Key << "n" << YAML::Value << s.n;
    out << YAML::Key << "k" << YAML::Value << s.k;
    out << YAML::Key << "tag" << YAML::Value << bench::TagName(s.tag);
    for (const auto& [key, value] : s.extra) out << YAML::Key << key << YAML::Value << value;
    out << YAML::EndMap;
  }
  out << YAML::EndSeq << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace tv::infer
