// [summary]: the run at a glance (contract: sections.h).
#include <cmath>

#include "report/html.h"
#include "report/json_fields.h"
#include "report/sections.h"

namespace tv::report {
namespace {

// One row; `key` names the figure for tools and tests (data-key), `value_html` is already escaped.
std::string Row(const std::string& label, const std::string& key, const std::string& value_html,
                const std::string& note = "") {
  return "<tr><th scope=\"row\">" + EscapeHtml(label) + "</th><td data-key=\"" + key + "\">" + value_html +
         "</td><td class=\"note\">" + EscapeHtml(note) + "</td></tr>";
}

std::string Score(double value) { return std::isfinite(value) ? Fixed(value, 4) : "n/a"; }

std::string Percent(double fraction) {
  return std::isfinite(fraction) ? Fixed(100 * fraction, 1) + "%" : "n/a";
}

std::string RunStatus(const RunData& run) {
  if (run.programs.empty()) return "no program evaluated yet";
  if (run.checkpoint_iteration >= 0) {
    return "a checkpoint export at iteration " + std::to_string(run.checkpoint_iteration) +
           " (continue it with tilevolve evolve --checkpoint)";
  }
  if (!run.has_log) return "unknown (no logs/evolve-*.log)";
  return run.finished ? "finished" : "running, or stopped without finishing (resume with --resume)";
}

}  // namespace

std::string SummarySection(const RunData& run) {
  const ReportProgram* best = run.Best();
  const ReportProgram* initial = run.Initial();
  const bool gemm = best != nullptr && !ArrayField(best->metrics, "shapes").empty();
  std::string rows;

  rows += Row("Status", "status", EscapeHtml(RunStatus(run)));
  std::string device = "not recorded by this run";
  if (const auto it = run.meta.find("device"); it != run.meta.end()) device = it->second;
  rows += Row("Device", "device", "<span class=\"lines\">" + EscapeHtml(device) + "</span>",
              "the machine the timings come from");
  rows +=
      Row("Evaluator", "evaluator", EscapeHtml(run.evaluator.empty() ? "unknown (no log)" : run.evaluator));
  if (run.config && gemm) {
    rows += Row(
        "Suite", "suite", EscapeHtml(run.config->suite),
        run.config->threads > 0 ? std::to_string(run.config->threads) + " threads" : "all physical cores");
  }
  const double next_iteration = run.StateNumber("next_iteration", NAN);
  if (std::isfinite(next_iteration)) {
    rows += Row("Iterations", "iterations", Count(static_cast<long long>(next_iteration) - 1),
                run.config ? "of max_iterations " + std::to_string(run.config->max_iterations) : "");
  }
  long long failed = 0;
  for (const ReportProgram& p : run.programs) failed += p.ok() ? 0 : 1;
  const double duplicates = run.StateNumber("duplicates", 0);
  rows += Row("Evaluations", "evaluations", Count(static_cast<long long>(run.programs.size())),
              Count(failed) + " failed, " + Count(static_cast<long long>(duplicates)) +
                  " duplicate children skipped");

  if (initial != nullptr) {
    rows += Row("Initial program score", "initial-score", Score(initial->record.score),
                gemm ? "combined_score: geomean speedup vs the baseline heuristic on train shapes"
                     : "combined_score");
  }
  if (best != nullptr) {
    const double promoted = run.StateNumber("promoted_score", NAN);
    const bool remeasured = std::isfinite(promoted) && run.StateNumber("promoted_id", 0) == best->record.id;
    rows += Row("Best score (train)", "best-score", Score(remeasured ? promoted : best->record.score),
                "program " + std::to_string(best->record.id) +
                    (remeasured ? ", re-measured without the cache before promotion; first evaluation " +
                                      Score(best->record.score)
                                : ""));
    double heldout = NumberField(run.best_info, "remeasured_heldout");
    if (!std::isfinite(heldout)) heldout = NumberField(best->metrics, "heldout_speedup");
    if (std::isfinite(heldout)) {
      rows += Row("Best score (held-out)", "heldout-score", Score(heldout),
                  "geomean speedup on shapes evolution never selected on");
    }
    const double oracle = NumberField(best->metrics, "oracle_fraction");
    if (std::isfinite(oracle)) {
      rows +=
          Row("Oracle fraction", "oracle-fraction", Fixed(oracle, 3),
              "the best program's speedup as a share of the best tiles found by search (" +
                  Count(static_cast<long long>(NumberField(best->metrics, "oracle_shapes"))) + " shapes)");
    }
  }
  const double elapsed = run.StateNumber("elapsed_s", NAN);
  if (std::isfinite(elapsed))
    rows += Row("Wall time", "wall-time", Duration(elapsed), "all sessions of the run");

  long long prompt_tokens = 0;
  long long completion_tokens = 0;
  double cost = 0;
  for (const ReportProgram& p : run.programs) {
    prompt_tokens += p.record.prompt_tokens;
    completion_tokens += p.record.completion_tokens;
    if (std::isfinite(p.record.cost_usd)) cost += p.record.cost_usd;
  }
  prompt_tokens =
      static_cast<long long>(run.StateNumber("llm_prompt_tokens", static_cast<double>(prompt_tokens)));
  completion_tokens = static_cast<long long>(
      run.StateNumber("llm_completion_tokens", static_cast<double>(completion_tokens)));
  cost = run.StateNumber("llm_cost_usd", cost);
  rows += Row("LLM tokens", "llm-tokens", Count(prompt_tokens + completion_tokens),
              Count(prompt_tokens) + " prompt + " + Count(completion_tokens) + " completion" +
                  (prompt_tokens + completion_tokens == 0 ? " (offline mutator)" : ""));
  std::string dollars = "$";
  dollars += Fixed(cost, 4);
  rows += Row("LLM cost", "llm-cost", dollars, "as priced in the config");

  const double hits = run.StateNumber("cache_hits", NAN);
  const double misses = run.StateNumber("cache_misses", NAN);
  if (std::isfinite(hits) && std::isfinite(misses) && hits + misses > 0) {
    rows += Row("Measurement cache hit rate", "cache-hit-rate", Percent(hits / (hits + misses)),
                Count(static_cast<long long>(hits)) + " hits, " + Count(static_cast<long long>(misses)) +
                    " misses (timings reused for tiles already measured)");
  }

  std::string html = "<section id=\"summary\" data-section=\"summary\"><h2>Summary</h2>";
  for (const std::string& notice : run.notices) html += "<p class=\"notice\">" + EscapeHtml(notice) + "</p>";
  if (run.programs.empty()) {
    html +=
        "<p class=\"notice\">The run's database holds no programs yet: the run was stopped before its "
        "initial program was evaluated, or is evaluating it now. Run the report again later.</p>";
  }
  html += "<table class=\"summary\"><tbody>" + rows + "</tbody></table>";
  if (best != nullptr) {
    html += "<p>Best program: <a href=\"#lineage\">program " + std::to_string(best->record.id) + "</a> (" +
            EscapeHtml(run.output_dir) + "/best/best_program.cpp).</p>";
  }
  return html + "</section>";
}

}  // namespace tv::report
