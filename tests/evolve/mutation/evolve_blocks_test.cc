// FindEvolveBlocks and ChangedOnlyInsideBlocks on small programs.
#include "evolve/mutation/evolve_blocks.h"

#include <gtest/gtest.h>

#include <string>

namespace tv::evolve {
namespace {

std::string Text(const std::string& program, const TextRange& range) {
  return program.substr(range.begin, range.end - range.begin);
}

TEST(FindEvolveBlocks, NoMarkersMeansTheWholeProgram) {
  const std::string program = "int a = 1;\nint b = 2;\n";
  const Result<std::vector<TextRange>> blocks = FindEvolveBlocks(program);
  ASSERT_TRUE(blocks.ok());
  ASSERT_EQ(blocks->size(), 1u);
  EXPECT_EQ(Text(program, (*blocks)[0]), program);
}

TEST(FindEvolveBlocks, TheTextStrictlyBetweenTheMarkerLines) {
  const std::string program =
      "#include <cmath>\n"
      "// EVOLVE-BLOCK-START\n"
      "int a = 1;\n"
      "int b = 2;\n"
      "// EVOLVE-BLOCK-END\n"
      "int c = 3;\n";
  const Result<std::vector<TextRange>> blocks = FindEvolveBlocks(program);
  ASSERT_TRUE(blocks.ok()) << blocks.status().message();
  ASSERT_EQ(blocks->size(), 1u);
  EXPECT_EQ(Text(program, (*blocks)[0]), "int a = 1;\nint b = 2;\n");
}

TEST(FindEvolveBlocks, SeveralBlocksInAnyCommentStyle) {
  const std::string program =
      "# EVOLVE-BLOCK-START\n"
      "x = 1\n"
      "# EVOLVE-BLOCK-END\n"
      "keep\n"
      "/* EVOLVE-BLOCK-START */\n"
      "/* EVOLVE-BLOCK-END */\n"
      "  // EVOLVE-BLOCK-START: tiles\n"
      "int y = 2;\n"
      "  // EVOLVE-BLOCK-END";
  const Result<std::vector<TextRange>> blocks = FindEvolveBlocks(program);
  ASSERT_TRUE(blocks.ok()) << blocks.status().message();
  ASSERT_EQ(blocks->size(), 3u);
  EXPECT_EQ(Text(program, (*blocks)[0]), "x = 1\n");
  EXPECT_EQ(Text(program, (*blocks)[1]), "");
  EXPECT_EQ(Text(program, (*blocks)[2]), "int y = 2;\n");
}

TEST(FindEvolveBlocks, NestedMarkersNameBothLines) {
  const Result<std::vector<TextRange>> blocks =
      FindEvolveBlocks("a\n// EVOLVE-BLOCK-START\nb\n// EVOLVE-BLOCK-START\nc\n// EVOLVE-BLOCK-END\n");
  ASSERT_FALSE(blocks.ok());
  EXPECT_EQ(blocks.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(blocks.status().message().find("line 4: EVOLVE-BLOCK-START inside the block opened on line 2"),
            std::string::npos)
      << blocks.status().message();
}

TEST(FindEvolveBlocks, AnEndWithoutAStartNamesItsLine) {
  const Result<std::vector<TextRange>> blocks = FindEvolveBlocks("a\nb\n// EVOLVE-BLOCK-END\n");
  ASSERT_FALSE(blocks.ok());
  EXPECT_NE(blocks.status().message().find("line 3: EVOLVE-BLOCK-END without"), std::string::npos)
      << blocks.status().message();
}

TEST(FindEvolveBlocks, AStartWithoutAnEndNamesItsLine) {
  const Result<std::vector<TextRange>> blocks =
      FindEvolveBlocks("// EVOLVE-BLOCK-START\na\n// EVOLVE-BLOCK-END\n// EVOLVE-BLOCK-START\nb\n");
  ASSERT_FALSE(blocks.ok());
  EXPECT_NE(blocks.status().message().find("line 4: EVOLVE-BLOCK-START without"), std::string::npos)
      << blocks.status().message();
}

TEST(FindEvolveBlocks, BothMarkersOnOneLineIsAnError) {
  const Result<std::vector<TextRange>> blocks =
      FindEvolveBlocks("x\n/* EVOLVE-BLOCK-START */ a /* EVOLVE-BLOCK-END */\n");
  ASSERT_FALSE(blocks.ok());
  EXPECT_NE(blocks.status().message().find("line 2"), std::string::npos) << blocks.status().message();
}

const char kParent[] =
    "#include <cmath>\n"
    "// EVOLVE-BLOCK-START\n"
    "int a = 1;\n"
    "// EVOLVE-BLOCK-END\n"
    "int keep = 3;\n"
    "// EVOLVE-BLOCK-START\n"
    "int b = 2;\n"
    "// EVOLVE-BLOCK-END\n";

TEST(ChangedOnlyInsideBlocks, ChangesInsideEveryBlockAreAllowed) {
  std::string child = kParent;
  child.replace(child.find("int a = 1;"), 10, "int a = 10;\nint a2 = 5;");
  child.replace(child.find("int b = 2;"), 10, "");
  std::string where;
  EXPECT_TRUE(ChangedOnlyInsideBlocks(kParent, child, &where)) << where;
  EXPECT_TRUE(ChangedOnlyInsideBlocks(kParent, kParent, nullptr));
}

TEST(ChangedOnlyInsideBlocks, AChangeOutsideNamesTheParentsLine) {
  std::string child = kParent;
  child.replace(child.find("keep = 3"), 8, "keep = 4");
  std::string where;
  EXPECT_FALSE(ChangedOnlyInsideBlocks(kParent, child, &where));
  EXPECT_NE(where.find("line 5"), std::string::npos) << where;
  EXPECT_NE(where.find("int keep = 3;"), std::string::npos) << where;

  child = kParent;
  child.replace(0, 16, "#include <cstdio>");
  EXPECT_FALSE(ChangedOnlyInsideBlocks(kParent, child, &where));
  EXPECT_NE(where.find("line 1"), std::string::npos) << where;
}

TEST(ChangedOnlyInsideBlocks, LosingOrAddingMarkersIsAChangeOutside) {
  std::string where;
  std::string child = kParent;
  child.erase(child.find("// EVOLVE-BLOCK-END\nint keep"), 20);
  EXPECT_FALSE(ChangedOnlyInsideBlocks(kParent, child, &where));
  EXPECT_NE(where.find("markers"), std::string::npos) << where;

  child = kParent;
  child.replace(child.find("int a = 1;\n"), 11, "// EVOLVE-BLOCK-END\n// EVOLVE-BLOCK-START\n");
  EXPECT_FALSE(ChangedOnlyInsideBlocks(kParent, child, &where));
  EXPECT_NE(where.find("3 EVOLVE-BLOCK regions, the parent 2"), std::string::npos) << where;

  EXPECT_FALSE(ChangedOnlyInsideBlocks(kParent, "int a = 1;\n", &where));
  EXPECT_NE(where.find("no EVOLVE-BLOCK markers"), std::string::npos) << where;
}

TEST(ChangedOnlyInsideBlocks, AProgramWithoutMarkersMayChangeAnywhere) {
  EXPECT_TRUE(ChangedOnlyInsideBlocks("int a = 1;\n", "double b = 2;\n", nullptr));
}

}  // namespace
}  // namespace tv::evolve
