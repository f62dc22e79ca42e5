// [map-elites]: each island's grid as a heat map (contract: sections.h).
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>
#include <vector>

#include "report/html.h"
#include "report/json_fields.h"
#include "report/sections.h"
#include "report/svg_chart.h"

namespace tv::report {
namespace {

constexpr double kCell = 26;     // SVG units per cell
constexpr double kMaxSide = 14;  // cells per axis drawn at most (larger grids shrink their cells)

// A colour from a sequential scale (light yellow -> dark blue) for t in [0, 1].
std::string HeatColor(double t) {
  constexpr double kStops[][3] = {{255, 247, 188}, {127, 205, 187}, {44, 127, 184}, {37, 52, 148}};
  t = std::clamp(std::isfinite(t) ? t : 0.0, 0.0, 1.0) * 3;
  const int i = std::min(2, static_cast<int>(t));
  const double f = t - i;
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "#%02x%02x%02x",
                static_cast<int>(std::lround(kStops[i][0] + f * (kStops[i + 1][0] - kStops[i][0]))),
                static_cast<int>(std::lround(kStops[i][1] + f * (kStops[i + 1][1] - kStops[i][1]))),
                static_cast<int>(std::lround(kStops[i][2] + f * (kStops[i + 1][2] - kStops[i][2]))));
  return buffer;
}

// "3,7" -> {3, 7}; empty when malformed.
std::vector<int> ParseCell(const std::string& key) {
  std::vector<int> cell;
  std::stringstream in(key);
  std::string part;
  while (std::getline(in, part, ',')) {
    char* end = nullptr;
    const long value = std::strtol(part.c_str(), &end, 10);
    if (part.empty() || *end != '\0' || value < 0 || value > 10000) return {};
    cell.push_back(static_cast<int>(value));
  }
  return cell;
}

// "x,y" as the run state writes a two-dimensional cell.
std::string CellName(int x, int y) {
  std::string name = std::to_string(x);
  name += ',';
  name += std::to_string(y);
  return name;
}

int BinsOf(const RunData& run, const std::string& dimension) {
  if (!run.config) return 0;
  const auto& database = run.config->database;
  const auto it = database.feature_bins_per_dimension.find(dimension);
  return it != database.feature_bins_per_dimension.end() ? it->second : database.feature_bins;
}

std::string RangeText(const nlohmann::json& ranges, const std::string& dimension) {
  if (!ranges.is_object() || !ranges.contains(dimension)) return "no values yet";
  const nlohmann::json& r = ranges[dimension];
  if (!r.is_array() || r.size() != 2 || !r[0].is_number() || !r[1].is_number()) return "range unknown";
  return "binned over [" + Fixed(r[0].get<double>(), 3) + ", " + Fixed(r[1].get<double>(), 3) + "]";
}

}  // namespace

