// [lineage]: the best program's ancestry with code, diffs and metrics (contract: sections.h).
#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "report/html.h"
#include "report/json_fields.h"
#include "report/line_diff.h"
#include "report/sections.h"

namespace tv::report {
namespace {

constexpr int kContextLines = 3;  // unchanged lines shown around each change

// One metric value as text: numbers with 4 decimals, text as is, compact JSON otherwise.
std::string ValueText(const nlohmann::json& value) {
  if (value.is_number_float()) return Fixed(value.get<double>(), 4);
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "n/a";
  return value.dump();
}

// The evaluator's top-level metrics as a table: numbers, text, and compact JSON
// for anything else. The per-shape records and artifacts have sections of their own.
std::string MetricsTable(const nlohmann::json& metrics) {
  static const std::set<std::string> kElsewhere = {"shapes", "artifacts", "program"};
  std::string rows;
  for (const auto& [key, value] : metrics.items()) {
    if (kElsewhere.count(key) != 0) continue;
    std::string text;
    if (value.is_object()) {
      for (const auto& [field, inner] : value.items())
        text += (text.empty() ? "" : ", ") + field + " " + ValueText(inner);
    } else {
      text = ValueText(value);
    }
    rows += "<tr><th scope=\"row\">" + EscapeHtml(key) + "</th><td>" + EscapeHtml(text) + "</td></tr>";
  }
  if (rows.empty()) return "<p>No metrics recorded.</p>";
  return "<table class=\"metrics\"><tbody>" + rows + "</tbody></table>";
}

// The diff as a table of old / new line numbers and text; long unchanged runs collapse.
std::string DiffHtml(const std::string& before, const std::string& after) {
  const std::vector<DiffLine> lines = LineDiff(before, after);
  std::vector<bool> shown(lines.size(), false);
  int added = 0;
  int removed = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].op == DiffOp::kSame) continue;
    (lines[i].op == DiffOp::kAdded ? added : removed) += 1;
    const size_t from = i >= kContextLines ? i - kContextLines : 0;
    for (size_t j = from; j < std::min(lines.size(), i + kContextLines + 1); ++j) shown[j] = true;
  }
  if (added == 0 && removed == 0) return "<p class=\"diff-stat\">Identical to its parent.</p>";
  std::string html = "<p class=\"diff-stat\"><span class=\"added\">+" + std::to_string(added) +
                     "</span> <span class=\"removed\">&minus;" + std::to_string(removed) +
                     "</span> lines</p><table class=\"diff\"><tbody>";
  for (size_t i = 0; i < lines.size();) {
    if (!shown[i]) {
      size_t end = i;
      while (end < lines.size() && !shown[end]) ++end;
      html += "<tr class=\"skip\"><td></td><td></td><td>&hellip; " + std::to_string(end - i) +
              " unchanged lines &hellip;</td></tr>";
      i = end;
      continue;
    }
    const DiffLine& line = lines[i];
    const char* css = line.op == DiffOp::kAdded ? "add" : line.op == DiffOp::kRemoved ? "del" : "same";
    const char* sign = line.op == DiffOp::kAdded ? "+" : line.op == DiffOp::kRemoved ? "-" : " ";
    html += std::string("<tr class=\"") + css + "\"><td class=\"ln\">" +
            (line.old_line > 0 ? std::to_string(line.old_line) : "") + "</td><td class=\"ln\">" +
            (line.new_line > 0 ? std::to_string(line.new_line) : "") + "</td><td><code>" + sign +
            EscapeHtml(line.text) + "</code></td></tr>";
    ++i;
  }
  return html + "</tbody></table>";
}

std::string Signed(double delta) { return (delta >= 0 ? "+" : "") + Fixed(delta, 4); }

}  // namespace

std::string LineageSection(const RunData& run) {
  std::string html = "<section id=\"lineage\" data-section=\"lineage\"><h2>Lineage of the best program</h2>";
  const ReportProgram* best = run.Best();
  if (best == nullptr) return html + "<p>No program has been evaluated successfully yet.</p></section>";

  // Best first, following parent ids back to a program without a parent (or a gap in the database).
  std::vector<const ReportProgram*> chain;
  std::set<int64_t> seen;
  for (const ReportProgram* p = best; p != nullptr && seen.insert(p->record.id).second;
       p = run.Find(p->record.parent_id)) {
    chain.push_back(p);
  }
  const ReportProgram* root = chain.back();
  html += "<p>" + std::to_string(chain.size()) + (chain.size() == 1 ? " program" : " programs") + " from " +
          (root->record.parent_id == 0
               ? std::string("the initial program")
               : "program " + std::to_string(root->record.id) + " (its parent is not in the database)") +
          " to the best. Click a step to see its code, its diff to its parent and its metrics.</p>";
  html += "<ol class=\"lineage\">";
  std::string details;
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const ReportProgram& p = **it;
    const auto& r = p.record;
    const ReportProgram* parent = run.Find(r.parent_id);
    const std::string step = "step-" + std::to_string(r.id);
    std::string delta;
    if (parent != nullptr && p.ok() && parent->ok())
      delta = " (" + Signed(r.score - parent->record.score) + ")";
    html += "<li><button type=\"button\" class=\"step\" data-step=\"" + step + "\" data-program-id=\"" +
            std::to_string(r.id) + "\">#" + std::to_string(r.id) + " &middot; iter " +
            std::to_string(r.iteration) + " &middot; " + EscapeHtml(r.mutation) + " &middot; <b>" +
            (p.ok() ? Fixed(r.score, 4) : EscapeHtml(r.outcome)) + "</b>" + EscapeHtml(delta) +
            "</button></li>";

    details +=
        "<div class=\"step-detail\" id=\"" + step + "\" data-program-id=\"" + std::to_string(r.id) + "\">";
    details +=
        "<h3>Program " + std::to_string(r.id) + "</h3><p>iteration " + std::to_string(r.iteration) +
        ", generation " + std::to_string(r.generation) + ", island " + std::to_string(r.island) +
        ", mutation <code>" + EscapeHtml(r.mutation) + "</code>" +
        (r.parent_id != 0 ? ", parent " + std::to_string(r.parent_id) : std::string()) +
        (r.second_parent_id != 0 ? ", second parent " + std::to_string(r.second_parent_id) : std::string()) +
        ", evaluated in " + Duration(r.eval_seconds) + ".</p>";
    if (!r.change_summary.empty()) details += "<p class=\"change\">" + EscapeHtml(r.change_summary) + "</p>";
    details += "<h4>Metrics</h4>" + MetricsTable(p.metrics);
    if (parent != nullptr) {
      details += "<h4>Diff to program " + std::to_string(parent->record.id) + "</h4>" +
                 DiffHtml(parent->record.code, r.code);
    }
    details += "<details class=\"code\"><summary>Code (" + std::to_string(SplitLines(r.code).size()) +
               " lines)</summary><pre><code>" + EscapeHtml(r.code) + "</code></pre></details></div>";
  }
  html += "</ol>" + details;
  return html + "</section>";
}

}  // namespace tv::report
