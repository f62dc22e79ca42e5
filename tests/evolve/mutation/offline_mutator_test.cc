// The offline mutator on examples/gemm_tiling/initial_program.cpp and small
// programs: deterministic per seed, changes only EVOLVE-BLOCK content, its
// children compile, crossover takes the other parent's values, and programs
// with nothing to change say so.
#include "evolve/mutation/offline_mutator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "evolve/config/evolve_config.h"
#include "evolve/mutation/evolve_blocks.h"
#include "evolve/mutation/literal_scanner.h"
#include "mutation_test_support.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

ProgramRecord Record(int64_t id, std::string code) {
  ProgramRecord record;
  record.id = id;
  record.code = std::move(code);
  return record;
}

MutationResult Mutate(const MutatorConfig& config, const ProgramRecord& parent, uint64_t seed,
                      const ProgramRecord* second_parent = nullptr) {
  OfflineMutator mutator(config);
  MutationRequest request;
  request.parent = &parent;
  request.second_parent = second_parent;
  Rng rng(seed);
  Result<MutationResult> result = mutator.Propose(request, rng);
  EXPECT_TRUE(result.ok());
  return result.ok() ? *result : MutationResult{};
}

// The changeable tokens' spellings of `code`'s blocks, in order.
std::vector<std::string> ChangeableTexts(const std::string& code) {
  const Result<std::vector<TextRange>> blocks = FindEvolveBlocks(code);
  EXPECT_TRUE(blocks.ok());
  std::vector<std::string> texts;
  for (const CodeToken& token : ScanCode(code)) {
    if (!token.changeable) continue;
    for (const TextRange& block : *blocks) {
      if (token.begin >= block.begin && token.end <= block.end)
        texts.push_back(code.substr(token.begin, token.end - token.begin));
    }
  }
  return texts;
}

// The "; "-separated parts of a summary (std::regex is avoided: GCC 12 warns in it under ASan).
std::vector<std::string> Parts(const std::string& summary) {
  std::vector<std::string> parts;
  size_t from = 0;
  while (true) {
    const size_t at = summary.find("; ", from);
    parts.push_back(summary.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) return parts;
    from = at + 2;
  }
}

// Whether `part` is "line L: A -> B" with L a number and A, B without spaces.
bool IsChange(const std::string& part) {
  if (!part.starts_with("line ")) return false;
  const size_t colon = part.find(": ");
  const size_t arrow = part.find(" -> ");
  if (colon == std::string::npos || arrow == std::string::npos || arrow < colon) return false;
  const std::string number = part.substr(5, colon - 5);
  const std::string before = part.substr(colon + 2, arrow - colon - 2);
  const std::string after = part.substr(arrow + 4);
  return !number.empty() && number.find_first_not_of("0123456789") == std::string::npos && !before.empty() &&
         !after.empty() && before.find(' ') == std::string::npos && after.find(' ') == std::string::npos;
}

// The number of changes a summary lists after its optional "...: " note; -1 when a part is malformed.
int CountChanges(const std::string& summary) {
  const size_t first = summary.find("line ");
  if (first == std::string::npos) return -1;
  int count = 0;
  for (const std::string& part : Parts(summary.substr(first))) {
    if (!IsChange(part)) return -1;
    ++count;
  }
  return count;
}

TEST(OfflineMutator, TheSameSeedGivesTheSameChild) {
  const ProgramRecord parent = Record(1, InitialProgram());
  MutatorConfig config;
  for (uint64_t seed : {1u, 2u, 3u, 42u}) {
    const MutationResult a = Mutate(config, parent, seed);
    const MutationResult b = Mutate(config, parent, seed);
    ASSERT_TRUE(a.ok) << a.summary;
    EXPECT_EQ(a.code, b.code);
    EXPECT_EQ(a.summary, b.summary);
    EXPECT_EQ(a.kind, b.kind);
  }
  std::vector<std::string> children;
  for (uint64_t seed = 1; seed <= 10; ++seed) children.push_back(Mutate(config, parent, seed).code);
  std::sort(children.begin(), children.end());
  EXPECT_GE(std::unique(children.begin(), children.end()) - children.begin(), 5);
}

