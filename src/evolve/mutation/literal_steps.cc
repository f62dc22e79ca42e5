#include "evolve/mutation/literal_steps.h"

#include <array>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <vector>

namespace tv::evolve {
namespace {

constexpr std::array<double, 5> kFactors = {0.5, 0.75, 1.25, 1.5, 2.0};

bool IsPowerOfTwo(int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

std::string SteppedInteger(const CodeToken& literal, Rng& rng) {
  const auto value = static_cast<int64_t>(literal.value);
  std::vector<int64_t> candidates;
  auto add = [&](int64_t candidate) {
    if (candidate != value && candidate >= 1 && candidate <= kMaxChangeableInteger)
      candidates.push_back(candidate);
  };
  for (const double factor : kFactors) add(std::llround(static_cast<double>(value) * factor));
  if (IsPowerOfTwo(value)) {  // tile sizes like to stay powers of two
    for (int weight = 0; weight < 2; ++weight) {
      add(value / 2);
      add(value * 2);
    }
  }
  assert(!candidates.empty() && "every integer in [1, max] can halve or double");
  return std::to_string(candidates[DrawIndex(rng, candidates.size())]) + literal.suffix;
}

std::string SteppedFloat(const CodeToken& literal, Rng& rng) {
  const std::string old_text = FloatLiteralText(literal.value);
  const size_t first = DrawIndex(rng, kFactors.size());
  for (size_t k = 0; k < kFactors.size(); ++k) {
    const std::string text = FloatLiteralText(literal.value * kFactors[(first + k) % kFactors.size()]);
    if (text != old_text) return text + literal.suffix;
  }
  return FloatLiteralText(literal.value * 4) + literal.suffix;  // 6 digits could not tell the steps apart
}

}  // namespace

size_t DrawIndex(Rng& rng, size_t n) {
  assert(n > 0);
  return static_cast<size_t>(rng() % n);
}

double DrawUnit(Rng& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

std::string SteppedLiteral(const CodeToken& literal, Rng& rng) {
  assert(literal.kind == CodeToken::Kind::kNumber && literal.changeable);
  return literal.is_float ? SteppedFloat(literal, rng) : SteppedInteger(literal, rng);
}

std::string FlippedComparison(std::string_view op) {
  if (op == "<") return "<=";
  if (op == "<=") return "<";
  if (op == ">") return ">=";
  assert(op == ">=");
  return ">";
}

std::string FloatLiteralText(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.6g", value);
  std::string text = buffer;
  if (text.find_first_of(".eEn") == std::string::npos) text += ".0";
  return text;
}

}  // namespace tv::evolve
