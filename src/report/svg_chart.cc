#include "report/svg_chart.h"

#include <array>
#include <cassert>
#include <cmath>

#include "report/html.h"

namespace tv::report {
namespace {

std::string Num(double v) { return Fixed(v, 1); }

}  // namespace

std::vector<double> NiceTicks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || target < 1) return ticks;
  const double raw = (hi - lo) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= raw) break;
  }
  for (double t = std::ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-9; t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
  }
  return ticks;
}

std::string TickLabel(double value, double step) {
  int digits = 0;
  while (digits < 6 &&
         std::fabs(step * std::pow(10.0, digits) - std::round(step * std::pow(10.0, digits))) > 1e-6) {
    ++digits;
  }
  return Fixed(value, digits);
}

std::string MarkerSvg(Marker kind, double x, double y, double size, const std::string& color,
                      const std::string& tooltip) {
  const double r = size / 2;
  std::string shape;
  switch (kind) {
    case Marker::kCircle:
      shape = "<circle cx=\"" + Num(x) + "\" cy=\"" + Num(y) + "\" r=\"" + Fixed(r, 1) + "\" fill=\"" +
              color + "\" fill-opacity=\"0.75\" stroke=\"" + color + "\">";
      return shape + (tooltip.empty() ? "" : "<title>" + EscapeHtml(tooltip) + "</title>") + "</circle>";
    case Marker::kCross:
      shape = "<path d=\"M" + Num(x - r) + " " + Num(y - r) + "L" + Num(x + r) + " " + Num(y + r) + "M" +
              Num(x - r) + " " + Num(y + r) + "L" + Num(x + r) + " " + Num(y - r) + "\" stroke=\"" + color +
              "\" stroke-width=\"2\" fill=\"none\">";
      break;
    case Marker::kSquare:
    case Marker::kBar:
      shape = "<rect x=\"" + Num(x - r) + "\" y=\"" + Num(y - r) + "\" width=\"" + Num(size) +
              "\" height=\"" + Num(size) + "\" fill=\"" + color + "\">";
      return shape + (tooltip.empty() ? "" : "<title>" + EscapeHtml(tooltip) + "</title>") + "</rect>";
    case Marker::kTriangle:
      shape = "<path d=\"M" + Num(x) + " " + Num(y - r) + "L" + Num(x + r) + " " + Num(y + r) + "L" +
              Num(x - r) + " " + Num(y + r) + "Z\" fill=\"" + color + "\">";
      break;
    case Marker::kDiamond:
      shape = "<path d=\"M" + Num(x) + " " + Num(y - r) + "L" + Num(x + r) + " " + Num(y) + "L" + Num(x) +
              " " + Num(y + r) + "L" + Num(x - r) + " " + Num(y) + "Z\" fill=\"" + color + "\">";
      break;
    case Marker::kLine:
      shape = "<path d=\"M" + Num(x - r) + " " + Num(y) + "L" + Num(x + r) + " " + Num(y) + "\" stroke=\"" +
              color + "\" stroke-width=\"2.5\">";
      break;
  }
  return shape + (tooltip.empty() ? "" : "<title>" + EscapeHtml(tooltip) + "</title>") + "</path>";
}

std::string LegendHtml(const std::vector<LegendEntry>& entries) {
  std::string html = "<div class=\"legend\">";
  for (const LegendEntry& e : entries) {
    html +=
        "<span class=\"legend-entry\"><svg width=\"16\" height=\"12\" viewBox=\"0 0 16 12\" "
        "aria-hidden=\"true\">" +
        MarkerSvg(e.marker, 8, 6, e.marker == Marker::kLine ? 14 : 9, e.color, "") + "</svg>" +
        EscapeHtml(e.label) + "</span>";
  }
  return html + "</div>";
}

PlotArea::PlotArea(double width, double height, double x_min, double x_max, double y_min, double y_max,
                   double left_margin)
    : width_(width),
      height_(height),
      left_(left_margin),
      x_min_(x_min),
      x_max_(x_max),
      y_min_(y_min),
      y_max_(y_max) {
  assert(x_max > x_min && y_max > y_min);
}

double PlotArea::X(double value) const {
  return left() + (value - x_min_) / (x_max_ - x_min_) * (right() - left());
}

double PlotArea::Y(double value) const {
  return bottom() - (value - y_min_) / (y_max_ - y_min_) * (bottom() - top());
}

std::string PlotArea::Open(const std::string& title) const {
  return "<svg class=\"plot\" viewBox=\"0 0 " + Num(width_) + " " + Num(height_) +
         "\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>" + EscapeHtml(title) + "</title>";
}

std::string PlotArea::Axes(const std::string& x_title, const std::string& y_title, int x_ticks,
                           int y_ticks) const {
  std::string svg = "<g class=\"axes\">";
  const std::vector<double> xs = NiceTicks(x_min_, x_max_, x_ticks);
  const std::vector<double> ys = NiceTicks(y_min_, y_max_, y_ticks);
  const double x_step = xs.size() > 1 ? xs[1] - xs[0] : 1;
  const double y_step = ys.size() > 1 ? ys[1] - ys[0] : 1;
  for (const double t : ys) {
    const double y = Y(t);
    svg += "<line class=\"grid\" x1=\"" + Num(left()) + "\" x2=\"" + Num(right()) + "\" y1=\"" + Num(y) +
           "\" y2=\"" + Num(y) + "\"/><text class=\"tick\" x=\"" + Num(left() - 6) + "\" y=\"" + Num(y + 4) +
           "\" text-anchor=\"end\">" + TickLabel(t, y_step) + "</text>";
  }
  for (const double t : xs) {
    const double x = X(t);
    svg += "<line class=\"grid\" x1=\"" + Num(x) + "\" x2=\"" + Num(x) + "\" y1=\"" + Num(top()) +
           "\" y2=\"" + Num(bottom()) + "\"/><text class=\"tick\" x=\"" + Num(x) + "\" y=\"" +
           Num(bottom() + 16) + "\" text-anchor=\"middle\">" + TickLabel(t, x_step) + "</text>";
  }
  svg += "<path class=\"axis\" d=\"M" + Num(left()) + " " + Num(top()) + "V" + Num(bottom()) + "H" +
         Num(right()) + "\"/>";
  svg += "<text class=\"axis-title\" x=\"" + Num((left() + right()) / 2) + "\" y=\"" + Num(height_ - 6) +
         "\" text-anchor=\"middle\">" + EscapeHtml(x_title) + "</text>";
  const double mid = (top() + bottom()) / 2;
  svg += "<text class=\"axis-title\" x=\"14\" y=\"" + Num(mid) +
         "\" text-anchor=\"middle\" transform=\"rotate(-90 14 " + Num(mid) + ")\">" + EscapeHtml(y_title) +
         "</text>";
  return svg + "</g>";
}

const std::string& SeriesColor(int index) {
  // Okabe-Ito, readable by people with colour-blindness, and distinct in print.
  static const std::array<std::string, 8> kColors = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                                     "#56B4E9", "#D55E00", "#F0E442", "#000000"};
  return kColors[static_cast<size_t>(index < 0 ? 0 : index) % kColors.size()];
}

}  // namespace tv::report
