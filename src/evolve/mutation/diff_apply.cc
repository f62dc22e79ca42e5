#include "evolve/mutation/diff_apply.h"

#include <algorithm>
#include <optional>
#include <string_view>

#include "evolve/mutation/block_markers.h"
#include "evolve/mutation/evolve_blocks.h"
#include "evolve/mutation/text_lines.h"

namespace tv::evolve {
namespace {

constexpr std::string_view kSearchMarker = "<<<<<<< SEARCH";
constexpr std::string_view kDividerMarker = "=======";
constexpr std::string_view kReplaceMarker = ">>>>>>> REPLACE";
constexpr size_t kMaxQuotedLine = 100;  // characters of a program line quoted in a problem

std::string BlockLabel(size_t index) { return "block " + std::to_string(index + 1); }

std::string_view LineText(std::string_view text, const LineSpan& span) {
  return text.substr(span.begin, span.end - span.begin);
}

std::string Quote(std::string_view line) {
  std::string quoted(Trim(line));
  if (quoted.size() > kMaxQuotedLine) quoted = quoted.substr(0, kMaxQuotedLine) + "...";
  return "`" + quoted + "`";
}

// `text` in double quotes (built by appending: GCC 12's -Wrestrict misfires on "\"" + std::string).
std::string InQuotes(std::string_view text) {
  std::string quoted(1, '"');
  quoted.append(text);
  quoted += '"';
  return quoted;
}

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  return text;
}

bool LinesEqual(std::string_view a, std::string_view b, bool ignore_trailing_whitespace) {
  return ignore_trailing_whitespace ? TrimRight(a) == TrimRight(b) : a == b;
}

// How many leading lines of `search` match the program from line `first`.
size_t MatchingPrefix(std::string_view program, const std::vector<LineSpan>& lines, size_t first,
                      std::string_view search, const std::vector<LineSpan>& search_lines, bool loose) {
  size_t n = 0;
  while (n < search_lines.size() && first + n < lines.size() &&
         LinesEqual(LineText(program, lines[first + n]), LineText(search, search_lines[n]), loose)) {
    ++n;
  }
  return n;
}

// "lines 18-77 may be changed" for the non-empty regions.
std::string EditableLines(std::string_view program, const std::vector<TextRange>& regions) {
  std::string spans;
  for (const TextRange& region : regions) {
    if (region.end <= region.begin) continue;
    if (!spans.empty()) spans += ", ";
    spans += std::to_string(LineNumberAt(program, region.begin)) + "-" +
             std::to_string(LineNumberAt(program, region.end - 1));
  }
  if (spans.empty()) return "the EVOLVE-BLOCK regions are empty: no line may be changed";
  return "lines " + spans + " may be changed";
}

// Why a match at [begin, end) cannot apply: it would delete a marker line, or it lies outside the regions.
std::string OutsideProblem(std::string_view program, const std::vector<LineSpan>& lines, size_t first_line,
                           size_t line_count, const std::string& replace,
                           const std::vector<TextRange>& regions) {
  for (size_t i = first_line; i < first_line + line_count; ++i) {
    const std::string_view line = LineText(program, lines[i]);
    if (IsMarkerLine(line) && replace.find(Trim(line)) == std::string::npos) {
      return "REPLACE would delete the EVOLVE-BLOCK marker on line " + std::to_string(i + 1) + " " +
             Quote(line);
    }
  }
  return "SEARCH text is outside the EVOLVE-BLOCK regions (" + EditableLines(program, regions) + ")";
}

struct BlockApplication {
  std::optional<std::string> program;  // the result when the block applied
  std::string problem;                 // why it did not
  bool loose = false;                  // matched only with trailing whitespace ignored
};

BlockApplication ApplyBlock(const std::string& program, const SearchReplace& block) {
  BlockApplication outcome;
  if (block.search.find_first_not_of(" \t\r\n") == std::string::npos) {
    outcome.problem = "SEARCH text is empty (it must quote the lines to replace)";
    return outcome;
  }
  const Result<std::vector<TextRange>> regions = FindEvolveBlocks(program);
  if (!regions.ok()) {
    outcome.problem = "the program's EVOLVE-BLOCK markers are malformed: " + regions.status().message();
    return outcome;
  }
  const std::vector<LineSpan> lines = SplitLines(program);
  const std::vector<LineSpan> search_lines = SplitLines(block.search);
  const size_t k = search_lines.size();
  for (const bool loose : {false, true}) {
    std::optional<size_t> first_match;
    for (size_t first = 0; first + k <= lines.size(); ++first) {
      if (MatchingPrefix(program, lines, first, block.search, search_lines, loose) != k) continue;
      if (!first_match) first_match = first;
      const size_t begin = lines[first].begin;
      const size_t end = lines[first + k - 1].next;
      std::string replacement = block.replace;
      const bool ends_without_newline = end == program.size() && (end == 0 || program[end - 1] != '\n');
      if (ends_without_newline && !replacement.empty() && replacement.back() == '\n') replacement.pop_back();
      std::string candidate = program;
      candidate.replace(begin, end - begin, replacement);
      const bool inside = std::any_of(regions->begin(), regions->end(),
                                      [&](const TextRange& r) { return r.begin <= begin && end <= r.end; });
      const bool overlaps = std::any_of(regions->begin(), regions->end(),
                                        [&](const TextRange& r) { return begin < r.end && r.begin < end; });
      // A match that also quotes text outside the regions (a marker line as context)
      // applies when that text comes out unchanged.
      if (inside || (overlaps && ChangedOnlyInsideBlocks(program, candidate, nullptr))) {
        outcome.program = std::move(candidate);
        outcome.loose = loose;
        return outcome;
      }
    }
    if (first_match) {
      outcome.problem = OutsideProblem(program, lines, *first_match, k, block.replace, *regions);
      return outcome;
    }
  }
  // Not found: point at the longest partial match, which is usually the line the LLM misquoted.
  size_t best_prefix = 0;
  size_t best_first = 0;
  for (size_t first = 0; first < lines.size(); ++first) {
    const size_t prefix = MatchingPrefix(program, lines, first, block.search, search_lines, true);
    if (prefix > best_prefix) {
      best_prefix = prefix;
      best_first = first;
    }
  }
  outcome.problem = "SEARCH text not found";
  if (best_prefix > 0) {
    const std::string matched = best_prefix == 1
                                    ? "its first line matches line " + std::to_string(best_first + 1)
                                    : "its first " + std::to_string(best_prefix) + " lines match from line " +
                                          std::to_string(best_first + 1);
    outcome.problem += " (" + matched + ", but its line " + std::to_string(best_prefix + 1) + " " +
                       Quote(LineText(block.search, search_lines[best_prefix])) + " does not)";
  }
  return outcome;
}

}  // namespace