std::string MapElitesSection(const RunData& run) {
  std::string html = "<section id=\"map-elites\" data-section=\"map-elites\"><h2>MAP-Elites grids</h2>";
  const nlohmann::json& population = ObjectField(run.run_state, "population");
  const nlohmann::json& islands = ArrayField(population, "islands");
  if (islands.empty()) return html + "<p>The run state holds no population yet.</p></section>";
  std::vector<std::string> dimensions;
  for (const nlohmann::json& d : ArrayField(population, "feature_dimensions")) {
    if (d.is_string()) dimensions.push_back(d.get<std::string>());
  }
  if (dimensions.empty()) return html + "<p>The run has no feature dimensions.</p></section>";

  std::map<int64_t, double> scores;  // program id -> score, from the population
  for (const nlohmann::json& p : ArrayField(population, "programs")) {
    if (p.is_array() && p.size() >= 2 && p[0].is_number_integer() && p[1].is_number()) {
      scores[p[0].get<int64_t>()] = p[1].get<double>();
    }
  }
  // Cells per island, projected on the first two dimensions (the best occupant wins).
  const size_t shown_dims = std::min<size_t>(2, dimensions.size());
  std::vector<int> bins(shown_dims, 1);
  for (size_t d = 0; d < shown_dims; ++d) bins[d] = std::max(1, BinsOf(run, dimensions[d]));
  std::vector<std::map<std::pair<int, int>, int64_t>> grids(islands.size());
  double lo = INFINITY;
  double hi = -INFINITY;
  for (size_t i = 0; i < islands.size(); ++i) {
    for (const auto& [key, id] : ObjectField(islands[i], "grid").items()) {
      const std::vector<int> cell = ParseCell(key);
      if (cell.size() != dimensions.size() || !id.is_number_integer()) continue;
      const int64_t program = id.get<int64_t>();
      const double score = scores.count(program) != 0 ? scores[program] : NAN;
      const std::pair<int, int> xy(cell[0], shown_dims > 1 ? cell[1] : 0);
      for (size_t d = 0; d < shown_dims; ++d) bins[d] = std::max(bins[d], cell[d] + 1);
      auto [it, inserted] = grids[i].emplace(xy, program);
      if (!inserted && score > scores[it->second]) it->second = program;
      if (std::isfinite(score)) {
        lo = std::min(lo, score);
        hi = std::max(hi, score);
      }
    }
  }
  if (!std::isfinite(lo)) {
    lo = 0;
    hi = 1;
  }
  const int columns = bins[0];
  const int rows = shown_dims > 1 ? bins[1] : 1;
  const double cell = kCell * std::min(1.0, kMaxSide / std::max(columns, rows));
  const double left = 34;
  const double top = 8;
  const double width = left + columns * cell + 10;
  const double height = top + rows * cell + 40;

  html += "<p>Each cell keeps the best program whose features fall in it; colour is its score. X: <b>" +
          EscapeHtml(dimensions[0]) + "</b> (" +
          EscapeHtml(RangeText(population["feature_ranges"], dimensions[0])) + ", " +
          std::to_string(columns) + " bins)";
  if (shown_dims > 1) {
    html += "; Y: <b>" + EscapeHtml(dimensions[1]) + "</b> (" +
            EscapeHtml(RangeText(population["feature_ranges"], dimensions[1])) + ", " + std::to_string(rows) +
            " bins)";
  }
  html += dimensions.size() > 2 ? ". Further dimensions are folded in (the best occupant is shown).</p>"
                                : ".</p>";
  html += "<div class=\"grids\">";
  for (size_t i = 0; i < islands.size(); ++i) {
    std::string svg =
        "<figure class=\"grid\" data-island=\"" + std::to_string(i) + "\"><svg width=\"" + Fixed(width, 0) +
        "\" height=\"" + Fixed(height, 0) + "\" viewBox=\"0 0 " + Fixed(width, 0) + " " + Fixed(height, 0) +
        "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>MAP-Elites grid of island " +
        std::to_string(i) + "</title>";
    for (int y = 0; y < rows; ++y) {
      for (int x = 0; x < columns; ++x) {
        const double px = left + x * cell;
        const double py = top + (rows - 1 - y) * cell;  // bin 0 at the bottom
        const auto it = grids[i].find({x, y});
        std::string fill = "#eeeeee";
        const std::string cell_name = shown_dims > 1 ? CellName(x, y) : std::to_string(x);
        std::string tip = "cell " + cell_name + ": empty";
        std::string attrs;
        if (it != grids[i].end()) {
          const double score = scores.count(it->second) != 0 ? scores[it->second] : NAN;
          fill = HeatColor(hi > lo ? (score - lo) / (hi - lo) : 1.0);
          tip =
              "cell " + cell_name + ": program " + std::to_string(it->second) + ", score " + Fixed(score, 4);
          attrs = " class=\"occupied\" data-program-id=\"" + std::to_string(it->second) + "\"";
        }
        svg += "<rect" + attrs + " x=\"" + Fixed(px, 1) + "\" y=\"" + Fixed(py, 1) + "\" width=\"" +
               Fixed(cell - 1, 1) + "\" height=\"" + Fixed(cell - 1, 1) + "\" fill=\"" + fill + "\"><title>" +
               EscapeHtml(tip) + "</title></rect>";
      }
    }
    svg += "<text class=\"tick\" x=\"" + Fixed(left + columns * cell / 2, 1) + "\" y=\"" +
           Fixed(top + rows * cell + 14, 1) + "\" text-anchor=\"middle\">" + EscapeHtml(dimensions[0]) +
           " bin &#8594;</text>";
    if (shown_dims > 1) {
      const double mid = top + rows * cell / 2;
      svg += "<text class=\"tick\" x=\"12\" y=\"" + Fixed(mid, 1) +
             "\" text-anchor=\"middle\" transform=\"rotate(-90 12 " + Fixed(mid, 1) + ")\">" +
             EscapeHtml(dimensions[1]) + " bin &#8594;</text>";
    }
    svg += "<text class=\"axis-title\" x=\"" + Fixed(left + columns * cell / 2, 1) + "\" y=\"" +
           Fixed(top + rows * cell + 32, 1) + "\" text-anchor=\"middle\">island " + std::to_string(i) + " (" +
           std::to_string(grids[i].size()) + " cells filled)</text></svg></figure>";
    html += svg;
  }
  html += "</div><div class=\"legend\"><span class=\"legend-entry\">score " + Fixed(lo, 4) +
          "</span><span class=\"scale\" style=\"background:linear-gradient(to right," + HeatColor(0) + "," +
          HeatColor(1.0 / 3) + "," + HeatColor(2.0 / 3) + "," + HeatColor(1) +
          ")\"></span><span class=\"legend-entry\">" + Fixed(hi, 4) +
          "</span><span class=\"legend-entry\"><span class=\"swatch\" style=\"background:#eeeeee\">"
          "</span>empty</span></div>";
  return html + "</section>";
}

}  // namespace tv::report
