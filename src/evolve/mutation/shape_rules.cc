#include "evolve/mutation/shape_rules.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <set>
#include <string_view>

#include "evolve/mutation/literal_steps.h"
#include "evolve/mutation/text_lines.h"

namespace tv::evolve {
namespace {

constexpr double kRemoveRate = 0.15;      // a removal instead, when the program has rules
constexpr double kCarryOverRate = 0.5;    // carry over known tiles rather than explore, when both can
constexpr double kMinGain = 1.01;         // a carried-over figure beats the parent's by at least this
constexpr double kWidenRate = 0.3;        // each bound of M's class pushed out by 4x
constexpr double kExtraBoundRate = 0.35;  // N and K each bounded too
constexpr double kLocalStepRate = 0.5;    // explore one decision away from the parent's tiles
constexpr int kExploreAttempts = 8;       // shapes tried before giving up on an untried menu entry

std::string EnumName(int32_t value, std::initializer_list<const char*> names) {
  if (value >= 0 && static_cast<size_t>(value) < names.size()) return *(names.begin() + value);
  return std::to_string(value);
}

// The smallest power of two >= v (1 for v <= 1).
int64_t CeilPow2(int64_t v) {
  return static_cast<int64_t>(std::bit_ceil(static_cast<uint64_t>(std::max<int64_t>(v, 1))));
}

std::string Figure(double speedup) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3fx", speedup);
  return text;
}

struct RuleSource {
  const ShapeFigure* at = nullptr;  // the parent's figure on the shape
  tv_tile_config tiles{};
  std::string why;
};

// A shape where another program's tiles ran faster than the parent's, drawn
// with weight log(gain); nullopt when no shape has such a figure.
std::optional<RuleSource> CarryOver(const std::vector<ShapeFigure>& parent, const ShapeFigures& figures,
                                    const std::set<std::string>& used, Rng& rng) {
  std::vector<std::pair<const ShapeFigure*, const ShapeFigure*>> gains;  // parent's, best
  double total = 0;
  for (const ShapeFigure& own : parent) {
    if (used.count(own.shape) > 0) continue;
    const ShapeFigure* best = figures.Best(own.shape);
    if (best == nullptr || best->speedup < own.speedup * kMinGain || SameTileConfig(best->tiles, own.tiles))
      continue;
    gains.emplace_back(&own, best);
    total += std::log(best->speedup / own.speedup);
  }
  if (gains.empty()) return std::nullopt;
  double draw = DrawUnit(rng) * total;
  size_t pick = gains.size() - 1;
  for (size_t i = 0; i < gains.size(); ++i) {
    draw -= std::log(gains[i].second->speedup / gains[i].first->speedup);
    if (draw < 0) {
      pick = i;
      break;
    }
  }
  const auto [own, best] = gains[pick];
  return RuleSource{own, best->tiles,
                    "program " + std::to_string(best->program_id) + "'s tiles there (" +
                        Figure(best->speedup) + " against the parent's " + Figure(own->speedup) + ")"};
}

// How many decisions two configs differ in (the kernel shape counts as one).
int DecisionsApart(const tv_tile_config& a, const tv_tile_config& b) {
  return (a.mc != b.mc) + (a.nc != b.nc) + (a.kc != b.kc) + (a.mr != b.mr || a.nr != b.nr) +
         (a.parallel != b.parallel) + (a.pack_a != b.pack_a) + (a.pack_b != b.pack_b) + (a.path != b.path);
}

// A menu configuration not yet timed on a random shape of the parent's: most
// often one decision away from the parent's tiles there.
std::optional<RuleSource> Explore(const std::vector<ShapeFigure>& parent, const ShapeFigures& figures,
                                  const TileMenu& menu, const std::set<std::string>& used, Rng& rng) {
  if (!menu) return std::nullopt;
  for (int attempt = 0; attempt < kExploreAttempts; ++attempt) {
    const ShapeFigure& own = parent[DrawIndex(rng, parent.size())];
    if (used.count(own.shape) > 0) continue;
    std::vector<tv_tile_config> untried, local;
    for (const tv_tile_config& t : menu(own.m, own.n, own.k, own.tiles)) {
      if (figures.Tried(own.shape, t) || SameTileConfig(t, own.tiles)) continue;
      untried.push_back(t);
      if (DecisionsApart(t, own.tiles) == 1) local.push_back(t);
    }
    if (untried.empty()) continue;
    const bool step = !local.empty() && DrawUnit(rng) < kLocalStepRate;
    const std::vector<tv_tile_config>& from = step ? local : untried;
    return RuleSource{&own, from[DrawIndex(rng, from.size())],
                      std::string(step ? "the parent's tiles there with one decision changed"
                                       : "an untried configuration of the engine's menu") +
                          " (the parent's " + Figure(own.speedup) + ")"};
  }
  return std::nullopt;
}

// The bounds of a condition or of a rule line's condition: its "&&"s plus one.
int BoundsOf(std::string_view text) {
  text = text.substr(0, text.find(") {"));
  int bounds = 1;
  for (size_t at = text.find("&&"); at != std::string_view::npos; at = text.find("&&", at + 2)) ++bounds;
  return bounds;
}

// A program's shape rules and the line they go before (views into its code).
struct ProgramRules {
  bool valid = false;  // the EVOLVE-BLOCK markers parse
  std::vector<BlockLine> rules;
  std::optional<BlockLine> anchor;
};

ProgramRules RulesOf(const std::string& code, const std::string& insert_before) {
  ProgramRules found;
  const Result<std::vector<TextRange>> blocks = FindEvolveBlocks(code);
  if (!blocks.ok()) return found;
  found.valid = true;
  for (const BlockLine& line : LinesInBlocks(code, *blocks)) {
    if (line.text.find(kShapeRuleMarker) != std::string_view::npos) found.rules.push_back(line);
    if (Trim(line.text).starts_with(insert_before)) found.anchor = line;
  }
  return found;
}

// Inserts the rule for `source` into *code (described by `now`); returns the summary.
std::string InsertRule(const RuleSource& source, const ProgramRules& now, std::string* code, Rng& rng) {
  const ShapeFigure& at = *source.at;
  const std::string condition = ShapeClassCondition(at.m, at.n, at.k, rng);
  // The last matching rule wins, so narrower classes (more bounds) go after broader ones.
  const BlockLine* before = &*now.anchor;
  for (const BlockLine& rule : now.rules) {
    if (BoundsOf(rule.text) > BoundsOf(condition)) {
      before = &rule;
      break;
    }
  }
  const std::string_view before_text = before->text;
  const std::string line = std::string(before_text.substr(0, before_text.find_first_not_of(" \t"))) +
                           ShapeRuleText(condition, source.tiles, at.shape) + "\n";
  const int number = LineNumberAt(*code, before->span.begin);
  code->insert(before->span.begin, line);
  return "inserted at line " + std::to_string(number) + " a shape rule for " + at.shape + " (" + condition +
         "): " + source.why;
}

}  // namespace

