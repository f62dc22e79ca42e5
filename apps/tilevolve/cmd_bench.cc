// `tilevolve bench`: time our GEMM on a workload suite, side by side with peers,
// through the one measurement protocol (src/bench/comparison.h).
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_json.h"
#include "bench/bench_table.h"
#include "bench/geomeans.h"
#include "bench/peer.h"
#include "bench/roofline.h"
#include "bench/shape_bench.h"
#include "bench/suite.h"
#include "bench/tile_source.h"
#include "bench/tiles_text.h"
#include "commands.h"
#include "device/device.h"
#include "evolve/program_tiles.h"
#include "gemm/cpu/cpu_gemm.h"

namespace tv::app {
namespace {

int BenchFail(int code, const std::string& message) {
  std::fprintf(stderr, "tilevolve bench: %s\n", message.c_str());
  return code;
}

std::string CommandLine(const BenchOptions& o, int threads) {
  std::string line = "tilevolve bench --suite " + o.suite + " --threads " + std::to_string(threads);
  if (!o.tiles.empty()) line += " --tiles " + o.tiles;
  if (!o.tiles_file.empty()) line += " --tiles-file " + o.tiles_file;
  if (!o.program.empty()) line += " --program " + o.program;
  if (o.tiles.empty() && o.tiles_file.empty() && o.program.empty()) line += " --heuristic " + o.heuristic;
  if (!o.vs.empty()) line += " --vs " + o.vs;
  if (!o.only.empty()) line += " --only " + o.only;
  line += " --min-time " + std::to_string(o.min_time_s);
  return line;
}

}  // namespace

int RunBench(const BenchOptions& options) {
  if (options.backend == "cuda") {
#ifdef TV_HAVE_CUDA_COMMANDS
    return RunBenchCuda(options);
#else
    std::fprintf(stderr,
                 "tilevolve bench: this build has no CUDA backend (no nvcc was found at configure time); "
                 "install the CUDA toolkit and rebuild, or use --backend cpu\n");
    return 2;
#endif
  }
  Result<std::vector<std::string>> peer_names = bench::ParsePeerList(options.vs);
  if (!peer_names.ok()) return BenchFail(2, peer_names.status().message());
  Result<bench::Suite> suite = bench::LoadSuite(options.suite);
  if (!suite.ok()) return BenchFail(2, suite.status().message());
  Result<std::vector<bench::SuiteShape>> shapes = bench::SelectShapes(*suite, options.only);
  if (!shapes.ok()) return BenchFail(2, shapes.status().message());
  Result<bench::TileSource> source =
      bench::TileSource::Make(options.tiles, options.tiles_file, options.heuristic);
  if (!source.ok()) return BenchFail(2, source.status().message());
  const std::string tiles_source =
      options.program.empty() ? source->description() : "program " + options.program;
  if (options.threads < 0) return BenchFail(2, "--threads must be >= 0 (0 = all physical cores)");
  if (!(options.min_time_s > 0)) return BenchFail(2, "--min-time must be > 0 seconds");

  const tv_device_info device = device::DetectCpu();
  const int threads = options.threads > 0 ? options.threads : std::max(1, device.physical_cores);

  // Every shape's tiles are known before any timing starts.
  std::vector<tv_tile_config> requests;
  if (!options.program.empty()) {
    if (!options.tiles.empty() || !options.tiles_file.empty())
      return BenchFail(2, "give one of --program, --tiles and --tiles-file");
    std::vector<evolve::ProbeShape> asked;
    for (const bench::SuiteShape& s : *shapes)
      asked.push_back({static_cast<int>(s.m), static_cast<int>(s.n), static_cast<int>(s.k)});
    evolve::ProcessSandboxRunner runner;
    Result<std::vector<tv_tile_config>> answers =
        evolve::AskProgramForTiles(options.program, asked, device, runner);
    if (!answers.ok()) return BenchFail(2, answers.status().message());
    requests = std::move(*answers);
  } else {
    for (const bench::SuiteShape& shape : *shapes) {
      Result<tv_tile_config> request = source->For(shape, device);
      if (!request.ok()) return BenchFail(2, request.status().message());
      requests.push_back(*request);
    }
  }

  std::vector<std::unique_ptr<bench::Peer>> peers;
  std::vector<bench::Peer*> peer_ptrs;
  for (const std::string& name : *peer_names) {
    Result<std::unique_ptr<bench::Peer>> peer = bench::MakePeer(name, threads);
    if (!peer.ok()) return BenchFail(1, peer.status().message());
    peer_ptrs.push_back(peer->get());
    peers.push_back(std::move(*peer));
  }

  bench::RooflineOptions roofline_options;
  roofline_options.fma_trials = 2;
  roofline_options.bandwidth_trials = 3;
  roofline_options.bandwidth_bytes = int64_t{256} << 20;  // far above any L3; cheap to fault in
  Result<bench::Roofline> roofline = bench::MeasureRoofline(device, threads, roofline_options);
  if (!roofline.ok()) return BenchFail(1, roofline.status().message());

  gemm::CpuGemm gemm(threads);
  std::printf("machine:  %s, %d threads, L3 %lld KiB, GEMM ISA %s\n", device.cpu_model, threads,
              static_cast<long long>(device.l3_bytes >> 10), gemm::IsaName(gemm.isa()));
  std::printf("roofline: %.1f GFLOP/s FMA peak (%s), %.1f GB/s DRAM read (measured now, %d threads)\n",
              roofline->fma_gflops, roofline->isa.c_str(), roofline->dram_read_gbs, threads);
  std::printf("suite:    %s (%zu shapes), tiles from %s, legalized by CpuGemm::Legalize\n",
              suite->name.c_str(), shapes->size(), tiles_source.c_str());
  std::printf("ratio = our speed / peer speed, paired per round; spread = relative MAD of our time\n");
  std::printf(
      "of roofline: m > %lld against FMA loops on the same threads, m <= %lld against a plain read of "
      "the same operands, each timed in the same rounds as ours\n\n",
      static_cast<long long>(bench::kMemoryBoundMaxM), static_cast<long long>(bench::kMemoryBoundMaxM));
  std::printf("%s", bench::BenchTableHeader(*peer_names).c_str());
  std::fflush(stdout);

  bench::ShapeBenchOptions shape_options;
  shape_options.measure.min_time_s = options.min_time_s;
  shape_options.measure.warmup_s = std::min(0.05, options.min_time_s);
  shape_options.l3_bytes = device.l3_bytes;
  std::vector<bench::ShapeRecord> records;
  bool any_error = false;
  for (size_t i = 0; i < shapes->size(); ++i) {
    const bench::SuiteShape& shape = (*shapes)[i];
    const tv_tile_config tiles = gemm.Legalize(requests[i], gemm::GemmShape{shape.m, shape.n, shape.k});
    bench::ShapeRecord record = bench::BenchShape(shape, tiles, gemm, peer_ptrs, shape_options);
    any_error = any_error || !record.status.ok();
    for (const bench::PeerFigure& p : record.peers) any_error = any_error || !p.status.ok();
    std::printf("%s", bench::BenchTableRow(record, *roofline).c_str());
    std::fflush(stdout);
    if (!record.others_quiet) {
      std::fprintf(stderr,
                   "tilevolve bench: %s: another thread of this process kept running into the timings; "
                   "its figures may be low (is something else running in the process?)\n",
                   shape.name.c_str());
    }
    records.push_back(std::move(record));
  }

  const std::vector<bench::GeomeanRow> geomeans = bench::ComputeGeomeans(records);
  std::printf("\n%s", bench::GeomeanTable(geomeans, *peer_names).c_str());

  if (!options.json_path.empty()) {
    nlohmann::json json = {{"machine", bench::MachineJson(device, *roofline)},
                           {"command", CommandLine(options, threads)},
                           {"suite", suite->name},
                           {"tiles_source", tiles_source},
                           {"threads", threads},
                           {"gemm_isa", gemm::IsaName(gemm.isa())},
                           {"records", nlohmann::json::array()},
                           {"geomeans", bench::GeomeansJson(geomeans)}};
    for (const bench::ShapeRecord& r : records) json["records"].push_back(bench::ShapeRecordJson(r));
    Status written = bench::WriteJsonFile(options.json_path, json);
    if (!written.ok()) return BenchFail(1, written.message());
    std::printf("wrote %s\n", options.json_path.c_str());
  }
  if (any_error)
    return BenchFail(1, "some contenders gave wrong answers or failed (see the table); not timed");
  return 0;
}

}  // namespace tv::app
