// The line diff: minimal on small cases, a correct edit script on random ones
// (applying it to the old text gives the new one), and the fallback past max_edits.
#include "report/line_diff.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace tv::report {
namespace {

// The old and new texts a diff describes, rebuilt from its lines.
std::pair<std::string, std::string> Sides(const std::vector<DiffLine>& diff) {
  std::string before;
  std::string after;
  for (const DiffLine& line : diff) {
    if (line.op != DiffOp::kAdded) before += line.text + "\n";
    if (line.op != DiffOp::kRemoved) after += line.text + "\n";
  }
  return {before, after};
}

int Edits(const std::vector<DiffLine>& diff) {
  int edits = 0;
  for (const DiffLine& line : diff) edits += line.op == DiffOp::kSame ? 0 : 1;
  return edits;
}

// Line numbers count up by one on each side.
void ExpectNumbered(const std::vector<DiffLine>& diff) {
  int old_line = 0;
  int new_line = 0;
  for (const DiffLine& line : diff) {
    EXPECT_EQ(line.old_line, line.op == DiffOp::kAdded ? 0 : ++old_line);
    EXPECT_EQ(line.new_line, line.op == DiffOp::kRemoved ? 0 : ++new_line);
  }
}

TEST(SplitLines, FinalNewlineEndsTheLastLine) {
  EXPECT_EQ(SplitLines(""), std::vector<std::string>{});
  EXPECT_EQ(SplitLines("a\nb\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(SplitLines("a\nb"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(SplitLines("\n\n"), (std::vector<std::string>{"", ""}));
}

TEST(LineDiff, IdenticalTextsAreAllSame) {
  const auto diff = LineDiff("a\nb\nc\n", "a\nb\nc\n");
  ASSERT_EQ(diff.size(), 3u);
  EXPECT_EQ(Edits(diff), 0);
  ExpectNumbered(diff);
}

TEST(LineDiff, EmptySides) {
  EXPECT_TRUE(LineDiff("", "").empty());
  const auto added = LineDiff("", "x\ny\n");
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(added[0].op, DiffOp::kAdded);
  EXPECT_EQ(added[1].new_line, 2);
  const auto removed = LineDiff("x\ny\n", "");
  ASSERT_EQ(removed.size(), 2u);
  EXPECT_EQ(removed[1].op, DiffOp::kRemoved);
}

TEST(LineDiff, OneChangedLineIsOneRemovalThenOneAddition) {
  const auto diff = LineDiff("int a = 1;\nint b = 2;\nint c = 3;\n", "int a = 1;\nint b = 7;\nint c = 3;\n");
  ASSERT_EQ(diff.size(), 4u);
  EXPECT_EQ(diff[0].op, DiffOp::kSame);
  EXPECT_EQ(diff[1].op, DiffOp::kRemoved);
  EXPECT_EQ(diff[1].text, "int b = 2;");
  EXPECT_EQ(diff[1].old_line, 2);
  EXPECT_EQ(diff[2].op, DiffOp::kAdded);
  EXPECT_EQ(diff[2].text, "int b = 7;");
  EXPECT_EQ(diff[2].new_line, 2);
  EXPECT_EQ(diff[3].op, DiffOp::kSame);
  EXPECT_EQ(diff[3].old_line, 3);
}

TEST(LineDiff, MinimalOnTheClassicExample) {
  // Myers' paper: ABCABBA -> CBABAC has edit distance 5.
  const auto diff = LineDiff("A\nB\nC\nA\nB\nB\nA\n", "C\nB\nA\nB\nA\nC\n");
  EXPECT_EQ(Edits(diff), 5);
  EXPECT_EQ(Sides(diff),
            std::make_pair(std::string("A\nB\nC\nA\nB\nB\nA\n"), std::string("C\nB\nA\nB\nA\nC\n")));
  ExpectNumbered(diff);
}

TEST(LineDiff, InsertionInTheMiddleKeepsEverythingElse) {
  const auto diff = LineDiff("a\nb\nc\nd\n", "a\nb\nNEW\nc\nd\n");
  EXPECT_EQ(Edits(diff), 1);
  EXPECT_EQ(diff[2].op, DiffOp::kAdded);
  EXPECT_EQ(diff[2].text, "NEW");
}

// An edit distance found by dynamic programming over the longest common subsequence.
int LcsDistance(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      lcs[i][j] = a[i - 1] == b[j - 1] ? lcs[i - 1][j - 1] + 1 : std::max(lcs[i - 1][j], lcs[i][j - 1]);
    }
  }
  return static_cast<int>(a.size() + b.size()) - 2 * lcs[a.size()][b.size()];
}

TEST(LineDiff, RandomTextsRebuildBothSidesWithTheFewestEdits) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    const auto text = [&](int lines) {
      std::string t;
      for (int i = 0; i < lines; ++i) t += std::string(1, static_cast<char>('a' + rng() % 4)) + "\n";
      return t;
    };
    const std::string before = text(static_cast<int>(rng() % 25));
    const std::string after = text(static_cast<int>(rng() % 25));
    const auto diff = LineDiff(before, after);
    ASSERT_EQ(Sides(diff), std::make_pair(before, after)) << before << "|" << after;
    EXPECT_EQ(Edits(diff), LcsDistance(SplitLines(before), SplitLines(after)));
    ExpectNumbered(diff);
  }
}

TEST(LineDiff, PastMaxEditsTheMiddleIsReplacedWhole) {
  std::string before = "same\n";
  std::string after = "same\n";
  for (int i = 0; i < 50; ++i) {
    before += "old" + std::to_string(i) + "\n";
    after += "new" + std::to_string(i) + "\n";
  }
  before += "tail\n";
  after += "tail\n";
  const auto diff = LineDiff(before, after, /*max_edits=*/10);
  EXPECT_EQ(Sides(diff), std::make_pair(before, after));
  EXPECT_EQ(Edits(diff), 100);
  EXPECT_EQ(diff.front().op, DiffOp::kSame);
  EXPECT_EQ(diff.back().op, DiffOp::kSame);
  ExpectNumbered(diff);
}

}  // namespace
}  // namespace tv::report
