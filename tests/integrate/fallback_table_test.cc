#include "integrate/fallback_table.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace tv::integrate {
namespace {

nlohmann::json Eval(const std::string& outcome) {
  return {{"outcome", outcome},
          {"program", {{"path", "best_program.cpp"}, {"hash", "abc123"}}},
          {"shapes",
           {{{"name", "decode"}, {"m", 1}, {"n", 576}, {"k", 576}, {"speedup", 0.93}},
            {{"name", "prefill"}, {"m", 256}, {"n", 576}, {"k", 576}, {"speedup", 1.12}},
            {{"name", "same"}, {"m", 64}, {"n", 576}, {"k", 1536}, {"speedup", 1.0}}}}};
}

TEST(FallbackTable, KeepsOnlyShapesWhereTheEvolvedTilesLost) {
  Result<FallbackTable> table = FallbackTableFromEvalJson(Eval("ok"), "eval.json");
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->program_hash(), "abc123");
  ASSERT_EQ(table->shapes().size(), 1u);
  EXPECT_TRUE(table->Contains(1, 576, 576));
  EXPECT_FALSE(table->Contains(256, 576, 576));
}

TEST(FallbackTable, RefusesAFailedEvaluationOrSomethingElse) {
  EXPECT_FALSE(FallbackTableFromEvalJson(Eval("compile_failed"), "eval.json").ok());
  EXPECT_FALSE(FallbackTableFromEvalJson(nlohmann::json::array(), "eval.json").ok());
  nlohmann::json bad = Eval("ok");
  bad["shapes"][0].erase("m");
  Result<FallbackTable> table = FallbackTableFromEvalJson(bad, "eval.json");
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("'m'"), std::string::npos) << table.status().message();
}

TEST(FallbackTable, ExportWritesAFileThatReadsBack) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tv_fb_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "eval.json") << Eval("ok").dump();
  ASSERT_TRUE(ExportFallbackTable((dir / "eval.json").string(), (dir / "t.fallback.json").string()).ok());
  Result<FallbackTable> table = ReadFallbackTable((dir / "t.fallback.json").string());
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_TRUE(table->Contains(1, 576, 576));
  std::ofstream(dir / "broken.json") << "{ not json";
  Result<FallbackTable> broken = ReadFallbackTable((dir / "broken.json").string());
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.status().message().find("broken.json"), std::string::npos);
  EXPECT_EQ(ReadFallbackTable((dir / "missing.json").string()).status().code(), StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tv::integrate
