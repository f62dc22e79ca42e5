#include "evolve/mutation/evolve_blocks.h"

#include <algorithm>
#include <string_view>

#include "evolve/mutation/block_markers.h"
#include "evolve/mutation/text_lines.h"

namespace tv::evolve {
namespace {

std::string LineLabel(size_t index) { return "line " + std::to_string(index + 1); }

// Where `parent_segment` and `child_segment` first differ, as "line L ... changed".
std::string DescribeChange(const std::string& parent, size_t parent_offset, std::string_view parent_segment,
                           std::string_view child_segment) {
  const auto mismatch =
      std::mismatch(parent_segment.begin(), parent_segment.end(), child_segment.begin(), child_segment.end());
  const size_t at = parent_offset + static_cast<size_t>(mismatch.first - parent_segment.begin());
  const int line = LineNumberAt(parent, at);
  const std::vector<LineSpan> lines = SplitLines(parent);
  std::string text;
  if (line >= 1 && static_cast<size_t>(line) <= lines.size()) {
    const LineSpan& span = lines[static_cast<size_t>(line) - 1];
    text = std::string(Trim(std::string_view(parent).substr(span.begin, span.end - span.begin)));
  }
  std::string where =
      "line " + std::to_string(line) + " of the parent, outside the EVOLVE-BLOCK regions, changed";
  if (!text.empty()) where += ": `" + text + "`";
  return where;
}

}  // namespace

Result<std::vector<TextRange>> FindEvolveBlocks(const std::string& program) {
  std::vector<TextRange> blocks;
  const std::vector<LineSpan> lines = SplitLines(program);
  bool open = false;
  size_t open_index = 0;
  size_t open_begin = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view text =
        std::string_view(program).substr(lines[i].begin, lines[i].end - lines[i].begin);
    const bool start = text.find(kBlockStartMarker) != std::string_view::npos;
    const bool end = text.find(kBlockEndMarker) != std::string_view::npos;
    if (start && end) {
      return Status::InvalidArgument(LineLabel(i) +
                                     ": EVOLVE-BLOCK-START and EVOLVE-BLOCK-END on one line; put each "
                                     "marker on a line of its own");
    }
    if (start) {
      if (open) {
        return Status::InvalidArgument(LineLabel(i) + ": EVOLVE-BLOCK-START inside the block opened on " +
                                       LineLabel(open_index) + " (blocks cannot nest)");
      }
      open = true;
      open_index = i;
      open_begin = lines[i].next;
    } else if (end) {
      if (!open) {
        return Status::InvalidArgument(LineLabel(i) +
                                       ": EVOLVE-BLOCK-END without an EVOLVE-BLOCK-START before it");
      }
      blocks.push_back({open_begin, lines[i].begin});
      open = false;
    }
  }
  if (open) {
    return Status::InvalidArgument(LineLabel(open_index) +
                                   ": EVOLVE-BLOCK-START without an EVOLVE-BLOCK-END after it");
  }
  if (blocks.empty()) blocks.push_back({0, program.size()});
  return blocks;
}

bool ChangedOnlyInsideBlocks(const std::string& parent, const std::string& child, std::string* where) {
  std::string unused;
  if (where == nullptr) where = &unused;
  const Result<std::vector<TextRange>> parent_blocks = FindEvolveBlocks(parent);
  if (!parent_blocks.ok()) {
    *where = "the parent's EVOLVE-BLOCK markers: " + parent_blocks.status().message();
    return false;
  }
  if (!HasMarkers(parent)) return true;  // the whole program is evolvable
  if (!HasMarkers(child)) {
    *where = "the child has no EVOLVE-BLOCK markers left";
    return false;
  }
  const Result<std::vector<TextRange>> child_blocks = FindEvolveBlocks(child);
  if (!child_blocks.ok()) {
    *where = "the child's EVOLVE-BLOCK markers: " + child_blocks.status().message();
    return false;
  }
  if (child_blocks->size() != parent_blocks->size()) {
    *where = "the child has " + std::to_string(child_blocks->size()) + " EVOLVE-BLOCK regions, the parent " +
             std::to_string(parent_blocks->size());
    return false;
  }
  // The text outside the blocks: segment i runs from the end of block i-1 to the start of block i.
  size_t parent_from = 0;
  size_t child_from = 0;
  for (size_t i = 0; i <= parent_blocks->size(); ++i) {
    const bool last = i == parent_blocks->size();
    const size_t parent_to = last ? parent.size() : (*parent_blocks)[i].begin;
    const size_t child_to = last ? child.size() : (*child_blocks)[i].begin;
    const std::string_view parent_segment =
        std::string_view(parent).substr(parent_from, parent_to - parent_from);
    const std::string_view child_segment = std::string_view(child).substr(child_from, child_to - child_from);
    if (parent_segment != child_segment) {
      *where = DescribeChange(parent, parent_from, parent_segment, child_segment);
      return false;
    }
    if (!last) {
      parent_from = (*parent_blocks)[i].end;
      child_from = (*child_blocks)[i].end;
    }
  }
  return true;
}

std::vector<BlockLine> LinesInBlocks(const std::string& code, const std::vector<TextRange>& blocks) {
  std::vector<BlockLine> lines;
  for (const LineSpan& span : SplitLines(code)) {
    for (const TextRange& block : blocks) {
      if (span.begin >= block.begin && span.end <= block.end) {
        lines.push_back({span, std::string_view(code).substr(span.begin, span.end - span.begin)});
        break;
      }
    }
  }
  return lines;
}

}  // namespace tv::evolve
