// The trusted evaluator of a heuristic program on the GPU (`tilevolve eval
// --backend cuda`, `tilevolve evolve` with `backend: cuda`). The same stages and
// rules as the CPU evaluator (evolve/evaluator.h):
//   1. compile  the program (evolve/program_compiler.h, sandboxed, cached);
//   2. probe    in the sandbox, on every suite shape plus the random probe
//               shapes, with the GPU's tv_device_info (the CPU fields from
//               DetectCpu, the gpu_* fields from the CUDA device);
//   3. legalize every answer with gemm::cuda::Legalize, exactly as CudaGemm::Run;
//   4. check    both the candidate's and the baseline's configuration against
//               the float64 reference (poisoned C, gpu_timing.h) and
//   5. time     them interleaved in one CompareOnGpu per shape, one timing at
//               a time (gemm/cuda/suite_pairing.h). The baseline is
//               gemm::cuda::DefaultTiles, legalized.
// speedup = t_baseline / t_candidate (median of the paired rounds); a shape whose
// legalized configuration is the baseline's scores exactly 1 without timing.
// combined_score = geomean over train shapes; heldout_speedup reported, never
// used for selection. The report is an EvalReport, so eval_json.h, the
// controller and the HTML report read it as they read the CPU one.
//
// Not here (yet), unlike the CPU evaluator: no SQLite measurement cache (pairs
// are remembered in memory for the evaluator's lifetime only; Rescore measures
// afresh) and no cascade against the parent. oracle_fraction comes from the file
// `tilevolve oracle --backend cuda` leaves (cuda_oracle_file.h), where it has run.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "bench/suite.h"
#include "core/status.h"
#include "evolve/config/evolve_config.h"
#include "evolve/cuda/cuda_oracle_file.h"
#include "evolve/evaluator.h"
#include "evolve/heuristic_probe.h"
#include "evolve/program_compiler.h"
#include "evolve/run/program_evaluator.h"
#include "evolve/sandbox.h"
#include "gemm/cuda/cuda_gemm.h"
#include "gemm/cuda/gpu_timing.h"
#include "gemm/cuda/suite_pairing.h"
#include "tilevolve/device_info.h"

namespace tv::evolve {

// The shipped suite of the GPU anchors (suites/gpu-anchors.yaml).
inline constexpr const char* kDefaultCudaSuite = "gpu-anchors";

struct CudaEvalOptions {
  std::string suite = kDefaultCudaSuite;  // shipped suite name or YAML path
  std::string only;                       // comma-separated shape names (empty: all)
  CompileOptions compile;
  ProbeOptions probe;
  int probe_shapes = 48;  // random shapes asked besides the suite's (never timed)
  uint64_t probe_seed = 7;
  gemm::cuda::SuiteOptions gpu;  // dtype (bf16), operand sets, the measurement protocol
  bool remember_pairs = true;  // reuse a (shape, candidate config) figure measured earlier by this evaluator
  // The GPU oracle's file (cuda_oracle_file.h) for oracle_fraction; empty: CudaOraclePath(device).
  // Shapes it lacks, or measured with another baseline configuration, are left out.
  std::string oracle_path;
};

// Per measured shape, beside the EvalReport's ShapeEval (same order).
struct CudaShapeFigures {
  std::string config;           // ConfigName of the candidate's legalized tiles
  std::string baseline_config;  // ConfigName of the baseline's
  double candidate_us = 0;      // median per call (0: not timed: same as the baseline, or remembered)
  double baseline_us = 0;
};

struct CudaEvalReport {
  EvalReport report;
  std::vector<CudaShapeFigures> gpu;  // one per report.shapes entry
};

class CudaEvaluator {
 public:
  // Loads the suite and opens the GPU. Unavailable (with the reason and what to
  // do) without a CUDA device; InvalidArgument for a bad suite or --only.
  static Result<std::unique_ptr<CudaEvaluator>> Make(const CudaEvalOptions& options, SandboxRunner& runner);

  // Evaluates one program file. A bad program is a report with outcome != "ok";
  // a non-ok Status means the evaluator itself could not work (the GPU failed).
  // `remember`: false measures every pair now (a new best's re-measurement).
  Result<CudaEvalReport> Evaluate(const std::string& program_path, bool remember = true);

  const tv_device_info& device() const { return device_; }
  const bench::Suite& suite() const { return suite_; }
  const std::string& oracle_path() const { return oracle_path_; }
  size_t oracle_entries() const { return oracle_.size(); }

 private:
  CudaEvaluator() = default;
  struct Remembered {
    double speedup = 0;
    double spread = 0;
    double candidate_us = 0;
    double baseline_us = 0;
  };
  CudaEvalOptions options_;
  SandboxRunner* runner_ = nullptr;
  tv_device_info device_{};
  bench::Suite suite_;
  std::vector<bench::SuiteShape> shapes_;
  std::unique_ptr<gemm::cuda::CudaGemm> gemm_;
  std::vector<std::unique_ptr<gemm::cuda::PairedShape>> prepared_;   // per shape, made on first use
  std::map<std::pair<size_t, std::string>, Remembered> remembered_;  // (shape index, candidate config)
  std::string oracle_path_;
  std::map<cuda::ShapeKey, cuda::CudaOracleEntry> oracle_;
  std::mutex mutex_;  // one evaluation, and so one timing, at a time
};

// eval_json.h's EvalReportJson plus the GPU's own: "backend": "cuda", "device"
// {gpu_name, gpu_sm_count, ...}, and per shape "config", "baseline_config",
// "gpu_requested", "gpu_tiles", "gpu_baseline" (gpu_tiles_text.h), "us", "baseline_us".
nlohmann::json CudaEvalReportJson(const CudaEvalReport& report, const tv_device_info& device);

// The evaluator of `evolve` with `backend: cuda` (config.suite; config.threads is
// ignored). Called by MakeProgramEvaluator (evolve/run/program_evaluator.h).
Result<std::unique_ptr<ProgramEvaluator>> MakeCudaEvaluator(const EvolveConfig& config,
                                                            SandboxRunner& runner);

}  // namespace tv::evolve
