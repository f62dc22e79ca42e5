// `tilevolve roofline`: this machine's FMA peak and DRAM read bandwidth at 1..N
// threads, so "% of peak" elsewhere is measured, not assumed.
#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <vector>

#include "bench/bench_json.h"
#include "bench/roofline.h"
#include "commands.h"
#include "device/device.h"

namespace tv::app {

int RunRoofline(const RooflineOptions& options) {
  if (options.threads < 0) {
    std::fprintf(stderr, "tilevolve roofline: --threads must be >= 0 (0 = all physical cores)\n");
    return 2;
  }
  const tv_device_info device = device::DetectCpu();
  const int max_threads = options.threads > 0 ? options.threads : std::max(1, device.physical_cores);
  std::printf("machine: %s (%s loops); ceilings are the best of several trials\n", device.cpu_model,
              bench::RooflineIsa(device));
  std::printf("%8s %14s %16s\n", "threads", "FMA GFLOP/s", "DRAM read GB/s");
  nlohmann::json points = nlohmann::json::array();
  for (int t = 1; t <= max_threads; ++t) {
    Result<bench::Roofline> r = bench::MeasureRoofline(device, t, bench::RooflineOptions{});
    if (!r.ok()) {
      std::fprintf(stderr, "tilevolve roofline: %s\n", r.status().message().c_str());
      return 1;
    }
    std::printf("%8d %14.1f %16.1f\n", t, r->fma_gflops, r->dram_read_gbs);
    std::fflush(stdout);
    points.push_back({{"threads", t},
                      {"isa", r->isa},
                      {"fma_gflops", r->fma_gflops},
                      {"dram_read_gbs", r->dram_read_gbs}});
  }
  if (!options.json_path.empty()) {
    nlohmann::json json = {{"machine", nlohmann::json::parse(device::FormatJson(device), nullptr, false)},
                           {"roofline", points}};
    Status written = bench::WriteJsonFile(options.json_path, json);
    if (!written.ok()) {
      std::fprintf(stderr, "tilevolve roofline: %s\n", written.message().c_str());
      return 1;
    }
    std::printf("wrote %s\n", options.json_path.c_str());
  }
  return 0;
}

}  // namespace tv::app
