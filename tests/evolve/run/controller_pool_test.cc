// The controller with an evaluation pool that runs several jobs at once and
// finishes them out of order (as the evaluator ranks of an MPI job do): every
// iteration is still committed, in iteration order, and the run state agrees.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "evolve/database/program_store.h"
#include "evolve/run/controller.h"
#include "evolve/run/evaluation_pool.h"
#include "evolve/run/run_state.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

bool WriteText(const fs::path& path, const char* text) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  const bool written = std::fputs(text, f) >= 0;
  return std::fclose(f) == 0 && written;
}

// What the fake pool saw, kept by the test after the controller drops the pool.
struct PoolLog {
  int max_in_flight = 0;
  int jobs = 0;
  int rescores = 0;
  int with_parent = 0;
};

// Capacity 3; Next() finishes the most recently submitted job first. The score
// is a deterministic function of the code, in [0.5, 1.5).
class OutOfOrderPool final : public EvaluationPool {
 public:
  explicit OutOfOrderPool(PoolLog* log) : log_(log) {}
  int capacity() const override { return 3; }
  int in_flight() const override { return static_cast<int>(jobs_.size()); }
  Status Submit(EvaluationJob job) override {
    if (in_flight() >= capacity()) return Status::Internal("submitted to a full pool");
    ++log_->jobs;
    if (job.rescore) ++log_->rescores;
    if (job.parent.has_value()) ++log_->with_parent;
    jobs_.push_back(std::move(job));
    log_->max_in_flight = std::max(log_->max_in_flight, in_flight());
    return Status::Ok();
  }
  Result<EvaluationResult> Next() override {
    if (jobs_.empty()) return Status::Internal("Next() with nothing in flight");
    EvaluationJob job = std::move(jobs_.back());
    jobs_.pop_back();
    EvaluationResult result;
    result.ticket = job.ticket;
    result.score.score = 0.5 + static_cast<double>(std::hash<std::string>{}(job.code) % 1000) / 1000.0;
    result.score.metrics_json = nlohmann::json{{"combined_score", result.score.score}}.dump();
    return result;
  }
  std::string description() const override { return "out-of-order test pool"; }
  std::string devices_text() const override { return "test devices"; }

 private:
  PoolLog* log_;
  std::vector<EvaluationJob> jobs_;
};

