// The `--backend cuda` halves of `tilevolve bench`, `oracle` and `eval`: bf16
// GEMM on the first CUDA device, our kernels (src/gemm/cuda) side by side with
// cuBLAS through the GPU measurement protocol (gemm/cuda/gpu_timing.h). The
// default suite is the 17 shapes of the GPU anchors (suites/gpu-anchors.yaml).
// Without a usable GPU every command says why and exits 2.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_json.h"
#include "bench/statistics.h"
#include "bench/suite.h"
#include "commands.h"
#include "device/cuda/cuda_device_info.h"
#include "device/device.h"
#include "evolve/cuda/cuda_evaluator.h"
#include "evolve/cuda/cuda_oracle_file.h"
#include "evolve/cuda/gpu_tiles_text.h"
#include "evolve/eval_json.h"
#include "evolve/program_tiles.h"
#include "evolve/sandbox.h"
#include "gemm/cuda/cublas_gemm.h"
#include "gemm/cuda/cuda_gemm.h"
#include "gemm/cuda/legalize.h"
#include "gemm/cuda/suite_pairing.h"
#include "gemm/cuda/suite_timing.h"

namespace tv::app {
namespace {

namespace gc = tv::gemm::cuda;

int Fail(const char* command, int code, const std::string& message) {
  std::fprintf(stderr, "tilevolve %s: %s\n", command, message.c_str());
  return code;
}

// The CPU default suite means "the default" here too: the GPU's is gpu-anchors.
std::string CudaSuiteName(const std::string& requested) {
  if (requested != "transformer") return requested;
  std::printf(
      "note: --backend cuda times the GPU suite %s (17 shapes of ../shared/anchors/gpu-h100.md); pass "
      "--suite "
      "suites/transformer.yaml to time the CPU suite on the GPU\n",
      evolve::kDefaultCudaSuite);
  return evolve::kDefaultCudaSuite;
}

Result<std::vector<bench::SuiteShape>> LoadShapes(const std::string& suite_name, const std::string& only,
                                                  const std::string& tag, std::string* loaded_name) {
  Result<bench::Suite> suite = bench::LoadSuite(suite_name);
  if (!suite.ok()) return suite.status();
  *loaded_name = suite->name;
  Result<std::vector<bench::SuiteShape>> shapes = bench::SelectShapes(*suite, only);
  if (!shapes.ok()) return shapes.status();
  std::vector<bench::SuiteShape> kept;
  for (const bench::SuiteShape& s : *shapes) {
    if (s.m < 1 || s.n < 1 || s.k < 1)
      return Status::InvalidArgument("shape " + s.name + " has a size below 1; every size must be >= 1");
    if (tag == "all" || tag == bench::TagName(s.tag)) kept.push_back(s);
  }
  if (kept.empty()) return Status::InvalidArgument("no shape of suite " + suite->name + " is selected");
  return kept;
}

std::vector<gc::CudaSuiteShape> ToCudaShapes(const std::vector<bench::SuiteShape>& shapes) {
  std::vector<gc::CudaSuiteShape> out;
  for (const bench::SuiteShape& s : shapes) out.push_back({s.name, s.m, s.n, s.k});
  return out;
}

// The NVIDIA driver's version ("580.159.04") from /proc, or "unknown".
std::string DriverVersion() {
  std::ifstream in("/proc/driver/nvidia/version");
  std::string line;
  if (!std::getline(in, line)) return "unknown";
  std::istringstream words(line);
  std::string word;
  while (words >> word) {
    if (!word.empty() && std::isdigit(static_cast<unsigned char>(word[0])) &&
        std::count(word.begin(), word.end(), '.') >= 1)
      return word;
  }
  return "unknown";
}

// The GPU, or a message saying why there is none (exit 2).
Result<std::unique_ptr<gc::CudaGemm>> OpenGpu() {
  Result<std::unique_ptr<gc::CudaGemm>> gemm = gc::CudaGemm::Create();
  if (gemm.ok()) return gemm;
  tv_device_info probe{};
  std::string reason = gemm.status().message();
  if (device::FillCudaDeviceInfo(&probe).ok() && !device::CudaUnavailableReason().empty())
    reason = device::CudaUnavailableReason();
  return Status::Unavailable("no CUDA GPU can be used here (" + reason +
                             "); run on a machine with an NVIDIA GPU and its driver, or use --backend cpu");
}

void PrintMachine(const tv_device_info& d) {
  std::printf(
      "GPU: %s (compute capability %d.%d, %d SMs, %.0f MiB L2, %.0f GiB), driver %s; bf16, fp32 "
      "accumulation\n",
      d.gpu_name, d.gpu_cc_major, d.gpu_cc_minor, d.gpu_sm_count,
      static_cast<double>(d.gpu_l2_bytes) / (1 << 20), static_cast<double>(d.gpu_memory_bytes) / (1 << 30),
      DriverVersion().c_str());
  std::printf(
      "protocol: checked against a float64 reference, then 11 interleaved rounds of >= 1 ms each "
      "(CUDA events), medians; operands rotate beyond 2.5x L2\n");
}

nlohmann::json MachineJson(const tv_device_info& d) {
  return {{"gpu_name", d.gpu_name},
          {"gpu_cc", std::to_string(d.gpu_cc_major) + "." + std::to_string(d.gpu_cc_minor)},
          {"gpu_sm_count", d.gpu_sm_count},
          {"gpu_l2_bytes", d.gpu_l2_bytes},
          {"gpu_memory_bytes", d.gpu_memory_bytes},
          {"gpu_memory_bandwidth", d.gpu_memory_bandwidth},
          {"driver", DriverVersion()},
          {"cpu_model", d.cpu_model}};
}

double Tflops(const bench::SuiteShape& s, double us) { return us > 0 ? s.flops() / (us * 1e6) : 0; }

// Geomeans of `value` over all / train / heldout / class groups (shapes where it is > 0).
struct GroupGeomean {
  std::string group;
  int count = 0;
  double value = 0;
};
std::vector<GroupGeomean> GroupGeomeans(const std::vector<bench::SuiteShape>& shapes,
                                        const std::vector<double>& values) {
  std::map<std::string, std::vector<double>> groups;
  std::vector<std::string> order = {"all", "train", "heldout"};
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (values[i] <= 0) continue;
    groups["all"].push_back(values[i]);
    groups[bench::TagName(shapes[i].tag)].push_back(values[i]);
    const std::string cls = shapes[i].shape_class();
    if (!cls.empty()) {
      const std::string key = "class:" + cls;
      if (std::find(order.begin(), order.end(), key) == order.end()) order.push_back(key);
      groups[key].push_back(values[i]);
    }
  }
  std::vector<GroupGeomean> rows;
  for (const std::string& g : order) {
    const auto it = groups.find(g);
    if (it == groups.end() || it->second.empty()) continue;
    rows.push_back({g, static_cast<int>(it->second.size()), bench::Geomean(it->second)});
  }
  return rows;
}

// ---- bench ----

// Where the tiles come from: a chooser over suite shape indices.
struct TileSource {
  std::string description;
  std::function<tv_tile_config(size_t i, const gc::CudaProblem& problem, const tv_device_info& device)>
      choose;
};

Result<TileSource> BenchTileSource(const BenchOptions& o, const std::vector<bench::SuiteShape>& shapes,
                                   const tv_device_info& device) {
  const int given = !o.tiles.empty() + !o.tiles_file.empty() + !o.program.empty();
  if (given > 1) return Status::InvalidArgument("give at most one of --tiles, --tiles-file and --program");
  if (!o.tiles.empty()) {
    Result<tv_tile_config> tiles = evolve::cuda::ParseGpuTiles(o.tiles);
    if (!tiles.ok()) return tiles.status();
    const tv_tile_config fixed = *tiles;
    return TileSource{"--tiles " + o.tiles,
                      [fixed](size_t, const gc::CudaProblem&, const tv_device_info&) { return fixed; }};
  }
  if (!o.tiles_file.empty()) {
    std::ifstream in(o.tiles_file);
    if (!in) return Status::NotFound("cannot read --tiles-file " + o.tiles_file);
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
    if (json.is_discarded() || !json.is_object() || !json.contains("records") || !json["records"].is_array())
      return Status::InvalidArgument(
          o.tiles_file + " is not the JSON of `tilevolve oracle --backend cuda --json` (no records)");
    std::map<std::string, tv_tile_config> by_name;
    for (const nlohmann::json& r : json["records"]) {
      if (!r.is_object() || !r.contains("name") || !r["name"].is_string() || !r.contains("best_tiles"))
        continue;
      Result<tv_tile_config> tiles = evolve::cuda::GpuTilesFromJson(r["best_tiles"]);
      if (!tiles.ok()) return Status::InvalidArgument(o.tiles_file + ": " + tiles.status().message());
      by_name[r["name"].get<std::string>()] = *tiles;
    }
    std::vector<tv_tile_config> per_shape;
    for (const bench::SuiteShape& s : shapes) {
      const auto it = by_name.find(s.name);
      if (it == by_name.end())
        return Status::InvalidArgument(o.tiles_file + " has no GPU tiles for shape " + s.name +
                                       " (run `tilevolve oracle --backend cuda --json` on the same suite)");
      per_shape.push_back(it->second);
    }
    return TileSource{
        "--tiles-file " + o.tiles_file,
        [per_shape](size_t i, const gc::CudaProblem&, const tv_device_info&) { return per_shape[i]; }};
  }
  if (!o.program.empty()) {
    std::vector<evolve::ProbeShape> asked;
    for (const bench::SuiteShape& s : shapes)
      asked.push_back({static_cast<int>(s.m), static_cast<int>(s.n), static_cast<int>(s.k)});
    evolve::ProcessSandboxRunner runner;
    Result<std::vector<tv_tile_config>> answers =
        evolve::AskProgramForTiles(o.program, asked, device, runner);
    if (!answers.ok()) return answers.status();
    std::vector<tv_tile_config> per_shape = std::move(*answers);
    return TileSource{"--program " + o.program, [per_shape](size_t i, const gc::CudaProblem&,
                                                            const tv_device_info&) { return per_shape[i]; }};
  }
  if (o.heuristic != "baseline")
    return Status::InvalidArgument(
        "--heuristic " + o.heuristic +
        " is unknown; the GPU has one built-in heuristic: baseline (DefaultTiles)");
  return TileSource{"--heuristic baseline (gemm::cuda::DefaultTiles)",
                    [](size_t, const gc::CudaProblem& problem, const tv_device_info& d) {
                      return gc::DefaultTiles(problem, d);
                    }};
}

tv_device_info MergedDevice(const tv_device_info& gpu) {
  tv_device_info d = device::DetectCpu();
  tv_device_info filled = d;
  if (device::FillCudaDeviceInfo(&filled).ok() && filled.gpu_count > 0) return filled;
  // The runner's facts (same device) when the driver query disagrees.
  std::memcpy(d.gpu_name, gpu.gpu_name, sizeof d.gpu_name);
  d.gpu_count = gpu.gpu_count;
  d.gpu_cc_major = gpu.gpu_cc_major;
  d.gpu_cc_minor = gpu.gpu_cc_minor;
  d.gpu_sm_count = gpu.gpu_sm_count;
  d.gpu_smem_per_block = gpu.gpu_smem_per_block;
  d.gpu_smem_per_sm = gpu.gpu_smem_per_sm;
  d.gpu_regs_per_sm = gpu.gpu_regs_per_sm;
  d.gpu_l2_bytes = gpu.gpu_l2_bytes;
  d.gpu_memory_bytes = gpu.gpu_memory_bytes;
  d.gpu_memory_bandwidth = gpu.gpu_memory_bandwidth;
  return d;
}

Status CheckBenchFlags(const BenchOptions& o, bool* with_cublas) {
  *with_cublas = false;
  if (o.vs.empty()) return Status::Ok();
  if (o.vs == "cublas") {
    *with_cublas = true;
    return Status::Ok();
  }
  return Status::InvalidArgument("--vs " + o.vs +
                                 " is not a GPU peer; with --backend cuda the peer is cublas");
}

}  // namespace

