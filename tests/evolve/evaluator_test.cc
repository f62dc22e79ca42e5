// The evaluator end to end on the smoke suite: real compiler, real sandboxed
// host, real timings (short ones), a measurement cache in a temp dir.
#include "evolve/evaluator.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>

#include "bench/measurement_cache.h"
#include "bench/paired_measurer.h"
#include "evolve/eval_json.h"
#include "evolve/heuristic_probe.h"
#include "evolve/program_compiler.h"
#include "gemm/kernel_build_id.h"
#include "heuristic/baseline.h"
#include "tilevolve/heuristic.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

std::string HeuristicPath(const std::string& name) {
  return std::string(TV_TEST_HEURISTICS_DIR) + "/" + name;
}

class EvaluatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tv-evaluator-test-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    setenv("TILEVOLVE_CACHE_DIR", dir_.c_str(), 1);  // programs and timing.lock
    options_.suite = "smoke";
    options_.cache_path = dir_ + "/measurements.sqlite";
    options_.compile.cache_dir = dir_ + "/programs";
    options_.probe.host_path = TV_HEURISTIC_HOST;
    options_.probe.temp_root = dir_ + "/probe";
    fs::create_directories(options_.probe.temp_root);
    options_.probe_shapes = 16;
    options_.threads = 1;
    options_.paired.measure.warmup_s = 0;
    options_.paired.measure.min_time_s = 0.002;
    options_.paired.measure.min_reps = 3;
    options_.paired.measure.max_reps = 3;
  }
  void TearDown() override {
    unsetenv("TILEVOLVE_CACHE_DIR");
    fs::remove_all(dir_);
  }

  EvalReport Evaluate(const std::string& program) {
    Result<std::unique_ptr<Evaluator>> evaluator = Evaluator::Make(options_, runner_);
    EXPECT_TRUE(evaluator.ok()) << evaluator.status().message();
    if (!evaluator.ok()) return {};
    Result<EvalReport> report = (*evaluator)->Evaluate(program);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : EvalReport{};
  }

  std::string dir_;
  EvalOptions options_;
  ProcessSandboxRunner runner_;
};

