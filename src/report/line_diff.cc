#include "report/line_diff.h"

#include <algorithm>
#include <cassert>
#include <functional>
#include <unordered_map>

namespace tv::report {
namespace {

// Lines as small integers (equal lines, equal ids), so the search compares ints.
std::vector<int> LineIds(const std::vector<std::string>& lines, std::unordered_map<std::string, int>& ids) {
  std::vector<int> out;
  out.reserve(lines.size());
  for (const std::string& line : lines)
    out.push_back(ids.emplace(line, static_cast<int>(ids.size())).first->second);
  return out;
}

enum class Step { kSame, kRemoved, kAdded };

// Myers' greedy forward search over a[0..n) and b[0..m), then a backtrack
// through the saved frontiers. Returns the steps in order, or nothing when the
// edit distance exceeds `max_edits`.
// trace[d][k + d] = the furthest x reached on diagonal k = x - y with d edits.
bool ShortestEditScript(const std::vector<int>& a, const std::vector<int>& b, int max_edits,
                        std::vector<Step>& steps) {
  const int n = static_cast<int>(a.size());
  const int m = static_cast<int>(b.size());
  const int limit = std::min(n + m, max_edits);
  std::vector<int> v(2 * static_cast<size_t>(limit) + 3, 0);
  const int offset = limit + 1;  // v[offset + k]
  std::vector<std::vector<int>> trace;
  int found = -1;
  for (int d = 0; d <= limit && found < 0; ++d) {
    for (int k = -d; k <= d; k += 2) {
      const bool down = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]);
      int x = down ? v[offset + k + 1] : v[offset + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) {
        ++x;
        ++y;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) found = d;
    }
    trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
  }
  if (found < 0) return false;

  std::vector<Step> reversed;
  int x = n;
  int y = m;
  for (int d = found; d > 0; --d) {
    const std::vector<int>& previous = trace[d - 1];  // index k + (d - 1)
    const int k = x - y;
    const auto at = [&](int diagonal) { return previous[diagonal + d - 1]; };
    const bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    const int previous_k = down ? k + 1 : k - 1;
    const int previous_x = at(previous_k);
    const int previous_y = previous_x - previous_k;
    const int start_x = down ? previous_x : previous_x + 1;  // where the snake after the edit began
    while (x > start_x) {
      reversed.push_back(Step::kSame);
      --x;
      --y;
    }
    reversed.push_back(down ? Step::kAdded : Step::kRemoved);
    x = previous_x;
    y = previous_y;
  }
  while (x > 0) {
    reversed.push_back(Step::kSame);
    --x;
    --y;
  }
  assert(y == 0);
  steps.assign(reversed.rbegin(), reversed.rend());
  return true;
}

// Within each run of changes, removed lines first, then added ones.
void OrderChanges(std::vector<DiffLine>& lines) {
  size_t i = 0;
  while (i < lines.size()) {
    if (lines[i].op == DiffOp::kSame) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < lines.size() && lines[end].op != DiffOp::kSame) ++end;
    std::stable_partition(lines.begin() + static_cast<std::ptrdiff_t>(i),
                          lines.begin() + static_cast<std::ptrdiff_t>(end),
                          [](const DiffLine& line) { return line.op == DiffOp::kRemoved; });
    i = end;
  }
}

}  // namespace

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back(text.substr(start));
      break;
    }
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<DiffLine> LineDiff(const std::string& before, const std::string& after, int max_edits) {
  const std::vector<std::string> old_lines = SplitLines(before);
  const std::vector<std::string> new_lines = SplitLines(after);
  size_t prefix = 0;
  while (prefix < old_lines.size() && prefix < new_lines.size() && old_lines[prefix] == new_lines[prefix]) {
    ++prefix;
  }
  size_t suffix = 0;
  while (suffix < old_lines.size() - prefix && suffix < new_lines.size() - prefix &&
         old_lines[old_lines.size() - 1 - suffix] == new_lines[new_lines.size() - 1 - suffix]) {
    ++suffix;
  }
  const std::vector<std::string> old_middle(old_lines.begin() + static_cast<std::ptrdiff_t>(prefix),
                                            old_lines.end() - static_cast<std::ptrdiff_t>(suffix));
  const std::vector<std::string> new_middle(new_lines.begin() + static_cast<std::ptrdiff_t>(prefix),
                                            new_lines.end() - static_cast<std::ptrdiff_t>(suffix));
  std::unordered_map<std::string, int> ids;
  const std::vector<int> a = LineIds(old_middle, ids);
  const std::vector<int> b = LineIds(new_middle, ids);
  std::vector<Step> steps;
  if (!ShortestEditScript(a, b, std::max(0, max_edits), steps)) {
    steps.assign(a.size(), Step::kRemoved);
    steps.insert(steps.end(), b.size(), Step::kAdded);
  }

  std::vector<DiffLine> out;
  out.reserve(prefix + steps.size() + suffix);
  int old_index = 0;  // 0-based into old_lines
  int new_index = 0;
  const auto emit = [&](DiffOp op) {
    DiffLine line;
    line.op = op;
    if (op == DiffOp::kAdded) {
      line.text = new_lines[new_index];
    } else {
      line.text = old_lines[old_index];
    }
    if (op != DiffOp::kAdded) line.old_line = ++old_index;
    if (op != DiffOp::kRemoved) line.new_line = ++new_index;
    out.push_back(std::move(line));
  };
  for (size_t i = 0; i < prefix; ++i) emit(DiffOp::kSame);
  for (const Step step : steps) {
    emit(step == Step::kSame ? DiffOp::kSame : step == Step::kAdded ? DiffOp::kAdded : DiffOp::kRemoved);
  }
  for (size_t i = 0; i < suffix; ++i) emit(DiffOp::kSame);
  OrderChanges(out);
  return out;
}

}  // namespace tv::report
