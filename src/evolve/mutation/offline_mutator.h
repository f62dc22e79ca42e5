// The offline mutator: evolution without an LLM. Inside EVOLVE-BLOCK regions
// only, it
//  - changes 1..max_literal_changes numeric literals (integers and floats, not
//    inside identifiers, strings, comments or #include lines): multiplicative
//    steps (x 0.5, 0.75, 1.25, 1.5, 2) and power-of-two steps for powers of
//    two, integers staying integers and positive literals staying positive;
//  - flips a comparison operator (< <=, > >=) or nudges the literal it compares with;
//  - inserts one of the configured statements (MutatorConfig::statements) or
//    removes one inserted earlier, with probability statement_rate;
//  - crosses over: takes the literal values of a second parent at the same
//    literal positions (when both parents' blocks have the same literal layout)
//    with probability crossover_rate;
//  - inserts or removes a shape rule (evolve/mutation/shape_rules.h) with
//    probability shape_rule_rate, when the request carries shape figures.
// The child always differs from the parent (it retries a few times); the
// summary says exactly what changed ("line 42: 128 -> 192").
#pragma once

#include <utility>

#include "evolve/config/evolve_config.h"
#include "evolve/mutation/mutator.h"
#include "evolve/mutation/shape_rules.h"

namespace tv::evolve {

class OfflineMutator final : public Mutator {
 public:
  // `menu` offers the shape rules untried configurations; without one they only
  // carry tiles over between programs.
  explicit OfflineMutator(const MutatorConfig& config, TileMenu menu = {})
      : config_(config), menu_(std::move(menu)) {}
  Result<MutationResult> Propose(const MutationRequest& request, Rng& rng) override;
  std::string name() const override { return "offline"; }

 private:
  MutatorConfig config_;
  TileMenu menu_;
};

}  // namespace tv::evolve
