// The weight arrays one decoded token reads, in the order a forward pass reads
// them: each layer's norms and projections (with biases), then the final norm
// and the LM head (the embedding table when the head is tied to it). Their
// bytes add up to WeightBytesPerToken(config). `tilevolve generate` times a
// plain read of these arrays, in place, beside the decode runs: the same
// bytes at the same addresses, so the same pages and the same share of them
// the caches keep between tokens.
#pragma once

#include <vector>

#include "bench/operand_read.h"
#include "infer/weights.h"

namespace tv::infer {

// Spans into `weights`, valid while it lives; empty arrays are left out.
std::vector<bench::FloatSpan> TokenWeightSpans(const ModelWeights& weights);

}  // namespace tv::infer
