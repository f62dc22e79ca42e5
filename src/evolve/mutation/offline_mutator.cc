#include "evolve/mutation/offline_mutator.h"

#include <algorithm>
#include <cassert>
#include <optional>
#include <string_view>
#include <vector>

#include "evolve/mutation/evolve_blocks.h"
#include "evolve/mutation/literal_scanner.h"
#include "evolve/mutation/literal_steps.h"
#include "evolve/mutation/statement_edits.h"

namespace tv::evolve {
namespace {

constexpr int kMaxAttempts = 10;

struct TextEdit {
  size_t begin = 0;  // byte range of the parent's code it replaces
  size_t end = 0;
  int line = 0;
  std::string before;
  std::string after;
};

struct Plan {
  std::string kind;  // ProgramRecord::mutation
  std::string note;  // prefix of the summary
  std::vector<TextEdit> edits;
};

// The tokens of a program's EVOLVE-BLOCK regions, and their skeleton: each
// token's text, with changeable literals and comparisons replaced by a
// placeholder of their kind. Two programs with equal skeletons have their
// changeable tokens at the same places.
struct BlockTokens {
  std::vector<CodeToken> tokens;
  std::vector<std::string> skeleton;
  size_t changeable = 0;
};

std::string_view TextOf(const std::string& code, const CodeToken& token) {
  return std::string_view(code).substr(token.begin, token.end - token.begin);
}

BlockTokens ScanBlocks(const std::string& code, const std::vector<TextRange>& blocks) {
  BlockTokens scanned;
  const std::vector<CodeToken> all = ScanCode(code);
  for (const TextRange& block : blocks) {
    for (const CodeToken& token : all) {
      if (token.begin < block.begin || token.end > block.end) continue;
      if (!token.changeable) {
        scanned.skeleton.emplace_back(TextOf(code, token));
      } else if (token.kind == CodeToken::Kind::kComparison) {
        scanned.skeleton.emplace_back("<comparison>");
      } else {
        scanned.skeleton.push_back((token.is_float ? "<float>" : "<integer>") + token.suffix);
      }
      scanned.changeable += token.changeable ? 1 : 0;
      scanned.tokens.push_back(token);
    }
    scanned.skeleton.emplace_back("<end of block>");
  }
  return scanned;
}

TextEdit Replace(const std::string& code, const CodeToken& token, std::string after) {
  return {token.begin, token.end, token.line, std::string(TextOf(code, token)), std::move(after)};
}

std::vector<size_t> IndicesOf(const BlockTokens& scanned, CodeToken::Kind kind) {
  std::vector<size_t> indices;
  for (size_t i = 0; i < scanned.tokens.size(); ++i) {
    if (scanned.tokens[i].kind == kind && scanned.tokens[i].changeable) indices.push_back(i);
  }
  return indices;
}

// 1..max_changes distinct literals, each stepped. REQUIRES: the blocks have a changeable literal.
Plan LiteralPlan(const std::string& code, const BlockTokens& scanned, int max_changes, Rng& rng) {
  std::vector<size_t> literals = IndicesOf(scanned, CodeToken::Kind::kNumber);
  assert(!literals.empty());
  const size_t count =
      1 + DrawIndex(rng, std::min(literals.size(), static_cast<size_t>(std::max(1, max_changes))));
  Plan plan{"offline:literals", "", {}};
  for (size_t i = 0; i < count; ++i) {  // a partial Fisher-Yates shuffle picks `count` distinct literals
    std::swap(literals[i], literals[i + DrawIndex(rng, literals.size() - i)]);
    const CodeToken& literal = scanned.tokens[literals[i]];
    plan.edits.push_back(Replace(code, literal, SteppedLiteral(literal, rng)));
  }
  return plan;
}

// One comparison: flipped, or (half the time, when a literal is next to it) its threshold stepped.
// REQUIRES: the blocks have a changeable comparison.
Plan OperatorPlan(const std::string& code, const BlockTokens& scanned, Rng& rng) {
  const std::vector<size_t> comparisons = IndicesOf(scanned, CodeToken::Kind::kComparison);
  assert(!comparisons.empty());
  const size_t at = comparisons[DrawIndex(rng, comparisons.size())];
  const CodeToken& comparison = scanned.tokens[at];
  Plan plan{"offline:operator", "", {}};
  if (DrawUnit(rng) < 0.5) {
    for (const size_t neighbour : {at + 1, at - 1}) {  // at - 1 wraps past the end when at == 0
      if (neighbour >= scanned.tokens.size()) continue;
      const CodeToken& literal = scanned.tokens[neighbour];
      if (literal.kind != CodeToken::Kind::kNumber || !literal.changeable) continue;
      plan.edits.push_back(Replace(code, literal, SteppedLiteral(literal, rng)));
      return plan;
    }
  }
  plan.edits.push_back(Replace(code, comparison, FlippedComparison(TextOf(code, comparison))));
  return plan;
}

Plan MutationPlan(const std::string& code, const BlockTokens& scanned, const MutatorConfig& config,
                  Rng& rng) {
  const bool has_literals = !IndicesOf(scanned, CodeToken::Kind::kNumber).empty();
  const bool has_comparisons = !IndicesOf(scanned, CodeToken::Kind::kComparison).empty();
  const bool flip = has_comparisons && (!has_literals || DrawUnit(rng) < config.operator_flip_rate);
  return flip ? OperatorPlan(code, scanned, rng)
              : LiteralPlan(code, scanned, config.max_literal_changes, rng);
}

// A random non-empty subset of the other parent's differing literal and operator
// values. Empty edits, with `why_not` set, when the layouts differ or no value does.
Plan CrossoverPlan(const std::string& code, const BlockTokens& scanned, const std::string& other_code,
                   const BlockTokens& other, Rng& rng, std::string* why_not) {
  Plan plan{"offline:crossover", "", {}};
  if (other.skeleton != scanned.skeleton) {
    *why_not = other.changeable == scanned.changeable
                   ? "its EVOLVE-BLOCK code is laid out differently"
                   : "its EVOLVE-BLOCK code has " + std::to_string(other.changeable) +
                         " changeable literals and operators, the parent " +
                         std::to_string(scanned.changeable);
    return plan;
  }
  std::vector<size_t> differing;
  for (size_t i = 0; i < scanned.tokens.size(); ++i) {
    if (scanned.tokens[i].changeable &&
        TextOf(code, scanned.tokens[i]) != TextOf(other_code, other.tokens[i])) {
      differing.push_back(i);
    }
  }
  if (differing.empty()) {
    *why_not = "its literals and operators are the parent's";
    return plan;
  }
  std::vector<size_t> taken;
  for (const size_t i : differing) {
    if (DrawUnit(rng) < 0.5) taken.push_back(i);
  }
  if (taken.empty()) taken.push_back(differing[DrawIndex(rng, differing.size())]);
  for (const size_t i : taken) {
    plan.edits.push_back(Replace(code, scanned.tokens[i], std::string(TextOf(other_code, other.tokens[i]))));
  }
  return plan;
}

std::string ApplyEdits(std::string code, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.begin > b.begin; });
  for (const TextEdit& edit : edits) code.replace(edit.begin, edit.end - edit.begin, edit.after);
  return code;
}

