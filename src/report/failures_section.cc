// [failures]: failed candidates grouped by outcome (contract: sections.h).
#include <map>
#include <vector>

#include "report/html.h"
#include "report/json_fields.h"
#include "report/sections.h"

namespace tv::report {
namespace {

constexpr size_t kMaxArtifactChars = 6000;  // per artifact shown; the database keeps all of it

std::string Clip(const std::string& text) {
  if (text.size() <= kMaxArtifactChars) return text;
  return text.substr(0, kMaxArtifactChars) + "\n... (" + std::to_string(text.size() - kMaxArtifactChars) +
         " more characters in the database)";
}

// The example's message, stage and artifacts.
std::string Example(const ReportProgram& p) {
  const auto& r = p.record;
  std::string html = "<p>Example: program " + std::to_string(r.id) + " (iteration " +
                     std::to_string(r.iteration) + ", island " + std::to_string(r.island) +
                     ", mutation <code>" + EscapeHtml(r.mutation) + "</code>" +
                     (r.parent_id != 0 ? ", parent " + std::to_string(r.parent_id) : std::string()) + ")";
  const std::string stage = TextField(p.metrics, "stage");
  if (!stage.empty()) html += ", failed at stage <code>" + EscapeHtml(stage) + "</code>";
  html += ".</p>";
  if (!r.change_summary.empty()) html += "<p class=\"change\">" + EscapeHtml(r.change_summary) + "</p>";
  const std::string message = TextField(p.metrics, "message");
  if (!message.empty()) html += "<pre class=\"message\">" + EscapeHtml(Clip(message)) + "</pre>";
  for (const auto& [name, value] : ObjectField(p.metrics, "artifacts").items()) {
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    if (text.empty() || text == "null") continue;
    html += "<h4>" + EscapeHtml(name) + "</h4><pre>" + EscapeHtml(Clip(text)) + "</pre>";
  }
  return html;
}

}  // namespace

std::string FailuresSection(const RunData& run) {
  std::string html = "<section id=\"failures\" data-section=\"failures\"><h2>Failed candidates</h2>";
  std::map<std::string, std::vector<const ReportProgram*>> by_outcome;
  for (const ReportProgram& p : run.programs) {
    if (!p.ok()) by_outcome[p.record.outcome.empty() ? "unknown" : p.record.outcome].push_back(&p);
  }
  if (by_outcome.empty()) {
    return html +
           "<p data-failed=\"0\">No candidate failed: every evaluated program compiled, ran and was "
           "measured.</p></section>";
  }
  size_t failed = 0;
  for (const auto& [outcome, programs] : by_outcome) failed += programs.size();
  html += "<p data-failed=\"" + std::to_string(failed) + "\">" + std::to_string(failed) + " of " +
          std::to_string(run.programs.size()) +
          " evaluated programs failed. They score 0 and never become parents.</p>";
  html +=
      "<table class=\"outcomes\"><thead><tr><th>outcome</th><th>programs</th><th>share</th><th>ids</th>"
      "</tr></thead><tbody>";
  for (const auto& [outcome, programs] : by_outcome) {
    std::string ids;
    for (size_t i = 0; i < programs.size() && i < 12; ++i) {
      ids += (i > 0 ? ", " : "") + std::to_string(programs[i]->record.id);
    }
    if (programs.size() > 12) ids += ", ...";
    html +=
        "<tr data-outcome=\"" + EscapeHtml(outcome) + "\" data-count=\"" + std::to_string(programs.size()) +
        "\"><td><code>" + EscapeHtml(outcome) + "</code></td><td class=\"num\">" +
        std::to_string(programs.size()) + "</td><td class=\"num\">" +
        Fixed(100.0 * static_cast<double>(programs.size()) / static_cast<double>(run.programs.size()), 1) +
        "%</td><td>" + ids + "</td></tr>";
  }
  html += "</tbody></table>";
  for (const auto& [outcome, programs] : by_outcome) {
    html += "<details class=\"failure\"><summary><code>" + EscapeHtml(outcome) +
            "</code>: " + std::to_string(programs.size()) + " program" + (programs.size() == 1 ? "" : "s") +
            "</summary>" + Example(*programs.front()) + "</details>";
  }
  return html + "</section>";
}

}  // namespace tv::report
