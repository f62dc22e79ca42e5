#include "bench/geomeans.h"

#include <algorithm>
#include <functional>

#include "bench/statistics.h"

namespace tv::bench {
namespace {

GeomeanRow GroupRow(const std::string& group, const std::vector<ShapeRecord>& records,
                    const std::function<bool(const ShapeRecord&)>& in_group) {
  GeomeanRow row;
  row.group = group;
  std::vector<double> gflops;
  std::map<std::string, std::vector<double>> ratios;
  for (const ShapeRecord& r : records) {
    if (!in_group(r) || !r.status.ok()) continue;
    gflops.push_back(r.gflops);
    for (const PeerFigure& p : r.peers) {
      if (p.ratio > 0) ratios[p.name].push_back(p.ratio);
    }
  }
  row.count = static_cast<int>(gflops.size());
  row.gflops = Geomean(gflops);
  for (const auto& [peer, values] : ratios) row.ratio[peer] = Geomean(values);
  return row;
}

}  // namespace

std::vector<GeomeanRow> ComputeGeomeans(const std::vector<ShapeRecord>& records) {
  std::vector<GeomeanRow> rows;
  rows.push_back(GroupRow("all", records, [](const ShapeRecord&) { return true; }));
  rows.push_back(
      GroupRow("train", records, [](const ShapeRecord& r) { return r.shape.tag == ShapeTag::kTrain; }));
  rows.push_back(
      GroupRow("heldout", records, [](const ShapeRecord& r) { return r.shape.tag == ShapeTag::kHeldout; }));
  std::vector<std::string> classes;
  for (const ShapeRecord& r : records) {
    const std::string c = r.shape.shape_class();
    if (!c.empty() && std::find(classes.begin(), classes.end(), c) == classes.end()) classes.push_back(c);
  }
  for (const std::string& c : classes) {
    rows.push_back(
        GroupRow("class:" + c, records, [&c](const ShapeRecord& r) { return r.shape.shape_class() == c; }));
  }
  return rows;
}

}  // namespace tv::bench
