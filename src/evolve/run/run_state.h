// The controller's state between iterations, committed with every program
// (ProgramStore::Commit) as JSON, so a resumed run continues exactly.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"

namespace tv::evolve {

inline constexpr int kRunStateFormat = 1;

// clang-tidy 14 flags the implicit move of the std::map / nlohmann::json
// members, whose moves do not throw.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct RunState {
  int next_iteration = 1;            // the iteration to run next (0 is the initial program)
  nlohmann::json population;         // Population::ToJson()
  std::string rng;                   // RngState()
  int64_t promoted_id = 0;           // the program in best/ (re-measured)
  double promoted_score = 0;         // its re-measured combined_score
  double promoted_cached_score = 0;  // its score as first evaluated (what children are compared with)
  std::string promoted_metrics;      // its re-measurement's metrics JSON (empty: not re-measured yet)
  int evaluations = 0;               // programs evaluated (initial included)
  int duplicates = 0;                // children identical to an earlier program (not evaluated)
  int failed_proposals = 0;          // iterations where the mutator made no child
  int stagnant_iterations = 0;       // since the last improvement (early stopping)
  int cache_hits = 0;                // measurement cache, over all evaluations
  int cache_misses = 0;
  double llm_cost_usd = 0;
  int64_t llm_prompt_tokens = 0;
  int64_t llm_completion_tokens = 0;
  double elapsed_s = 0;                              // wall time of all sessions of this run
  std::vector<std::pair<int, double>> best_history;  // (iteration, promoted score) at each promotion
  std::map<int64_t, std::string> feedback;           // parent id -> problem of its last child (for prompts)
  std::string config_yaml;                           // the config as given when the run started
  int64_t last_program_id = 0;
};

nlohmann::json RunStateToJson(const RunState& state);
Result<RunState> RunStateFromJson(const std::string& text);

}  // namespace tv::evolve
