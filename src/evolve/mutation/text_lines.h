// Lines of a text by byte offset: what the EVOLVE-BLOCK, diff and literal code
// share to turn offsets into 1-based line numbers and back.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace tv::evolve {

struct LineSpan {
  size_t begin = 0;  // first byte of the line
  size_t end = 0;    // one past the last byte before '\n' (or the end of the text)
  size_t next = 0;   // first byte of the following line: end + 1, or end on the last line without '\n'
};

// Every line of `text`; a final line without '\n' counts, an empty text has none.
std::vector<LineSpan> SplitLines(std::string_view text);

// The 1-based number of the line holding byte `offset` (offset == text.size() is the last line).
int LineNumberAt(std::string_view text, size_t offset);

// `text` without trailing spaces, tabs and '\r'.
std::string_view TrimRight(std::string_view text);

// `text` without leading and trailing spaces, tabs and '\r'.
std::string_view Trim(std::string_view text);

}  // namespace tv::evolve
