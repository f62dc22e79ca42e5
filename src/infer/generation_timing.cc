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

// GB/s of the fastest stream count; each count reads ceil(new_tokens / 3) times.
double TimeRead(const std::function<int64_t(int)>& read, int64_t new_tokens) {
  const int64_t passes = std::max<int64_t>(1, (new_tokens + 2) / 3);
  double best = 0;
  for (int streams : {1, 2, 4}) {
    const auto start = std::chrono::steady_clock::now();
    int64_t bytes = 0;
    for (int64_t p = 0; p < passes; ++p) bytes += read(streams);
    const double s = Seconds(start);
    if (s > 0) best = std::max(best, static_cast<double>(bytes) / s / 1e9);
  }
  return best;
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

Result<GenerationTimings> TimeInterleaved(std::span<Transformer* const> models,
                                          std::span<const std::string> names, std::span<const int32_t> prompt,
                                          int64_t new_tokens, const TimingOptions& options) {
  assert(models.size() == names.size());
  GenerationTimings timings;
  timings.engines.resize(models.size());
  for (size_t e = 0; e < models.size(); ++e) {
    timings.engines[e].engine = names[e];
    Result<GenerationResult> warmup =
        Generate(*models[e], prompt, std::min(new_tokens, options.warmup_decode));
    if (!warmup.ok()) return Status::Internal(names[e] + ": " + warmup.status().message());
  }
  const bool read = static_cast<bool>(options.read_token_bytes);
  if (read) TimeRead(options.read_token_bytes, 1);      // its warm-up
  const size_t slots = models.size() + (read ? 1 : 0);  // the read, if any, is the last slot
  for (int round = 0; round < options.rounds; ++round) {
    for (size_t i = 0; i < slots; ++i) {
      const size_t e = (i + static_cast<size_t>(round)) % slots;
      // A peer engine's pool spins after its last product (OpenMP ~10 ms, OpenBLAS
      // ~0.1 s); the next timing starts once those threads sleep.
      WaitForOtherThreadsToSleep(options.settle_max_s);
      if (e == models.size()) {
        timings.read_gbs.push_back(TimeRead(options.read_token_bytes, new_tokens));
        continue;
      }
      Result<GenerationResult> run = Generate(*models[e], prompt, new_tokens);
      if (!run.ok()) return Status::Internal(names[e] + ": " + run.status().message());
      EngineTimings& t = timings.engines[e];
      t.prefill_s.push_back(run->prefill_s);
      t.decode_s.push_back(run->decode_s);
      if (t.tokens.empty()) t.tokens = std::move(run->tokens);
    }
  }
  return timings;
}

Result<std::vector<ProductProfile>> ProfileGenerations(std::span<Transformer* const> models,
                                                       std::span<const std::string> names,
                                                       std::span<const int32_t> prompt, int64_t new_tokens,
                                                       double settle_max_s) {
  assert(models.size() == names.size());
  std::vector<ProductProfile> profiles(models.size());
  for (size_t e = 0; e < models.size(); ++e) {
    WaitForOtherThreadsToSleep(settle_max_s);
    models[e]->set_profile(&profiles[e]);
    Result<GenerationResult> run = Generate(*models[e], prompt, new_tokens);
    models[e]->set_profile(nullptr);
    if (!run.ok()) return Status::Internal(names[e] + ": " + run.status().message());
  }
  return profiles;
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
