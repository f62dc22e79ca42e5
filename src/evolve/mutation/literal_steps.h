// The offline mutator's elementary changes: new values for a numeric literal,
// the flip of a comparison operator, and the random draws behind them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "evolve/database/population.h"
#include "evolve/mutation/literal_scanner.h"

namespace tv::evolve {

// Uniform draws from the run's RNG. Plain arithmetic rather than <random>'s
// distributions, whose algorithms differ between standard libraries: a seed
// gives the same children everywhere.
size_t DrawIndex(Rng& rng, size_t n);  // in [0, n). REQUIRES: n > 0
double DrawUnit(Rng& rng);             // in [0, 1)

// A new spelling of a changeable numeric literal: its value times 0.5, 0.75,
// 1.25, 1.5 or 2 (a power of two also halves or doubles, with extra weight);
// integers rounded and kept in [1, kMaxChangeableInteger], floats kept floats
// (always with '.' or an exponent), the suffix kept. Never the old value.
// REQUIRES: literal.kind == kNumber && literal.changeable.
std::string SteppedLiteral(const CodeToken& literal, Rng& rng);

// "<" <-> "<=", ">" <-> ">=". REQUIRES: `op` is one of them.
std::string FlippedComparison(std::string_view op);

// `value` with up to 6 significant digits as a float literal ("12.0", "0.00075", "1.5e+07").
std::string FloatLiteralText(double value);

}  // namespace tv::evolve
