#include "evolve/llm/prompt_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "evolve/llm/templates.h"
#include "test_programs.h"

namespace tv::evolve {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The user message for `request` (asserting the prompt builds).
std::string UserPrompt(const MutationRequest& request, const EvolveConfig& config, bool full_rewrite,
                       uint64_t seed = 1) {
  Rng rng(seed);
  Result<std::vector<ChatMessage>> messages = BuildPrompt(request, config, full_rewrite, rng);
  EXPECT_TRUE(messages.ok()) << messages.status().message();
  if (!messages.ok()) return "";
  EXPECT_EQ(messages->size(), 2u);
  EXPECT_EQ((*messages)[0].role, "system");
  EXPECT_EQ((*messages)[1].role, "user");
  return (*messages)[1].content;
}

class PromptBuilderTest : public ::testing::Test {
 protected:
  ProgramRecord parent_ = llm_test::MakeParent();
  MutationRequest request_{.parent = &parent_};
  EvolveConfig config_;
};

TEST_F(PromptBuilderTest, ShowsTheParentsWholeCodeAndScore) {
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr(llm_test::kParentCode.substr(0, llm_test::kParentCode.size() - 1)));
  EXPECT_THAT(user, HasSubstr("combined_score: 1.25"));
  EXPECT_THAT(user, HasSubstr("oracle_fraction: 0.875"));
}

TEST_F(PromptBuilderTest, ShowsTrainShapeSpeedupsAndRequestedAndLegalizedTiles) {
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr("| train_square | 512 | 512 | 512 | 1.25x |"));
  EXPECT_THAT(user, HasSubstr("asked mc=64 nc=256 kc=128; ran mc=70 nc=256 kc=128 mr=14 nr=32 threads=2 "
                              "parallel=n pack_a=on pack_b=on path=blocked"));
}

TEST_F(PromptBuilderTest, NeverShowsHeldOutShapesOrFigures) {
  for (bool full_rewrite : {false, true}) {
    const std::string user = UserPrompt(request_, config_, full_rewrite);
    EXPECT_THAT(Lower(user), Not(HasSubstr("heldout")));
    EXPECT_THAT(Lower(user), Not(HasSubstr("held-out")));
    EXPECT_THAT(Lower(user), Not(HasSubstr("held out")));
    EXPECT_THAT(user, Not(HasSubstr("secret_decode")));
    EXPECT_THAT(user, Not(HasSubstr("3.71")));
    EXPECT_THAT(user, Not(HasSubstr("7919")));
    EXPECT_THAT(user, Not(HasSubstr("9311")));
  }
}

TEST_F(PromptBuilderTest, LeavesOutTimingAndEmptyMessages) {
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, Not(HasSubstr("compile_s")));
  EXPECT_THAT(user, Not(HasSubstr("- message:")));
}

TEST_F(PromptBuilderTest, ShowsArtifactsCappedAndOnlyWhenAsked) {
  nlohmann::json metrics = nlohmann::json::parse(parent_.metrics_json);
  metrics["outcome"] = "compile_failed";
  metrics["artifacts"]["compiler_output"] = "error: expected ';'\n" + std::string(50000, 'e') + "TAIL";
  parent_.metrics_json = metrics.dump();
  config_.prompt.max_artifact_bytes = 1000;
  std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr("### compiler_output"));
  EXPECT_THAT(user, HasSubstr("error: expected ';'"));
  EXPECT_THAT(user, Not(HasSubstr("TAIL")));
  EXPECT_THAT(user, HasSubstr("more bytes not shown"));
  EXPECT_THAT(user, Not(HasSubstr("### program_stderr")));  // empty artifacts are left out
  EXPECT_THAT(user, HasSubstr("outcome: compile_failed"));

  config_.prompt.include_artifacts = false;
  user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, Not(HasSubstr("### compiler_output")));
}

