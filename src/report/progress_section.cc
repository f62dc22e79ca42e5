// [progress]: scores over iterations (contract: sections.h).
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

constexpr double kWidth = 900;
constexpr double kHeight = 380;
constexpr const char* kBestColor = "#000000";
constexpr const char* kFailedColor = "#C0392B";

// Failed outcomes get distinct marker shapes, in order of first appearance.
Marker FailureMarker(size_t index) {
  constexpr Marker kMarkers[] = {Marker::kCross, Marker::kTriangle, Marker::kDiamond, Marker::kSquare};
  return kMarkers[index % 4];
}

// Points of a step line through (x, y) pairs sorted by x, held flat up to `x_end`.
std::string StepPath(const PlotArea& area, const std::vector<std::pair<double, double>>& points,
                     double x_end) {
  std::string d;
  for (size_t i = 0; i < points.size(); ++i) {
    d += i == 0 ? 'M' : 'H';
    d += Fixed(area.X(points[i].first), 1);
    d += i == 0 ? ' ' : 'V';
    d += Fixed(area.Y(points[i].second), 1);
  }
  if (!points.empty()) {
    d += 'H';
    d += Fixed(area.X(x_end), 1);
  }
  return d;
}

}  // namespace

std::string ProgressSection(const RunData& run) {
  std::string html = "<section id=\"progress\" data-section=\"progress\"><h2>Scores over iterations</h2>";
  if (run.programs.empty()) return html + "<p>No program has been evaluated yet.</p></section>";

  const ReportProgram* best = run.Best();
  const bool gemm = best != nullptr && !ArrayField(best->metrics, "shapes").empty();
  std::vector<std::pair<double, double>> history;  // (iteration, promoted score)
  if (run.run_state.is_object()) {
    for (const nlohmann::json& h : ArrayField(run.run_state, "best_history")) {
      if (h.is_array() && h.size() == 2 && h[0].is_number() && h[1].is_number()) {
        history.emplace_back(h[0].get<double>(), h[1].get<double>());
      }
    }
  }
  // Per island: the best first-evaluation score so far. The initial program starts every island.
  int islands = 1;
  if (run.config) islands = std::max(islands, run.config->database.num_islands);
  double x_max = std::max(1.0, run.StateNumber("next_iteration", 1) - 1);  // the iterations run so far
  double y_min = INFINITY;
  double y_max = -INFINITY;
  for (const ReportProgram& p : run.programs) {
    islands = std::max(islands, p.record.island + 1);
    x_max = std::max(x_max, static_cast<double>(p.record.iteration));
    if (p.ok() && std::isfinite(p.record.score)) {
      y_min = std::min(y_min, p.record.score);
      y_max = std::max(y_max, p.record.score);
    }
  }
  for (const auto& [iteration, score] : history) {
    x_max = std::max(x_max, iteration);
    y_min = std::min(y_min, score);
    y_max = std::max(y_max, score);
  }
  if (!std::isfinite(y_min)) {
    y_min = 0;
    y_max = 1;
  }
  const double pad = std::max(1e-3, (y_max - y_min) * 0.08);
  const double fail_row = y_min - 2 * pad;  // failed programs sit on a row below every score
  const PlotArea area(kWidth, kHeight, 0, x_max, fail_row - pad, y_max + pad);

  std::vector<std::vector<std::pair<double, double>>> island_best(static_cast<size_t>(islands));
  std::map<std::string, size_t> failure_kinds;  // outcome -> marker index
  std::map<std::string, int> failure_counts;
  std::string points;
  for (const ReportProgram& p : run.programs) {
    const auto& r = p.record;
    const std::string tip = "program " + std::to_string(r.id) + ", iteration " + std::to_string(r.iteration) +
                            ", island " + std::to_string(r.island) + ", " + r.mutation + ": " +
                            (p.ok() ? "score " + Fixed(r.score, 4) : r.outcome);
    const double x = area.X(r.iteration);
    if (p.ok() && std::isfinite(r.score)) {
      points += MarkerSvg(Marker::kCircle, x, area.Y(r.score), 7, SeriesColor(r.island), tip);
      const bool everywhere = r.mutation == "initial";
      for (int island = 0; island < islands; ++island) {
        if (!everywhere && island != r.island) continue;
        auto& line = island_best[static_cast<size_t>(island)];
        if (line.empty() || r.score > line.back().second) line.emplace_back(r.iteration, r.score);
      }
    } else {
      const size_t kind = failure_kinds.emplace(r.outcome, failure_kinds.size()).first->second;
      ++failure_counts[r.outcome];
      points += MarkerSvg(FailureMarker(kind), x, area.Y(fail_row), 8, kFailedColor, tip);
    }
  }

  std::string svg = area.Open("Scores of every evaluation over iterations");
  svg += area.Axes("iteration", gemm ? "score (geomean speedup vs baseline, x)" : "score (combined_score)",
                   10, 6);
  if (!failure_kinds.empty()) {
    svg += "<text class=\"tick\" x=\"" + Fixed(area.left() + 4, 1) + "\" y=\"" +
           Fixed(area.Y(fail_row) - 7, 1) + "\">failed</text>";
  }
  std::vector<LegendEntry> legend;
  for (int island = 0; island < islands; ++island) {
    const auto& line = island_best[static_cast<size_t>(island)];
    if (line.empty()) continue;
    svg += "<path class=\"island-best\" d=\"" + StepPath(area, line, x_max) + "\" stroke=\"" +
           SeriesColor(island) + "\"/>";
  }
  if (!history.empty()) {
    svg += "<path class=\"best-line\" d=\"" + StepPath(area, history, x_max) + "\" stroke=\"" + kBestColor +
           "\"/>";
    legend.push_back({Marker::kLine, kBestColor, "best (promoted, re-measured)"});
  }
  svg += points + PlotArea::Close();
  for (int island = 0; island < islands; ++island) {
    legend.push_back(
        {Marker::kCircle, SeriesColor(island),
         "island " + std::to_string(island) + " (points: evaluations; dashed: its best so far)"});
  }
  for (const auto& [outcome, kind] : failure_kinds) {
    legend.push_back({FailureMarker(kind), kFailedColor,
                      "failed: " + outcome + " (" + std::to_string(failure_counts[outcome]) + ")"});
  }
  html += "<figure>" + svg + LegendHtml(legend) +
          "<figcaption>Each point is one evaluated program (hover for its id); the score is its first "
          "evaluation, through the measurement cache. The black line is the promoted best, re-measured "
          "without the cache before promotion.</figcaption></figure>";
  return html + "</section>";
}

}  // namespace tv::report