TEST(OfflineMutator, ChildrenDifferOnlyInsideTheBlocksAndTheSummarySaysWhat) {
  const ProgramRecord parent = Record(1, InitialProgram());
  MutatorConfig config;
  config.max_literal_changes = 3;
  config.operator_flip_rate = 0.3;
  int operator_children = 0;
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    const MutationResult child = Mutate(config, parent, seed);
    ASSERT_TRUE(child.ok) << child.summary;
    EXPECT_NE(child.code, parent.code);
    std::string where;
    EXPECT_TRUE(ChangedOnlyInsideBlocks(parent.code, child.code, &where)) << where;
    const int changes = CountChanges(child.summary);
    EXPECT_GE(changes, 1) << child.summary;
    EXPECT_LE(changes, config.max_literal_changes) << child.summary;
    EXPECT_TRUE(child.kind == "offline:literals" || child.kind == "offline:operator") << child.kind;
    if (child.kind == "offline:operator") {
      ++operator_children;
      EXPECT_EQ(changes, 1) << child.summary;
    }
  }
  EXPECT_GT(operator_children, 20);
  EXPECT_LT(operator_children, 120);
}

TEST(OfflineMutator, TheSummaryNamesTheLineAndBothValues) {
  const ProgramRecord parent = Record(1,
                                      "#include <cmath>\n"
                                      "// EVOLVE-BLOCK-START\n"
                                      "int Tile(int m) {\n"
                                      "  return m <= 100 ? 128 : 7;\n"
                                      "}\n"
                                      "// EVOLVE-BLOCK-END\n");
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    const MutationResult child = Mutate(MutatorConfig{}, parent, seed);
    ASSERT_TRUE(child.ok);
    EXPECT_GE(CountChanges(child.summary), 1) << child.summary;
    for (const std::string& part : Parts(child.summary)) EXPECT_TRUE(part.starts_with("line 4: ")) << part;
  }
  MutatorConfig flip_only;
  flip_only.operator_flip_rate = 1;
  bool saw_flip = false;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const MutationResult child = Mutate(flip_only, parent, seed);
    EXPECT_EQ(child.kind, "offline:operator");
    if (child.summary == "line 4: <= -> <") {
      saw_flip = true;
      EXPECT_NE(child.code.find("m < 100 ?"), std::string::npos);
    } else {  // the nudged threshold
      EXPECT_TRUE(child.summary.starts_with("line 4: 100 -> ") && CountChanges(child.summary) == 1)
          << child.summary;
    }
  }
  EXPECT_TRUE(saw_flip);
}

