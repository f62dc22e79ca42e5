#include "distributed/score_combination.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <nlohmann/json.hpp>

namespace tv::distributed {
namespace {

using nlohmann::json;

json ObjectOrEmpty(const std::string& text) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return json::object();
  return j;
}

}  // namespace

Result<CombineRule> ParseCombineRule(const std::string& name) {
  if (name == "geomean") return CombineRule::kGeomean;
  if (name == "mean") return CombineRule::kMean;
  if (name == "min") return CombineRule::kMin;
  return Status::InvalidArgument("the device score rule '" + name +
                                 "' is unknown; use geomean (the default), mean or min");
}

std::string CombineRuleName(CombineRule rule) {
  switch (rule) {
    case CombineRule::kGeomean:
      return "geomean";
    case CombineRule::kMean:
      return "mean";
    case CombineRule::kMin:
      return "min";
  }
  return "geomean";
}

double CombineValues(CombineRule rule, const std::vector<double>& values) {
  assert(!values.empty());
  if (rule == CombineRule::kMin) return *std::min_element(values.begin(), values.end());
  const bool all_positive = std::all_of(values.begin(), values.end(), [](double v) { return v > 0; });
  if (rule == CombineRule::kGeomean && all_positive) {
    double log_sum = 0;
    for (double v : values) log_sum += std::log(v);
    return std::exp(log_sum / static_cast<double>(values.size()));
  }
  double sum = 0;
  for (double v : values) sum += v;
  return sum / static_cast<double>(values.size());
}

evolve::ProgramScore CombineClassScores(std::vector<ClassScore> per_class, CombineRule rule) {
  assert(!per_class.empty());
  std::sort(per_class.begin(), per_class.end(),
            [](const ClassScore& a, const ClassScore& b) { return a.device_class < b.device_class; });
  evolve::ProgramScore combined;
  json devices = json::object();
  std::vector<json> metrics;
  std::vector<double> scores;
  std::vector<double> heldouts;
  for (const ClassScore& c : per_class) {
    const evolve::ProgramScore& s = c.score;
    metrics.push_back(ObjectOrEmpty(s.metrics_json));
    devices[c.device_class] = metrics.back();
    scores.push_back(s.score);
    heldouts.push_back(s.heldout);
    combined.seconds = std::max(combined.seconds, s.seconds);
    combined.cache_hits += s.cache_hits;
    combined.cache_misses += s.cache_misses;
    if (s.outcome != "ok" && combined.outcome == "ok") {
      combined.outcome = s.outcome;
      combined.message = "on " + c.device_class + ": " + s.message;
    }
  }
  const bool ok = combined.outcome == "ok";
  const bool all_heldout = std::all_of(heldouts.begin(), heldouts.end(), [](double h) { return h > 0; });
  if (per_class.size() == 1) {  // exactly the class's figures, not exp(log(x))
    combined.score = ok ? scores.front() : 0;
    combined.heldout = heldouts.front();
  } else {
    combined.score = ok ? CombineValues(rule, scores) : 0;
    combined.heldout = all_heldout ? CombineValues(rule, heldouts) : 0;
  }

  json top;
  if (per_class.size() == 1) {
    top = metrics.front();
  } else {
    top = json::object();
    for (const auto& [key, value] : metrics.front().items()) {
      if (!value.is_number() || key == "cache_hits" || key == "cache_misses") continue;
      std::vector<double> values;
      for (const json& m : metrics)
        if (m.contains(key) && m[key].is_number()) values.push_back(m[key].get<double>());
      if (values.size() == metrics.size()) top[key] = CombineValues(rule, values);
    }
    top["combined_score"] = combined.score;
    top["heldout_speedup"] = combined.heldout;
    top["outcome"] = combined.outcome;
    top["message"] = combined.message;
  }
  top["combine"] = CombineRuleName(rule);
  top["devices"] = std::move(devices);
  combined.metrics_json = top.dump();
  return combined;
}

std::optional<evolve::ParentSummary> ParentForClass(const evolve::ParentSummary& parent,
                                                    const std::string& device_class) {
  const json metrics = ObjectOrEmpty(parent.metrics_json);
  if (!metrics.contains("devices") || !metrics["devices"].is_object()) return parent;
  const json& devices = metrics["devices"];
  if (!devices.contains(device_class) || !devices[device_class].is_object()) return std::nullopt;
  const json& mine = devices[device_class];
  evolve::ParentSummary part;
  part.outcome = mine.contains("outcome") && mine["outcome"].is_string() ? mine["outcome"].get<std::string>()
                                                                         : parent.outcome;
  part.score = part.outcome == "ok" && mine.contains("combined_score") && mine["combined_score"].is_number()
                   ? mine["combined_score"].get<double>()
                   : 0;
  part.metrics_json = mine.dump();
  return part;
}

std::string PromotedMetricsForClass(const std::string& promoted_metrics, const std::string& device_class) {
  const json metrics = ObjectOrEmpty(promoted_metrics);
  if (!metrics.contains("devices") || !metrics["devices"].is_object()) return promoted_metrics;
  const json& devices = metrics["devices"];
  if (!devices.contains(device_class) || !devices[device_class].is_object()) return std::string();
  return devices[device_class].dump();
}

}  // namespace tv::distributed
