// A source of child programs. The controller asks for one child at a time; the
// mutator returns the child's whole code or says why it could not make one.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "evolve/database/population.h"
#include "evolve/database/program_record.h"
#include "evolve/mutation/shape_figures.h"

namespace tv::evolve {

struct MutationRequest {
  const ProgramRecord* parent = nullptr;           // never null
  const ProgramRecord* second_parent = nullptr;    // for crossover; may be null
  std::vector<const ProgramRecord*> top_programs;  // the island's best (for prompts)
  std::vector<const ProgramRecord*> inspirations;  // diverse programs (for prompts and crossover)
  int iteration = 0;
  std::string feedback;  // problems of the parent's own creation to show (rejected diff, ...)
  // Every evaluated program's train-shape figures (the offline mutator's shape
  // rules); null where the evaluator reports no GEMM shapes.
  const ShapeFigures* shape_figures = nullptr;
};

struct MutationResult {
  bool ok = false;
  std::string code;     // the whole child program when ok
  std::string kind;     // ProgramRecord::mutation
  std::string summary;  // one line: what changed, or why nothing could be made
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  double cost_usd = 0;
};

class Mutator {
 public:
  virtual ~Mutator() = default;
  // Never throws. A non-ok Status is a failure of the source itself that should
  // stop the run (an unreachable endpoint, the cost budget spent); a child that
  // could not be made is an ok Status with result.ok == false.
  virtual Result<MutationResult> Propose(const MutationRequest& request, Rng& rng) = 0;
  virtual std::string name() const = 0;
};

}  // namespace tv::evolve
