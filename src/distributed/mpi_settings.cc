#include "distributed/mpi_settings.h"

#include <cstdlib>
#include <string>

namespace tv::distributed {
namespace {

// The variable `name` as a number in [low, high]; `fallback` when unset or empty.
Result<double> NumberVariable(const char* name, double fallback, double low, double high) {
  const char* text = std::getenv(name);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const double value = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(value >= low && value <= high))
    return Status::InvalidArgument(std::string(name) + "=" + text +
                                   " is not allowed; expected a number in [" + std::to_string(low) + ", " +
                                   std::to_string(high) + "]");
  return value;
}

}  // namespace

Result<ControllerSettings> ControllerSettingsFromEnvironment() {
  ControllerSettings settings;
  if (const char* rule = std::getenv("TILEVOLVE_MPI_COMBINE"); rule != nullptr && *rule != '\0') {
    Result<CombineRule> parsed = ParseCombineRule(rule);
    if (!parsed.ok()) return Status::InvalidArgument("TILEVOLVE_MPI_COMBINE: " + parsed.status().message());
    settings.rule = *parsed;
    settings.rule_from_environment = true;
  }
  Result<double> heartbeat = NumberVariable("TILEVOLVE_MPI_HEARTBEAT_S", 1, 0.05, 60);
  if (!heartbeat.ok()) return heartbeat.status();
  Result<double> silence = NumberVariable("TILEVOLVE_MPI_SILENCE_S", 30, 0.5, 86400);
  if (!silence.ok()) return silence.status();
  Result<double> margin = NumberVariable("TILEVOLVE_MPI_HANG_MARGIN_S", 60, 0, 86400);
  if (!margin.ok()) return margin.status();
  settings.heartbeat_s = *heartbeat;
  settings.silence_s = *silence;
  settings.hang_margin_s = *margin;
  if (settings.silence_s < 3 * settings.heartbeat_s)
    return Status::InvalidArgument("TILEVOLVE_MPI_SILENCE_S must be at least 3 x TILEVOLVE_MPI_HEARTBEAT_S");
  return settings;
}

Result<std::optional<int>> EvaluatorThreadsOverride() {
  Result<double> threads = NumberVariable("TILEVOLVE_EVALUATOR_THREADS", 0, 0, 4096);
  if (!threads.ok()) return threads.status();
  if (*threads == 0) return std::optional<int>();
  if (*threads != static_cast<int>(*threads))
    return Status::InvalidArgument("TILEVOLVE_EVALUATOR_THREADS must be a whole number of threads");
  return std::optional<int>(static_cast<int>(*threads));
}

}  // namespace tv::distributed
