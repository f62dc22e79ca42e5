// One function per `tilevolve` subcommand. main.cc parses the command line
// (CLI11) into these option structs once; each command returns the process
// exit code (0 ok, 1 failure, 2 bad usage) and prints its own errors.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace tv::app {

struct InfoOptions {
  bool json = false;
};
int RunInfo(const InfoOptions& options);

struct BenchOptions {
  std::string suite = "transformer";   // a shipped suite name or a YAML file path
  std::string tiles;                   // "MC,NC,KC" or a full tile spec; empty = use heuristic
  std::string heuristic = "baseline";  // used when tiles is empty
  std::string tiles_file;              // JSON of per-shape tiles (from `tilevolve oracle`)
  std::string program;                 // a heuristic program (C++), asked in the sandbox
  int threads = 0;                     // 0 = all physical cores
  std::string vs;                      // "openblas", "onednn", "openblas,onednn" or empty
  std::string json_path;               // write records here when set
  std::string only;                    // comma-separated shape names to run (empty = all)
  double min_time_s = 0.2;             // per measured configuration, per repetition round
  std::string backend = "cpu";         // "cpu" or "cuda" (cmd_cuda.cc)
};
int RunBench(const BenchOptions& options);

struct OracleOptions {
  std::string suite = "transformer";
  int threads = 0;
  int budget = 0;  // configurations screened per shape (0 = the default, 24)
  std::string json_path;
  std::string only;
  std::string tag = "all";      // train, heldout or all
  bool no_cache = false;        // store nothing in the measurement cache
  std::string cache_path;       // empty: the default measurement cache
  std::string backend = "cpu";  // "cpu" or "cuda" (cmd_cuda.cc)
};
int RunOracle(const OracleOptions& options);

struct EvalOptions {
  std::string program;  // the heuristic program file (C++)
  std::string suite = "transformer";
  std::string only;
  int threads = 0;
  bool no_cache = false;   // measure every pair now; read and write no cache
  std::string cache_path;  // empty: the default measurement cache
  double min_time_s = 0;   // per timed repetition (0: the evaluator's default)
  std::string json_path;
  bool fallback_table = false;  // write PROGRAM's fallback table where enable_optimizations() looks
  std::string backend = "cpu";  // "cpu" or "cuda" (cmd_cuda.cc)
};
int RunEval(const EvalOptions& options);

// The `--backend cuda` halves of bench, oracle and eval (cmd_cuda.cc, built
// with the CUDA backend; TV_HAVE_CUDA_COMMANDS).
int RunBenchCuda(const BenchOptions& options);
int RunOracleCuda(const OracleOptions& options);
int RunEvalCuda(const EvalOptions& options);

struct EvolveOptions {
  std::string initial_program;
  std::string evaluator;  // empty: the built-in GEMM tiling evaluator
  std::string config_path;
  int iterations = -1;  // -1: the config's max_iterations
  std::string output_dir = "tilevolve_output";
  std::string checkpoint_dir;
  bool resume = false;
  double target_score = 0;
  std::string log_level;
  std::string distributed;  // "" or "none": this process; "mpi": one rank of an MPI job (src/distributed)
};
int RunEvolve(const EvolveOptions& options);

struct ReportOptions {
  std::string output_dir;  // a run's output directory (holds tilevolve.db)
  std::string html_path;   // empty: OUTPUT_DIR/report.html
};
int RunReport(const ReportOptions& options);  // cmd_report.cc (issue 7)

struct GenerateOptions {
  std::string model = "smollm2-135m";  // a built-in name or a Hugging Face config.json
  std::string weights;                 // a .safetensors file; empty: deterministic random weights
  int prompt_tokens = 256;
  int new_tokens = 128;
  std::string program;     // an evolved heuristic program (C++) as the engine's heuristic
  bool baseline = false;   // add a row with the built-in baseline heuristic
  std::string blas;        // peers as engines: "openblas", "onednn" or "openblas,onednn"
  int threads = 0;         // 0 = all physical cores
  uint64_t seed = 1;       // random weights and prompt token ids
  std::string json_path;   // write one record per engine here when set
  bool profile = false;    // one more run per engine with each product timed (where the time goes)
  std::string suite_path;  // write the run's products as a suite here and time nothing
};
int RunGenerate(const GenerateOptions& options);  // cmd_generate.cc (issue 5)

struct RooflineOptions {
  int threads = 0;
  std::string json_path;
};
int RunRoofline(const RooflineOptions& options);

}  // namespace tv::app