TEST(ControllerPool, CommitsEveryIterationInOrderWhenResultsArriveOutOfOrder) {
  const fs::path dir = fs::temp_directory_path() / ("tv_controller_pool_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  PoolLog log;
  EvolveRunOptions options;
  options.initial_program = TV_SOURCE_DIR "/examples/gemm_tiling/initial_program.cpp";
  options.iterations = 24;
  options.output_dir = dir.string();
  options.log_level = "WARNING";
  options.make_pool = [&log](const PoolContext& context) -> Result<std::unique_ptr<EvaluationPool>> {
    EXPECT_NE(context.config, nullptr);
    return std::unique_ptr<EvaluationPool>(new OutOfOrderPool(&log));
  };
  ASSERT_EQ(RunEvolution(options), 0);

  EXPECT_EQ(log.max_in_flight, 3) << "the controller should keep every slot busy";
  EXPECT_GT(log.with_parent, 0) << "children are measured against their parent";
  EXPECT_GT(log.rescores, 0) << "a candidate best is re-measured (as a job of its own) before promotion";

  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open((dir / "tilevolve.db").string(), false);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<std::vector<ProgramRecord>> all = (*store)->All();
  ASSERT_TRUE(all.ok());
  Result<std::string> state_text = (*store)->LoadRunState();
  ASSERT_TRUE(state_text.ok());
  Result<RunState> state = RunStateFromJson(*state_text);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(state->next_iteration, 25);
  // Committed in iteration order: ids and iterations increase together.
  for (size_t i = 1; i < all->size(); ++i) EXPECT_LT((*all)[i - 1].iteration, (*all)[i].iteration);
  // Every iteration is accounted for: a program, a duplicate or no child.
  EXPECT_EQ(static_cast<int>(all->size()) - 1 + state->duplicates + state->failed_proposals, 24);
  EXPECT_EQ(state->evaluations, static_cast<int>(all->size()));
  // Every job was either a program's evaluation or a re-measurement before a promotion.
  EXPECT_EQ(log.jobs, static_cast<int>(all->size()) + log.rescores);
  Result<std::optional<std::string>> device = (*store)->GetMeta("device");
  ASSERT_TRUE(device.ok());
  EXPECT_EQ(device->value_or(""), "test devices");
  fs::remove_all(dir);
}

// parallel_evaluations above what the pool can run is said, never silently
// dropped: the log names the key, the value and what to do.
TEST(ControllerPool, WarnsWhenParallelEvaluationsExceedThePool) {
  const fs::path dir = fs::temp_directory_path() / ("tv_controller_parallel_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path config = dir / "config.yaml";
  ASSERT_TRUE(WriteText(config, "evaluator:\n  parallel_evaluations: 5\n"));
  PoolLog log;
  EvolveRunOptions options;
  options.initial_program = TV_SOURCE_DIR "/examples/gemm_tiling/initial_program.cpp";
  options.config_path = config.string();
  options.iterations = 2;
  options.output_dir = (dir / "out").string();
  options.log_level = "WARNING";
  options.make_pool = [&log](const PoolContext&) -> Result<std::unique_ptr<EvaluationPool>> {
    return std::unique_ptr<EvaluationPool>(new OutOfOrderPool(&log));
  };
  ASSERT_EQ(RunEvolution(options), 0);
  std::string text;
  for (const fs::directory_entry& e : fs::directory_iterator(dir / "out" / "logs")) {
    std::FILE* in = std::fopen(e.path().c_str(), "r");
    ASSERT_NE(in, nullptr);
    char buf[4096];
    size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, in)) > 0) text.append(buf, got);
    std::fclose(in);
  }
  EXPECT_NE(text.find("parallel_evaluations is 5 but this run evaluates at most 3"), std::string::npos)
      << text;
  fs::remove_all(dir);
}

