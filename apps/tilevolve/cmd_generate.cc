// `tilevolve generate`: a Llama-architecture model run greedily with every
// matrix product through one engine at a time (tilevolve's GEMM with the
// baseline heuristic or an evolved program's tiles, or a peer BLAS), timed
// side by side: prefill and decode tokens/s and decode's share of the DRAM limit.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_json.h"
#include "bench/operand_read.h"
#include "bench/peer.h"
#include "bench/roofline.h"
#include "commands.h"
#include "device/device.h"
#include "evolve/program_tiles.h"
#include "heuristic/baseline.h"
#include "infer/generation_report.h"
#include "infer/generation_timing.h"
#include "infer/matmul_engine.h"
#include "infer/model_config.h"
#include "infer/model_suite.h"
#include "infer/profile_report.h"
#include "infer/token_weights.h"
#include "infer/transformer.h"
#include "infer/weights.h"

namespace tv::app {
namespace {

constexpr const char* kDefaultProgram = "tilevolve_output/best/best_program.cpp";
constexpr int64_t kMaxNewTokens = 1 << 20;

int GenerateFail(int code, const std::string& message) {
  std::fprintf(stderr, "tilevolve generate: %s\n", message.c_str());
  return code;
}

std::string GiB(int64_t bytes) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f GiB", static_cast<double>(bytes) / (1 << 30));
  return text;
}

// What runs: the engines named by the flags, or the default set.
struct EnginePlan {
  bool baseline = false;
  std::string program;
  std::vector<std::string> peers;
};

Result<EnginePlan> PlanEngines(const GenerateOptions& o) {
  // "both": every registered peer (openblas and onednn).
  Result<std::vector<std::string>> peers =
      o.blas == "both" ? Result<std::vector<std::string>>(bench::PeerNames()) : bench::ParsePeerList(o.blas);
  if (!peers.ok()) return peers.status();
  EnginePlan plan;
  plan.baseline = o.baseline;
  plan.program = o.program;
  plan.peers = *peers;
  if (!o.baseline && o.program.empty() && o.blas.empty()) {
    plan.baseline = true;
    plan.peers = {"openblas"};
    if (std::filesystem::exists(kDefaultProgram)) {
      plan.program = kDefaultProgram;
      std::printf("default engines: baseline, openblas and the evolved program found at %s\n",
                  kDefaultProgram);
    } else {
      std::printf("default engines: baseline and openblas (no evolved program at %s)\n", kDefaultProgram);
    }
  }
  if (!plan.program.empty() && !std::filesystem::is_regular_file(plan.program))
    return Status::NotFound("--program " + plan.program + ": no such file");
  return plan;
}

// The program's tiles for every product the model will run.
Result<infer::TileChooser> ProgramTiles(const std::string& program, const infer::ModelConfig& config,
                                        const GenerateOptions& o, const tv_device_info& device) {
  const std::vector<infer::MatmulShape> shapes = infer::ProductShapes(config, o.prompt_tokens, o.new_tokens);
  std::vector<evolve::ProbeShape> asked;
  for (const auto& [m, n, k] : shapes)
    asked.push_back({static_cast<int>(m), static_cast<int>(n), static_cast<int>(k)});
  evolve::ProcessSandboxRunner runner;
  Result<std::vector<tv_tile_config>> answers = evolve::AskProgramForTiles(program, asked, device, runner);
  if (!answers.ok()) return answers.status();
  std::map<infer::MatmulShape, tv_tile_config> table;
  for (size_t i = 0; i < shapes.size(); ++i) table[shapes[i]] = (*answers)[i];
  return infer::TileChooser::FromTable(std::move(table));
}

Status CheckSizes(const GenerateOptions& o, const infer::ModelConfig& config) {
  if (o.prompt_tokens < 1) return Status::InvalidArgument("--prompt-tokens must be >= 1");
  if (o.new_tokens < 0 || o.new_tokens > kMaxNewTokens)
    return Status::InvalidArgument("--new-tokens must be in [0, " + std::to_string(kMaxNewTokens) + "]");
  if (o.threads < 0) return Status::InvalidArgument("--threads must be >= 0 (0 = all physical cores)");
  const int64_t positions = int64_t{o.prompt_tokens} + o.new_tokens;
  if (positions > config.max_position_embeddings)
    return Status::InvalidArgument("--prompt-tokens + --new-tokens = " + std::to_string(positions) +
                                   " exceeds the model's max_position_embeddings (" +
                                   std::to_string(config.max_position_embeddings) + ")");
  return Status::Ok();
}

// --write-suite: the products this run would time, as a suite for `tilevolve
// evolve` (infer/model_suite.h); nothing is timed.
int WriteSuite(const GenerateOptions& o, const infer::ModelConfig& config) {
  const std::vector<bench::SuiteShape> shapes =
      infer::ModelSuiteShapes(config, o.prompt_tokens, o.new_tokens);
  std::ofstream out(o.suite_path, std::ios::trunc);
  out << infer::ModelSuiteYaml(config, o.prompt_tokens, o.new_tokens);
  out.close();
  if (!out)
    return GenerateFail(2, "--write-suite " + o.suite_path +
                               ": cannot write the file; check that its folder exists and is writable");
  const auto held_out = std::count_if(shapes.begin(), shapes.end(), [](const bench::SuiteShape& s) {
    return s.tag == bench::ShapeTag::kHeldout;
  });
  std::printf(
      "wrote %s: %zu shapes of %s (%zu train, %td held out)\n"
      "evolve on them: `suite: %s` in the evolve config (examples/gemm_tiling/config.yaml), then\n"
      "tilevolve evolve examples/gemm_tiling/initial_program.cpp --config CONFIG\n",
      o.suite_path.c_str(), shapes.size(), config.name.c_str(), shapes.size() - static_cast<size_t>(held_out),
      held_out, o.suite_path.c_str());
  return 0;
}

}  // namespace