TEST_F(PromptBuilderTest, ShowsFeedbackTopProgramsAndInspirationsWithScores) {
  ProgramRecord top =
      llm_test::MakeProgram(5, "// EVOLVE-BLOCK-START\nint top_program_body;\n// EVOLVE-BLOCK-END\n", 1.5);
  ProgramRecord inspiration = llm_test::MakeProgram(9, "int whole_inspiration_program;\n", 0.75);
  request_.top_programs = {&top, &parent_};  // the parent is not repeated
  request_.inspirations = {&inspiration, &top};
  request_.feedback = "block 1: SEARCH text not found";
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr("block 1: SEARCH text not found"));
  EXPECT_THAT(user, HasSubstr("### Program 5 (score 1.5, generation 1)"));
  EXPECT_THAT(user, HasSubstr("int top_program_body;"));
  EXPECT_THAT(user, HasSubstr("### Program 9 (score 0.75"));
  EXPECT_THAT(user, HasSubstr("int whole_inspiration_program;"));
  EXPECT_THAT(user, HasSubstr("offline:literals: line 7: 64 -> 96"));
  EXPECT_THAT(user, Not(HasSubstr("### Program 1 ")));
  // Each program appears once even when both lists hold it.
  EXPECT_EQ(user.find("### Program 5"), user.rfind("### Program 5"));
}

TEST_F(PromptBuilderTest, CapsTheCodeOfOtherPrograms) {
  ProgramRecord big = llm_test::MakeProgram(3, std::string(20000, 'z') + "END_OF_BIG", 1.1);
  request_.top_programs = {&big};
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr(std::string(3000, 'z')));
  EXPECT_THAT(user, Not(HasSubstr(std::string(4100, 'z'))));
  EXPECT_THAT(user, Not(HasSubstr("END_OF_BIG")));
}

TEST_F(PromptBuilderTest, ShowsASecondParentForCrossover) {
  ProgramRecord other = llm_test::MakeProgram(4, "int second_parent_marker;\n", 1.2);
  request_.second_parent = &other;
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr("second parent"));
  EXPECT_THAT(user, HasSubstr("int second_parent_marker;"));
}

TEST_F(PromptBuilderTest, DiffTaskExplainsTheSearchReplaceFormatAndTheBlocks) {
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr("<<<<<<< SEARCH\n"));
  EXPECT_THAT(user, HasSubstr("\n=======\n"));
  EXPECT_THAT(user, HasSubstr("\n>>>>>>> REPLACE"));
  EXPECT_THAT(user, HasSubstr("EVOLVE-BLOCK-START"));
  EXPECT_THAT(user, HasSubstr("a change there is rejected"));
}

TEST_F(PromptBuilderTest, RewriteTaskAsksForTheWholeProgramInOneCodeBlock) {
  const std::string user = UserPrompt(request_, config_, true);
  EXPECT_THAT(user, HasSubstr("complete new program in one fenced code block"));
  EXPECT_THAT(user, Not(HasSubstr("<<<<<<< SEARCH")));
}

TEST_F(PromptBuilderTest, ProgramsWithoutMarkersMayChangeWhole) {
  parent_.code = "int main() { return 0; }\n";
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr("The whole program may change."));
}

// The description of the heuristic's inputs and outputs names every field of
// the public structs (a field added to the ABI must be described too).
TEST_F(PromptBuilderTest, DescribesEveryDeviceInfoAndTileConfigField) {
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, HasSubstr("const tv_device_info* device"));
  int fields = 0;
  for (const char* header : {"/include/tilevolve/device_info.h", "/include/tilevolve/tile_config.h"}) {
    std::istringstream text(ReadFile(std::string(TV_SOURCE_DIR) + header));
    std::string line;
    while (std::getline(text, line)) {
      // Field lines: "  int32_t name;  /* ... */" or "  char name[16];"
      std::istringstream words(line);
      std::string type, name;
      if (line.empty() || line[0] != ' ' || !(words >> type >> name)) continue;
      if (type != "int32_t" && type != "int64_t" && type != "char") continue;
      name = name.substr(0, name.find_first_of("[;"));
      ++fields;
      EXPECT_THAT(user, HasSubstr(name)) << "field of " << header;
    }
  }
  EXPECT_GT(fields, 20);
}