// Metrics without a held-out figure (a suite with no held-out shapes): the log
// says "none", not a speedup of 0.
TEST(ControllerPool, NoHeldOutFigureIsLoggedAsNone) {
  const fs::path dir = fs::temp_directory_path() / ("tv_controller_heldout_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  PoolLog log;
  EvolveRunOptions options;
  options.initial_program = TV_SOURCE_DIR "/examples/gemm_tiling/initial_program.cpp";
  options.iterations = 2;
  options.output_dir = dir.string();
  options.log_level = "INFO";
  options.make_pool = [&log](const PoolContext&) -> Result<std::unique_ptr<EvaluationPool>> {
    return std::unique_ptr<EvaluationPool>(new OutOfOrderPool(&log));
  };
  ASSERT_EQ(RunEvolution(options), 0);
  std::string text;
  for (const fs::directory_entry& e : fs::directory_iterator(dir / "logs")) {
    std::FILE* in = std::fopen(e.path().c_str(), "r");
    ASSERT_NE(in, nullptr);
    char buf[4096];
    size_t got = 0;
    while ((got = std::fread(buf, 1, sizeof buf, in)) > 0) text.append(buf, got);
    std::fclose(in);
  }
  EXPECT_NE(text.find("(held-out none)"), std::string::npos) << text;
  EXPECT_NE(text.find("(held-out none; "), std::string::npos) << text;  // a promotion
  EXPECT_NE(text.find("held-out none; the initial program scored"), std::string::npos) << text;
  EXPECT_EQ(text.find("held-out 0.0000"), std::string::npos) << text;
  std::FILE* info = std::fopen((dir / "best" / "best_program_info.json").c_str(), "r");
  ASSERT_NE(info, nullptr);
  const nlohmann::json best = nlohmann::json::parse(info, nullptr, false);
  std::fclose(info);
  // The run promotes a child (the pool's scores and the mutator's seed are fixed).
  ASSERT_TRUE(best.contains("remeasured_heldout")) << best.dump();
  EXPECT_TRUE(best["remeasured_heldout"].is_null()) << best.dump();
  fs::remove_all(dir);
}

// Metrics with per-shape figures, as the built-in evaluator reports them: two
// train shapes and one held-out shape, tiles and speedups derived from the code.
class ShapesPool final : public EvaluationPool {
 public:
  int capacity() const override { return 1; }
  int in_flight() const override { return static_cast<int>(jobs_.size()); }
  Status Submit(EvaluationJob job) override {
    jobs_.push_back(std::move(job));
    return Status::Ok();
  }
  Result<EvaluationResult> Next() override {
    EvaluationJob job = std::move(jobs_.back());
    jobs_.pop_back();
    const size_t hash = std::hash<std::string>{}(job.code);
    nlohmann::json shapes = nlohmann::json::array();
    const std::vector<std::tuple<std::string, std::string, int>> named = {
        {"decode", "train", 1}, {"prefill", "train", 256}, {"secret", "heldout", 8}};
    for (size_t i = 0; i < named.size(); ++i) {
      const auto& [name, tag, m] = named[i];
      shapes.push_back({{"name", name},
                        {"m", m},
                        {"n", 512},
                        {"k", 512},
                        {"tag", tag},
                        {"tiles", {{"mc", 8 + (hash >> (8 * i)) % 64}, {"nc", 512}, {"kc", 128}}},
                        {"baseline", {{"mc", 64}, {"nc", 512}, {"kc", 128}}},
                        {"speedup", 0.8 + static_cast<double>((hash >> (8 * i)) % 100) / 200.0}});
    }
    EvaluationResult result;
    result.ticket = job.ticket;
    result.score.score = 0.5 + static_cast<double>(hash % 1000) / 1000.0;
    result.score.metrics_json =
        nlohmann::json{{"combined_score", result.score.score}, {"shapes", shapes}}.dump();
    return result;
  }
  std::string description() const override { return "shapes test pool"; }
  std::string devices_text() const override { return "test devices"; }

 private:
  std::vector<EvaluationJob> jobs_;
};

// With shape_rule_rate 1 the offline mutator's children are shape rules made
// from the train shapes' figures; the held-out shape never appears in them.
TEST(ControllerPool, ShapeRulesComeFromTrainShapesOnly) {
  const fs::path dir = fs::temp_directory_path() / ("tv_controller_rules_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path config = dir / "config.yaml";
  ASSERT_TRUE(WriteText(
      config, "mutator:\n  kind: offline\n  shape_rule_rate: 1.0\n  insert_before: \"return tiles;\"\n"));
  EvolveRunOptions options;
  options.initial_program = TV_SOURCE_DIR "/examples/gemm_tiling/initial_program.cpp";
  options.config_path = config.string();
  options.iterations = 12;
  options.output_dir = (dir / "out").string();
  options.log_level = "WARNING";
  options.make_pool = [](const PoolContext&) -> Result<std::unique_ptr<EvaluationPool>> {
    return std::unique_ptr<EvaluationPool>(new ShapesPool());
  };
  ASSERT_EQ(RunEvolution(options), 0);
  Result<std::unique_ptr<ProgramStore>> store =
      ProgramStore::Open((dir / "out" / "tilevolve.db").string(), false);
  ASSERT_TRUE(store.ok()) << store.status().message();
  Result<std::vector<ProgramRecord>> all = (*store)->All();
  ASSERT_TRUE(all.ok());
  int rules = 0;
  for (const ProgramRecord& p : *all) {
    if (p.mutation != "offline:shape_rule") continue;
    ++rules;
    EXPECT_EQ(p.code.find("shape rule: secret"), std::string::npos) << p.code;
    EXPECT_TRUE(p.change_summary.find("shape rule for") != std::string::npos ||
                p.change_summary.starts_with("removed line"))
        << p.change_summary;
  }
  EXPECT_GT(rules, 0) << "no shape rule was made";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tv::evolve
