// Shape rules (evolve/mutation/shape_rules.h) and the figures they read
// (shape_figures.h): the class condition holds for its shape, tiles are carried
// over from the program that ran a shape fastest, exploration never repeats
// tiles already timed, rules are removed again, and a child with rules compiles
// and answers the rule's tiles inside the class and the parent's outside it.
#include "evolve/mutation/shape_rules.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "evolve/mutation/evolve_blocks.h"
#include "evolve/mutation/offline_mutator.h"
#include "mutation_test_support.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

tv_tile_config Tiles(int mc, int nc, int kc, int mr, int nr, int parallel, int pack_a, int pack_b, int path) {
  tv_tile_config t{};
  t.mc = mc;
  t.nc = nc;
  t.kc = kc;
  t.mr = mr;
  t.nr = nr;
  t.threads = 2;
  t.parallel = parallel;
  t.pack_a = pack_a;
  t.pack_b = pack_b;
  t.path = path;
  return t;
}

ShapeFigure Figure(const std::string& shape, int64_t m, int64_t n, int64_t k, const tv_tile_config& tiles,
                   double speedup) {
  ShapeFigure f;
  f.shape = shape;
  f.m = m;
  f.n = n;
  f.k = k;
  f.tiles = tiles;
  f.speedup = speedup;
  return f;
}

const tv_tile_config kParentDecode =
    Tiles(1, 128, 128, 6, 32, TV_PARALLEL_N, TV_PACK_ON, TV_PACK_ON, TV_PATH_BLOCKED);
const tv_tile_config kFastDecode =
    Tiles(1, 1408, 16, 1, 128, TV_PARALLEL_K, TV_PACK_OFF, TV_PACK_OFF, TV_PATH_SMALL_M);
const tv_tile_config kParentPrefill =
    Tiles(144, 512, 288, 6, 32, TV_PARALLEL_N, TV_PACK_ON, TV_PACK_ON, TV_PATH_BLOCKED);

// Program 1 (the parent) and program 2, which ran the decode shape faster.
ShapeFigures TwoPrograms() {
  ShapeFigures figures;
  figures.Add(1, {Figure("decode", 1, 4096, 4096, kParentDecode, 1.05),
                  Figure("prefill", 512, 4096, 4096, kParentPrefill, 1.10)});
  figures.Add(2, {Figure("decode", 1, 4096, 4096, kFastDecode, 1.40),
                  Figure("prefill", 512, 4096, 4096, kParentDecode, 0.70)});
  return figures;
}

// Evaluates a condition made of "X op V" terms joined by " && ".
bool Holds(const std::string& condition, int64_t m, int64_t n, int64_t k) {
  std::istringstream in(condition);
  std::string var, op, value, conj;
  while (in >> var >> op >> value) {
    const int64_t x = var == "M" ? m : var == "N" ? n : k;
    const int64_t v = std::stoll(value);
    const bool ok = op == "<=" ? x <= v : op == "<" ? x < v : op == ">" ? x > v : x >= v;
    if (!ok) return false;
    if (!(in >> conj)) break;
    EXPECT_EQ(conj, "&&");
  }
  return true;
}

TEST(ShapeFigures, BestIsTheFastestOverEveryProgramAndTriedKnowsEveryTiles) {
  const ShapeFigures figures = TwoPrograms();
  ASSERT_NE(figures.Best("decode"), nullptr);
  EXPECT_EQ(figures.Best("decode")->program_id, 2);
  EXPECT_DOUBLE_EQ(figures.Best("decode")->speedup, 1.40);
  EXPECT_EQ(figures.Best("prefill")->program_id, 1);
  EXPECT_EQ(figures.Best("unknown"), nullptr);
  EXPECT_TRUE(figures.Tried("prefill", kParentDecode));
  EXPECT_FALSE(figures.Tried("decode", kParentPrefill));
  EXPECT_EQ(figures.Of(1).size(), 2u);
  EXPECT_TRUE(figures.Of(3).empty());
}

