// The LLM mutator: picks a model of the ensemble by weight, builds the prompt,
// asks, and turns the reply into a child (diff mode: ApplyDiff within the
// EVOLVE-BLOCKs; full rewrite when allow_full_rewrites and the RNG picks it, or
// when diff_based_evolution is false). Rejections (no block applied, a change
// outside the blocks, a child identical to its parent, longer than
// max_code_length) are results with ok == false and a summary that the
// controller feeds back into the next prompt. Token usage and cost are
// recorded per call; when llm.max_cost is spent, Propose returns a non-ok
// Status ("LLM budget of $X spent") and the run stops proposing.
#pragma once

#include <memory>
#include <vector>

#include "evolve/config/evolve_config.h"
#include "evolve/llm/chat_client.h"
#include "evolve/mutation/mutator.h"

namespace tv::evolve {

class LlmMutator final : public Mutator {
 public:
  // clients[i] serves config.llm.models[i]. REQUIRES: sizes match, not empty.
  LlmMutator(const EvolveConfig& config, std::vector<std::unique_ptr<ChatClient>> clients);
  Result<MutationResult> Propose(const MutationRequest& request, Rng& rng) override;
  std::string name() const override { return "llm"; }
  double spent_usd() const { return spent_usd_; }

 private:
  EvolveConfig config_;
  std::vector<std::unique_ptr<ChatClient>> clients_;
  double spent_usd_ = 0;
};

}  // namespace tv::evolve
