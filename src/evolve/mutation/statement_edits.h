// The offline mutator's structural change: insert one of the configured
// statements into an EVOLVE-BLOCK, or remove one inserted earlier
// (MutatorConfig::statements). Literal steps then tune the inserted numbers,
// so "if (M <= 16) tiles.kc = 64;" may later read "if (M <= 24) tiles.kc = 48;"
// and still be recognized (and removable) as that statement.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evolve/database/population.h"
#include "evolve/mutation/evolve_blocks.h"

namespace tv::evolve {

struct StatementEdit {
  size_t begin = 0;  // byte range of the program it replaces (empty for an insertion)
  size_t end = 0;
  int line = 0;         // 1-based line of the edit
  std::string after;    // the replacement text (a whole line with '\n', or empty)
  std::string summary;  // "inserted at line 70: if (M <= 16) tiles.kc = 64;" / "removed line 70: ..."
};

// `line` trimmed, with every numeric literal replaced by '#': the form two
// lines must share to count as the same statement.
std::string NumberSkeleton(std::string_view line);

// One insertion or removal, drawn from `rng`: half the time (when a block
// holds a line that is one of `statements` up to its numbers) a removal, else
// the insertion of a statement not yet present, indented like and placed
// before the last line of a block whose trimmed text starts with
// `insert_before`. Nothing when neither is possible.
std::optional<StatementEdit> PlanStatementEdit(const std::string& code, const std::vector<TextRange>& blocks,
                                               const std::vector<std::string>& statements,
                                               const std::string& insert_before, Rng& rng);

}  // namespace tv::evolve
