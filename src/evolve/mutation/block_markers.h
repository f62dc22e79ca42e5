// The EVOLVE-BLOCK marker strings: a line containing one of them, in any
// comment style ("// ...", "# ...", "/* ... */"), is a marker line.
#pragma once

#include <string_view>

namespace tv::evolve {

inline constexpr std::string_view kBlockStartMarker = "EVOLVE-BLOCK-START";
inline constexpr std::string_view kBlockEndMarker = "EVOLVE-BLOCK-END";

inline bool IsMarkerLine(std::string_view line) {
  return line.find(kBlockStartMarker) != std::string_view::npos ||
         line.find(kBlockEndMarker) != std::string_view::npos;
}

inline bool HasMarkers(std::string_view text) {
  return text.find(kBlockStartMarker) != std::string_view::npos ||
         text.find(kBlockEndMarker) != std::string_view::npos;
}

}  // namespace tv::evolve
