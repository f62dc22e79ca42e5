// ApplyRewrite: a full rewrite replaces the EVOLVE-BLOCK content and keeps the rest.
#include <gtest/gtest.h>

#include <string>

#include "evolve/mutation/diff_apply.h"
#include "evolve/mutation/evolve_blocks.h"

namespace tv::evolve {
namespace {

const char kRewriteParent[] =
    "#include <cmath>\n"
    "// EVOLVE-BLOCK-START\n"
    "int Choose() { return 64; }\n"
    "// EVOLVE-BLOCK-END\n"
    "int Other() { return 7; }\n";

bool ChildContains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ApplyRewrite, TakesTheBlockContentFromAReplyWithMarkers) {
  const std::string reply =
      "Here is the whole program:\n"
      "```cpp\n"
      "#include <vector>\n"
      "// EVOLVE-BLOCK-START\n"
      "int Choose() { return 96; }\n"
      "// EVOLVE-BLOCK-END\n"
      "int Other() { return 8; }\n"
      "```\n"
      "```\nignored second block\n```\n";
  const Result<std::string> child = ApplyRewrite(kRewriteParent, reply);
  ASSERT_TRUE(child.ok()) << child.status().message();
  EXPECT_EQ(*child,
            "#include <cmath>\n"
            "// EVOLVE-BLOCK-START\n"
            "int Choose() { return 96; }\n"
            "// EVOLVE-BLOCK-END\n"
            "int Other() { return 7; }\n");
}

TEST(ApplyRewrite, AReplyOfOnlyTheBlockContentWhenTheParentHasOneBlock) {
  const Result<std::string> child = ApplyRewrite(kRewriteParent, "```\r\nint Choose() { return 32; }\r\n```");
  ASSERT_TRUE(child.ok()) << child.status().message();
  EXPECT_TRUE(
      ChildContains(*child, "// EVOLVE-BLOCK-START\nint Choose() { return 32; }\n// EVOLVE-BLOCK-END\n"));
  EXPECT_TRUE(ChangedOnlyInsideBlocks(kRewriteParent, *child, nullptr));
}

TEST(ApplyRewrite, SeveralBlocksNeedTheMarkers) {
  const std::string parent =
      std::string(kRewriteParent) + "// EVOLVE-BLOCK-START\nint x = 1;\n// EVOLVE-BLOCK-END\n";
  Result<std::string> child = ApplyRewrite(parent, "```cpp\nint Choose() { return 32; }\n```\n");
  ASSERT_FALSE(child.ok());
  EXPECT_TRUE(ChildContains(child.status().message(), "must contain the markers"))
      << child.status().message();

  child = ApplyRewrite(
      parent, "```cpp\n// EVOLVE-BLOCK-START\nint Choose() { return 32; }\n// EVOLVE-BLOCK-END\n```\n");
  ASSERT_FALSE(child.ok());
  EXPECT_TRUE(ChildContains(child.status().message(), "1 EVOLVE-BLOCK regions and the parent 2"))
      << child.status().message();

  child = ApplyRewrite(parent,
                       "```cpp\n// EVOLVE-BLOCK-START\nint Choose() { return 32; }\n// EVOLVE-BLOCK-END\n"
                       "junk\n// EVOLVE-BLOCK-START\nint x = 2;\n// EVOLVE-BLOCK-END\n```\n");
  ASSERT_TRUE(child.ok()) << child.status().message();
  EXPECT_TRUE(ChildContains(*child, "int Choose() { return 32; }\n"));
  EXPECT_TRUE(ChildContains(*child, "int x = 2;\n"));
  EXPECT_FALSE(ChildContains(*child, "junk"));
  EXPECT_TRUE(ChangedOnlyInsideBlocks(parent, *child, nullptr));
}

TEST(ApplyRewrite, MissingOrUnclosedCodeBlocksSaySo) {
  Result<std::string> child = ApplyRewrite(kRewriteParent, "int Choose() { return 32; }\n");
  ASSERT_FALSE(child.ok());
  EXPECT_EQ(child.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(ChildContains(child.status().message(), "no fenced code block")) << child.status().message();

  child = ApplyRewrite(kRewriteParent, "```cpp\nint Choose() { return 32; }\n");
  ASSERT_FALSE(child.ok());
  EXPECT_TRUE(ChildContains(child.status().message(), "not closed")) << child.status().message();

  child = ApplyRewrite(kRewriteParent, "```cpp\n\n```\n");
  ASSERT_FALSE(child.ok());
  EXPECT_TRUE(ChildContains(child.status().message(), "empty")) << child.status().message();

  child = ApplyRewrite(kRewriteParent, "```cpp\n// EVOLVE-BLOCK-START\nint Choose() { return 32; }\n```\n");
  ASSERT_FALSE(child.ok());
  EXPECT_TRUE(ChildContains(child.status().message(), "the rewrite's EVOLVE-BLOCK markers: line 1"))
      << child.status().message();
}

TEST(ApplyRewrite, AParentWithoutMarkersIsReplacedWhole) {
  const Result<std::string> child = ApplyRewrite("int a = 1;\n", "```python\nx = 2\n```");
  ASSERT_TRUE(child.ok());
  EXPECT_EQ(*child, "x = 2\n");
}

}  // namespace
}  // namespace tv::evolve