TEST_F(PromptBuilderTest, OtherProgramsGetNoHeuristicDescription) {
  parent_.code = "// EVOLVE-BLOCK-START\nint score() { return 1; }\n// EVOLVE-BLOCK-END\n";
  const std::string user = UserPrompt(request_, config_, false);
  EXPECT_THAT(user, Not(HasSubstr("tv_device_info")));
}

TEST_F(PromptBuilderTest, StochasticityVariesThePhrasingWithTheRng) {
  std::set<std::string> variants;
  for (uint64_t seed = 1; seed <= 20; ++seed) variants.insert(UserPrompt(request_, config_, false, seed));
  EXPECT_GT(variants.size(), 1u);
  EXPECT_EQ(UserPrompt(request_, config_, false, 3), UserPrompt(request_, config_, false, 3));

  config_.prompt.use_template_stochasticity = false;
  variants.clear();
  for (uint64_t seed = 1; seed <= 20; ++seed) variants.insert(UserPrompt(request_, config_, false, seed));
  EXPECT_EQ(variants.size(), 1u);
}

TEST_F(PromptBuilderTest, ConfiguredSystemMessageReplacesTheBuiltInOne) {
  config_.prompt.system_message = "You evolve sorting networks.";
  Rng rng(1);
  Result<std::vector<ChatMessage>> messages = BuildPrompt(request_, config_, false, rng);
  ASSERT_TRUE(messages.ok());
  EXPECT_EQ((*messages)[0].content, "You evolve sorting networks.");
}

class TemplateDirTest : public PromptBuilderTest {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tv_llm_templates_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    config_.prompt.template_dir = dir_.string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name) << text; }
  std::filesystem::path dir_;
};

TEST_F(TemplateDirTest, FilesOverrideTheBuiltInTemplatesByName) {
  Write("diff_user.txt", "CUSTOM DIFF {task_intro}\n{parent_code}\nscore {metrics}");
  Write("system_message.txt", "CUSTOM SYSTEM");
  Rng rng(1);
  Result<std::vector<ChatMessage>> messages = BuildPrompt(request_, config_, false, rng);
  ASSERT_TRUE(messages.ok()) << messages.status().message();
  EXPECT_EQ((*messages)[0].content, "CUSTOM SYSTEM");
  EXPECT_THAT((*messages)[1].content, HasSubstr("CUSTOM DIFF "));
  EXPECT_THAT((*messages)[1].content, HasSubstr("tiles.kc = 128;"));
  EXPECT_THAT((*messages)[1].content, HasSubstr("combined_score: 1.25"));
  EXPECT_THAT((*messages)[1].content, Not(HasSubstr("{task_intro}")));
  // rewrite_user.txt is not in the folder: the built-in one serves.
  messages = BuildPrompt(request_, config_, true, rng);
  ASSERT_TRUE(messages.ok()) << messages.status().message();
  EXPECT_THAT((*messages)[1].content, HasSubstr("complete new program"));
}

TEST_F(TemplateDirTest, TemplateWithoutParentCodeIsRejected) {
  Write("diff_user.txt", "improve it");
  Rng rng(1);
  Result<std::vector<ChatMessage>> messages = BuildPrompt(request_, config_, false, rng);
  ASSERT_FALSE(messages.ok());
  EXPECT_EQ(messages.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(messages.status().message(), HasSubstr("{parent_code}"));
}

TEST_F(TemplateDirTest, MissingDirectoryIsNotFound) {
  config_.prompt.template_dir = (dir_ / "does_not_exist").string();
  Rng rng(1);
  Result<std::vector<ChatMessage>> messages = BuildPrompt(request_, config_, false, rng);
  ASSERT_FALSE(messages.ok());
  EXPECT_EQ(messages.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(messages.status().message(), HasSubstr("does_not_exist"));
}

TEST(FillTemplate, ReplacesKnownPlaceholdersOnceAndKeepsOtherBraces) {
  EXPECT_EQ(FillTemplate("a {x} b {unknown} c {", {{"x", "{x} { }"}}), "a {x} { } b {unknown} c {");
}

}  // namespace
}  // namespace tv::evolve
