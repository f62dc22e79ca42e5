#include "evolve/mutation/statement_edits.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace tv::evolve {
namespace {

const char kBlockProgram[] =
    "int f(int M) {\n"
    "// EVOLVE-BLOCK-START\n"
    "  int t = 64;\n"
    "  return t;\n"
    "// EVOLVE-BLOCK-END\n"
    "}\n";

std::string Apply(const std::string& code, const StatementEdit& edit) {
  return code.substr(0, edit.begin) + edit.after + code.substr(edit.end);
}

std::vector<TextRange> Blocks(const std::string& code) {
  Result<std::vector<TextRange>> blocks = FindEvolveBlocks(code);
  EXPECT_TRUE(blocks.ok());
  return blocks.ok() ? *blocks : std::vector<TextRange>{};
}

TEST(NumberSkeletonTest, ReplacesNumbersNotIdentifiers) {
  EXPECT_EQ(NumberSkeleton("  if (M <= 16) tiles.kc = 64;  "), "if (M <= #) tiles.kc = #;");
  EXPECT_EQ(NumberSkeleton("x2 = 1.5e3f + y_10 + 0x1F;"), "x2 = # + y_10 + #;");
}

TEST(PlanStatementEditTest, InsertsBeforeTheAnchorWithItsIndentThenRemovesItsTunedForm) {
  const std::string code = kBlockProgram;
  Rng rng(1);
  const std::vector<std::string> statements = {"if (M <= 16) t = 32;"};
  std::optional<StatementEdit> insert = PlanStatementEdit(code, Blocks(code), statements, "return", rng);
  ASSERT_TRUE(insert.has_value());
  const std::string child = Apply(code, *insert);
  EXPECT_NE(child.find("  int t = 64;\n  if (M <= 16) t = 32;\n  return t;\n"), std::string::npos) << child;
  EXPECT_EQ(insert->summary, "inserted at line 4: if (M <= 16) t = 32;");

  // Tuned by literal steps, it is still the same statement: the only edit left is its removal.
  std::string tuned = child;
  tuned.replace(tuned.find("16"), 2, "24");
  std::optional<StatementEdit> remove = PlanStatementEdit(tuned, Blocks(tuned), statements, "return", rng);
  ASSERT_TRUE(remove.has_value());
  EXPECT_EQ(Apply(tuned, *remove), code);
  EXPECT_EQ(remove->summary, "removed line 4: if (M <= 24) t = 32;");
}

TEST(PlanStatementEditTest, NothingWithoutAnchorOrStatements) {
  const std::string code = kBlockProgram;
  Rng rng(1);
  EXPECT_FALSE(PlanStatementEdit(code, Blocks(code), {}, "return", rng).has_value());
  EXPECT_FALSE(PlanStatementEdit(code, Blocks(code), {"t = 1;"}, "no such line", rng).has_value());
}

TEST(PlanStatementEditTest, NeverTouchesLinesOutsideTheBlocks) {
  // The same statement outside the block is neither removable nor an anchor.
  const std::string code =
      "int g(int M) { if (M <= 16) return 1; return 0; }\n"
      "// EVOLVE-BLOCK-START\n"
      "int h() { return 2; }\n"
      "// EVOLVE-BLOCK-END\n";
  Rng rng(3);
  for (int i = 0; i < 20; ++i) {
    std::optional<StatementEdit> edit =
        PlanStatementEdit(code, Blocks(code), {"if (M <= 16) return 1; return 0; }"}, "int h", rng);
    ASSERT_TRUE(edit.has_value());
    EXPECT_GT(edit->begin, code.find("// EVOLVE-BLOCK-START")) << edit->summary;
    EXPECT_EQ(edit->begin, edit->end) << "an insertion, not a removal of the line outside the block";
  }
}

}  // namespace
}  // namespace tv::evolve