TEST(ShapeFigures, FiguresWithoutASpeedupAreLeftOut) {
  ShapeFigures figures;
  figures.Add(1, {Figure("decode", 1, 64, 64, kParentDecode, 0)});
  EXPECT_TRUE(figures.Of(1).empty());
  EXPECT_EQ(figures.Best("decode"), nullptr);
}

TEST(ShapeRules, TheClassConditionHoldsForItsShape) {
  const std::vector<std::vector<int64_t>> shapes = {{1, 4096, 4096}, {8, 4128, 256},    {16, 1536, 64},
                                                    {144, 64, 342},  {512, 4096, 4096}, {2048, 192, 576},
                                                    {3, 5, 7}};
  Rng rng(7);
  for (const auto& s : shapes) {
    for (int draw = 0; draw < 50; ++draw) {
      const std::string condition = ShapeClassCondition(s[0], s[1], s[2], rng);
      EXPECT_TRUE(Holds(condition, s[0], s[1], s[2]))
          << condition << " for " << s[0] << "x" << s[1] << "x" << s[2];
      EXPECT_NE(condition.find("M <= "), std::string::npos) << condition;
    }
  }
  Rng again(7);
  EXPECT_FALSE(Holds(ShapeClassCondition(1, 64, 64, again), 512, 64, 64))
      << "decode's class excludes prefill";
}

TEST(ShapeRules, CarriesOverTheFastestTilesForAShapeTheParentIsSlowerOn) {
  const std::string code = InitialProgram();
  const ShapeFigures figures = TwoPrograms();
  for (uint64_t seed = 0; seed < 20; ++seed) {
    Rng rng(seed);
    const std::optional<ShapeRuleChange> change =
        PlanShapeRules(code, 1, figures, TileMenu(), {12, "return tiles;", 3}, rng);
    ASSERT_TRUE(change.has_value());
    // Only the decode shape has a faster figure elsewhere; program 2's prefill tiles were slower.
    EXPECT_NE(change->code.find(ShapeRuleText("", kFastDecode, "decode").substr(5)), std::string::npos)
        << change->code;
    EXPECT_EQ(change->summary.find("; "), std::string::npos) << "one shape to carry over, one rule";
    EXPECT_NE(change->summary.find("program 2's tiles there (1.400x against the parent's 1.050x)"),
              std::string::npos)
        << change->summary;
    const size_t rule = change->code.find(kShapeRuleMarker);
    ASSERT_NE(rule, std::string::npos);
    EXPECT_LT(rule, change->code.find("return tiles;")) << "the rule goes before the return";
    std::string where;
    EXPECT_TRUE(ChangedOnlyInsideBlocks(code, change->code, &where)) << where;
  }
}

TEST(ShapeRules, OneChangeCarriesOverSeveralShapesEachOnce) {
  const std::string code = InitialProgram();
  ShapeFigures figures;
  figures.Add(1,
              {Figure("a", 1, 4096, 4096, kParentDecode, 1.0), Figure("b", 8, 4096, 4096, kParentDecode, 1.0),
               Figure("c", 512, 4096, 4096, kParentPrefill, 1.0)});
  figures.Add(2, {Figure("a", 1, 4096, 4096, kFastDecode, 1.5), Figure("b", 8, 4096, 4096, kFastDecode, 1.2),
                  Figure("c", 512, 4096, 4096, kParentDecode, 1.1)});
  int most = 0;
  for (uint64_t seed = 0; seed < 30; ++seed) {
    Rng rng(seed);
    const std::optional<ShapeRuleChange> change =
        PlanShapeRules(code, 1, figures, TileMenu(), {12, "return tiles;", 3}, rng);
    ASSERT_TRUE(change.has_value());
    int rules = 0;
    for (const char* shape : {"a", "b", "c"}) {
      const std::string marker = std::string(kShapeRuleMarker) + shape + "\n";
      const size_t at = change->code.find(marker);
      if (at == std::string::npos) continue;
      ++rules;
      EXPECT_EQ(change->code.find(marker, at + 1), std::string::npos) << "two rules for " << shape;
    }
    EXPECT_GE(rules, 1);
    most = std::max(most, rules);
  }
  EXPECT_EQ(most, 3) << "some change carried over all three shapes";
}

