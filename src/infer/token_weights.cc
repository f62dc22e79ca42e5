#include "infer/token_weights.h"

namespace tv::infer {
namespace {

void Add(const WeightArray& array, std::vector<bench::FloatSpan>& spans) {
  if (!array.empty()) spans.push_back({array.data(), static_cast<int64_t>(array.size())});
}

void Add(const Linear& linear, std::vector<bench::FloatSpan>& spans) {
  Add(linear.w, spans);
  Add(linear.bias, spans);
}

}  // namespace

std::vector<bench::FloatSpan> TokenWeightSpans(const ModelWeights& weights) {
  std::vector<bench::FloatSpan> spans;
  for (const LayerWeights& layer : weights.layers) {
    Add(layer.input_norm, spans);
    Add(layer.qkv, spans);
    Add(layer.o, spans);
    Add(layer.post_norm, spans);
    Add(layer.gate_up, spans);
    Add(layer.down, spans);
  }
  Add(weights.final_norm, spans);
  if (weights.config.tie_word_embeddings) {
    Add(weights.embedding, spans);
  } else {
    Add(weights.lm_head, spans);
  }
  return spans;
}

}  // namespace tv::infer
