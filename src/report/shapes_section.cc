// [shapes]: per-shape speedups and tiles of the initial and the best program (contract: sections.h).
#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include "report/html.h"
#include "report/json_fields.h"
#include "report/sections.h"
#include "report/svg_chart.h"

namespace tv::report {
namespace {

constexpr double kShapesWidth = 900;
constexpr double kBarHeight = 9;  // SVG units per bar
constexpr double kLabelWidth = 230;
const char* const kInitialColor = "#999999";
const char* const kShapesBestColor = "#0072B2";
const char* const kOracleColor = "#009E73";

// clang-tidy 14 flags the implicit move of the nlohmann::json members, whose moves do not throw.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct ShapeRow {
  std::string name, dims, tag;
  double initial = NAN, best = NAN, oracle = NAN;
  nlohmann::json best_record, initial_record;
};

std::string Dims(const nlohmann::json& s) {
  const auto dim = [&](const char* key) {
    const double v = NumberField(s, key);
    return std::isfinite(v) ? std::to_string(static_cast<long long>(v)) : std::string("?");
  };
  return dim("m") + "x" + dim("n") + "x" + dim("k");
}

// The best program's shapes with the initial program's figures beside them (matched by name).
std::vector<ShapeRow> Rows(const ReportProgram& best, const ReportProgram* initial) {
  std::map<std::string, nlohmann::json> initial_by_name;
  if (initial != nullptr) {
    for (const nlohmann::json& s : ArrayField(initial->metrics, "shapes"))
      initial_by_name[TextField(s, "name")] = s;
  }
  std::vector<ShapeRow> rows;
  for (const nlohmann::json& s : ArrayField(best.metrics, "shapes")) {
    ShapeRow row;
    row.name = TextField(s, "name");
    row.dims = Dims(s);
    row.tag = TextField(s, "tag");
    row.best = NumberField(s, "speedup");
    row.oracle = NumberField(s, "oracle_speedup");
    row.best_record = s;
    const auto it = initial_by_name.find(row.name);
    if (it != initial_by_name.end()) {
      row.initial = NumberField(it->second, "speedup");
      row.initial_record = it->second;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

// Horizontal bars from 1.0 (the baseline heuristic) to each speedup.
std::string SpeedupChart(const std::vector<ShapeRow>& rows, const std::string& title) {
  bool any_oracle = false;
  double lo = 1;
  double hi = 1;
  for (const ShapeRow& r : rows) {
    for (const double v : {r.initial, r.best, r.oracle}) {
      if (!std::isfinite(v)) continue;
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    any_oracle = any_oracle || std::isfinite(r.oracle);
  }
  const double pad = std::max(0.02, (hi - lo) * 0.08);
  const int bars = any_oracle ? 3 : 2;
  const double group = kBarHeight * bars + 8;
  const double height = 12 + group * static_cast<double>(rows.size()) + 44;
  // Rows are drawn top-down: y in [0, rows.size()) maps onto the plot's height.
  const PlotArea area(kShapesWidth, height, lo - pad, hi + pad, 0, static_cast<double>(rows.size()),
                      kLabelWidth);
  std::string svg = area.Open(title);
  svg += area.Axes("speedup vs the baseline heuristic (x, higher is better)", "", 10, 0);
  svg += "<line class=\"reference\" x1=\"" + Fixed(area.X(1), 1) + "\" x2=\"" + Fixed(area.X(1), 1) +
         "\" y1=\"" + Fixed(area.top(), 1) + "\" y2=\"" + Fixed(area.bottom(), 1) + "\"/>";
  for (size_t i = 0; i < rows.size(); ++i) {
    const ShapeRow& r = rows[i];
    const double y0 = area.top() + group * static_cast<double>(i) + 4;
    svg += "<text class=\"tick\" x=\"" + Fixed(area.left() - 6, 1) + "\" y=\"" + Fixed(y0 + group / 2, 1) +
           "\" text-anchor=\"end\">" + EscapeHtml(r.name + " " + r.dims) + "</text>";
    const std::pair<double, const char*> series[] = {
        {r.initial, kInitialColor}, {r.best, kShapesBestColor}, {r.oracle, kOracleColor}};
    const char* const names[] = {"initial", "best", "oracle"};
    for (int b = 0; b < bars; ++b) {
      const double v = series[b].first;
      if (!std::isfinite(v)) continue;
      const double x1 = area.X(std::min(1.0, v));
      const double x2 = area.X(std::max(1.0, v));
      svg += "<rect x=\"" + Fixed(x1, 1) + "\" y=\"" + Fixed(y0 + b * kBarHeight, 1) + "\" width=\"" +
             Fixed(std::max(1.0, x2 - x1), 1) + "\" height=\"" + Fixed(kBarHeight - 1, 1) + "\" fill=\"" +
             series[b].second + "\" data-series=\"" + names[b] + "\"><title>" +
             EscapeHtml(r.name + " " + names[b] + ": " + Fixed(v, 3) + "x") + "</title></rect>";
    }
  }
  svg += PlotArea::Close();
  std::vector<LegendEntry> legend = {{Marker::kBar, kInitialColor, "initial program"},
                                     {Marker::kBar, kShapesBestColor, "best program"}};
  if (any_oracle) legend.push_back({Marker::kBar, kOracleColor, "oracle (best tiles found by search)"});
  return "<figure>" + svg + LegendHtml(legend) + "</figure>";
}

// Tiles as escaped "mc=96 nc=4096 ..." from a TilesToJson object; empty when absent. Fields
// that differ from `compare_to` (another tiles object; null: none) are marked.
std::string TilesHtml(const nlohmann::json& record, const char* key,
                      const nlohmann::json& compare_to = nullptr) {
  const nlohmann::json& tiles = ObjectField(record, key);
  std::string html;
  for (const auto& [field, value] : tiles.items()) {
    std::string text = field;
    text += '=';
    text += value.is_string() ? value.get<std::string>() : value.dump();
    const bool changed =
        compare_to.is_object() && (!compare_to.contains(field) || compare_to[field] != value);
    if (!html.empty()) html += ' ';
    html += changed ? "<mark>" + EscapeHtml(text) + "</mark>" : EscapeHtml(text);
  }
  return html;
}

std::string TilesTable(const std::vector<ShapeRow>& rows) {
  bool any_oracle = false;
  for (const ShapeRow& r : rows) any_oracle = any_oracle || r.best_record.contains("oracle_tiles");
  std::string html =
      "<table class=\"tiles\"><thead><tr><th>shape</th><th>m x n x k</th><th>tag</th><th>speedup (x)</th>"
      "<th>best: requested tiles</th><th>best: legalized tiles (run)</th><th>initial: legalized tiles</th>" +
      std::string(any_oracle ? "<th>oracle tiles</th>" : "") + "</tr></thead><tbody>";
  for (const ShapeRow& r : rows) {
    html += "<tr data-shape=\"" + EscapeHtml(r.name) + "\"><td>" + EscapeHtml(r.name) + "</td><td>" + r.dims +
            "</td><td>" + EscapeHtml(r.tag) + "</td><td class=\"num\">" + Fixed(r.best, 3) +
            "</td><td><code>" + TilesHtml(r.best_record, "requested") + "</code></td><td><code>" +
            TilesHtml(r.best_record, "tiles", ObjectField(r.best_record, "requested")) +
            "</code></td><td><code>" + TilesHtml(r.initial_record, "tiles") + "</code></td>" +
            (any_oracle ? "<td><code>" + TilesHtml(r.best_record, "oracle_tiles") + "</code></td>" : "") +
            "</tr>";
  }
  return html + "</tbody></table>";
}

}  // namespace

std::string ShapesSection(const RunData& run) {
  const ReportProgram* best = run.Best();
  if (best == nullptr || ArrayField(best->metrics, "shapes").empty()) return "";
  const std::vector<ShapeRow> rows = Rows(*best, run.Initial());
  std::string html = "<section id=\"shapes\" data-section=\"shapes\"><h2>Per-shape speedups</h2>";
  html +=
      "<p>Speedup of each shape's GEMM with the program's tiles over the baseline heuristic's tiles, "
      "measured side by side (program " +
      std::to_string(best->record.id) + " as first evaluated). Evolution selects on train shapes only.</p>";
  for (const char* tag : {"train", "heldout"}) {
    std::vector<ShapeRow> tagged;
    for (const ShapeRow& r : rows) {
      if (r.tag == tag) tagged.push_back(r);
    }
    if (tagged.empty()) continue;
    html += std::string("<h3 data-tag=\"") + tag + "\">" +
            (tag == std::string("train") ? "Train" : "Held-out") + " shapes</h3>" +
            SpeedupChart(tagged, std::string(tag) + " shapes: speedup per shape");
  }
  html +=
      "<h3>Tiles chosen</h3><p>What the program asked for and what ran: the trusted code legalizes "
      "every request before any kernel sees it (highlighted: fields it changed or filled in).</p>" +
      TilesTable(rows);
  return html + "</section>";
}

}  // namespace tv::report
