// ParseDiff and ApplyDiff: OpenEvolve's SEARCH/REPLACE blocks, applied only
// inside the EVOLVE-BLOCK regions, every failure reported by block number.
#include "evolve/mutation/diff_apply.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "evolve/mutation/evolve_blocks.h"

namespace tv::evolve {
namespace {

const char kProgram[] =
    "#include <cmath>\n"            // 1
    "int limit = 64;\n"             // 2
    "// EVOLVE-BLOCK-START\n"       // 3
    "int Choose(int m) {\n"         // 4
    "  int limit = 64;\n"           // 5
    "  if (m <= 128) return 32;\n"  // 6
    "  return limit;\n"             // 7
    "}\n"                           // 8
    "// EVOLVE-BLOCK-END\n"         // 9
    "int Other() { return 7; }\n";  // 10

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(ParseDiff, ReadsEveryBlockAndIgnoresTheTextAround) {
  const std::string reply =
      "Let me raise the threshold.\n"
      "<<<<<<< SEARCH\n"
      "  if (m <= 128) return 32;\n"
      "=======\n"
      "  if (m <= 256) return 32;\n"
      ">>>>>>> REPLACE\n"
      "and drop a line:\n"
      "<<<<<<< SEARCH\n"
      "  return limit;\n"
      "=======\n"
      ">>>>>>> REPLACE\n"
      "Done.";
  const Result<std::vector<SearchReplace>> blocks = ParseDiff(reply);
  ASSERT_TRUE(blocks.ok()) << blocks.status().message();
  ASSERT_EQ(blocks->size(), 2u);
  EXPECT_EQ((*blocks)[0].search, "  if (m <= 128) return 32;\n");
  EXPECT_EQ((*blocks)[0].replace, "  if (m <= 256) return 32;\n");
  EXPECT_EQ((*blocks)[1].search, "  return limit;\n");
  EXPECT_EQ((*blocks)[1].replace, "");
}

TEST(ParseDiff, ToleratesCrlfAndTrailingSpacesOnMarkers) {
  const std::string reply = "<<<<<<< SEARCH  \r\na = 1;\r\n=======\t\r\na = 2;\r\n>>>>>>> REPLACE \r\n";
  const Result<std::vector<SearchReplace>> blocks = ParseDiff(reply);
  ASSERT_TRUE(blocks.ok()) << blocks.status().message();
  ASSERT_EQ(blocks->size(), 1u);
  EXPECT_EQ((*blocks)[0].search, "a = 1;\n");
  EXPECT_EQ((*blocks)[0].replace, "a = 2;\n");
}

TEST(ParseDiff, NoBlocksIsAnEmptyList) {
  const Result<std::vector<SearchReplace>> blocks = ParseDiff("I would not change anything.");
  ASSERT_TRUE(blocks.ok());
  EXPECT_TRUE(blocks->empty());
}

TEST(ParseDiff, AMalformedBlockIsNamedByNumber) {
  const std::string good = "<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n";
  Result<std::vector<SearchReplace>> blocks = ParseDiff(good + "<<<<<<< SEARCH\nc\n>>>>>>> REPLACE\n");
  ASSERT_FALSE(blocks.ok());
  EXPECT_EQ(blocks.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Contains(blocks.status().message(), "block 2")) << blocks.status().message();
  EXPECT_TRUE(Contains(blocks.status().message(), "=======")) << blocks.status().message();

  blocks = ParseDiff(good + "<<<<<<< SEARCH\nc\n=======\nd\n");
  ASSERT_FALSE(blocks.ok());
  EXPECT_TRUE(Contains(blocks.status().message(), "block 2")) << blocks.status().message();
  EXPECT_TRUE(Contains(blocks.status().message(), "REPLACE")) << blocks.status().message();

  blocks = ParseDiff("<<<<<<< SEARCH\nc\n");
  ASSERT_FALSE(blocks.ok());
  EXPECT_TRUE(Contains(blocks.status().message(), "block 1")) << blocks.status().message();
}

TEST(ApplyDiff, ReplacesTheMatchInsideTheBlock) {
  // "int limit = 64;" occurs outside (line 2) and, indented, inside (line 5): only the inside one matches.
  const DiffOutcome outcome = ApplyDiff(kProgram, {{"  int limit = 64;\n", "  int limit = 96;\n"}});
  EXPECT_EQ(outcome.applied, 1);
  EXPECT_TRUE(outcome.problems.empty());
  EXPECT_TRUE(Contains(outcome.program, "  int limit = 96;\n"));
  EXPECT_TRUE(Contains(outcome.program, "\nint limit = 64;\n"));
  std::string where;
  EXPECT_TRUE(ChangedOnlyInsideBlocks(kProgram, outcome.program, &where)) << where;
}

TEST(ApplyDiff, BlocksApplyInOrderEachToThePreviousResult) {
  const DiffOutcome outcome =
      ApplyDiff(kProgram, {{"  if (m <= 128) return 32;\n", "  if (m <= 256) return 48;\n"},
                           {"  if (m <= 256) return 48;\n", "  if (m < 256) return 48;\n"}});
  EXPECT_EQ(outcome.applied, 2);
  EXPECT_TRUE(outcome.problems.empty());
  EXPECT_TRUE(Contains(outcome.program, "  if (m < 256) return 48;\n"));
}

TEST(ApplyDiff, AMatchOutsideTheBlocksIsRejectedWithTheEditableLines) {
  const DiffOutcome outcome =
      ApplyDiff(kProgram, {{"int Other() { return 7; }\n", "int Other() { return 8; }\n"}});
  EXPECT_EQ(outcome.applied, 0);
  EXPECT_EQ(outcome.program, kProgram);
  ASSERT_EQ(outcome.problems.size(), 1u);
  EXPECT_EQ(outcome.problems[0],
            "block 1: SEARCH text is outside the EVOLVE-BLOCK regions (lines 4-8 may be changed)");
}

TEST(ApplyDiff, NotFoundEmptyAndMarkerDeletionAreProblemsAndTheRestStillApplies) {
  const DiffOutcome outcome = ApplyDiff(kProgram, {{"  if (m <= 512) return 32;\n", "x\n"},
                                                   {"", "int extra;\n"},
                                                   {"}\n// EVOLVE-BLOCK-END\n", "}\n"},
                                                   {"  return limit;\n", "  return limit / 2;\n"}});
  EXPECT_EQ(outcome.applied, 1);
  ASSERT_EQ(outcome.problems.size(), 3u);
  EXPECT_EQ(outcome.problems[0], "block 1: SEARCH text not found");
  EXPECT_EQ(outcome.problems[1], "block 2: SEARCH text is empty (it must quote the lines to replace)");
  EXPECT_TRUE(
      Contains(outcome.problems[2], "block 3: REPLACE would delete the EVOLVE-BLOCK marker on line 9"))
      << outcome.problems[2];
  EXPECT_TRUE(Contains(outcome.program, "  return limit / 2;\n"));
}

TEST(ApplyDiff, NotFoundPointsAtTheFirstLineThatDiffers) {
  const DiffOutcome outcome =
      ApplyDiff(kProgram, {{"  int limit = 64;\n  if (m < 128) return 32;\n", "x\n"}});
  EXPECT_EQ(outcome.applied, 0);
  ASSERT_EQ(outcome.problems.size(), 1u);
  EXPECT_EQ(outcome.problems[0],
            "block 1: SEARCH text not found (its first line matches line 5, but its line 2 "
            "`if (m < 128) return 32;` does not)");
}

TEST(ApplyDiff, AMarkerQuotedAsUnchangedContextIsFine) {
  const DiffOutcome outcome = ApplyDiff(kProgram, {{"  return limit;\n}\n// EVOLVE-BLOCK-END\n",
                                                    "  return limit * 2;\n}\n// EVOLVE-BLOCK-END\n"}});
  EXPECT_EQ(outcome.applied, 1);
  EXPECT_TRUE(outcome.problems.empty());
  EXPECT_TRUE(ChangedOnlyInsideBlocks(kProgram, outcome.program, nullptr));
  EXPECT_TRUE(Contains(outcome.program, "  return limit * 2;\n"));
}

TEST(ApplyDiff, TrailingWhitespaceIsIgnoredOnlyWhenTheExactTextIsMissingAndSaysSo) {
  const DiffOutcome outcome =
      ApplyDiff(kProgram, {{"  return limit;   \n}\t\n", "  return 2 * limit;\n}\n"}});
  EXPECT_EQ(outcome.applied, 1);
  EXPECT_TRUE(Contains(outcome.program, "  return 2 * limit;\n}\n// EVOLVE-BLOCK-END\n"));
  EXPECT_TRUE(outcome.problems.empty());
  ASSERT_EQ(outcome.notes.size(), 1u);
  EXPECT_TRUE(Contains(outcome.notes[0], "block 1: applied, but only with trailing whitespace ignored"))
      << outcome.notes[0];
}

TEST(ApplyDiff, ParsedCrlfRepliesApplyToLfPrograms) {
  const Result<std::vector<SearchReplace>> blocks =
      ParseDiff("<<<<<<< SEARCH\r\n  return limit;\r\n=======\r\n  return limit + 1;\r\n>>>>>>> REPLACE\r\n");
  ASSERT_TRUE(blocks.ok());
  const DiffOutcome outcome = ApplyDiff(kProgram, *blocks);
  EXPECT_EQ(outcome.applied, 1);
  EXPECT_TRUE(outcome.problems.empty());
  EXPECT_TRUE(Contains(outcome.program, "  return limit + 1;\n}\n"));
}

TEST(ApplyDiff, AProgramWithoutMarkersIsEditableEverywhereEvenAtItsUnterminatedEnd) {
  const DiffOutcome outcome = ApplyDiff("int a = 1;\nint b = 2;", {{"int b = 2;\n", "int b = 3;\n"}});
  EXPECT_EQ(outcome.applied, 1);
  EXPECT_EQ(outcome.program, "int a = 1;\nint b = 3;");
}

TEST(ApplyDiff, MalformedMarkersInTheProgramAreReportedPerBlock) {
  const DiffOutcome outcome =
      ApplyDiff("// EVOLVE-BLOCK-START\nint a = 1;\n", {{"int a = 1;\n", "int a = 2;\n"}});
  EXPECT_EQ(outcome.applied, 0);
  ASSERT_EQ(outcome.problems.size(), 1u);
  EXPECT_TRUE(
      Contains(outcome.problems[0], "block 1: the program's EVOLVE-BLOCK markers are malformed: line 1"))
      << outcome.problems[0];
}

}  // namespace
}  // namespace tv::evolve
