// The controller's overhead per iteration beyond evaluation, with a
// 1,000-program database (issue 4's target: under 20 ms).
//
//   tv_population_overhead [DIR]    (DIR: where the scratch database goes; default $TMPDIR or /tmp)
//
// Fills a run database and a default-config population (5 islands of 200) with
// 1,000 programs of ~4 KB, then times 200 controller-like iterations: select a
// parent and inspirations, read their code, compute the child's features
// against 20 reference programs, Add, CompleteGeneration, and Commit the child
// with the whole run state (population JSON + RNG). Prints the median, p90 and
// max per iteration and per step, then what a resume costs once. Not a test:
// timings on a shared machine are noisy.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "evolve/database/population.h"
#include "evolve/database/program_store.h"

namespace tv::evolve {
namespace {

constexpr int kPrograms = 1000;
constexpr int kIterations = 200;
constexpr int kInspirations = 4;

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// A ~4 KB heuristic-like program whose literals depend on `variant`.
std::string ProgramText(uint64_t variant) {
  std::string code = "#include <tilevolve/heuristic.h>\n// EVOLVE-BLOCK-START\n";
  for (int line = 0; line < 80; ++line) {
    code += "  if (shape.m > " + std::to_string((variant * 31 + line * 7) % 4096) +
            ") tiles.kc = " + std::to_string(64 + (variant + line) % 512) + ";\n";
  }
  return code + "// EVOLVE-BLOCK-END\n";
}

std::string MetricsJson(double score) {
  return R"({"combined_score": )" + std::to_string(score) +
         R"(, "train_speedup": 1.2, "heldout_speedup": 1.1, "shapes_ok": 24, "outcome": "ok"})";
}

struct Step {
  const char* name;
  std::vector<double> ms;
};

void PrintStats(const Step& step) {
  std::vector<double> v = step.ms;
  std::sort(v.begin(), v.end());
  std::printf("  %-34s median %7.3f ms   p90 %7.3f ms   max %7.3f ms\n", step.name, v[v.size() / 2],
              v[v.size() * 9 / 10], v.back());
}

int Run(const std::string& dir) {
  const std::string path = dir + "/tv_population_overhead_" + std::to_string(getpid()) + ".sqlite";
  Result<std::unique_ptr<ProgramStore>> opened = ProgramStore::Open(path, /*create=*/true);
  if (!opened.ok()) {
    std::fprintf(stderr, "%s\n", opened.status().message().c_str());
    return 1;
  }
  ProgramStore& store = **opened;
  const DatabaseConfig config;  // defaults: population_size 1000, 5 islands
  Population population(config);
  Rng rng(42);
  std::map<int64_t, std::string> codes;  // what a controller keeps of recent programs: here, all

  const auto reference_codes = [&](int island) {
    std::vector<const std::string*> references;
    for (int64_t id : population.island_members(island)) {
      if (static_cast<int>(references.size()) == config.diversity_reference_size) break;
      references.push_back(&codes.at(id));
    }
    return references;
  };
  const auto run_state = [&](int iteration) {
    nlohmann::json state = nlohmann::json::object();
    state["iteration"] = iteration;
    state["population"] = population.ToJson();
    state["rng"] = RngState(rng);
    return state.dump();
  };

  for (int64_t id = 1; id <= kPrograms; ++id) {  // fill: not timed
    const int island = static_cast<int>(id % config.num_islands);
    ProgramRecord record;
    record.code = ProgramText(static_cast<uint64_t>(id));
    record.code_hash = CodeHash(record.code);
    record.score = static_cast<double>(rng() % 10000) / 5000.0;
    record.outcome = "ok";
    record.metrics_json = MetricsJson(record.score);
    record.island = island;
    Candidate candidate{id, record.score, true,
                        ComputeFeatures(record.code, record.metrics_json, reference_codes(island))};
    population.Add(candidate, island);
    population.CompleteGeneration(island);
    codes[id] = record.code;
    if (!store.Commit(record, run_state(0)).ok()) return 1;
  }

  Step total{"whole iteration", {}}, select{"SelectParent + Inspirations", {}},
      read{"Get parent + inspirations", {}}, features{"ComputeFeatures (20 references)", {}},
      add{"Add + CompleteGeneration", {}}, state{"ToJson + RNG state + dump", {}},
      commit{"Commit (SQLite, WAL, FULL sync)", {}};
  size_t state_bytes = 0;
  for (int iteration = 1; iteration <= kIterations; ++iteration) {
    const int island = iteration % config.num_islands;
    const auto t0 = Clock::now();
    const int64_t parent = population.SelectParent(island, rng);
    const std::vector<int64_t> inspirations = population.Inspirations(island, parent, kInspirations, rng);
    const auto t1 = Clock::now();
    Result<std::optional<ProgramRecord>> parent_record = store.Get(parent);
    for (int64_t id : inspirations) {
      if (!store.Get(id).ok()) return 1;
    }
    if (!parent_record.ok() || !parent_record->has_value()) return 1;
    const auto t2 = Clock::now();
    // (mutation and evaluation happen here in a real run)
    ProgramRecord child;
    child.parent_id = parent;
    child.island = island;
    child.iteration = iteration;
    child.code = ProgramText(static_cast<uint64_t>(kPrograms + iteration));
    child.code_hash = CodeHash(child.code);
    child.outcome = "ok";
    child.score = static_cast<double>(rng() % 10000) / 5000.0;
    child.metrics_json = MetricsJson(child.score);
    const int64_t child_id = kPrograms + iteration;  // ids are the previous largest + 1
    Candidate candidate{child_id, child.score, true,
                        ComputeFeatures(child.code, child.metrics_json, reference_codes(island))};
    const auto t3 = Clock::now();
    population.Add(candidate, island);
    population.CompleteGeneration(island);
    codes[child_id] = child.code;
    const auto t4 = Clock::now();
    const std::string saved = run_state(iteration);
    state_bytes = saved.size();
    const auto t5 = Clock::now();
    Result<int64_t> id = store.Commit(child, saved);
    const auto t6 = Clock::now();
    if (!id.ok() || *id != child_id) {
      std::fprintf(stderr, "commit failed or id %lld unexpected\n",
                   static_cast<long long>(id.ok() ? *id : -1));
      return 1;
    }
    total.ms.push_back(Ms(t6 - t0));
    select.ms.push_back(Ms(t1 - t0));
    read.ms.push_back(Ms(t2 - t1));
    features.ms.push_back(Ms(t3 - t2));
    add.ms.push_back(Ms(t4 - t3));
    state.ms.push_back(Ms(t5 - t4));
    commit.ms.push_back(Ms(t6 - t5));
  }

  std::printf(
      "controller overhead per iteration: %d iterations, %d programs in the database, %zu programs on "
      "islands, run state %zu bytes\n",
      kIterations, kPrograms + kIterations, population.ToJson()["programs"].size(), state_bytes);
  for (const Step* step : {&total, &select, &read, &features, &add, &state, &commit}) PrintStats(*step);

  // What a resume pays once: open (schema check + quick_check), load the run state, restore the population.
  opened->reset();
  const auto r0 = Clock::now();
  Result<std::unique_ptr<ProgramStore>> reopened = ProgramStore::Open(path, /*create=*/false);
  if (!reopened.ok()) return 1;
  Result<std::string> saved = (*reopened)->LoadRunState();
  if (!saved.ok()) return 1;
  const auto r1 = Clock::now();
  Result<Population> restored = Population::FromJson(nlohmann::json::parse(*saved)["population"], config);
  if (!restored.ok()) return 1;
  const auto r2 = Clock::now();
  std::printf("resume: open + load run state %.3f ms, parse + restore population %.3f ms\n", Ms(r1 - r0),
              Ms(r2 - r1));
  reopened->reset();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix, ec);
  return 0;
}

}  // namespace
}  // namespace tv::evolve

int main(int argc, char** argv) {
  const char* tmp = std::getenv("TMPDIR");
  const std::string dir = argc > 1 ? argv[1] : (tmp != nullptr && *tmp != '\0' ? tmp : "/tmp");
  return tv::evolve::Run(dir);
}