TEST(ShapeRules, ExplorationTakesAMenuEntryNotYetTimedOnThatShape) {
  const std::string code = InitialProgram();
  ShapeFigures figures;
  figures.Add(1, {Figure("decode", 1, 4096, 4096, kParentDecode, 1.0)});
  figures.Add(2, {Figure("decode", 1, 4096, 4096, kParentPrefill, 0.9)});
  const TileMenu menu = [](int64_t, int64_t, int64_t, const tv_tile_config&) {
    return std::vector<tv_tile_config>{kParentDecode, kParentPrefill, kFastDecode};
  };
  for (uint64_t seed = 0; seed < 20; ++seed) {
    Rng rng(seed);
    const std::optional<ShapeRuleChange> change =
        PlanShapeRules(code, 1, figures, menu, {12, "return tiles;", 3}, rng);
    ASSERT_TRUE(change.has_value());
    EXPECT_NE(change->code.find("tiles.nc = 1408; tiles.kc = 16; tiles.mr = 1; tiles.nr = 128;"),
              std::string::npos)
        << "the only untried entry: " << change->code;
    EXPECT_NE(change->summary.find("untried configuration"), std::string::npos) << change->summary;
  }
}

// The last matching rule wins: rules stay ordered broadest (fewest bounds) first.
TEST(ShapeRules, NarrowerRulesComeAfterBroaderOnes) {
  std::string code = InitialProgram();
  const ShapeFigures figures = TwoPrograms();
  const TileMenu menu = [](int64_t, int64_t, int64_t, const tv_tile_config& around) {
    std::vector<tv_tile_config> entries;
    for (int kc = 16; kc <= 1024; kc *= 2) {
      tv_tile_config t = around;
      t.kc = kc;
      entries.push_back(t);
    }
    return entries;
  };
  Rng rng(11);
  for (int i = 0; i < 10; ++i) {
    const std::optional<ShapeRuleChange> change =
        PlanShapeRules(code, 1, figures, menu, {12, "return tiles;", 1}, rng);
    ASSERT_TRUE(change.has_value());
    code = change->code;
  }
  std::vector<int> bounds;
  std::istringstream lines(code);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(kShapeRuleMarker) == std::string::npos) continue;
    const std::string condition = line.substr(0, line.find(") {"));
    int n = 1;
    for (size_t at = condition.find("&&"); at != std::string::npos; at = condition.find("&&", at + 2)) ++n;
    bounds.push_back(n);
  }
  EXPECT_GE(bounds.size(), 5u);
  EXPECT_TRUE(std::is_sorted(bounds.begin(), bounds.end())) << code;
}

TEST(ShapeRules, RemovesARuleWhenTheProgramHoldsTheMostItMay) {
  const std::string code = InitialProgram();
  const ShapeFigures figures = TwoPrograms();
  Rng rng(3);
  const std::optional<ShapeRuleChange> insert =
      PlanShapeRules(code, 1, figures, TileMenu(), {1, "return tiles;", 3}, rng);
  ASSERT_TRUE(insert.has_value());
  const std::optional<ShapeRuleChange> remove =
      PlanShapeRules(insert->code, 1, figures, TileMenu(), {1, "return tiles;", 3}, rng);
  ASSERT_TRUE(remove.has_value());
  EXPECT_EQ(remove->code, code);
  EXPECT_NE(remove->summary.find("removed line"), std::string::npos) << remove->summary;
}

