// [devices]: per-device-class figures of a run evaluated on several kinds of
// machine (`evolve --distributed mpi`; contract: sections.h).
#include <cmath>
#include <map>
#include <set>

#include "report/html.h"
#include "report/json_fields.h"
#include "report/sections.h"

namespace tv::report {
namespace {

// name -> speedup of the train and held-out shapes in one device's metrics.
std::map<std::string, double> SpeedupsByShape(const nlohmann::json& metrics) {
  std::map<std::string, double> out;
  for (const nlohmann::json& s : ArrayField(metrics, "shapes"))
    out[TextField(s, "name")] = NumberField(s, "speedup");
  return out;
}

std::string ScoreCell(double value) { return "<td class=\"num\">" + Fixed(value, 4) + "</td>"; }

}  // namespace

std::string DevicesSection(const RunData& run) {
  const ReportProgram* best = run.Best();
  if (best == nullptr) return "";
  const nlohmann::json& devices = ObjectField(best->metrics, "devices");
  if (devices.empty()) return "";
  const ReportProgram* initial = run.Initial();
  const nlohmann::json& initial_devices = initial != nullptr ? ObjectField(initial->metrics, "devices")
                                                             : ObjectField(nlohmann::json(), "devices");

  std::string html =
      "<section id=\"devices\" data-section=\"devices\"><h2>Per device</h2><p>Every candidate was evaluated "
      "on one evaluator of each device class; its score combines theirs (" +
      EscapeHtml(TextField(best->metrics, "combine").empty() ? std::string("geomean")
                                                             : TextField(best->metrics, "combine")) +
      "). Figures of the best program (" + std::to_string(best->record.id) +
      ") as first evaluated, beside the initial program's.</p>";
  html +=
      "<table class=\"devices\"><thead><tr><th>device class</th><th>outcome</th><th>initial: train</th>"
      "<th>best: train</th><th>initial: held-out</th><th>best: held-out</th></tr></thead><tbody>";
  for (const auto& [name, metrics] : devices.items()) {
    const nlohmann::json& before = ObjectField(initial_devices, name.c_str());
    html += "<tr data-device=\"" + EscapeHtml(name) + "\"><td>" + EscapeHtml(name) + "</td><td>" +
            EscapeHtml(TextField(metrics, "outcome")) + "</td>" +
            ScoreCell(NumberField(before, "combined_score")) +
            ScoreCell(NumberField(metrics, "combined_score")) +
            ScoreCell(NumberField(before, "heldout_speedup")) +
            ScoreCell(NumberField(metrics, "heldout_speedup")) + "</tr>";
  }
  html += "</tbody></table>";

  // Shapes by device: one column per device class, the best program's speedup.
  std::set<std::string> shapes;
  std::map<std::string, std::map<std::string, double>> by_device;
  for (const auto& [name, metrics] : devices.items()) {
    by_device[name] = SpeedupsByShape(metrics);
    for (const auto& [shape, speedup] : by_device[name]) shapes.insert(shape);
  }
  if (!shapes.empty()) {
    html +=
        "<h3>Speedup per shape and device (best program)</h3><table "
        "class=\"devices\"><thead><tr><th>shape</th>";
    for (const auto& [name, unused] : by_device) html += "<th>" + EscapeHtml(name) + "</th>";
    html += "</tr></thead><tbody>";
    for (const std::string& shape : shapes) {
      html += "<tr><td>" + EscapeHtml(shape) + "</td>";
      for (const auto& [name, speedups] : by_device) {
        const auto it = speedups.find(shape);
        html += ScoreCell(it != speedups.end() ? it->second : NAN);
      }
      html += "</tr>";
    }
    html += "</tbody></table>";
  }
  return html + "</section>";
}

}  // namespace tv::report
