// Inline SVG for the report's plots: a plot area with axes, ticks, grid lines
// and axis titles (units in the titles), markers, and an HTML legend. The SVG
// scales with the page (viewBox, width 100%), so it reads at laptop width and prints.
#pragma once

#include <string>
#include <vector>

namespace tv::report {

// "Nice" tick values (1, 2, 5 x 10^n steps) covering [lo, hi], about `target` of them.
std::vector<double> NiceTicks(double lo, double hi, int target);
// A tick label: as few decimals as the step needs.
std::string TickLabel(double value, double step);

enum class Marker { kCircle, kCross, kSquare, kTriangle, kDiamond, kLine, kBar };

// One SVG marker of `kind` centred at (x, y), `size` across, with an optional
// tooltip (<title>, escaped here).
std::string MarkerSvg(Marker kind, double x, double y, double size, const std::string& color,
                      const std::string& tooltip);

struct LegendEntry {
  Marker marker = Marker::kCircle;
  std::string color;
  std::string label;  // escaped here
};
// An HTML legend (a row of swatches and labels) to place under a plot.
std::string LegendHtml(const std::vector<LegendEntry>& entries);

// A rectangular plot area in SVG user units: data ranges map to pixels inside
// the margins (left for the y tick labels and title, bottom for the x ones).
class PlotArea {
 public:
  // REQUIRES: x_max > x_min, y_max > y_min. `left_margin`: room for the y tick labels (or category names).
  PlotArea(double width, double height, double x_min, double x_max, double y_min, double y_max,
           double left_margin = 64);

  double X(double value) const;
  double Y(double value) const;
  double left() const { return left_; }
  double right() const { return width_ - kRight; }
  double top() const { return kTop; }
  double bottom() const { return height_ - kBottom; }

  // "<svg ...>" with the given accessible title (escaped), and its closing tag.
  std::string Open(const std::string& title) const;
  static std::string Close() { return "</svg>"; }
  // Axis lines, grid lines, tick labels and axis titles (escaped; put units in them).
  std::string Axes(const std::string& x_title, const std::string& y_title, int x_ticks, int y_ticks) const;

 private:
  static constexpr double kRight = 16;
  static constexpr double kTop = 12;
  static constexpr double kBottom = 44;
  double width_, height_, left_;
  double x_min_, x_max_, y_min_, y_max_;
};

// Categorical colours: islands, series.
const std::string& SeriesColor(int index);

}  // namespace tv::report
