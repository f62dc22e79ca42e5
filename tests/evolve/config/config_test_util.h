// Helpers shared by the config tests.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "evolve/config/evolve_config.h"

namespace tv::evolve {

// Every field of a and b, one EXPECT each (EvolveConfig has no operator==).
inline void ExpectSameConfig(const EvolveConfig& a, const EvolveConfig& b) {
  EXPECT_EQ(a.max_iterations, b.max_iterations);
  EXPECT_EQ(a.checkpoint_interval, b.checkpoint_interval);
  EXPECT_EQ(a.log_level, b.log_level);
  EXPECT_EQ(a.random_seed, b.random_seed);
  EXPECT_EQ(a.target_score, b.target_score);
  EXPECT_EQ(a.early_stopping_patience, b.early_stopping_patience);
  EXPECT_EQ(a.convergence_threshold, b.convergence_threshold);
  EXPECT_EQ(a.diff_based_evolution, b.diff_based_evolution);
  EXPECT_EQ(a.allow_full_rewrites, b.allow_full_rewrites);
  EXPECT_EQ(a.max_code_length, b.max_code_length);

  ASSERT_EQ(a.llm.models.size(), b.llm.models.size());
  for (size_t i = 0; i < a.llm.models.size(); ++i) {
    SCOPED_TRACE("llm.models[" + std::to_string(i) + "]");
    EXPECT_EQ(a.llm.models[i].name, b.llm.models[i].name);
    EXPECT_EQ(a.llm.models[i].weight, b.llm.models[i].weight);
    EXPECT_EQ(a.llm.models[i].api_base, b.llm.models[i].api_base);
    EXPECT_EQ(a.llm.models[i].api_key, b.llm.models[i].api_key);
    EXPECT_EQ(a.llm.models[i].input_price_per_mtok, b.llm.models[i].input_price_per_mtok);
    EXPECT_EQ(a.llm.models[i].output_price_per_mtok, b.llm.models[i].output_price_per_mtok);
  }
  EXPECT_EQ(a.llm.api_base, b.llm.api_base);
  EXPECT_EQ(a.llm.api_key, b.llm.api_key);
  EXPECT_EQ(a.llm.temperature, b.llm.temperature);
  EXPECT_EQ(a.llm.top_p, b.llm.top_p);
  EXPECT_EQ(a.llm.max_tokens, b.llm.max_tokens);
  EXPECT_EQ(a.llm.timeout_s, b.llm.timeout_s);
  EXPECT_EQ(a.llm.retries, b.llm.retries);
  EXPECT_EQ(a.llm.retry_delay_s, b.llm.retry_delay_s);
  EXPECT_EQ(a.llm.max_cost, b.llm.max_cost);

  EXPECT_EQ(a.prompt.system_message, b.prompt.system_message);
  EXPECT_EQ(a.prompt.template_dir, b.prompt.template_dir);
  EXPECT_EQ(a.prompt.num_top_programs, b.prompt.num_top_programs);
  EXPECT_EQ(a.prompt.num_diverse_programs, b.prompt.num_diverse_programs);
  EXPECT_EQ(a.prompt.use_template_stochasticity, b.prompt.use_template_stochasticity);
  EXPECT_EQ(a.prompt.include_artifacts, b.prompt.include_artifacts);
  EXPECT_EQ(a.prompt.max_artifact_bytes, b.prompt.max_artifact_bytes);

  EXPECT_EQ(a.database.population_size, b.database.population_size);
  EXPECT_EQ(a.database.archive_size, b.database.archive_size);
  EXPECT_EQ(a.database.num_islands, b.database.num_islands);
  EXPECT_EQ(a.database.migration_interval, b.database.migration_interval);
  EXPECT_EQ(a.database.migration_rate, b.database.migration_rate);
  EXPECT_EQ(a.database.elite_selection_ratio, b.database.elite_selection_ratio);
  EXPECT_EQ(a.database.exploration_ratio, b.database.exploration_ratio);
  EXPECT_EQ(a.database.exploitation_ratio, b.database.exploitation_ratio);
  EXPECT_EQ(a.database.feature_dimensions, b.database.feature_dimensions);
  EXPECT_EQ(a.database.feature_bins, b.database.feature_bins);
  EXPECT_EQ(a.database.feature_bins_per_dimension, b.database.feature_bins_per_dimension);
  EXPECT_EQ(a.database.diversity_reference_size, b.database.diversity_reference_size);

  EXPECT_EQ(a.evaluator.timeout_s, b.evaluator.timeout_s);
  EXPECT_EQ(a.evaluator.cascade_evaluation, b.evaluator.cascade_evaluation);
  EXPECT_EQ(a.evaluator.cascade_thresholds, b.evaluator.cascade_thresholds);
  EXPECT_EQ(a.evaluator.parallel_evaluations, b.evaluator.parallel_evaluations);
  EXPECT_EQ(a.evaluator.measurement_cache, b.evaluator.measurement_cache);

  EXPECT_EQ(a.mutator.kind, b.mutator.kind);
  EXPECT_EQ(a.mutator.max_literal_changes, b.mutator.max_literal_changes);
  EXPECT_EQ(a.mutator.crossover_rate, b.mutator.crossover_rate);
  EXPECT_EQ(a.mutator.operator_flip_rate, b.mutator.operator_flip_rate);

  EXPECT_EQ(a.suite, b.suite);
  EXPECT_EQ(a.backend, b.backend);
  EXPECT_EQ(a.threads, b.threads);
  EXPECT_EQ(a.device_combination, b.device_combination);
}

// The one warning that contains `needle`, or "" (with a failure) when there is not exactly one.
inline std::string OneWarningWith(const std::vector<std::string>& warnings, const std::string& needle) {
  std::vector<std::string> found;
  for (const std::string& w : warnings) {
    if (w.find(needle) != std::string::npos) found.push_back(w);
  }
  EXPECT_EQ(found.size(), 1u) << "warnings containing '" << needle << "'";
  return found.size() == 1 ? found[0] : "";
}

}  // namespace tv::evolve
