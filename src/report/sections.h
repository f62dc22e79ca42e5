// The report's sections, each one HTML <section> (id and data-section set to
// the name in brackets) built from a loaded run. Every text that comes from
// programs, metrics or files is escaped. A section with nothing to show says so.
#pragma once

#include <string>

#include "report/run_data.h"

namespace tv::report {

// [summary] device, suite, iterations, evaluations, best train / held-out
// score, oracle fraction, wall time, LLM tokens and cost, cache hit rate.
std::string SummarySection(const RunData& run);
// [progress] best and per-island scores over iterations; every evaluation as
// a point, failed ones marked by outcome.
std::string ProgressSection(const RunData& run);
// [lineage] the best program's ancestors back to the initial program; each
// step shows its code, its diff to the parent and its metrics.
std::string LineageSection(const RunData& run);
// [map-elites] each island's MAP-Elites grid as a heat map of cell scores.
std::string MapElitesSection(const RunData& run);
// [shapes] per-shape speedups (initial, best, oracle) for train and held-out
// shapes and the tiles each chose; empty when the metrics have no shapes (an
// external evaluator).
std::string ShapesSection(const RunData& run);
// [devices] per-device-class scores and per-shape speedups of the best and
// the initial program, when the run was evaluated on several kinds of machine
// (metrics carry "devices": {class: metrics}); empty otherwise.
std::string DevicesSection(const RunData& run);
// [failures] failed candidates grouped by outcome, with an example of each.
std::string FailuresSection(const RunData& run);

}  // namespace tv::report
