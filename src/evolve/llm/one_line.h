// Text from or for a model, shortened for one line of a log or an error:
// newlines and tabs become spaces, and past `max_chars` it is cut with "...".
#pragma once

#include <cstddef>
#include <string>

namespace tv::evolve {

inline std::string OneLine(std::string text, size_t max_chars) {
  if (text.size() > max_chars) text = text.substr(0, max_chars) + "...";
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

}  // namespace tv::evolve
