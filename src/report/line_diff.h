// A line diff of two texts (Myers' O(ND) algorithm, "An O(ND) Difference
// Algorithm and Its Variations", 1986): the shortest edit script that turns
// `before` into `after`, as the report shows a program against its parent.
#pragma once

#include <string>
#include <vector>

namespace tv::report {

enum class DiffOp { kSame, kRemoved, kAdded };

struct DiffLine {
  DiffOp op = DiffOp::kSame;
  std::string text;  // the line without its '\n'
  int old_line = 0;  // 1-based line in `before`; 0 for kAdded
  int new_line = 0;  // 1-based line in `after`; 0 for kRemoved
};

// Splits at '\n'; a final '\n' ends the last line and starts no new one
// ("a\nb\n" and "a\nb" are both {"a", "b"}; "" is {}).
std::vector<std::string> SplitLines(const std::string& text);

// The lines of `before` and `after` in order, each kSame, kRemoved or kAdded;
// within a change, removed lines come before added ones. Minimal (fewest
// removed + added lines) when the two differ in at most `max_edits` lines after
// their common first and last lines are set aside; beyond that (texts with
// almost nothing in common) the middle is shown as removed then added, which
// is still a correct diff. Memory: O(min(D, max_edits)^2) ints.
std::vector<DiffLine> LineDiff(const std::string& before, const std::string& after, int max_edits = 2000);

}  // namespace tv::report