// "line 42: 128 -> 192; line 47: <= -> <"
std::string Describe(std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.begin < b.begin; });
  std::string text;
  for (const TextEdit& edit : edits) {
    if (!text.empty()) text += "; ";
    text += "line " + std::to_string(edit.line) + ": " + edit.before + " -> " + edit.after;
  }
  return text;
}

std::string ProgramLabel(const ProgramRecord& program) {
  return program.id > 0 ? "program " + std::to_string(program.id) : "the second parent";
}

}  // namespace

Result<MutationResult> OfflineMutator::Propose(const MutationRequest& request, Rng& rng) {
  assert(request.parent != nullptr);
  MutationResult result;
  result.kind = "offline:literals";
  const std::string& code = request.parent->code;
  const Result<std::vector<TextRange>> blocks = FindEvolveBlocks(code);
  if (!blocks.ok()) {
    result.summary =
        "cannot mutate: the parent's EVOLVE-BLOCK markers are malformed: " + blocks.status().message();
    return result;
  }
  if (request.shape_figures != nullptr && DrawUnit(rng) < config_.shape_rule_rate) {
    std::optional<ShapeRuleChange> change =
        PlanShapeRules(code, request.parent->id, *request.shape_figures, menu_,
                       {.max_rules = config_.max_shape_rules, .insert_before = config_.insert_before}, rng);
    if (change.has_value()) {
      result.ok = true;
      result.code = std::move(change->code);
      result.kind = "offline:shape_rule";
      result.summary = std::move(change->summary);
      return result;
    }
  }
  const BlockTokens scanned = ScanBlocks(code, *blocks);
  if (!config_.statements.empty() && (scanned.changeable == 0 || DrawUnit(rng) < config_.statement_rate)) {
    const std::optional<StatementEdit> edit =
        PlanStatementEdit(code, *blocks, config_.statements, config_.insert_before, rng);
    if (edit.has_value()) {
      result.ok = true;
      result.code = code.substr(0, edit->begin) + edit->after + code.substr(edit->end);
      result.kind = "offline:statement";
      result.summary = edit->summary;
      return result;
    }
  }
  if (scanned.changeable == 0) {
    result.summary =
        "nothing to mutate: no numeric literal or comparison operator the offline mutator may change inside "
        "the "
        "EVOLVE-BLOCK regions (it changes positive decimal literals, and <, <=, >, >= written with spaces "
        "around them)";
    return result;
  }
  const ProgramRecord* other = request.second_parent;
  BlockTokens other_scanned;
  std::string other_problem;
  if (other != nullptr) {
    const Result<std::vector<TextRange>> other_blocks = FindEvolveBlocks(other->code);
    if (other_blocks.ok()) {
      other_scanned = ScanBlocks(other->code, *other_blocks);
    } else {
      other_problem = "its EVOLVE-BLOCK markers are malformed";
    }
  }

  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    Plan plan;
    if (other != nullptr && DrawUnit(rng) < config_.crossover_rate) {
      std::string why_not = other_problem;
      if (why_not.empty()) plan = CrossoverPlan(code, scanned, other->code, other_scanned, rng, &why_not);
      if (plan.edits.empty()) {
        plan = MutationPlan(code, scanned, config_, rng);
        plan.note = "no crossover with " + ProgramLabel(*other) + " (" + why_not + "), mutated instead: ";
      } else {
        plan.note = "crossover with " + ProgramLabel(*other) + ": ";
      }
    } else {
      plan = MutationPlan(code, scanned, config_, rng);
    }
    std::string child = ApplyEdits(code, plan.edits);
    if (child == code) continue;  // cannot happen with the steps above; kept as the header's promise
    result.ok = true;
    result.code = std::move(child);
    result.kind = plan.kind;
    result.summary = plan.note + Describe(plan.edits);
    return result;
  }
  result.summary = "no child different from the parent after " + std::to_string(kMaxAttempts) + " attempts";
  return result;
}

}  // namespace tv::evolve
