// EVOLVE-BLOCK regions of a program: the only text a mutation may change.
//
//   // EVOLVE-BLOCK-START
//   ... evolvable code ...
//   // EVOLVE-BLOCK-END
//
// A program without markers is evolvable as a whole (OpenEvolve's behaviour);
// unbalanced or nested markers are an error that names the line.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "evolve/mutation/text_lines.h"

namespace tv::evolve {

struct TextRange {
  size_t begin = 0;  // byte offsets into the program, [begin, end)
  size_t end = 0;
};

// The editable ranges: the text strictly between each START line and its END
// line (marker lines themselves are not editable). The whole program when it
// has no markers.
Result<std::vector<TextRange>> FindEvolveBlocks(const std::string& program);

// Whether `child` differs from `parent` only inside `parent`'s blocks: the text
// outside the blocks (markers included) is identical. On false, `where` says
// which line outside a block changed.
bool ChangedOnlyInsideBlocks(const std::string& parent, const std::string& child, std::string* where);

struct BlockLine {
  LineSpan span;
  std::string_view text;  // a view into the code passed to LinesInBlocks
};

// The lines of `code` that lie wholly inside one of `blocks`, in order.
std::vector<BlockLine> LinesInBlocks(const std::string& code, const std::vector<TextRange>& blocks);

}  // namespace tv::evolve