TEST(OfflineMutator, ChildrenOfTheExampleProgramCompile) {
  if (std::system("c++ --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no c++ compiler in PATH";
  const fs::path dir = fs::path(::testing::TempDir()) / ("tv_offline_children_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  // Three lines of descent, so literals are mutated again and again (floats,
  // stepped thresholds, flips), the third also inserting and removing the
  // example config's statements.
  Result<LoadedConfig> example =
      LoadEvolveConfig(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/config.yaml");
  ASSERT_TRUE(example.ok()) << example.status().message();
  ASSERT_FALSE(example->config.mutator.statements.empty());
  int written = 0;
  int statements = 0;
  for (int line_of_descent = 0; line_of_descent < 3; ++line_of_descent) {
    MutatorConfig config = line_of_descent == 2 ? example->config.mutator : MutatorConfig();
    config.operator_flip_rate = line_of_descent == 0 ? 0.15 : 0.5;
    ProgramRecord parent = Record(1, InitialProgram());
    for (int generation = 0; generation < 16; ++generation) {
      const MutationResult child = Mutate(config, parent, 1000 * line_of_descent + generation);
      ASSERT_TRUE(child.ok) << child.summary;
      statements += child.kind == "offline:statement" ? 1 : 0;
      std::ofstream(dir / ("child_" + std::to_string(written++) + ".cpp")) << child.code;
      parent = Record(parent.id + 1, child.code);
    }
  }
  int status = 0;
  const std::string failures =
      SyntaxCheckFailures(dir.string(), "child_*.cpp", "-include tilevolve/heuristic.h", &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(failures, "") << "children that do not compile (kept in " << dir << ")";
  EXPECT_GT(statements, 0) << "the third line of descent inserted no statement";
  if (failures.empty()) fs::remove_all(dir);
}

// The CUDA example's statements use the initial program's names (sms, CeilDiv,
// Min, Max): each one, inserted alone before its `return tiles;`, must compile.
TEST(OfflineMutator, EveryStatementOfTheCudaExampleCompilesInItsProgram) {
  if (std::system("c++ --version > /dev/null 2>&1") != 0) GTEST_SKIP() << "no c++ compiler in PATH";
  Result<LoadedConfig> loaded =
      LoadEvolveConfig(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling_cuda/config.yaml");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const MutatorConfig& mutator = loaded->config.mutator;
  ASSERT_FALSE(mutator.statements.empty());
  const std::string program = SourceText("examples/gemm_tiling_cuda/initial_program.cpp");
  const size_t at = program.find(mutator.insert_before);
  ASSERT_NE(at, std::string::npos) << "no '" << mutator.insert_before << "' in the CUDA initial program";
  const fs::path dir = fs::path(::testing::TempDir()) / ("tv_cuda_statements_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (size_t i = 0; i < mutator.statements.size(); ++i) {
    std::string child = program;
    child.insert(at, mutator.statements[i] + "\n  ");
    std::ofstream(dir / ("statement_" + std::to_string(i) + ".cpp")) << child;
  }
  int status = 0;
  const std::string failures = SyntaxCheckFailures(dir.string(), "statement_*.cpp", "-Wall -Werror", &status);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(failures, "") << "statements that do not compile (kept in " << dir << ")";
  if (failures.empty()) fs::remove_all(dir);
}

TEST(OfflineMutator, CrossoverTakesTheSecondParentsValues) {
  const std::string initial = InitialProgram();
  MutatorConfig mutate;
  mutate.max_literal_changes = 6;
  mutate.operator_flip_rate = 0;
  const ProgramRecord a = Record(2, Mutate(mutate, Record(1, initial), 5).code);
  const ProgramRecord b = Record(3, Mutate(mutate, Record(1, initial), 6).code);
  const std::vector<std::string> a_values = ChangeableTexts(a.code);
  const std::vector<std::string> b_values = ChangeableTexts(b.code);
  ASSERT_EQ(a_values.size(), b_values.size());
  ASSERT_NE(a_values, b_values);

  MutatorConfig config;
  config.crossover_rate = 1;
  for (uint64_t seed = 1; seed <= 20; ++seed) {
    const MutationResult child = Mutate(config, a, seed, &b);
    ASSERT_TRUE(child.ok) << child.summary;
    EXPECT_EQ(child.kind, "offline:crossover");
    EXPECT_TRUE(child.summary.starts_with("crossover with program 3: line ")) << child.summary;
    EXPECT_TRUE(ChangedOnlyInsideBlocks(a.code, child.code, nullptr));
    const std::vector<std::string> values = ChangeableTexts(child.code);
    ASSERT_EQ(values.size(), a_values.size());
    int from_b = 0;
    for (size_t i = 0; i < values.size(); ++i) {
      EXPECT_TRUE(values[i] == a_values[i] || values[i] == b_values[i]) << i << ": " << values[i];
      from_b += values[i] != a_values[i] ? 1 : 0;
    }
    EXPECT_GE(from_b, 1);
    EXPECT_EQ(from_b, CountChanges(child.summary)) << child.summary;
  }
  EXPECT_EQ(Mutate(config, a, 9, &b).code, Mutate(config, a, 9, &b).code);
}

TEST(OfflineMutator, CrossoverWithADifferentLayoutFallsBackAndSaysSo) {
  const ProgramRecord a = Record(2, "// EVOLVE-BLOCK-START\nint x = 64;\nint y = 3;\n// EVOLVE-BLOCK-END\n");
  const ProgramRecord b = Record(3, "// EVOLVE-BLOCK-START\nint x = 64;\n// EVOLVE-BLOCK-END\n");
  const ProgramRecord c = Record(4, "// EVOLVE-BLOCK-START\nint x = 64;\nint y = 3;\n// EVOLVE-BLOCK-END\n");
  MutatorConfig config;
  config.crossover_rate = 1;
  MutationResult child = Mutate(config, a, 1, &b);
  ASSERT_TRUE(child.ok) << child.summary;
  EXPECT_EQ(child.kind, "offline:literals");
  EXPECT_TRUE(child.summary.starts_with(
      "no crossover with program 3 (its EVOLVE-BLOCK code has 1 changeable literals "
      "and operators, the parent 2), mutated instead: line "))
      << child.summary;
  child = Mutate(config, a, 1, &c);
  ASSERT_TRUE(child.ok) << child.summary;
  EXPECT_TRUE(
      child.summary.starts_with("no crossover with program 4 (its literals and operators are the parent's)"))
      << child.summary;
}

TEST(OfflineMutator, NothingToChangeIsAClearFailure) {
  const ProgramRecord parent = Record(1,
                                      "#define TILE 64\n"
                                      "// EVOLVE-BLOCK-START\n"
                                      "int Tile(int m) { return m<TILE ? 0x40 : TILE; }  // 128\n"
                                      "// EVOLVE-BLOCK-END\n"
                                      "int Other() { return 7; }\n");
  const MutationResult child = Mutate(MutatorConfig{}, parent, 1);
  EXPECT_FALSE(child.ok);
  EXPECT_TRUE(child.code.empty());
  EXPECT_TRUE(child.summary.starts_with("nothing to mutate: no numeric literal or comparison operator"))
      << child.summary;
}

TEST(OfflineMutator, OnlyOperatorsStillMakeAChild) {
  const ProgramRecord parent =
      Record(1, "// EVOLVE-BLOCK-START\nbool Less(int a, int b) { return a < b; }\n// EVOLVE-BLOCK-END\n");
  const MutationResult child = Mutate(MutatorConfig{}, parent, 1);
  ASSERT_TRUE(child.ok) << child.summary;
  EXPECT_EQ(child.kind, "offline:operator");
  EXPECT_EQ(child.summary, "line 2: < -> <=");
}

TEST(OfflineMutator, MalformedMarkersAreAClearFailure) {
  const ProgramRecord parent = Record(1, "int a = 4;\n// EVOLVE-BLOCK-END\n");
  const MutationResult child = Mutate(MutatorConfig{}, parent, 1);
  EXPECT_FALSE(child.ok);
  EXPECT_NE(child.summary.find("line 2: EVOLVE-BLOCK-END without"), std::string::npos) << child.summary;
}

TEST(OfflineMutator, LiteralsOutsideTheBlocksNeverChange) {
  const ProgramRecord parent = Record(1,
                                      "int a = 4;\n"
                                      "// EVOLVE-BLOCK-START\n"
                                      "int b = 8;\n"
                                      "// EVOLVE-BLOCK-END\n"
                                      "int c = 16;\n");
  for (uint64_t seed = 1; seed <= 30; ++seed) {
    const MutationResult child = Mutate(MutatorConfig{}, parent, seed);
    ASSERT_TRUE(child.ok);
    EXPECT_TRUE(child.code.starts_with("int a = 4;\n// EVOLVE-BLOCK-START\nint b = "));
    EXPECT_TRUE(child.code.ends_with(";\n// EVOLVE-BLOCK-END\nint c = 16;\n"));
    const std::set<std::string> steps = {"line 3: 8 -> 4", "line 3: 8 -> 6", "line 3: 8 -> 10",
                                         "line 3: 8 -> 12", "line 3: 8 -> 16"};
    EXPECT_EQ(steps.count(child.summary), 1u) << child.summary;
  }
}

}  // namespace
}  // namespace tv::evolve
