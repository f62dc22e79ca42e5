// One evaluated program of an evolution run, as the database keeps it.
#pragma once

#include <cstdint>
#include <string>

namespace tv::evolve {

struct ProgramRecord {
  int64_t id = 0;                // 1, 2, ... in the order programs were created (0: not stored yet)
  int64_t parent_id = 0;         // 0: none (the initial program)
  int64_t second_parent_id = 0;  // crossover's other parent, else 0
  int iteration = 0;             // the run iteration that created it (0: initial)
  int generation = 0;            // parent's generation + 1
  int island = 0;
  std::string code;            // the whole program file
  std::string code_hash;       // hex of a 64-bit+ hash of `code` (duplicate detection)
  std::string mutation;        // "initial", "offline:literals", "offline:operator", "offline:crossover",
                               // "offline:statement", "offline:shape_rule",
                               // "llm:diff", "llm:rewrite", "migrant"
  std::string change_summary;  // one line: what the mutation changed
  std::string outcome;         // the evaluator's outcome ("ok", "compile_failed", ...)
  double score = 0;            // combined_score when outcome == "ok", else 0
  std::string metrics_json;    // the evaluator's whole metrics JSON (evolve/eval_json.h)
  double created_at = 0;       // unix seconds
  double eval_seconds = 0;
  // LLM accounting of the call that produced it (0 for offline mutations).
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double cost_usd = 0;
};

}  // namespace tv::evolve
