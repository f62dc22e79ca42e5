// The knobs of an MPI evolution that the run's YAML does not have, read from
// the environment of the rank that uses them (docs/DISTRIBUTED.md):
//
//   rank 0 (the controller):
//     TILEVOLVE_MPI_COMBINE       geomean, mean or min: how per-device-class scores combine
//                                 (overrides the config's device_combination, default geomean)
//     TILEVOLVE_MPI_HEARTBEAT_S   seconds between "alive" messages each way (default 1)
//     TILEVOLVE_MPI_SILENCE_S     a rank silent this long is lost (default 30)
//     TILEVOLVE_MPI_HANG_MARGIN_S a job running longer than evaluator.timeout_s plus this is
//                                 hung and its rank lost (default 60)
//   each evaluator rank (a test and simulation knob, set per rank with mpirun -x):
//     TILEVOLVE_EVALUATOR_THREADS GEMM threads of this rank's evaluator, overriding the config's
//                                 `threads` (part of its device class)
#pragma once

#include <optional>

#include "core/status.h"
#include "distributed/score_combination.h"

namespace tv::distributed {

struct ControllerSettings {
  CombineRule rule = CombineRule::kGeomean;
  bool rule_from_environment = false;  // TILEVOLVE_MPI_COMBINE was set: it overrides the config's
                                       // device_combination
  double heartbeat_s = 1;
  double silence_s = 30;
  double hang_margin_s = 60;
};

// InvalidArgument naming the variable and what it allows.
Result<ControllerSettings> ControllerSettingsFromEnvironment();

// TILEVOLVE_EVALUATOR_THREADS when set (>= 1), else nothing; InvalidArgument when malformed.
Result<std::optional<int>> EvaluatorThreadsOverride();

}  // namespace tv::distributed
