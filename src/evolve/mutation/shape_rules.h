// The offline mutator's per-shape change: a "shape rule", one line inserted
// before the heuristic's `return tiles;` that sets every tile decision for the
// shapes of a size class around one train shape:
//
//   if (M > 64 && M <= 128) { tiles.mc = 128; ...; tiles.path = TV_PATH_BLOCKED; }  // shape rule: NAME
//
// (NAME: the train shape it was made for).
//
// The tiles come from measurements (ShapeFigures), never from held-out shapes:
//  - carried over: another program ran that shape faster than the parent does;
//    its legalized tiles there are copied (a program that lost overall can still
//    hold the best answer for one class of shapes);
//  - explored: a configuration of the engine's menu (TileMenu) not yet timed on
//    that shape, most often one that differs from the parent's tiles there in a
//    single decision (a local step), else any.
// Rules are kept broadest first (fewest bounds), so that where classes overlap
// the narrower rule, later in the code, wins.
// The class bounds and the tile numbers are ordinary literals afterwards, so
// literal steps widen or narrow the class and tune the values. A rule may also
// be removed again; there are at most max_rules at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "evolve/database/population.h"
#include "evolve/mutation/evolve_blocks.h"
#include "evolve/mutation/shape_figures.h"
#include "tilevolve/tile_config.h"

namespace tv::evolve {

// The legal configurations worth trying for an M x N x K problem whose current
// tiles are `around`: for the CPU engine, the variations of `around` in one
// decision and the oracle's grid. Empty when none is known.
using TileMenu =
    std::function<std::vector<tv_tile_config>(int64_t m, int64_t n, int64_t k, const tv_tile_config& around)>;

// Every shape rule line ends with this comment (how they are found again).
inline constexpr const char* kShapeRuleMarker = "// shape rule: ";

struct ShapeRuleOptions {
  int max_rules = 12;
  std::string insert_before = "return";  // rules go before the last block line starting with this
  int rules_per_change = 3;              // rules one change inserts at most
};

// The line's text (without indent or newline) for `tiles` under `condition`.
std::string ShapeRuleText(const std::string& condition, const tv_tile_config& tiles,
                          const std::string& shape);

// A condition on M (and sometimes N or K) that holds for m x n x k: power-of-two
// bounds around each size, sometimes widened; e.g. "M > 64 && M <= 128 && K <= 512".
std::string ShapeClassCondition(int64_t m, int64_t n, int64_t k, Rng& rng);

struct ShapeRuleChange {
  std::string code;     // the whole child program
  std::string summary;  // what was inserted (and why) or removed, "; "-separated
};

// Inserts 1..rules_per_change shape rules for different shapes (all carried
// over, or all explored), or removes one rule, in the program `parent_id` whose
// figures are in `figures`. Nothing when neither is possible (malformed
// markers, no anchor line, no figures of the parent, nothing better known and
// no untried menu entry, and no rule to remove).
std::optional<ShapeRuleChange> PlanShapeRules(const std::string& code, int64_t parent_id,
                                              const ShapeFigures& figures, const TileMenu& menu,
                                              const ShapeRuleOptions& options, Rng& rng);

}  // namespace tv::evolve
