#include "evolve/run/run_state.h"

namespace tv::evolve {

nlohmann::json RunStateToJson(const RunState& s) {
  nlohmann::json feedback = nlohmann::json::object();
  for (const auto& [id, text] : s.feedback) feedback[std::to_string(id)] = text;
  nlohmann::json history = nlohmann::json::array();
  for (const auto& [iteration, score] : s.best_history) history.push_back({iteration, score});
  return {{"format", kRunStateFormat},
          {"next_iteration", s.next_iteration},
          {"population", s.population},
          {"rng", s.rng},
          {"promoted_id", s.promoted_id},
          {"promoted_score", s.promoted_score},
          {"promoted_cached_score", s.promoted_cached_score},
          {"promoted_metrics", s.promoted_metrics},
          {"evaluations", s.evaluations},
          {"duplicates", s.duplicates},
          {"failed_proposals", s.failed_proposals},
          {"stagnant_iterations", s.stagnant_iterations},
          {"cache_hits", s.cache_hits},
          {"cache_misses", s.cache_misses},
          {"llm_cost_usd", s.llm_cost_usd},
          {"llm_prompt_tokens", s.llm_prompt_tokens},
          {"llm_completion_tokens", s.llm_completion_tokens},
          {"elapsed_s", s.elapsed_s},
          {"best_history", history},
          {"feedback", feedback},
          {"config_yaml", s.config_yaml},
          {"last_program_id", s.last_program_id}};
}

Result<RunState> RunStateFromJson(const std::string& text) {
  const nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Status::InvalidArgument("the run state in the database is not JSON; the database is damaged");
  if (j.value("format", 0) != kRunStateFormat) {
    return Status::InvalidArgument("the run state has format " + std::to_string(j.value("format", 0)) +
                                   " but this tilevolve reads format " + std::to_string(kRunStateFormat));
  }
  try {
    RunState s;
    s.next_iteration = j.at("next_iteration").get<int>();
    s.population = j.at("population");
    s.rng = j.at("rng").get<std::string>();
    s.promoted_id = j.at("promoted_id").get<int64_t>();
    s.promoted_score = j.at("promoted_score").get<double>();
    s.promoted_cached_score = j.at("promoted_cached_score").get<double>();
    s.promoted_metrics = j.value("promoted_metrics", std::string());  // absent in runs before it existed
    s.evaluations = j.at("evaluations").get<int>();
    s.duplicates = j.at("duplicates").get<int>();
    s.failed_proposals = j.at("failed_proposals").get<int>();
    s.stagnant_iterations = j.at("stagnant_iterations").get<int>();
    s.cache_hits = j.at("cache_hits").get<int>();
    s.cache_misses = j.at("cache_misses").get<int>();
    s.llm_cost_usd = j.at("llm_cost_usd").get<double>();
    s.llm_prompt_tokens = j.at("llm_prompt_tokens").get<int64_t>();
    s.llm_completion_tokens = j.at("llm_completion_tokens").get<int64_t>();
    s.elapsed_s = j.at("elapsed_s").get<double>();
    for (const nlohmann::json& h : j.at("best_history"))
      s.best_history.emplace_back(h[0].get<int>(), h[1].get<double>());
    for (const auto& [id, textv] : j.at("feedback").items())
      s.feedback[std::stoll(id)] = textv.get<std::string>();
    s.config_yaml = j.at("config_yaml").get<std::string>();
    s.last_program_id = j.at("last_program_id").get<int64_t>();
    return s;
  } catch (const std::exception& e) {
    return Status::InvalidArgument(std::string("the run state in the database is incomplete (") + e.what() +
                                   "); the database is damaged");
  }
}

}  // namespace tv::evolve