TEST_F(EvaluatorTest, InitialProgramScoresExactlyOneAgainstTheBaseline) {
  const EvalReport r = Evaluate(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp");
  ASSERT_EQ(r.outcome, "ok") << r.message;
  EXPECT_EQ(r.stage, "done");
  ASSERT_EQ(r.shapes.size(), 5u);
  for (const ShapeEval& s : r.shapes) {
    EXPECT_EQ(s.speedup, 1.0) << s.shape.name << ": the same tiles as the baseline are the same code path";
    EXPECT_GT(s.gflops, 0) << s.shape.name;
  }
  EXPECT_EQ(r.combined_score, 1.0);
  EXPECT_EQ(r.heldout_speedup, 1.0);
  EXPECT_EQ(r.oracle_shapes, 0);
  EXPECT_EQ(r.program_hash.size(), 32u);
}

// A re-measurement's evaluator: where the tiles are the baseline's the speedup
// is exactly 1 and nothing is timed (GFLOP/s unknown).
TEST_F(EvaluatorTest, WithoutTimingBaselineTilesTheBaselinesShapesAreNotTimed) {
  options_.use_cache = false;
  options_.time_baseline_tiles = false;
  const EvalReport r = Evaluate(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp");
  ASSERT_EQ(r.outcome, "ok") << r.message;
  ASSERT_EQ(r.shapes.size(), 5u);
  for (const ShapeEval& s : r.shapes) {
    EXPECT_EQ(s.speedup, 1.0) << s.shape.name;
    EXPECT_EQ(s.gflops, 0) << s.shape.name << ": not timed";
  }
  EXPECT_EQ(r.cache_hits + r.cache_misses, 0) << "nothing measured";
  EXPECT_EQ(r.combined_score, 1.0);
  EXPECT_EQ(r.heldout_speedup, 1.0);

  // Other tiles are still timed.
  const EvalReport other = Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
  ASSERT_EQ(other.outcome, "ok") << other.message;
  EXPECT_EQ(other.cache_misses, 5);
}

TEST_F(EvaluatorTest, OtherTilesAreTimedOnceThenServedFromTheCache) {
  const EvalReport first = Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
  ASSERT_EQ(first.outcome, "ok") << first.message;
  EXPECT_GT(first.combined_score, 0);
  EXPECT_GT(first.heldout_speedup, 0);
  EXPECT_EQ(first.cache_misses, 5);
  EXPECT_FALSE(first.compile_cached);

  // A new evaluator (a new process would do the same): everything from the database.
  const EvalReport second = Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
  ASSERT_EQ(second.outcome, "ok") << second.message;
  EXPECT_TRUE(second.compile_cached);
  EXPECT_EQ(second.cache_misses, 0);
  EXPECT_EQ(second.cache_hits, 5);
  EXPECT_EQ(second.combined_score, first.combined_score);
  for (const ShapeEval& s : second.shapes) EXPECT_TRUE(s.cached) << s.shape.name;
}

TEST_F(EvaluatorTest, NoCacheWritesNoDatabase) {
  options_.use_cache = false;
  const EvalReport r = Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
  ASSERT_EQ(r.outcome, "ok") << r.message;
  EXPECT_EQ(r.cache_hits, 0);
  EXPECT_FALSE(fs::exists(options_.cache_path));
}

TEST_F(EvaluatorTest, OracleEntriesGiveTheOracleFraction) {
  // Put an oracle result for every train shape: its best is the baseline itself
  // with speedup 1, so the fraction equals the candidate's own geomean there.
  {
    Result<std::unique_ptr<Evaluator>> evaluator = Evaluator::Make(options_, runner_);
    ASSERT_TRUE(evaluator.ok());
    Result<EvalReport> r = (*evaluator)->Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->outcome, "ok");
    Result<std::unique_ptr<bench::MeasurementCache>> cache =
        bench::MeasurementCache::Open(options_.cache_path);
    ASSERT_TRUE(cache.ok()) << cache.status().message();
    gemm::CpuGemm gemm(1);
    bench::PairedMeasurer keys(gemm, (*evaluator)->device(), nullptr, bench::PairedOptions());
    for (const ShapeEval& s : r->shapes) {
      bench::OracleEntry entry;
      entry.best = s.baseline;
      entry.speedup_vs_baseline = 1.0;
      entry.best_gflops = 1;
      entry.budget = 1;
      ASSERT_TRUE((*cache)->StoreOracle(keys.Key(s.shape, s.tiles), entry).ok());
    }
  }
  const EvalReport r = Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
  ASSERT_EQ(r.outcome, "ok") << r.message;
  EXPECT_EQ(r.oracle_shapes, 4);  // the smoke suite's train shapes
  EXPECT_NEAR(r.oracle_fraction, r.combined_score, 1e-9);
  const nlohmann::json json = EvalReportJson(r);
  EXPECT_EQ(json["oracle_shapes"], 4);
  EXPECT_TRUE(json["oracle_fraction"].is_number());
}

TEST_F(EvaluatorTest, FiguresOfAnotherMeasurementProtocolAreNotServed) {
  // Every figure an evaluation stores, copied under the key the cache used
  // before the protocol's version joined it (the kernel build alone) with an
  // absurd speedup, into a fresh cache: the next evaluation must time anew.
  const EvalReport first = Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
  ASSERT_EQ(first.outcome, "ok") << first.message;
  const std::string old_path = dir_ + "/old_protocol.sqlite";
  {
    Result<std::unique_ptr<bench::MeasurementCache>> current =
        bench::MeasurementCache::Open(options_.cache_path);
    Result<std::unique_ptr<bench::MeasurementCache>> old = bench::MeasurementCache::Open(old_path);
    ASSERT_TRUE(current.ok() && old.ok());
    Result<std::unique_ptr<Evaluator>> evaluator = Evaluator::Make(options_, runner_);
    ASSERT_TRUE(evaluator.ok());
    gemm::CpuGemm gemm(1);
    bench::PairedMeasurer keys(gemm, (*evaluator)->device(), nullptr, bench::PairedOptions());
    int copied = 0;
    for (const ShapeEval& s : first.shapes) {
      for (const tv_tile_config& tiles : {s.tiles, s.baseline}) {
        bench::MeasurementKey key = keys.Key(s.shape, tiles);
        Result<std::optional<bench::Measurement>> m = (*current)->Lookup(key);
        ASSERT_TRUE(m.ok() && m->has_value());
        bench::Measurement absurd = **m;
        absurd.speedup_vs_baseline = 1000;
        key.kernel_build = gemm::KernelBuildId();
        ASSERT_TRUE((*old)->Store(key, absurd).ok());
        ++copied;
      }
    }
    ASSERT_GT(copied, 0);
  }
  options_.cache_path = old_path;
  const EvalReport again = Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
  ASSERT_EQ(again.outcome, "ok") << again.message;
  EXPECT_EQ(again.cache_hits, 0);
  EXPECT_LT(again.combined_score, 10);
}

TEST_F(EvaluatorTest, BadProgramsStopAtTheirStageAndTheNextEvaluationRuns) {
  const EvalReport syntax = Evaluate(HeuristicPath("eval_syntax_error.cpp"));
  EXPECT_EQ(syntax.outcome, "compile_failed");
  EXPECT_EQ(syntax.stage, "compile");
  EXPECT_NE(syntax.compiler_output.find("eval_syntax_error.cpp"), std::string::npos)
      << syntax.compiler_output;
  EXPECT_EQ(syntax.combined_score, 0);

  const EvalReport io = Evaluate(HeuristicPath("eval_opens_file.cpp"));
  EXPECT_EQ(io.outcome, "forbidden_syscall") << io.message;
  EXPECT_EQ(io.stage, "probe");

  const EvalReport zero = Evaluate(HeuristicPath("eval_zero_tiles.cpp"));
  EXPECT_EQ(zero.outcome, "invalid_tiles") << zero.message;
  EXPECT_NE(zero.message.find("kc"), std::string::npos) << zero.message;
  EXPECT_FALSE(zero.failed_probe.empty());

  const EvalReport good = Evaluate(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp");
  EXPECT_EQ(good.outcome, "ok") << good.message;

  // Nothing left behind in the probe's temp root.
  EXPECT_TRUE(fs::is_empty(options_.probe.temp_root));
  const nlohmann::json json = EvalReportJson(io);
  EXPECT_EQ(json["outcome"], "forbidden_syscall");
  EXPECT_TRUE(json["oracle_fraction"].is_null());
}

// The example's Generation 0 and the built-in `baseline` answer every shape alike.
TEST_F(EvaluatorTest, InitialProgramIsTheBuiltInBaseline) {
  Result<CompiledProgram> compiled = CompileProgram(
      std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp", options_.compile, runner_);
  ASSERT_TRUE(compiled.ok()) << compiled.status().message();
  ASSERT_TRUE(compiled->ok) << compiled->message;
  std::vector<ProbeShape> shapes = MakeProbeShapes(400, 3);
  for (int d : {1, 7, 8, 9, 31, 32, 33, 64, 100, 127, 128, 129, 255, 256, 1023, 1024, 1025}) {
    shapes.push_back({d, d, d});
    shapes.push_back({d, 4096, 128});
    shapes.push_back({128, d, 1024});
  }
  for (int64_t memory_gib : {0, 8, 15, 16, 64}) {
    tv_device_info device{};
    device.memory_bytes = memory_gib << 30;
    const ProbeResult probe = ProbeHeuristic(compiled->object_path, shapes, device, options_.probe, runner_);
    ASSERT_EQ(probe.outcome, ProbeOutcome::kOk) << probe.message;
    for (size_t i = 0; i < shapes.size(); ++i) {
      const ProbeShape& s = shapes[i];
      const tv_tile_config want = heuristic::ChooseBaselineTiles(s.m, s.n, s.k, &device);
      const tv_tile_config& got = probe.tiles[i];
      ASSERT_TRUE(got.mc == want.mc && got.nc == want.nc && got.kc == want.kc && got.mr == 0 && got.path == 0)
          << s.m << "x" << s.n << "x" << s.k << " memory " << memory_gib << " GiB: program " << got.mc << ","
          << got.nc << "," << got.kc << " baseline " << want.mc << "," << want.nc << "," << want.kc;
    }
  }
}

// A parent no child can reach: the first stage falls short and the rest is never timed.
TEST_F(EvaluatorTest, CascadeStopsAChildFarBelowItsParent) {
  Result<std::unique_ptr<Evaluator>> evaluator = Evaluator::Make(options_, runner_);
  ASSERT_TRUE(evaluator.ok()) << evaluator.status().message();
  CascadeRequest parent;
  parent.parent_score = 100;
  parent.thresholds = {0.9};
  for (const char* name : {"decode.256x256", "smallbatch.8x200", "prefill.100x130x70", "attention.64x64x32"})
    parent.parent_speedups[name] = 100;
  Result<EvalReport> r = (*evaluator)->Evaluate(HeuristicPath("eval_fixed_tiles.cpp"), &parent);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->outcome, "cascade_stopped") << r->message;
  EXPECT_EQ(r->stage, "measure");
  EXPECT_EQ(r->shapes.size(), 2u) << "stage 1 of 2 times half of the 4 train shapes";
  EXPECT_EQ(r->cache_misses, 2);
  EXPECT_EQ(r->cascade_stages_passed, 0);
  EXPECT_FALSE(r->heldout_measured);
  EXPECT_GT(r->combined_score, 0);  // the projection it stopped at
  EXPECT_LT(r->combined_score, 90);
  EXPECT_NE(r->message.find("below 0.900 x the parent's 100.0000"), std::string::npos) << r->message;
  EXPECT_TRUE(EvalReportJson(*r)["heldout_speedup"].is_null());
}

// A parent every child beats: every stage passes, and the held-out shapes are
// timed because the child is better; against a better parent they are skipped.
TEST_F(EvaluatorTest, CascadePassesAChildAboveItsParentAndSkipsHeldOutForAWorseOne) {
  Result<std::unique_ptr<Evaluator>> evaluator = Evaluator::Make(options_, runner_);
  ASSERT_TRUE(evaluator.ok()) << evaluator.status().message();
  CascadeRequest weak;
  weak.parent_score = 0.01;
  weak.thresholds = {0.9, 0.95};
  Result<EvalReport> better = (*evaluator)->Evaluate(HeuristicPath("eval_fixed_tiles.cpp"), &weak);
  ASSERT_TRUE(better.ok()) << better.status().message();
  ASSERT_EQ(better->outcome, "ok") << better->message;
  EXPECT_EQ(better->cascade_stages_passed, 2);
  EXPECT_TRUE(better->heldout_measured);
  EXPECT_EQ(better->shapes.size(), 5u);

  // Everything is cached now: nothing is left to save, so nothing stops, but a
  // child no better than its parent gets no held-out timing.
  CascadeRequest strong;
  strong.parent_score = 100;
  strong.thresholds = {0.9};
  Result<EvalReport> worse = (*evaluator)->Evaluate(HeuristicPath("eval_fixed_tiles.cpp"), &strong);
  ASSERT_TRUE(worse.ok()) << worse.status().message();
  EXPECT_EQ(worse->outcome, "ok") << worse->message;
  EXPECT_EQ(worse->combined_score, better->combined_score);
  EXPECT_EQ(worse->cache_misses, 0);
  EXPECT_FALSE(worse->heldout_measured);
  EXPECT_EQ(worse->shapes.size(), 4u);
}

// A re-measurement before promotion takes the promoted program's fresh figures
// for shapes whose tiles are the same and times only the others.
TEST_F(EvaluatorTest, ReMeasurementReusesThePromotedProgramsFiguresForTheSameTiles) {
  options_.use_cache = false;
  Result<std::unique_ptr<Evaluator>> evaluator = Evaluator::Make(options_, runner_);
  ASSERT_TRUE(evaluator.ok()) << evaluator.status().message();
  Result<EvalReport> promoted = (*evaluator)->Evaluate(HeuristicPath("eval_fixed_tiles.cpp"));
  ASSERT_TRUE(promoted.ok()) << promoted.status().message();
  ASSERT_EQ(promoted->outcome, "ok") << promoted->message;
  nlohmann::json metrics = EvalReportJson(*promoted);
  // Pretend the promoted program's figure for one shape was 7 and another shape ran other tiles.
  metrics["shapes"][0]["speedup"] = 7.0;
  metrics["shapes"][1]["tiles"]["kc"] = metrics["shapes"][1]["tiles"]["kc"].get<int>() + 8;
  const FreshFigures fresh = FreshFiguresFromMetrics(metrics.dump());
  ASSERT_EQ(fresh.by_shape.size(), 5u);

  Result<EvalReport> again = (*evaluator)->Evaluate(HeuristicPath("eval_fixed_tiles.cpp"), nullptr, &fresh);
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_EQ(again->outcome, "ok") << again->message;
  ASSERT_EQ(again->shapes.size(), 5u);
  EXPECT_TRUE(again->shapes[0].reused);
  EXPECT_EQ(again->shapes[0].speedup, 7.0) << "the promoted program's figure, not a new timing";
  EXPECT_FALSE(again->shapes[1].reused) << "other tiles than the promoted program's: timed again";
  for (size_t i = 2; i < again->shapes.size(); ++i) EXPECT_TRUE(again->shapes[i].reused);
  EXPECT_EQ(again->cache_misses + again->cache_hits, 1) << "only the one differing shape was measured";
  EXPECT_EQ(EvalReportJson(*again)["shapes"][0].value("reused_from_promoted", false), true);

  // Metrics that are not an ok re-measurement give nothing to reuse.
  EXPECT_TRUE(FreshFiguresFromMetrics("not json").by_shape.empty());
  metrics["outcome"] = "wrong_result";
  EXPECT_TRUE(FreshFiguresFromMetrics(metrics.dump()).by_shape.empty());
}

TEST(MakeProbeShapesTest, FixedSeedGivesTheSameShapesInRange) {
  const std::vector<ProbeShape> a = MakeProbeShapes(32, 5);
  const std::vector<ProbeShape> b = MakeProbeShapes(32, 5);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].m, b[i].m);
    EXPECT_GE(a[i].m, 1);
    EXPECT_GE(a[i].n, 1);
    EXPECT_GE(a[i].k, 1);
    EXPECT_LE(a[i].k, 1 << 17);
  }
}

}  // namespace
}  // namespace tv::evolve