Result<std::vector<SearchReplace>> ParseDiff(const std::string& reply) {
  enum class Part { kOutside, kSearch, kReplace };
  Part part = Part::kOutside;
  std::vector<SearchReplace> blocks;
  std::vector<std::string> search;
  std::vector<std::string> replace;
  size_t start_line = 0;
  auto malformed = [&](const std::string& what) {
    return Status::InvalidArgument(BlockLabel(blocks.size()) + " (reply line " + std::to_string(start_line) +
                                   "): " + what);
  };
  const std::vector<LineSpan> lines = SplitLines(reply);
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = LineText(reply, lines[i]);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::string_view marker = Trim(line);
    switch (part) {
      case Part::kOutside:
        if (marker == kSearchMarker) {
          part = Part::kSearch;
          search.clear();
          replace.clear();
          start_line = i + 1;
        }
        break;
      case Part::kSearch:
        if (marker == kDividerMarker) {
          part = Part::kReplace;
        } else if (marker == kSearchMarker || marker == kReplaceMarker) {
          return malformed(InQuotes(marker) + " on reply line " + std::to_string(i + 1) +
                           " before the \"=======\" line");
        } else {
          search.emplace_back(line);
        }
        break;
      case Part::kReplace:
        if (marker == kReplaceMarker) {
          blocks.push_back({JoinLines(search), JoinLines(replace)});
          part = Part::kOutside;
        } else if (marker == kSearchMarker || marker == kDividerMarker) {
          return malformed(InQuotes(marker) + " on reply line " + std::to_string(i + 1) +
                           " before the \">>>>>>> REPLACE\" line");
        } else {
          replace.emplace_back(line);
        }
        break;
    }
  }
  if (part == Part::kSearch)
    return malformed("no \"=======\" line after \"<<<<<<< SEARCH\" (was the reply cut off?)");
  if (part == Part::kReplace) return malformed("no \">>>>>>> REPLACE\" line (was the reply cut off?)");
  return blocks;
}

DiffOutcome ApplyDiff(const std::string& program, const std::vector<SearchReplace>& blocks) {
  DiffOutcome outcome;
  outcome.program = program;
  for (size_t i = 0; i < blocks.size(); ++i) {
    BlockApplication application = ApplyBlock(outcome.program, blocks[i]);
    if (!application.program) {
      outcome.problems.push_back(BlockLabel(i) + ": " + application.problem);
      continue;
    }
    outcome.program = std::move(*application.program);
    ++outcome.applied;
    if (application.loose) {
      outcome.notes.push_back(BlockLabel(i) +
                              ": applied, but only with trailing whitespace ignored (the SEARCH text did "
                              "not match exactly)");
    }
  }
  return outcome;
}

}  // namespace tv::evolve