TEST(ShapeRules, NothingWithoutFiguresOfTheParentOrSomethingToCarryOrExplore) {
  const std::string code = InitialProgram();
  Rng rng(1);
  EXPECT_FALSE(PlanShapeRules(code, 9, TwoPrograms(), TileMenu(), {12, "return tiles;", 3}, rng));
  ShapeFigures alone;
  alone.Add(1, {Figure("decode", 1, 4096, 4096, kParentDecode, 1.0)});
  EXPECT_FALSE(PlanShapeRules(code, 1, alone, TileMenu(), {12, "return tiles;", 3}, rng))
      << "nothing faster known and no menu";
  EXPECT_FALSE(PlanShapeRules(code, 1, TwoPrograms(), TileMenu(), {12, "no such line", 3}, rng));
  EXPECT_FALSE(PlanShapeRules("// EVOLVE-BLOCK-START\nint x;\n", 1, TwoPrograms(), TileMenu(),
                              {12, "return tiles;", 3}, rng))
      << "malformed markers";
}

TEST(ShapeRules, TheOfflineMutatorMakesThemOnlyWhenTheRequestCarriesFigures) {
  MutatorConfig config;
  config.kind = "offline";
  config.shape_rule_rate = 1.0;
  config.insert_before = "return tiles;";
  OfflineMutator mutator(config);
  ProgramRecord parent;
  parent.id = 1;
  parent.code = InitialProgram();
  const ShapeFigures figures = TwoPrograms();
  MutationRequest request;
  request.parent = &parent;
  Rng rng(5);
  Result<MutationResult> without = mutator.Propose(request, rng);
  ASSERT_TRUE(without.ok());
  EXPECT_NE(without->kind, "offline:shape_rule");
  request.shape_figures = &figures;
  Result<MutationResult> with = mutator.Propose(request, rng);
  ASSERT_TRUE(with.ok());
  EXPECT_EQ(with->kind, "offline:shape_rule") << with->summary;
  EXPECT_NE(with->code.find(kShapeRuleMarker), std::string::npos);
}

// Compiled with a small driver: inside the class the rule's tiles come back,
// outside it the parent's answer is unchanged.
TEST(ShapeRules, AChildWithARuleCompilesAndAnswersTheRulesTiles) {
  if (std::system("c++ --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no c++ compiler in PATH";
  const std::string code = InitialProgram();
  const std::string rule = "  " + ShapeRuleText("M <= 1 && N > 2048", kFastDecode, "decode") + "\n";
  const size_t at = code.rfind("  return tiles;");
  ASSERT_NE(at, std::string::npos);
  const std::string child = code.substr(0, at) + rule + code.substr(at);
  const fs::path dir = fs::path(::testing::TempDir()) / ("tv_shape_rule_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "child.cpp") << child;
  std::ofstream(dir / "driver.cpp") << R"(#include <cstdio>
#include "tilevolve/heuristic.h"
extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device);
int main() {
  tv_device_info device{};
  const int shapes[3][3] = {{1, 4096, 4096}, {1, 1024, 4096}, {512, 4096, 4096}};
  for (const auto& s : shapes) {
    const tv_tile_config t = choose_tile_size(s[0], s[1], s[2], &device);
    std::printf("%d %d %d %d %d %d %d %d %d\n", t.mc, t.nc, t.kc, t.mr, t.nr, t.parallel, t.pack_a, t.pack_b, t.path);
  }
})";
  const std::string command = "cd '" + dir.string() + "' && c++ -std=c++20 -I '" + TV_SOURCE_DIR +
                              "/include' child.cpp driver.cpp -o driver > build.log 2>&1 && ./driver";
  int status = 0;
  const std::string out = ShellOutput(command, &status);
  ASSERT_EQ(status, 0) << "see " << dir / "build.log";
  std::istringstream lines(out);
  std::string inside, outside_n, outside_m;
  std::getline(lines, inside);
  std::getline(lines, outside_n);
  std::getline(lines, outside_m);
  EXPECT_EQ(inside, "1 1408 16 1 128 3 2 2 2");
  EXPECT_EQ(outside_n, "1 128 128 0 0 0 0 0 0") << "N <= 2048: Generation 0's answer";
  EXPECT_EQ(outside_m, "128 128 128 0 0 0 0 0 0") << "M > 1: Generation 0's answer";
  fs::remove_all(dir);
}

}  // namespace
}  // namespace tv::evolve
