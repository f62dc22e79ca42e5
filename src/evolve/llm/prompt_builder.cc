#include "evolve/llm/prompt_builder.h"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string_view>

#include "evolve/llm/templates.h"
#include "evolve/mutation/evolve_blocks.h"

namespace tv::evolve {
namespace {

// Characters of code shown per top program or inspiration.
constexpr size_t kMaxShownProgramChars = 4000;

std::string FormatNumber(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.4g", value);
  return text;
}

// Held-out results must never reach the LLM: what it sees drives selection.
bool IsHeldoutKey(std::string_view key) {
  std::string lower(key);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.find("heldout") != std::string::npos || lower.find("held_out") != std::string::npos;
}

// The first `max_bytes` of `text` (cut at a UTF-8 character boundary), with a
// note of what was left out.
std::string Capped(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "\n[... " + std::to_string(text.size() - end) + " more bytes not shown]";
}

nlohmann::json ParseMetrics(const std::string& metrics_json) {
  nlohmann::json json = nlohmann::json::parse(metrics_json, nullptr, /*allow_exceptions=*/false);
  return json.is_object() ? json : nlohmann::json::object();
}

// "- combined_score: 1.234" per scalar top-level metric, held-out ones left out.
std::string MetricLines(const nlohmann::json& metrics) {
  std::string out;
  auto line = [&](const std::string& key, const nlohmann::json& value) {
    if (IsHeldoutKey(key)) return;
    if (value.is_number()) {
      out += "- " + key + ": " + FormatNumber(value.get<double>()) + "\n";
    } else if (value.is_boolean()) {
      out += "- " + key + ": " + (value.get<bool>() ? "true" : "false") + "\n";
    } else if (value.is_string() && !value.get<std::string>().empty()) {
      out += "- " + key + ": " + value.get<std::string>() + "\n";
    }
  };
  if (metrics.contains("combined_score")) line("combined_score", metrics["combined_score"]);
  for (const auto& [key, value] : metrics.items()) {
    if (key != "combined_score") line(key, value);
  }
  return out.empty() ? "(no metrics: the program was not evaluated)\n" : out;
}

// "mc=96 nc=4096 kc=384 mr=14 nr=32" from the evaluator's tiles object; auto fields left out.
std::string TilesText(const nlohmann::json& tiles) {
  if (!tiles.is_object()) return "";
  static const char* const kOrder[] = {"mc",      "nc",       "kc",     "mr",     "nr",
                                       "threads", "parallel", "pack_a", "pack_b", "path"};
  std::string out;
  std::set<std::string> shown;
  auto add = [&](const std::string& key) {
    shown.insert(key);
    if (!tiles.contains(key)) return;
    const nlohmann::json& value = tiles[key];
    std::string text;
    if (value.is_number()) {
      if (value.get<double>() == 0) return;
      text = value.dump();
    } else if (value.is_string()) {
      text = value.get<std::string>();
      if (text.empty() || text == "auto") return;
    } else {
      return;
    }
    out += (out.empty() ? "" : " ") + key + "=" + text;
  };
  for (const char* key : kOrder) add(key);
  for (const auto& item : tiles.items()) {
    if (!shown.contains(item.key())) add(item.key());
  }
  return out.empty() ? "auto" : out;
}

// The table of per-shape results, train shapes only.
std::string ShapeResults(const nlohmann::json& metrics) {
  if (!metrics.contains("shapes") || !metrics["shapes"].is_array()) return "";
  std::string rows;
  for (const nlohmann::json& shape : metrics["shapes"]) {
    if (!shape.is_object() || !shape.contains("tag") || shape["tag"] != "train") continue;
    auto field = [&](const char* key) {
      const nlohmann::json& v = shape.contains(key) ? shape[key] : nlohmann::json();
      return v.is_number() ? FormatNumber(v.get<double>()) : v.is_string() ? v.get<std::string>() : "";
    };
    std::string tiles = TilesText(shape.contains("tiles") ? shape["tiles"] : nlohmann::json());
    const std::string requested =
        TilesText(shape.contains("requested") ? shape["requested"] : nlohmann::json());
    if (!requested.empty() && requested != tiles) tiles = "asked " + requested + "; ran " + tiles;
    const std::string speedup = field("speedup");
    rows += "| " + field("name") + " | " + field("m") + " | " + field("n") + " | " + field("k") + " | " +
            (speedup.empty() ? "" : speedup + "x") + " | " + tiles + " |\n";
  }
  if (rows.empty()) return "";
  return "## Results per training shape (speedup over the baseline; above 1 is faster)\n"
         "| shape | M | N | K | speedup | tiles |\n"
         "| --- | --- | --- | --- | --- | --- |\n" +
         rows + "\n";
}

std::string Artifacts(const nlohmann::json& metrics, const PromptConfig& prompt) {
  if (!prompt.include_artifacts || !metrics.contains("artifacts") || !metrics["artifacts"].is_object()) {
    return "";
  }
  std::string out;
  const size_t cap = static_cast<size_t>(std::max(prompt.max_artifact_bytes, 0));
  for (const auto& [key, value] : metrics["artifacts"].items()) {
    if (!value.is_string() || value.get<std::string>().empty() || IsHeldoutKey(key)) continue;
    out += "### " + key + "\n```\n" + Capped(value.get<std::string>(), cap) + "\n```\n";
  }
  return out.empty() ? "" : "## Artifacts of its evaluation\n" + out + "\n";
}

// The code of `program` to show: its EVOLVE-BLOCK regions when it has markers
// (the rest is the same in every program), capped.
std::string ShownCode(const std::string& code) {
  std::string shown = code;
  Result<std::vector<TextRange>> blocks = FindEvolveBlocks(code);
  if (blocks.ok() && !blocks->empty() &&
      !(blocks->size() == 1 && (*blocks)[0].begin == 0 && (*blocks)[0].end == code.size())) {
    shown.clear();
    for (const TextRange& range : *blocks) {
      if (!shown.empty()) shown += "// ...\n";
      shown += code.substr(range.begin, range.end - range.begin);
    }
  }
  if (shown.size() > kMaxShownProgramChars) {
    shown = Capped(shown, kMaxShownProgramChars);
  }
  return shown;
}

std::string ProgramEntry(const ProgramRecord& program) {
  std::string out = "### Program " + std::to_string(program.id) + " (score " + FormatNumber(program.score) +
                    ", generation " + std::to_string(program.generation) + ")\n";
  if (!program.change_summary.empty()) {
    out += "Made by " + program.mutation + ": " + program.change_summary + "\n";
  }
  out += "```cpp\n" + ShownCode(program.code);
  if (!out.empty() && out.back() != '\n') out += "\n";
  return out + "```\n";
}

// A section listing `programs` (the parent and programs already shown are skipped).
std::string ProgramSection(const std::string& title, const std::vector<const ProgramRecord*>& programs,
                           std::set<int64_t>& shown_ids) {
  std::string out;
  for (const ProgramRecord* program : programs) {
    if (program == nullptr || !shown_ids.insert(program->id).second) continue;
    out += ProgramEntry(*program);
  }
  return out.empty() ? "" : "## " + title + "\n" + out + "\n";
}

std::string ParentOrigin(const ProgramRecord& parent) {
  std::string out = "Program " + std::to_string(parent.id) + ", generation " +
                    std::to_string(parent.generation) + ", score " + FormatNumber(parent.score);
  if (parent.parent_id == 0) {
    out += ": the initial program.";
  } else if (!parent.change_summary.empty()) {
    out += ", made from program " + std::to_string(parent.parent_id) + " by " + parent.mutation + ": " +
           parent.change_summary;
  }
  return out + "\n\n";
}

std::string PickPhrase(const std::vector<std::string>& variants, bool stochastic, Rng& rng) {
  if (!stochastic || variants.size() == 1) return variants.front();
  return variants[static_cast<size_t>(rng() % variants.size())];
}

}  // namespace

Result<std::vector<ChatMessage>> BuildPrompt(const MutationRequest& request, const EvolveConfig& config,
                                             bool full_rewrite, Rng& rng) {
  assert(request.parent != nullptr);
  const ProgramRecord& parent = *request.parent;
  const PromptConfig& prompt = config.prompt;

  std::string system = prompt.system_message;
  if (system.empty()) {
    Result<std::string> loaded = LoadTemplate(kSystemMessageTemplate, prompt.template_dir);
    if (!loaded.ok()) return loaded.status();
    system = std::move(*loaded);
  }
  const std::string_view user_name = full_rewrite ? kRewriteUserTemplate : kDiffUserTemplate;
  Result<std::string> user_template = LoadTemplate(user_name, prompt.template_dir);
  if (!user_template.ok()) return user_template.status();
  if (user_template->find("{parent_code}") == std::string::npos) {
    return Status::InvalidArgument("the prompt template " + prompt.template_dir + "/" +
                                   std::string(user_name) +
                                   " has no {parent_code} placeholder: the LLM would never see the program");
  }

  std::map<std::string, std::string> values;
  if (parent.code.find("choose_tile_size") != std::string::npos) {
    Result<std::string> interface = LoadTemplate(kProgramInterfaceTemplate, prompt.template_dir);
    if (!interface.ok()) return interface.status();
    values["program_interface"] = std::move(*interface);
  } else {
    values["program_interface"] = "";
  }
  const nlohmann::json metrics = ParseMetrics(parent.metrics_json);
  values["parent_origin"] = ParentOrigin(parent);
  values["parent_code"] = parent.code;
  if (!values["parent_code"].empty() && values["parent_code"].back() == '\n')
    values["parent_code"].pop_back();
  values["metrics"] = MetricLines(metrics);
  values["shape_results"] = ShapeResults(metrics);
  values["artifacts"] = Artifacts(metrics, prompt);
  values["feedback"] = request.feedback.empty() ? ""
                                                : "## Feedback on the last attempt to change this program\n" +
                                                      request.feedback + "\n\n";

  std::set<int64_t> shown_ids = {parent.id};
  values["second_parent"] =
      request.second_parent == nullptr
          ? ""
          : ProgramSection("A second parent: combine its best ideas with the current program",
                           {request.second_parent}, shown_ids);
  values["top_programs"] = ProgramSection("The best programs so far", request.top_programs, shown_ids);
  values["inspirations"] = ProgramSection("Other programs, for inspiration", request.inspirations, shown_ids);

  Result<std::vector<TextRange>> blocks = FindEvolveBlocks(parent.code);
  const bool has_markers = parent.code.find("EVOLVE-BLOCK-START") != std::string::npos;
  values["evolve_regions_rule"] =
      has_markers || !blocks.ok()
          ? "Only the code between the lines `// EVOLVE-BLOCK-START` and `// EVOLVE-BLOCK-END` may change; "
            "everything outside those regions, the marker lines included, is fixed, and a change there is "
            "rejected."
          : "The whole program may change.";
  for (const auto& [key, variants] : PhraseVariants()) {
    values[key] = PickPhrase(variants, prompt.use_template_stochasticity, rng);
  }

  std::vector<ChatMessage> messages;
  messages.push_back({"system", std::move(system)});
  messages.push_back({"user", FillTemplate(*user_template, values)});
  return messages;
}

}  // namespace tv::evolve