int RunBenchCuda(const BenchOptions& o) {
  const char* kCommand = "bench";
  bool with_cublas = false;
  if (Status flags = CheckBenchFlags(o, &with_cublas); !flags.ok()) return Fail(kCommand, 2, flags.message());
  if (o.threads != 0) std::printf("note: --threads is a CPU setting; the GPU bench ignores it\n");
  const std::string suite_name = CudaSuiteName(o.suite);
  std::string loaded_suite;
  Result<std::vector<bench::SuiteShape>> shapes = LoadShapes(suite_name, o.only, "all", &loaded_suite);
  if (!shapes.ok()) return Fail(kCommand, 2, shapes.status().message());
  if (!o.tiles.empty()) {  // bad --tiles is a usage error before any GPU work
    Result<tv_tile_config> tiles = evolve::cuda::ParseGpuTiles(o.tiles);
    if (!tiles.ok()) return Fail(kCommand, 2, tiles.status().message());
  }
  Result<std::unique_ptr<gc::CudaGemm>> gemm = OpenGpu();
  if (!gemm.ok()) return Fail(kCommand, 2, gemm.status().message());
  std::unique_ptr<gc::CublasGemm> cublas;
  if (with_cublas) {
    Result<std::unique_ptr<gc::CublasGemm>> made = gc::CublasGemm::Create((*gemm)->stream());
    if (!made.ok()) return Fail(kCommand, 1, "cannot start cuBLAS: " + made.status().message());
    cublas = std::move(*made);
  }
  const tv_device_info device = MergedDevice((*gemm)->device());
  Result<TileSource> source = BenchTileSource(o, *shapes, device);
  if (!source.ok()) return Fail(kCommand, 2, source.status().message());
  PrintMachine(device);
  std::printf("suite %s (%zu shapes), tiles from %s%s\n", loaded_suite.c_str(), shapes->size(),
              source->description.c_str(),
              with_cublas ? ", vs cuBLAS (cublasGemmEx, bf16, fp32 compute)" : "");
  std::fflush(stdout);

  const std::vector<gc::CudaSuiteShape> cuda_shapes = ToCudaShapes(*shapes);
  std::vector<gc::SuiteShapeResult> results;
  for (size_t i = 0; i < cuda_shapes.size(); ++i) {  // one shape at a time, so the table grows as it runs
    const gc::TileChooser chooser = [&](int64_t m, int64_t n, int64_t k, const tv_device_info& d) {
      const gc::CudaProblem problem{m, n, k, gc::DType::kBf16, gc::MaxVectorDense(n, k)};
      return source->choose(i, problem, d);
    };
    Result<std::vector<gc::SuiteShapeResult>> one =
        gc::TimeSuite(**gemm, cublas.get(), std::span(&cuda_shapes[i], 1), chooser, {});
    if (!one.ok()) return Fail(kCommand, 1, "the GPU failed: " + one.status().message());
    results.push_back(std::move(one->front()));
    if (i == 0)
      std::printf("\n%-28s %-7s %6s %6s %6s %-44s %9s %8s %7s %9s %8s\n", "shape", "tag", "m", "n", "k",
                  "config (legalized)", "us", "TFLOP/s", "spread", "cuBLAS us", "vs cuB");
    const gc::SuiteShapeResult& r = results.back();
    const bench::SuiteShape& s = (*shapes)[i];
    if (!r.ours.status.ok()) {
      std::printf("%-28s %-7s %6lld %6lld %6lld %-44s FAILED: %s\n", s.name.c_str(), bench::TagName(s.tag),
                  static_cast<long long>(s.m), static_cast<long long>(s.n), static_cast<long long>(s.k),
                  r.config.c_str(), r.ours.status.message().c_str());
    } else {
      std::string peer_us = "-", ratio = "-";
      if (r.cublas.status.ok() && r.cublas.median_us > 0) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", r.cublas.median_us);
        peer_us = buf;
        std::snprintf(buf, sizeof buf, "%.3fx", r.speedup_vs_cublas);
        ratio = buf;
      } else if (with_cublas) {
        peer_us = "failed";
      }
      std::printf("%-28s %-7s %6lld %6lld %6lld %-44s %9.1f %8.1f %6.1f%% %9s %8s\n", s.name.c_str(),
                  bench::TagName(s.tag), static_cast<long long>(s.m), static_cast<long long>(s.n),
                  static_cast<long long>(s.k), r.config.c_str(), r.ours.median_us,
                  Tflops(s, r.ours.median_us), 100 * r.ours.spread(), peer_us.c_str(), ratio.c_str());
    }
    std::fflush(stdout);
  }

  std::vector<double> tflops, vs;
  nlohmann::json records = nlohmann::json::array();
  int failed = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    const gc::SuiteShapeResult& r = results[i];
    const bench::SuiteShape& s = (*shapes)[i];
    const bool ok = r.ours.status.ok() && r.ours.median_us > 0;
    failed += ok ? 0 : 1;
    tflops.push_back(ok ? Tflops(s, r.ours.median_us) : 0);
    vs.push_back(ok && r.cublas.status.ok() ? r.speedup_vs_cublas : 0);
    nlohmann::json rec = bench::ShapeJson(s);
    rec["config"] = r.config;
    rec["tiles"] = evolve::cuda::GpuTilesToJson(r.tiles);
    if (ok) {
      rec["us"] = r.ours.median_us;
      rec["min_us"] = r.ours.min_us;
      rec["max_us"] = r.ours.max_us;
      rec["tflops"] = Tflops(s, r.ours.median_us);
      rec["spread"] = r.ours.spread();
      rec["relative_error"] = r.ours.relative_error;
    } else {
      rec["error"] = r.ours.status.message();
    }
    if (with_cublas) {
      nlohmann::json peer;
      if (r.cublas.status.ok()) {
        peer = {{"us", r.cublas.median_us},
                {"tflops", Tflops(s, r.cublas.median_us)},
                {"spread", r.cublas.spread()},
                {"ratio", r.speedup_vs_cublas}};
      } else {
        peer = {{"error", r.cublas.status.message()}};
      }
      rec["peers"] = {{"cublas", peer}};
    }
    records.push_back(rec);
  }
  const std::vector<GroupGeomean> tflops_rows = GroupGeomeans(*shapes, tflops);
  const std::vector<GroupGeomean> vs_rows = GroupGeomeans(*shapes, vs);
  std::printf("\ngeomeans: %-16s %6s %9s %s\n", "group", "shapes", "TFLOP/s", with_cublas ? "vs cuBLAS" : "");
  nlohmann::json geomeans = nlohmann::json::object();
  for (const GroupGeomean& row : tflops_rows) {
    double ratio = 0;
    for (const GroupGeomean& v : vs_rows)
      if (v.group == row.group) ratio = v.value;
    std::printf("          %-16s %6d %9.1f", row.group.c_str(), row.count, row.value);
    if (with_cublas && ratio > 0) std::printf(" %8.3fx", ratio);
    std::printf("\n");
    geomeans[row.group] = {{"count", row.count}, {"tflops", row.value}};
    if (with_cublas && ratio > 0) geomeans[row.group]["ratio"] = {{"cublas", ratio}};
  }
  if (with_cublas)
    std::printf("(vs cuB: median of the paired per-round time_cuBLAS / time_ours; > 1: ours is faster)\n");
  if (!o.json_path.empty()) {
    nlohmann::json out = {{"backend", "cuda"},     {"machine", MachineJson(device)},
                          {"suite", loaded_suite}, {"tiles_source", source->description},
                          {"dtype", "bf16"},       {"records", records},
                          {"geomeans", geomeans}};
    Status written = bench::WriteJsonFile(o.json_path, out);
    if (!written.ok()) return Fail(kCommand, 1, written.message());
    std::printf("wrote %s\n", o.json_path.c_str());
  }
  return failed > 0 ? 1 : 0;
}

