// How one job's per-device-class scores become the one score the controller
// selects on, and how a combined parent is split again for a cascade.
//
// Combined ProgramScore (classes in name order):
//   outcome/message  "ok" only when every class is ok; else the first failing
//                    class's outcome, its message prefixed "on <class>: "
//   score, heldout   the rule over the classes' figures (0 unless every class
//                    is ok / has a held-out figure > 0)
//   seconds          the slowest class's (they ran side by side)
//   cache hits/misses summed
//   metrics_json     every top-level number that all classes report, combined
//                    by the rule (combined_score, heldout_speedup, an external
//                    evaluator's feature metrics...), "outcome", "message",
//                    "combine" (the rule) and "devices": {"<class>": that
//                    class's metrics object}. With one class the top level is
//                    that class's metrics unchanged (plus "devices").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "evolve/run/evaluation_pool.h"

namespace tv::distributed {

enum class CombineRule {
  kGeomean,  // geometric mean (the default: one slow machine type is not averaged away)
  kMean,     // arithmetic mean
  kMin,      // the worst device decides
};

// "geomean", "mean" or "min"; InvalidArgument lists them.
Result<CombineRule> ParseCombineRule(const std::string& name);
std::string CombineRuleName(CombineRule rule);

// The rule over `values` (non-empty). Geomean of values that are not all > 0
// falls back to the arithmetic mean (a metric like "complexity" may be 0).
double CombineValues(CombineRule rule, const std::vector<double>& values);

struct ClassScore {
  std::string device_class;
  evolve::ProgramScore score;
};

// REQUIRES: !per_class.empty(). Sorted by device_class inside.
evolve::ProgramScore CombineClassScores(std::vector<ClassScore> per_class, CombineRule rule);

// The part of a (possibly combined) parent a class measures against: its
// entry in metrics "devices" (outcome, combined_score, metrics); a parent
// without "devices" (evaluated in one process) is passed as is; nothing when the
// parent has "devices" but not this class (the child is then measured in full).
std::optional<evolve::ParentSummary> ParentForClass(const evolve::ParentSummary& parent,
                                                    const std::string& device_class);

// The same for a promoted program's metrics (EvaluationJob::promoted_metrics):
// its "devices" entry for `device_class` as JSON text, the text as is when it
// has no "devices", empty (time every shape) when it has "devices" but not this class.
std::string PromotedMetricsForClass(const std::string& promoted_metrics, const std::string& device_class);

}  // namespace tv::distributed
