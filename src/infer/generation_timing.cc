#include "infer/generation_timing.h"

#include <algorithm>
#include <cassert>
#include <chrono>

#include "core/quiet_threads.h"
#include "infer/ops.h"

namespace tv::infer {
namespace {

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

Result<GenerationResult> Generate(Transformer& model, std::span<const int32_t> prompt, int64_t new_tokens) {
  const ModelConfig& c = model.config();
  std::vector<float> logits(static_cast<size_t>(c.vocab_size));
  GenerationResult result;
  model.Reset();
  auto start = std::chrono::steady_clock::now();
  TV_RETURN_IF_ERROR(model.Forward(prompt, logits));
  result.tokens.push_back(static_cast<int32_t>(ArgMax(logits.data(), c.vocab_size)));
  result.prefill_s = Seconds(start);
  start = std::chrono::steady_clock::now();
  for (int64_t t = 0; t < new_tokens; ++t) {
    const int32_t token = result.tokens.back();
    TV_RETURN_IF_ERROR(model.Forward(std::span<const int32_t>(&token, 1), logits));
    result.tokens.push_back(static_cast<int32_t>(ArgMax(logits.data(), c.vocab_size)));
  }
  result.decode_s = Seconds(start);
  return result;
}

Result<std::vector<EngineTimings>> TimeInterleaved(std::span<Transformer* const> models,
                                                   std::span<const std::string> names,
                                                   std::span<const int32_t> prompt, int64_t new_tokens,
                                                   const TimingOptions& options) {
  assert(models.size() == names.size());
  std::vector<EngineTimings> timings(models.size());
  for (size_t e = 0; e < models.size(); ++e) {
    timings[e].engine = names[e];
    Result<GenerationResult> warmup =
        Generate(*models[e], prompt, std::min(new_tokens, options.warmup_decode));
    if (!warmup.ok()) return Status::Internal(names[e] + ": " + warmup.status().message());
  }
  for (int round = 0; round < options.rounds; ++round) {
    for (size_t i = 0; i < models.size(); ++i) {
      const size_t e = (i + static_cast<size_t>(round)) % models.size();
      // A peer engine's pool spins after its last product (OpenMP ~10 ms, OpenBLAS
      // ~0.1 s); the next engine's timing starts once those threads sleep.
      WaitForOtherThreadsToSleep(options.settle_max_s);
      Result<GenerationResult> run = Generate(*models[e], prompt, new_tokens);
      if (!run.ok()) return Status::Internal(names[e] + ": " + run.status().message());
      timings[e].prefill_s.push_back(run->prefill_s);
      timings[e].decode_s.push_back(run->decode_s);
      if (timings[e].tokens.empty()) timings[e].tokens = std::move(run->tokens);
    }
  }
  return timings;
}

std::vector<int32_t> RandomPrompt(int64_t length, int64_t vocab, uint64_t seed) {
  std::vector<int32_t> ids(static_cast<size_t>(length));
  uint64_t state = seed ^ 0x5851f42d4c957f2dULL;
  for (int32_t& id : ids) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;  // PCG's LCG step
    id = static_cast<int32_t>((state >> 33) % static_cast<uint64_t>(vocab));
  }
  return ids;
}

}  // namespace tv::infer
