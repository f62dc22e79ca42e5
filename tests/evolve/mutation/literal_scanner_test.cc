// ScanCode's edge cases (what the offline mutator may and may not change) and
// the literal steps (suffixes kept, floats stay floats, integers stay in range).
#include "evolve/mutation/literal_scanner.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "evolve/mutation/literal_steps.h"

namespace tv::evolve {
namespace {

// The spellings of the changeable tokens of `code`, in order.
std::vector<std::string> Changeable(const std::string& code) {
  std::vector<std::string> texts;
  for (const CodeToken& token : ScanCode(code)) {
    if (token.changeable) texts.push_back(code.substr(token.begin, token.end - token.begin));
  }
  return texts;
}

using Texts = std::vector<std::string>;

TEST(ScanCode, SkipsCommentsStringsAndCharLiterals) {
  EXPECT_EQ(Changeable("int a = 4; // 8 16\n/* 32\n 64 */ int b = 5;\n"), (Texts{"4", "5"}));
  EXPECT_EQ(Changeable("const char* s = \"12 \\\" 34\"; char c = '7'; char d = '\\'';\nint e = 9;"),
            (Texts{"9"}));
  EXPECT_EQ(Changeable("auto r = R\"x(12 \" 34)x\"; int f = 3;"), (Texts{"3"}));
}

TEST(ScanCode, IdentifiersWithDigitsStayWhole) {
  EXPECT_EQ(Changeable("int tile_M2 = 3; int32_t x; uint64_t y; auto v = a1b2 + 6;"), (Texts{"3", "6"}));
}

TEST(ScanCode, PreprocessorLinesAreLeftAlone) {
  EXPECT_EQ(Changeable(
                "#include <cstdint>\n#define BLOCK 64\n#define LONG(x) \\\n  (x * 2)\nint a[16];\n  #if 1\n"),
            (Texts{"16"}));
}

TEST(ScanCode, IntegerSuffixesAreKeptAndHexOctalZeroAreLeftAlone) {
  const std::string code = "a = 64u + 16LL + 0x40 + 0b101 + 010 + 0 + 7 + 1'000 + 2000000 + 12_km;";
  EXPECT_EQ(Changeable(code), (Texts{"64u", "16LL", "7"}));
  for (const CodeToken& token : ScanCode(code)) {
    if (!token.changeable) continue;
    const std::string text = code.substr(token.begin, token.end - token.begin);
    if (text == "64u") {
      EXPECT_EQ(token.suffix, "u");
    } else if (text == "16LL") {
      EXPECT_EQ(token.suffix, "LL");
    }
    EXPECT_FALSE(token.is_float);
  }
}

TEST(ScanCode, FloatsInEveryForm) {
  const std::string code = "x = 0.75 * 1e-3 + 2.0f + .5 + 3. + 1.5e+2L + 0.0 + 0x1p3;";
  EXPECT_EQ(Changeable(code), (Texts{"0.75", "1e-3", "2.0f", ".5", "3.", "1.5e+2L"}));
  std::vector<double> values;
  for (const CodeToken& token : ScanCode(code)) {
    if (!token.changeable) continue;
    EXPECT_TRUE(token.is_float);
    values.push_back(token.value);
  }
  EXPECT_EQ(values, (std::vector<double>{0.75, 1e-3, 2.0, 0.5, 3.0, 150.0}));
}

TEST(ScanCode, OnlySpacedComparisonsAreChangeable) {
  EXPECT_EQ(Changeable("if (a < b && c >= d && e<f && g <=h) {}"), (Texts{"<", ">="}));
  EXPECT_EQ(Changeable("std::vector<int> v; static_cast<double>(x); a << b; c >> d; p->q; x <=> y; a <<= 1;"),
            (Texts{"1"}));
  EXPECT_EQ(Changeable("template < typename T > struct S; std::vector<std::vector<int> > w;"), Texts{});
  EXPECT_EQ(Changeable("std::map<int, int> m; if (a > b) {}"), (Texts{">"}));
  EXPECT_EQ(Changeable("std::vector<std::vector<int>> w; if (a > b) {}"), (Texts{">"}));
}

TEST(ScanCode, LinesAndOffsetsOfTokens) {
  const std::string code = "// header\nint a = 5;\n\n  if (m > 3) {}\n";
  std::vector<int> lines;
  for (const CodeToken& token : ScanCode(code)) {
    if (token.changeable) lines.push_back(token.line);
  }
  EXPECT_EQ(lines, (std::vector<int>{2, 4, 4}));
}

TEST(SteppedLiteral, IntegersStayIntegersInRangeWithTheirSuffix) {
  Rng rng(7);
  for (const std::string code : {"1", "2", "3", "7u", "64", "100LL", "1048576", "524288"}) {
    const std::vector<CodeToken> tokens = ScanCode(code);
    ASSERT_EQ(tokens.size(), 1u);
    ASSERT_TRUE(tokens[0].changeable) << code;
    for (int i = 0; i < 50; ++i) {
      const std::string stepped = SteppedLiteral(tokens[0], rng);
      ASSERT_NE(stepped, code);
      ASSERT_TRUE(stepped.ends_with(tokens[0].suffix)) << stepped;
      const std::string digits = stepped.substr(0, stepped.size() - tokens[0].suffix.size());
      ASSERT_EQ(digits.find_first_not_of("0123456789"), std::string::npos) << stepped;
      ASSERT_NE(digits[0], '0') << stepped;  // never an octal "08"
      const long long value = std::atoll(digits.c_str());
      ASSERT_GE(value, 1);
      ASSERT_LE(value, kMaxChangeableInteger);
    }
  }
}

TEST(SteppedLiteral, PowersOfTwoOftenStayPowersOfTwo) {
  Rng rng(11);
  const std::vector<CodeToken> tokens = ScanCode("128");
  int powers = 0;
  for (int i = 0; i < 200; ++i) {
    const long long value = std::atoll(SteppedLiteral(tokens[0], rng).c_str());
    powers += (value & (value - 1)) == 0 ? 1 : 0;
  }
  EXPECT_GT(powers, 80);  // 6 of 9 candidates: 64 and 256 three times each, 96, 160, 192
}

TEST(SteppedLiteral, FloatsStayFloatsWithTheirSuffix) {
  Rng rng(3);
  for (const std::string code : {"0.75", "1e-3", "2.0f", "8.0", "1024.0", ".5F", "1.5e+2L"}) {
    const std::vector<CodeToken> tokens = ScanCode(code);
    ASSERT_EQ(tokens.size(), 1u);
    ASSERT_TRUE(tokens[0].changeable) << code;
    for (int i = 0; i < 30; ++i) {
      const std::string stepped = SteppedLiteral(tokens[0], rng);
      ASSERT_TRUE(stepped.ends_with(tokens[0].suffix)) << stepped;
      const std::vector<CodeToken> again = ScanCode(stepped);
      ASSERT_EQ(again.size(), 1u) << stepped;
      EXPECT_TRUE(again[0].changeable && again[0].is_float) << code << " -> " << stepped;
      EXPECT_EQ(again[0].suffix, tokens[0].suffix);
      EXPECT_NE(again[0].value, tokens[0].value) << code << " -> " << stepped;
      EXPECT_GT(again[0].value, 0);
    }
  }
}

TEST(FloatLiteralText, AlwaysAFloatLiteral) {
  EXPECT_EQ(FloatLiteralText(12.0), "12.0");
  EXPECT_EQ(FloatLiteralText(0.5625), "0.5625");
  EXPECT_EQ(FloatLiteralText(0.00075), "0.00075");
  EXPECT_EQ(FloatLiteralText(0.1 * 0.75), "0.075");
  EXPECT_EQ(FloatLiteralText(1.5e7), "1.5e+07");
}

TEST(FlippedComparison, FlipsStrictness) {
  EXPECT_EQ(FlippedComparison("<"), "<=");
  EXPECT_EQ(FlippedComparison("<="), "<");
  EXPECT_EQ(FlippedComparison(">"), ">=");
  EXPECT_EQ(FlippedComparison(">="), ">");
}

}  // namespace
}  // namespace tv::evolve
