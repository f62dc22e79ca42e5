// Timing greedy generation, by trusted code: the steady clock around prefill
// (the whole prompt in one chunk, logits of its last token) and around the
// decode loop (one token at a time through the KV cache), engines interleaved
// round by round after a warm-up each.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "infer/product_profile.h"
#include "infer/transformer.h"

namespace tv::infer {

struct GenerationResult {
  double prefill_s = 0;         // Forward(prompt): all layers, LM head on the last token
  double decode_s = 0;          // new_tokens Forward calls of one token each
  std::vector<int32_t> tokens;  // greedy: 1 + new_tokens ids (the first one from prefill)
};

// Greedy generation from an empty cache. REQUIRES: the model's capacity >=
// prompt.size() + new_tokens and its max_chunk >= prompt.size() >= 1.
Result<GenerationResult> Generate(Transformer& model, std::span<const int32_t> prompt, int64_t new_tokens);

struct EngineTimings {
  std::string engine;
  std::vector<double> prefill_s;  // one per round
  std::vector<double> decode_s;
  std::vector<int32_t> tokens;  // of the first timed round
};

struct TimingOptions {
  int rounds = 3;             // timed runs per engine, interleaved
  int64_t warmup_decode = 4;  // decode steps of the warm-up run (after a full prefill)
  double settle_max_s = 0.5;  // before each timed run: longest wait for other threads to sleep
  // When set, a plain read of the weights a decoded token reads (token_weights.h;
  // called with a stream count, 1, 2 or 4; returns the bytes it read), timed
  // once per round in turn with the engines: the decode's DRAM limit, measured
  // in the same rounds as the decodes it bounds.
  std::function<int64_t(int streams)> read_token_bytes;
};

struct GenerationTimings {
  std::vector<EngineTimings> engines;
  // The read's GB/s, one per round (empty without read_token_bytes): in each,
  // ceil(new_tokens / 3) reads at each stream count timed, the fastest kept.
  std::vector<double> read_gbs;
};

// Runs every model once as a warm-up, then `rounds` rounds of every model (and
// the weight read, if any) with the starting one rotated each round, each run
// once the process's other threads are quiet (core/quiet_threads.h). An engine
// failure stops it.
Result<GenerationTimings> TimeInterleaved(std::span<Transformer* const> models,
                                          std::span<const std::string> names, std::span<const int32_t> prompt,
                                          int64_t new_tokens, const TimingOptions& options);

// One more generation per model, after the timed ones and outside them, with
// every product and forward pass timed into a ProductProfile (Transformer::
// set_profile): where each engine's time goes. Each run starts once the
// process's other threads are quiet, as in TimeInterleaved.
Result<std::vector<ProductProfile>> ProfileGenerations(std::span<Transformer* const> models,
                                                       std::span<const std::string> names,
                                                       std::span<const int32_t> prompt, int64_t new_tokens,
                                                       double settle_max_s);

// Deterministic prompt ids in [0, vocab) from `seed`.
std::vector<int32_t> RandomPrompt(int64_t length, int64_t vocab, uint64_t seed);

}  // namespace tv::infer
