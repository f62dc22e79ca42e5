// Applying an LLM's SEARCH/REPLACE blocks (OpenEvolve's diff format):
//
//   <<<<<<< SEARCH
//   exact text to find
//   =======
//   replacement text
//   >>>>>>> REPLACE
//
// Each SEARCH text must occur inside an EVOLVE-BLOCK region of the program
// (first occurrence wins); a block whose SEARCH text is not found, or is found
// only outside the regions, is reported by number with the reason, never
// skipped silently. Blocks apply in order, each to the result of the previous.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"

namespace tv::evolve {

struct SearchReplace {
  std::string search;
  std::string replace;
};

// Extracts the blocks of an LLM reply (text around them is ignored). A reply
// with a malformed block (no "=======" or no REPLACE marker) is InvalidArgument
// naming the block's number.
Result<std::vector<SearchReplace>> ParseDiff(const std::string& reply);

struct DiffOutcome {
  std::string program;  // the program after every block that applied
  int applied = 0;
  std::vector<std::string>
      problems;  // one line per block that did not apply: "block 2: SEARCH text not found"
  // Blocks that applied with a caveat: "block 1: applied, but only with trailing whitespace ignored ..."
  std::vector<std::string> notes;
};

// Applies `blocks` to `program` within its EVOLVE-BLOCK regions.
DiffOutcome ApplyDiff(const std::string& program, const std::vector<SearchReplace>& blocks);

// A full rewrite: takes the code of the reply's first fenced code block
// (```cpp ... ``` or ``` ... ```) and keeps everything outside the parent's
// EVOLVE-BLOCK regions: the new block content replaces the old one (the reply
// must contain the markers, or be only the block's content when the parent has
// exactly one block). InvalidArgument says what is missing.
Result<std::string> ApplyRewrite(const std::string& parent, const std::string& reply);

}  // namespace tv::evolve
