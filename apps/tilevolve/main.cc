// tilevolve: evolve the tiling heuristic of a GEMM, measured honestly.
// Parses the command line once into the option structs of commands.h and
// hands over to one function per subcommand.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "commands.h"

namespace {

// OpenBLAS's idle pthread workers keep polling with sched_yield for 2^28 TSC
// cycles (~0.1 s) after each call, stealing a core from whichever contender the
// benchmark times next. OpenBLAS reads OPENBLAS_THREAD_TIMEOUT when the library
// loads, before main, so the only way to set it for ourselves is to re-exec once
// with it in the environment (4 = the minimum, 2^4 cycles). A user's own value wins.
void ReexecWithQuietOpenBlas(char** argv) {
  if (std::getenv("OPENBLAS_THREAD_TIMEOUT") != nullptr) return;
  if (setenv("OPENBLAS_THREAD_TIMEOUT", "4", 1) != 0) return;
  execv("/proc/self/exe", argv);  // returns only on failure: carry on as we are
}

// Parses the command line and runs one subcommand; returns the exit code.
int Main(int argc, char** argv) {
  CLI::App app{"tilevolve: finds the GEMM tiling heuristic that is fastest on this machine"};
  app.require_subcommand(1);

  tv::app::InfoOptions info;
  auto* info_cmd = app.add_subcommand("info", "Describe this machine as a heuristic sees it");
  info_cmd->add_flag("--json", info.json, "Print JSON instead of text");

  tv::app::BenchOptions bench;
  auto* bench_cmd = app.add_subcommand("bench", "Time the GEMM on a workload suite, side by side with peers");
  bench_cmd->add_option("--suite", bench.suite, "Shipped suite name or YAML file")->capture_default_str();
  bench_cmd->add_option("--tiles", bench.tiles,
                        "Fixed tiles for every shape: MC,NC,KC or key=value list "
                        "(mc,nc,kc,mr,nr,threads,parallel,pack_a,pack_b,path)");
  bench_cmd->add_option("--heuristic", bench.heuristic, "Built-in heuristic when no tiles are given")
      ->capture_default_str();
  bench_cmd->add_option("--tiles-file", bench.tiles_file, "Per-shape tiles from `tilevolve oracle --json`");
  bench_cmd->add_option("--program", bench.program,
                        "A heuristic program (C++); its tiles are asked in the sandbox");
  bench_cmd->add_option("--threads", bench.threads, "Threads (0 = all physical cores)")
      ->capture_default_str();
  bench_cmd->add_option("--vs", bench.vs, "Peers: openblas, onednn or openblas,onednn");
  bench_cmd->add_option("--json", bench.json_path, "Write one record per shape to this file");
  bench_cmd->add_option("--only", bench.only, "Comma-separated shape names to run");
  bench_cmd->add_option("--min-time", bench.min_time_s, "Seconds per timed repetition round")
      ->capture_default_str();
  bench_cmd->add_option("--backend", bench.backend, "cpu, or cuda (with --vs cublas)")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();

  tv::app::OracleOptions oracle;
  auto* oracle_cmd = app.add_subcommand("oracle", "Sweep tile configurations per shape and keep the fastest");
  oracle_cmd->add_option("--suite", oracle.suite, "Shipped suite name or YAML file")->capture_default_str();
  oracle_cmd->add_option("--threads", oracle.threads, "Threads (0 = all physical cores)")
      ->capture_default_str();
  oracle_cmd->add_option("--budget", oracle.budget, "Configurations screened per shape (0 = the default, 24)")
      ->capture_default_str();
  oracle_cmd->add_option("--json", oracle.json_path, "Write the best tiles per shape to this file");
  oracle_cmd->add_option("--only", oracle.only, "Comma-separated shape names to run");
  oracle_cmd->add_option("--tag", oracle.tag, "Which shapes: train, heldout or all")->capture_default_str();
  oracle_cmd->add_flag("--no-cache", oracle.no_cache,
                       "Do not store the measurements in the measurement cache");
  oracle_cmd->add_option("--cache", oracle.cache_path,
                         "Measurement cache file (default: under ~/.cache/tilevolve)");
  oracle_cmd->add_option("--backend", oracle.backend, "cpu or cuda")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();

  tv::app::EvalOptions eval;
  auto* eval_cmd = app.add_subcommand("eval", "Score a heuristic program against the baseline heuristic");
  eval_cmd
      ->add_option("program", eval.program, "The heuristic program (C++ implementing tilevolve/heuristic.h)")
      ->required();
  eval_cmd->add_option("--suite", eval.suite, "Shipped suite name or YAML file")->capture_default_str();
  eval_cmd->add_option("--only", eval.only, "Comma-separated shape names to run");
  eval_cmd->add_option("--threads", eval.threads, "Threads (0 = all physical cores)")->capture_default_str();
  eval_cmd->add_flag("--no-cache", eval.no_cache,
                     "Measure every shape now; read and write no measurement cache");
  eval_cmd->add_option("--cache", eval.cache_path,
                       "Measurement cache file (default: under ~/.cache/tilevolve)");
  eval_cmd
      ->add_option("--min-time", eval.min_time_s, "Seconds per timed repetition (0 = the evaluator's 0.05)")
      ->capture_default_str();
  eval_cmd->add_option("--json", eval.json_path, "Write the metrics (OpenEvolve style) to this file");
  eval_cmd->add_flag("--fallback-table", eval.fallback_table,
                     "Write PROGRAM.fallback.json: the shapes where it was slower than the baseline, which "
                     "the drop-in libraries then run with the baseline's tiles");
  eval_cmd->add_option("--backend", eval.backend, "cpu or cuda")
      ->check(CLI::IsMember({"cpu", "cuda"}))
      ->capture_default_str();

  tv::app::EvolveOptions evolve;
  auto* evolve_cmd = app.add_subcommand("evolve", "Evolve a heuristic program (OpenEvolve style), resumable");
  evolve_cmd->add_option("initial_program", evolve.initial_program, "The program of generation 0")
      ->required();
  evolve_cmd->add_option("evaluator", evolve.evaluator,
                         "An executable called as EVALUATOR PROGRAM_PATH that prints JSON metrics "
                         "(default: the built-in GEMM tiling evaluator)");
  evolve_cmd->add_option("--config", evolve.config_path, "YAML config (OpenEvolve keys + tilevolve's)");
  evolve_cmd->add_option("--iterations", evolve.iterations, "Iterations in total (default: max_iterations)");
  evolve_cmd->add_option("--output", evolve.output_dir, "Output directory")->capture_default_str();
  auto* checkpoint_opt = evolve_cmd->add_option("--checkpoint", evolve.checkpoint_dir,
                                                "Resume from a checkpoints/checkpoint_N export");
  evolve_cmd->add_flag("--resume", evolve.resume, "Continue the run in the output directory")
      ->excludes(checkpoint_opt);
  evolve_cmd->add_option("--target-score", evolve.target_score, "Stop when the best score reaches this");
  evolve_cmd->add_option("--log-level", evolve.log_level,
                         "DEBUG, INFO, WARNING or ERROR (default: the config's)");
  evolve_cmd
      ->add_option("--distributed", evolve.distributed,
                   "mpi: run as one rank of `mpirun -np K tilevolve evolve ...` (rank 0 the controller, "
                   "the others evaluators)")
      ->check(CLI::IsMember({"none", "mpi"}));

#ifdef TV_HAVE_REPORT
  tv::app::ReportOptions report;
  auto* report_cmd = app.add_subcommand("report", "Write a self-contained HTML report of an evolution run");
  report_cmd->add_option("output_dir", report.output_dir, "The run's output directory")->required();
  report_cmd->add_option("-o,--output", report.html_path,
                         "HTML file to write (default: OUTPUT_DIR/report.html)");
#endif

#ifdef TV_HAVE_GENERATE
  tv::app::GenerateOptions generate;
  auto* generate_cmd =
      app.add_subcommand("generate", "Run a Llama-architecture model and report prefill and decode tokens/s");
  generate_cmd
      ->add_option("--model", generate.model,
                   "smollm2-135m, smollm2-360m, qwen2.5-0.5b, llama-3.2-1b or a Hugging Face config.json")
      ->capture_default_str();
  generate_cmd->add_option("--weights", generate.weights,
                           "A .safetensors file (default: deterministic random weights)");
  generate_cmd->add_option("--prompt-tokens", generate.prompt_tokens, "Prompt length (prefill)")
      ->capture_default_str();
  generate_cmd->add_option("--new-tokens", generate.new_tokens, "Tokens to decode greedily")
      ->capture_default_str();
  generate_cmd->add_option("--program", generate.program, "An evolved heuristic program (C++)");
  generate_cmd->add_flag("--baseline", generate.baseline, "Add a row with the built-in baseline heuristic");
  generate_cmd->add_option("--blas", generate.blas, "Peers as engines: openblas, onednn or openblas,onednn");
  generate_cmd->add_option("--threads", generate.threads, "Threads (0 = all physical cores)")
      ->capture_default_str();
  generate_cmd->add_option("--seed", generate.seed, "Seed of random weights and prompt ids")
      ->capture_default_str();
  generate_cmd->add_option("--json", generate.json_path, "Write one record per engine to this file");
  generate_cmd->add_flag(
      "--profile", generate.profile,
      "After the timed runs, one more per engine with each product timed: where the time goes");
  generate_cmd->add_option(
      "--write-suite", generate.suite_path,
      "Write the products this run would time as a suite (YAML) for `tilevolve evolve`, and time nothing");
#endif

  tv::app::RooflineOptions roofline;
  auto* roofline_cmd =
      app.add_subcommand("roofline", "Measure this machine's FMA peak and DRAM read bandwidth");
  roofline_cmd->add_option("--threads", roofline.threads, "Threads (0 = all physical cores)")
      ->capture_default_str();
  roofline_cmd->add_option("--json", roofline.json_path, "Write the measurements to this file");

  CLI11_PARSE(app, argc, argv);

  if (*info_cmd) return tv::app::RunInfo(info);
  if (*bench_cmd) return tv::app::RunBench(bench);
  if (*oracle_cmd) return tv::app::RunOracle(oracle);
  if (*eval_cmd) return tv::app::RunEval(eval);
  if (*evolve_cmd) return tv::app::RunEvolve(evolve);
  if (*roofline_cmd) return tv::app::RunRoofline(roofline);
#ifdef TV_HAVE_REPORT
  if (*report_cmd) return tv::app::RunReport(report);
#endif
#ifdef TV_HAVE_GENERATE
  if (*generate_cmd) return tv::app::RunGenerate(generate);
#endif
  std::fprintf(stderr, "tilevolve: no command given; see tilevolve --help\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  ReexecWithQuietOpenBlas(argv);
  // Expected failures are Status values inside the commands; anything thrown
  // this far (a library's exception) is a bug, reported instead of aborting.
  try {
    return Main(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tilevolve: internal error: %s\nPlease report it with the command you ran.\n",
                 e.what());
    return 1;
  }
}