int RunGenerate(const GenerateOptions& options) {
  Result<infer::ModelConfig> config = infer::LoadModelConfig(options.model);
  if (!config.ok()) return GenerateFail(2, config.status().message());
  Status sizes = CheckSizes(options, *config);
  if (!sizes.ok()) return GenerateFail(2, sizes.message());
  if (!options.suite_path.empty()) return WriteSuite(options, *config);
  Result<EnginePlan> plan = PlanEngines(options);
  if (!plan.ok()) return GenerateFail(2, plan.status().message());

  const tv_device_info device = device::DetectCpu();
  const int threads = options.threads > 0 ? options.threads : std::max(1, device.physical_cores);
  const int64_t capacity = int64_t{options.prompt_tokens} + options.new_tokens;
  const int engines =
      (plan->baseline ? 1 : 0) + (plan->program.empty() ? 0 : 1) + static_cast<int>(plan->peers.size());
  if (engines == 0) return GenerateFail(2, "no engine to run");
  const int64_t weight_bytes = infer::WeightBytes(*config);
  const int64_t runtime_bytes = infer::RuntimeBytes(*config, capacity, options.prompt_tokens);
  const int64_t needed = weight_bytes + engines * runtime_bytes;
  if (device.memory_bytes > 0 && needed > device.memory_bytes / 10 * 9)
    return GenerateFail(2, "this run needs " + GiB(needed) + " (weights " + GiB(weight_bytes) +
                               ", KV cache and activations " + GiB(runtime_bytes) + " per engine x " +
                               std::to_string(engines) + ") but the machine has " + GiB(device.memory_bytes) +
                               "; use fewer tokens or a smaller model");

  // Tiles of an evolved program are asked before anything heavy is loaded.
  std::vector<std::unique_ptr<infer::MatmulEngine>> matmul_engines;
  if (plan->baseline)
    matmul_engines.push_back(std::make_unique<infer::TilevolveEngine>(
        "tilevolve baseline", threads,
        infer::TileChooser::FromHeuristic(heuristic::ChooseBaselineTiles, device)));
  if (!plan->program.empty()) {
    Result<infer::TileChooser> tiles = ProgramTiles(plan->program, *config, options, device);
    if (!tiles.ok()) return GenerateFail(1, "the evolved program failed: " + tiles.status().message());
    matmul_engines.push_back(
        std::make_unique<infer::TilevolveEngine>("tilevolve program", threads, std::move(*tiles)));
  }
  for (const std::string& name : plan->peers) {
    Result<std::unique_ptr<bench::Peer>> peer = bench::MakePeer(name, threads);
    if (!peer.ok()) return GenerateFail(1, peer.status().message());
    matmul_engines.push_back(std::make_unique<infer::PeerEngine>(std::move(*peer)));
  }

  const infer::WeightLayout layout = infer::kDefaultWeightLayout;
  Result<infer::ModelWeights> weights =
      options.weights.empty()
          ? Result<infer::ModelWeights>(infer::RandomWeights(*config, layout, options.seed))
          : infer::LoadSafetensorsWeights(*config, layout, options.weights);
  if (!weights.ok()) return GenerateFail(2, weights.status().message());

  bench::RooflineOptions roofline_options;
  roofline_options.fma_trials = 1;
  roofline_options.fma_seconds = 0.02;
  roofline_options.bandwidth_trials = 3;
  roofline_options.bandwidth_bytes = int64_t{256} << 20;  // far above any L3
  Result<bench::Roofline> roofline = bench::MeasureRoofline(device, threads, roofline_options);
  if (!roofline.ok()) return GenerateFail(1, roofline.status().message());

  std::vector<std::unique_ptr<infer::Transformer>> models;
  std::vector<infer::Transformer*> model_ptrs;
  std::vector<std::string> names;
  for (auto& engine : matmul_engines) {
    models.push_back(
        std::make_unique<infer::Transformer>(*weights, *engine, capacity, options.prompt_tokens));
    model_ptrs.push_back(models.back().get());
    names.push_back(engine->name());
  }
  const std::vector<int32_t> prompt =
      infer::RandomPrompt(options.prompt_tokens, config->vocab_size, options.seed);

  // The decode's DRAM limit, timed in the same rounds as the decodes: the
  // weights a token reads, read plainly in place with the same threads.
  const std::vector<bench::FloatSpan> token_weights = infer::TokenWeightSpans(*weights);
  bench::OperandReader reader(gemm::BestIsa(), threads);

  infer::ReportContext context;
  context.prompt_tokens = options.prompt_tokens;
  context.new_tokens = options.new_tokens;
  context.weight_bytes_per_token = infer::WeightBytesPerToken(*config);
  context.dram_read_gbs = roofline->dram_read_gbs;
  std::printf("model:    %s (%.1fM parameters, %s fp32, %s weights), weights stored %s\n",
              config->name.c_str(), static_cast<double>(infer::ParameterCount(*config)) / 1e6,
              GiB(weight_bytes).c_str(), options.weights.empty() ? "random" : options.weights.c_str(),
              infer::WeightLayoutName(layout));
  std::printf("machine:  %s, %d threads, DRAM read %.1f GB/s (measured now)\n", device.cpu_model, threads,
              roofline->dram_read_gbs);
  std::printf(
      "run:      prefill %d tokens, decode %d tokens greedily; attention products through the engine; "
      "median of 3 interleaved runs after a warm-up, a plain read of the token's weights timed in turn\n\n",
      options.prompt_tokens, options.new_tokens);
  std::fflush(stdout);

  infer::TimingOptions timing;
  timing.read_token_bytes = [&](int streams) {
    return static_cast<int64_t>(sizeof(float)) * reader.ReadSpans(token_weights, streams);
  };
  Result<infer::GenerationTimings> timings =
      infer::TimeInterleaved(model_ptrs, names, prompt, options.new_tokens, timing);
  if (!timings.ok()) return GenerateFail(1, timings.status().message());
  const std::vector<infer::EngineRow> rows = infer::SummarizeTimings(*timings, context);
  const infer::ReadRow read = infer::SummarizeRead(*timings, context);
  std::printf("%s", infer::GenerationTable(rows, read, context).c_str());
  std::vector<infer::ProductProfile> profiles;
  if (options.profile) {
    Result<std::vector<infer::ProductProfile>> profiled =
        infer::ProfileGenerations(model_ptrs, names, prompt, options.new_tokens, timing.settle_max_s);
    if (!profiled.ok()) return GenerateFail(1, profiled.status().message());
    profiles = std::move(*profiled);
    std::printf("\n%s", infer::ProfileTable(names, profiles).c_str());
  }

  if (!options.json_path.empty()) {
    nlohmann::json json = {{"machine", bench::MachineJson(device, *roofline)},
                           {"model", config->name},
                           {"threads", threads},
                           {"weights", options.weights.empty() ? "random" : options.weights},
                           {"read", infer::ReadJson(read, context)},
                           {"records", nlohmann::json::array()}};
    for (size_t i = 0; i < rows.size(); ++i) {
      json["records"].push_back(infer::EngineRowJson(rows[i], timings->engines[i], context));
      if (!profiles.empty()) json["records"].back()["profile"] = infer::ProfileJson(profiles[i]);
    }
    Status written = bench::WriteJsonFile(options.json_path, json);
    if (!written.ok()) return GenerateFail(1, written.message());
    std::printf("wrote %s\n", options.json_path.c_str());
  }
  return 0;
}

}  // namespace tv::app
