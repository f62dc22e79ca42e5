// ApplyRewrite (declared in diff_apply.h): a full rewrite from a fenced code block.
#include <string_view>

#include "evolve/mutation/block_markers.h"
#include "evolve/mutation/diff_apply.h"
#include "evolve/mutation/evolve_blocks.h"
#include "evolve/mutation/text_lines.h"

namespace tv::evolve {
namespace {

constexpr std::string_view kFence = "```";

// The content of the reply's first fenced code block, each line ending in '\n'.
Result<std::string> FirstFencedCode(const std::string& reply) {
  const std::vector<LineSpan> lines = SplitLines(reply);
  size_t open = 0;
  while (open < lines.size() &&
         !Trim(std::string_view(reply).substr(lines[open].begin, lines[open].end - lines[open].begin))
              .starts_with(kFence)) {
    ++open;
  }
  if (open == lines.size()) {
    return Status::InvalidArgument("the reply has no fenced code block (```cpp ... ```) holding the program");
  }
  std::string code;
  for (size_t i = open + 1; i < lines.size(); ++i) {
    std::string_view line = std::string_view(reply).substr(lines[i].begin, lines[i].end - lines[i].begin);
    if (Trim(line).starts_with(kFence)) {
      if (code.find_first_not_of(" \t\r\n") == std::string::npos) {
        return Status::InvalidArgument("the reply's code block (reply line " + std::to_string(open + 1) +
                                       ") is empty");
      }
      return code;
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    code.append(line);
    code += '\n';
  }
  return Status::InvalidArgument("the reply's code block opened on reply line " + std::to_string(open + 1) +
                                 " is not closed by ``` (was the reply cut off?)");
}

}  // namespace

Result<std::string> ApplyRewrite(const std::string& parent, const std::string& reply) {
  Result<std::string> code = FirstFencedCode(reply);
  if (!code.ok()) return code.status();
  const Result<std::vector<TextRange>> parent_blocks = FindEvolveBlocks(parent);
  if (!parent_blocks.ok()) {
    return Status::InvalidArgument("the parent's EVOLVE-BLOCK markers: " + parent_blocks.status().message());
  }
  if (!HasMarkers(parent)) return code;  // the whole program is evolvable

  std::vector<std::string> contents;
  if (HasMarkers(*code)) {
    const Result<std::vector<TextRange>> code_blocks = FindEvolveBlocks(*code);
    if (!code_blocks.ok()) {
      return Status::InvalidArgument("the rewrite's EVOLVE-BLOCK markers: " + code_blocks.status().message());
    }
    if (code_blocks->size() != parent_blocks->size()) {
      return Status::InvalidArgument(
          "the rewrite has " + std::to_string(code_blocks->size()) + " EVOLVE-BLOCK regions and the parent " +
          std::to_string(parent_blocks->size()) + ": rewrite every region, markers included");
    }
    for (const TextRange& block : *code_blocks)
      contents.push_back(code->substr(block.begin, block.end - block.begin));
  } else {
    if (parent_blocks->size() != 1) {
      return Status::InvalidArgument("the rewrite has no EVOLVE-BLOCK markers and the parent has " +
                                     std::to_string(parent_blocks->size()) +
                                     " regions: the reply must contain the markers of every region");
    }
    contents.push_back(std::move(*code));
  }
  std::string child = parent;
  for (size_t i = parent_blocks->size(); i-- > 0;) {
    const TextRange& block = (*parent_blocks)[i];
    child.replace(block.begin, block.end - block.begin, contents[i]);
  }
  return child;
}

}  // namespace tv::evolve
