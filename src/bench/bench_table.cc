#include "bench/bench_table.h"

#include "bench/tiles_text.h"
#include "core/text_format.h"

namespace tv::bench {

std::string BenchTableHeader(const std::vector<std::string>& peers) {
  std::string line = Format("%-36s %6s %6s %6s %-7s %-44s %8s %12s %6s", "shape", "m", "n", "k", "tag",
                            "tiles", "GFLOP/s", "of roofline", "spread");
  for (const std::string& p : peers) line += Format(" %10s %7s", (p + " GF").c_str(), "ratio");
  return line + "\n";
}

std::string BenchTableRow(const ShapeRecord& r, const Roofline& roofline) {
  const SuiteShape& s = r.shape;
  std::string line = Format("%-36s %6lld %6lld %6lld %-7s %-44s", s.name.c_str(), static_cast<long long>(s.m),
                            static_cast<long long>(s.n), static_cast<long long>(s.k), TagName(s.tag),
                            CompactTiles(r.tiles).c_str());
  if (!r.status.ok()) {
    line += Format(" %8s %12s %6s", "error", "-", "-");
  } else if (IsMemoryBound(s)) {
    // Against the read timed beside it where there is one, else the run's start.
    const double pct = r.of_read > 0                ? 100.0 * r.of_read
                       : roofline.dram_read_gbs > 0 ? 100.0 * r.gbs / roofline.dram_read_gbs
                                                    : 0;
    line += Format(" %8.1f %12s %5.1f%%", r.gflops, Format("%.1fGB/s %3.0f%%", r.gbs, pct).c_str(),
                   100.0 * r.spread);
  } else {
    // Against the FMA loops timed beside it where they ran, else the run's start.
    const double pct = r.of_peak > 0             ? 100.0 * r.of_peak
                       : roofline.fma_gflops > 0 ? 100.0 * r.gflops / roofline.fma_gflops
                                                 : 0;
    line += Format(" %8.1f %12s %5.1f%%", r.gflops, Format("%.0f%% peak", pct).c_str(), 100.0 * r.spread);
  }
  for (const PeerFigure& p : r.peers) {
    if (!p.status.ok()) {
      line += Format(" %10s %7s", "error", "-");
    } else if (p.ratio > 0) {
      line += Format(" %10.1f %6.2fx", p.gflops, p.ratio);
    } else {
      line += Format(" %10.1f %7s", p.gflops, "-");
    }
  }
  line += "\n";
  if (!r.status.ok()) line += "    " + std::string(kOursName) + ": " + r.status.message() + "\n";
  for (const PeerFigure& p : r.peers) {
    if (!p.status.ok()) line += "    " + p.name + ": " + p.status.message() + "\n";
  }
  return line;
}

std::string GeomeanTable(const std::vector<GeomeanRow>& rows, const std::vector<std::string>& peers) {
  std::string text = Format("%-24s %6s %8s", "geomean", "shapes", "GFLOP/s");
  for (const std::string& p : peers) text += Format(" %12s", ("vs " + p).c_str());
  text += "\n";
  for (const GeomeanRow& row : rows) {
    if (row.count == 0) continue;
    text += Format("%-24s %6d %8.1f", row.group.c_str(), row.count, row.gflops);
    for (const std::string& p : peers) {
      auto it = row.ratio.find(p);
      text += it == row.ratio.end() ? Format(" %12s", "-") : Format(" %11.3fx", it->second);
    }
    text += "\n";
  }
  return text;
}

}  // namespace tv::bench
