#include "bench/bench_json.h"

#include <fstream>

#include "bench/tiles_text.h"
#include "device/device.h"

namespace tv::bench {

nlohmann::json MachineJson(const tv_device_info& device, const Roofline& roofline) {
  nlohmann::json device_json = nlohmann::json::parse(device::FormatJson(device), nullptr, false);
  return {{"device", device_json},
          {"roofline",
           {{"threads", roofline.threads},
            {"isa", roofline.isa},
            {"fma_gflops", roofline.fma_gflops},
            {"dram_read_gbs", roofline.dram_read_gbs}}}};
}

nlohmann::json ShapeJson(const SuiteShape& shape) {
  nlohmann::json json = {{"name", shape.name},
                         {"m", shape.m},
                         {"n", shape.n},
                         {"k", shape.k},
                         {"tag", TagName(shape.tag)},
                         {"class", shape.shape_class()}};
  for (const auto& [key, value] : shape.extra) {
    if (!json.contains(key)) json[key] = value;
  }
  return json;
}

nlohmann::json ShapeRecordJson(const ShapeRecord& r) {
  nlohmann::json json = ShapeJson(r.shape);
  json["tiles"] = TilesToJson(r.tiles);
  json["gflops"] = r.gflops;
  json["gbs"] = r.gbs;
  if (r.read_gbs > 0) {
    json["read_gbs"] = r.read_gbs;  // a plain read of the same operands, timed beside ours
    json["of_read"] = r.of_read;    // our GB/s over it, paired per round
  }
  if (r.peak_gflops > 0) {
    json["peak_gflops"] = r.peak_gflops;  // FMA loops on the same threads, timed beside ours
    json["of_peak"] = r.of_peak;          // our GFLOP/s over theirs, paired per round
  }
  json["seconds"] = r.seconds;
  json["spread"] = r.spread;
  json["reps"] = r.reps;
  if (!r.status.ok()) json["error"] = r.status.message();
  nlohmann::json peers = nlohmann::json::object();
  for (const PeerFigure& p : r.peers) {
    nlohmann::json peer = {{"gflops", p.gflops}, {"ratio", p.ratio}, {"ratio_spread", p.ratio_spread}};
    if (!p.status.ok()) peer["error"] = p.status.message();
    peers[p.name] = peer;
  }
  json["peers"] = peers;
  return json;
}

nlohmann::json GeomeansJson(const std::vector<GeomeanRow>& rows) {
  nlohmann::json json = nlohmann::json::object();
  for (const GeomeanRow& row : rows) {
    json[row.group] = {{"count", row.count}, {"gflops", row.gflops}, {"ratio", row.ratio}};
  }
  return json;
}

Status WriteJsonFile(const std::string& path, const nlohmann::json& json) {
  std::ofstream out(path);
  if (!out) return Status::NotFound("cannot write '" + path + "' (does its folder exist?)");
  out << json.dump(2) << "\n";
  if (!out) return Status::Internal("failed writing '" + path + "'");
  return Status::Ok();
}

}  // namespace tv::bench