int RunOracleCuda(const OracleOptions& o) {
  const char* kCommand = "oracle";
  if (o.tag != "all" && o.tag != "train" && o.tag != "heldout")
    return Fail(kCommand, 2, "--tag " + o.tag + " is unknown; use train, heldout or all");
  if (o.threads != 0) std::printf("note: --threads is a CPU setting; the GPU oracle ignores it\n");
  if (o.budget != 0)
    std::printf(
        "note: --budget is ignored on the GPU: every candidate of the menu is timed (OracleCandidates)\n");
  if (o.no_cache || !o.cache_path.empty())
    std::printf("note: the GPU oracle keeps no measurement cache; --no-cache and --cache are ignored\n");
  const std::string suite_name = CudaSuiteName(o.suite);
  std::string loaded_suite;
  Result<std::vector<bench::SuiteShape>> shapes = LoadShapes(suite_name, o.only, o.tag, &loaded_suite);
  if (!shapes.ok()) return Fail(kCommand, 2, shapes.status().message());
  Result<std::unique_ptr<gc::CudaGemm>> gemm = OpenGpu();
  if (!gemm.ok()) return Fail(kCommand, 2, gemm.status().message());
  Result<std::unique_ptr<gc::CublasGemm>> cublas = gc::CublasGemm::Create((*gemm)->stream());
  if (!cublas.ok()) return Fail(kCommand, 1, "cannot start cuBLAS: " + cublas.status().message());
  const tv_device_info device = MergedDevice((*gemm)->device());
  PrintMachine(device);
  std::printf(
      "suite %s (%zu shapes): every menu candidate of each shape timed side by side with cuBLAS and "
      "DefaultTiles' configuration (5 rounds)\n",
      loaded_suite.c_str(), shapes->size());
  std::printf("\n%-28s %-7s %5s %-44s %9s %8s %9s %8s %-40s %8s\n", "shape", "tag", "cands", "best config",
              "us", "TFLOP/s", "cuBLAS us", "vs cuB", "baseline (DefaultTiles)", "vs base");
  std::fflush(stdout);

  gc::SuiteOptions suite_options;
  suite_options.measure.reps = 5;
  suite_options.measure.warmup_calls = 2;
  std::vector<double> vs_cublas, vs_baseline;
  nlohmann::json records = nlohmann::json::array();
  const std::vector<gc::CudaSuiteShape> cuda_shapes = ToCudaShapes(*shapes);
  for (size_t i = 0; i < cuda_shapes.size(); ++i) {
    const bench::SuiteShape& s = (*shapes)[i];
    Result<std::vector<gc::OracleShapeResult>> one =
        gc::OracleSuite(**gemm, cublas->get(), std::span(&cuda_shapes[i], 1), suite_options);
    if (!one.ok()) return Fail(kCommand, 1, "the GPU failed on " + s.name + ": " + one.status().message());
    const gc::OracleShapeResult& r = one->front();
    const gc::CudaProblem problem{s.m, s.n, s.k, gc::DType::kBf16, gc::MaxVectorDense(s.n, s.k)};
    Result<gc::LegalConfig> baseline =
        (*gemm)->Legalize(gc::DefaultTiles(problem, (*gemm)->device()), problem);
    const std::string baseline_name = baseline.ok() ? gc::ConfigName(*baseline) : "";
    std::vector<gc::LegalConfig> candidates = gc::OracleCandidates(problem, (*gemm)->device());
    nlohmann::json rec = bench::ShapeJson(s);
    rec["candidates"] = static_cast<int>(r.configs.size());
    rec["baseline_config"] = baseline_name;
    double baseline_us = 0;
    nlohmann::json timed = nlohmann::json::array();
    for (const gc::GpuTiming& t : r.configs) {
      nlohmann::json c = {{"config", t.name}};
      if (t.status.ok()) {
        c["us"] = t.median_us;
        c["spread"] = t.spread();
      } else {
        c["error"] = t.status.message();
      }
      timed.push_back(c);
      if (t.name == baseline_name && t.status.ok()) baseline_us = t.median_us;
    }
    rec["configs"] = timed;
    if (r.best < 0) {
      rec["error"] = "no candidate ran";
      std::printf("%-28s %-7s %5zu no candidate ran\n", s.name.c_str(), bench::TagName(s.tag),
                  r.configs.size());
      vs_cublas.push_back(0);
      vs_baseline.push_back(0);
      records.push_back(rec);
      continue;
    }
    const gc::GpuTiming& best = r.configs[r.best];
    rec["best_config"] = best.name;
    if (static_cast<size_t>(r.best) < candidates.size())
      rec["best_tiles"] = evolve::cuda::GpuTilesToJson(gc::ToTileConfig(candidates[r.best]));
    rec["best_us"] = best.median_us;
    rec["best_tflops"] = Tflops(s, best.median_us);
    rec["best_spread"] = best.spread();
    const double cublas_ratio =
        r.cublas.status.ok() && best.median_us > 0 ? r.cublas.median_us / best.median_us : 0;
    if (r.cublas.status.ok()) {
      rec["cublas_us"] = r.cublas.median_us;
      rec["vs_cublas"] = cublas_ratio;
    }
    // The oracle's best against DefaultTiles' configuration, side by side in
    // their own 11 rounds (DefaultTiles' split-K is often not a candidate).
    double base_ratio = 0;
    if (baseline_name == best.name) {
      base_ratio = 1.0;
    } else if (baseline.ok() && static_cast<size_t>(r.best) < candidates.size()) {
      Result<std::unique_ptr<gc::PairedShape>> prepared =
          gc::PairedShape::Prepare(**gemm, cuda_shapes[i], {});
      if (!prepared.ok())
        return Fail(kCommand, 1, "the GPU failed on " + s.name + ": " + prepared.status().message());
      Result<gc::PairedGpuResult> pair = (*prepared)->Compare(*baseline, candidates[r.best], {});
      if (!pair.ok())
        return Fail(kCommand, 1, "the GPU failed on " + s.name + ": " + pair.status().message());
      if (pair->speedup > 0) {
        base_ratio = pair->speedup;
        rec["paired_baseline_us"] = pair->baseline.median_us;
        rec["paired_best_us"] = pair->candidate.median_us;
        rec["speedup_spread"] = pair->spread;
      }
    }
    if (baseline_us > 0) rec["baseline_us"] = baseline_us;
    if (base_ratio > 0) rec["speedup_vs_baseline"] = base_ratio;
    vs_cublas.push_back(cublas_ratio);
    vs_baseline.push_back(base_ratio);
    char base_text[32] = "-";
    if (base_ratio > 0) std::snprintf(base_text, sizeof base_text, "%.3fx", base_ratio);
    std::printf("%-28s %-7s %5zu %-44s %9.1f %8.1f %9.1f %7.3fx %-40s %8s\n", s.name.c_str(),
                bench::TagName(s.tag), r.configs.size(), best.name.c_str(), best.median_us,
                Tflops(s, best.median_us), r.cublas.median_us, cublas_ratio, baseline_name.c_str(),
                base_text);
    std::fflush(stdout);
    records.push_back(rec);
  }
  std::printf("\ngeomeans: %-16s %6s %10s %16s\n", "group", "shapes", "vs cuBLAS", "vs DefaultTiles");
  nlohmann::json geomeans = nlohmann::json::object();
  const std::vector<GroupGeomean> cublas_rows = GroupGeomeans(*shapes, vs_cublas);
  const std::vector<GroupGeomean> base_rows = GroupGeomeans(*shapes, vs_baseline);
  for (const GroupGeomean& row : cublas_rows) {
    double base = 0;
    int base_count = 0;
    for (const GroupGeomean& b : base_rows)
      if (b.group == row.group) {
        base = b.value;
        base_count = b.count;
      }
    std::printf("          %-16s %6d %9.3fx", row.group.c_str(), row.count, row.value);
    if (base > 0) std::printf(" %9.3fx (%d)", base, base_count);
    std::printf("\n");
    geomeans[row.group] = {{"count", row.count}, {"vs_cublas", row.value}};
    if (base > 0) geomeans[row.group]["vs_baseline"] = {{"count", base_count}, {"speedup", base}};
  }
  std::printf(
      "(vs cuB: cuBLAS's median / the best's median in the same interleaved rounds; vs base: DefaultTiles' "
      "configuration against the best, paired in 11 rounds of their own (1 when they are the same); the "
      "minimum of many medians favours the oracle a little)\n");
  const std::string kept_path = evolve::cuda::CudaOraclePath(device);
  Status merged = evolve::cuda::MergeCudaOracle(kept_path, records, MachineJson(device));
  if (merged.ok()) {
    std::printf(
        "kept the per-shape best in %s (eval and evolve with --backend cuda read it for oracle_fraction)\n",
        kept_path.c_str());
  } else {
    std::printf("note: could not keep the per-shape best for oracle_fraction: %s\n",
                merged.message().c_str());
  }
  if (!o.json_path.empty()) {
    nlohmann::json out = {{"backend", "cuda"},     {"machine", MachineJson(device)},
                          {"suite", loaded_suite}, {"dtype", "bf16"},
                          {"records", records},    {"geomeans", geomeans}};
    Status written = bench::WriteJsonFile(o.json_path, out);
    if (!written.ok()) return Fail(kCommand, 1, written.message());
    std::printf("wrote %s (use it with `tilevolve bench --backend cuda --tiles-file`)\n",
                o.json_path.c_str());
  }
  return 0;
}

