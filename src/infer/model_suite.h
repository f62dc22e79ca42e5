// The products one `tilevolve generate` run times, as a workload suite
// (bench/suite.h), so an evolution can select tiles for a model's own shapes:
//
//   tilevolve generate --model qwen2.5-0.5b --write-suite qwen.yaml
//   (suite: qwen.yaml in the evolve config)
//   tilevolve evolve examples/gemm_tiling/initial_program.cpp --config config.yaml
//   tilevolve generate --model qwen2.5-0.5b --baseline --program tilevolve_output/best/best_program.cpp
//
// Train: the prefill pass's products (the projections and one head's
// attention over the whole prompt), the LM head, and for decoding the one-row
// projections and the attention of the middle token. Held out (reported, never
// selected on): the attention of the first and the last decoded token, whose
// key counts bracket the middle one, and the prefill projections of a prompt
// half as long. The decode attention of other tokens is not listed (one pair of
// shapes per token). Shapes that coincide are listed once (so a one-token
// prompt with at most one new token has no held-out shape; `tilevolve evolve`
// then reports its held-out speedup as none).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/suite.h"
#include "infer/model_config.h"

namespace tv::infer {

// REQUIRES: prompt_tokens >= 1, new_tokens >= 0.
std::vector<bench::SuiteShape> ModelSuiteShapes(const ModelConfig& config, int64_t prompt_tokens,
                                                int64_t new_tokens);

// The suite as YAML text that bench::ParseSuite reads back to the same shapes.
std::string ModelSuiteYaml(const ModelConfig& config, int64_t prompt_tokens, int64_t new_tokens);

}  // namespace tv::infer