std::string ShapeRuleText(const std::string& condition, const tv_tile_config& tiles,
                          const std::string& shape) {
  std::string text = "if (" + condition + ") { ";
  const auto set = [&](const char* field, const std::string& value) {
    text += std::string("tiles.") + field + " = " + value + "; ";
  };
  set("mc", std::to_string(tiles.mc));
  set("nc", std::to_string(tiles.nc));
  set("kc", std::to_string(tiles.kc));
  set("mr", std::to_string(tiles.mr));
  set("nr", std::to_string(tiles.nr));
  set("parallel",
      EnumName(tiles.parallel, {"TV_PARALLEL_AUTO", "TV_PARALLEL_N", "TV_PARALLEL_M", "TV_PARALLEL_K"}));
  set("pack_a", EnumName(tiles.pack_a, {"TV_PACK_AUTO", "TV_PACK_ON", "TV_PACK_OFF"}));
  set("pack_b", EnumName(tiles.pack_b, {"TV_PACK_AUTO", "TV_PACK_ON", "TV_PACK_OFF"}));
  set("path", EnumName(tiles.path, {"TV_PATH_AUTO", "TV_PATH_BLOCKED", "TV_PATH_SMALL_M"}));
  return text + "}  " + kShapeRuleMarker + shape;
}

std::string ShapeClassCondition(int64_t m, int64_t n, int64_t k, Rng& rng) {
  int64_t hi = CeilPow2(m);
  int64_t lo = hi / 2;
  if (DrawUnit(rng) < kWidenRate) lo /= 4;
  if (DrawUnit(rng) < kWidenRate) hi *= 4;
  std::string condition = lo >= 1 ? "M > " + std::to_string(lo) + " && " : "";
  condition += "M <= " + std::to_string(hi);
  const auto bound = [&](const char* name, int64_t v) {
    if (DrawUnit(rng) >= kExtraBoundRate) return;
    const int64_t top = CeilPow2(v);
    if (top / 2 >= 1 && DrawUnit(rng) < 0.5) {
      condition += std::string(" && ") + name + " > " + std::to_string(top / 2);
    } else {
      condition += std::string(" && ") + name + " <= " + std::to_string(top);
    }
  };
  bound("N", n);
  bound("K", k);
  return condition;
}

std::optional<ShapeRuleChange> PlanShapeRules(const std::string& code, int64_t parent_id,
                                              const ShapeFigures& figures, const TileMenu& menu,
                                              const ShapeRuleOptions& options, Rng& rng) {
  const std::vector<ShapeFigure>& parent = figures.Of(parent_id);
  ProgramRules now = RulesOf(code, options.insert_before);
  if (!now.valid) return std::nullopt;
  const bool full = static_cast<int>(now.rules.size()) >= options.max_rules;
  const bool remove = full || !now.anchor.has_value() || parent.empty() ||
                      (!now.rules.empty() && DrawUnit(rng) < kRemoveRate);
  ShapeRuleChange change{code, ""};
  if (!remove) {
    const bool carry = !menu || DrawUnit(rng) < kCarryOverRate;
    const size_t count = 1 + DrawIndex(rng, static_cast<size_t>(std::max(1, options.rules_per_change)));
    std::set<std::string> used;
    for (size_t i = 0; i < count && static_cast<int>(now.rules.size()) < options.max_rules; ++i) {
      std::optional<RuleSource> source = carry ? CarryOver(parent, figures, used, rng) : std::nullopt;
      if (!source && (!carry || i == 0)) source = Explore(parent, figures, menu, used, rng);
      if (!source) break;
      used.insert(source->at->shape);
      const std::string summary = InsertRule(*source, now, &change.code, rng);
      change.summary += (change.summary.empty() ? "" : "; ") + summary;
      now = RulesOf(change.code, options.insert_before);
    }
    if (!change.summary.empty()) return change;
  }
  if (now.rules.empty()) return std::nullopt;
  const BlockLine& line = now.rules[DrawIndex(rng, now.rules.size())];
  const int number = LineNumberAt(code, line.span.begin);
  change.summary = "removed line " + std::to_string(number) + ": " + std::string(Trim(line.text));
  change.code = code.substr(0, line.span.begin) + code.substr(line.span.next);
  return change;
}

}  // namespace tv::evolve