int RunEvalCuda(const EvalOptions& o) {
  const char* kCommand = "eval";
  if (o.program.empty())
    return Fail(kCommand, 2, "give the program to evaluate: tilevolve eval PROGRAM.cpp --backend cuda");
  if (o.fallback_table)
    return Fail(kCommand, 2, "--fallback-table is for the CPU drop-in libraries; it has no GPU meaning");
  if (o.threads != 0) std::printf("note: --threads is a CPU setting; the GPU evaluator ignores it\n");
  if (o.no_cache || !o.cache_path.empty() || o.min_time_s > 0)
    std::printf(
        "note: the GPU evaluator measures every pair now with its own protocol; --no-cache, --cache and "
        "--min-time are ignored\n");
  evolve::CudaEvalOptions options;
  options.suite = CudaSuiteName(o.suite);
  options.only = o.only;
  evolve::ProcessSandboxRunner runner;
  Result<std::unique_ptr<evolve::CudaEvaluator>> evaluator = evolve::CudaEvaluator::Make(options, runner);
  if (!evaluator.ok()) return Fail(kCommand, 2, evaluator.status().message());
  const tv_device_info& device = (*evaluator)->device();
  PrintMachine(device);
  std::printf(
      "suite %s; baseline: gemm::cuda::DefaultTiles; each differing shape timed side by side with it\n",
      (*evaluator)->suite().name.c_str());
  std::fflush(stdout);
  Result<evolve::CudaEvalReport> evaluated = (*evaluator)->Evaluate(o.program, /*remember=*/false);
  if (!evaluated.ok()) return Fail(kCommand, 1, evaluated.status().message());
  const evolve::EvalReport& r = evaluated->report;
  if (!r.shapes.empty()) {
    std::printf("\n%-28s %-7s %-44s %-44s %9s %9s %8s %7s\n", "shape", "tag", "config (legalized)",
                "baseline config", "us", "base us", "speedup", "spread");
    for (size_t i = 0; i < r.shapes.size(); ++i) {
      const evolve::ShapeEval& s = r.shapes[i];
      const evolve::CudaShapeFigures& g = evaluated->gpu[i];
      const bool same = g.config == g.baseline_config;
      std::printf("%-28s %-7s %-44s %-44s %9.1f %9.1f %7.3fx %6.1f%%%s\n", s.shape.name.c_str(),
                  bench::TagName(s.shape.tag), g.config.c_str(), same ? "(same)" : g.baseline_config.c_str(),
                  g.candidate_us, g.baseline_us, s.speedup, 100 * s.speedup_spread,
                  same ? "  (same tiles as the baseline: exactly 1)" : "");
    }
  }
  if (!o.json_path.empty()) {
    Status written = bench::WriteJsonFile(o.json_path, evolve::CudaEvalReportJson(*evaluated, device));
    if (!written.ok()) return Fail(kCommand, 1, written.message());
  }
  std::printf("\nprogram:  %s (hash %s%s)\n", r.program_path.c_str(), r.program_hash.c_str(),
              r.compile_cached ? ", compiled before" : "");
  std::printf("outcome:  %s (stage %s)\n", r.outcome.c_str(), r.stage.c_str());
  if (r.outcome != "ok") {
    std::printf("message:  %s\n", r.message.c_str());
    if (!r.program_stderr.empty()) std::printf("program stderr:\n%s\n", r.program_stderr.c_str());
    return 1;
  }
  std::printf("combined_score (geomean speedup over train shapes vs DefaultTiles): %.4f\n", r.combined_score);
  std::printf("heldout_speedup (reported, never used for selection):            %.4f\n", r.heldout_speedup);
  if (r.oracle_shapes > 0) {
    std::printf("oracle_fraction (vs the oracle's best, %d train shapes):           %.4f  (%s)\n",
                r.oracle_shapes, r.oracle_fraction, (*evaluator)->oracle_path().c_str());
  } else {
    std::printf(
        "oracle_fraction: unknown (run `tilevolve oracle --backend cuda --suite %s` first; it keeps its "
        "results in %s)\n",
        (*evaluator)->suite().name.c_str(), (*evaluator)->oracle_path().c_str());
  }
  std::printf("time: %.2f s (compile %.2f s, probe %.2f s, measure %.2f s)\n", r.total_seconds,
              r.compile_seconds, r.probe_seconds, r.measure_seconds);
  if (!o.json_path.empty()) std::printf("wrote %s\n", o.json_path.c_str());
  return 0;
}

}  // namespace tv::app
