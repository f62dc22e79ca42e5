// Where the tiles of each shape come from, chosen once from the command line:
// a fixed --tiles spec, a per-shape --tiles-file (from `tilevolve oracle`), or a
// built-in heuristic. The answer is a request: callers legalize it through the
// GEMM before use (DESIGN.md rule 1, STYLE.md habit 9).
#pragma once

#include <map>
#include <string>

#include "bench/suite.h"
#include "core/status.h"
#include "heuristic/heuristics.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::bench {

class TileSource {
 public:
  // Exactly one of: tiles_text, tiles_file, heuristic_name (tiles_text and
  // tiles_file both set is an error; with neither, the heuristic is used).
  static Result<TileSource> Make(const std::string& tiles_text, const std::string& tiles_file,
                                 const std::string& heuristic_name);

  // The requested (not yet legal) tiles for one shape. NotFound when a tiles
  // file has no entry for the shape; InvalidArgument when its m, n, k differ.
  Result<tv_tile_config> For(const SuiteShape& shape, const tv_device_info& device) const;

  // "tiles 96,4096,384", "heuristic baseline" or "tiles file best.json".
  const std::string& description() const { return description_; }

 private:
  struct FileEntry {
    int64_t m, n, k;
    tv_tile_config tiles;
  };
  enum class Kind { kFixed, kFile, kHeuristic };
  Kind kind_ = Kind::kHeuristic;
  tv_tile_config fixed_{};
  std::map<std::string, FileEntry> file_;
  heuristic::HeuristicFn heuristic_ = nullptr;
  std::string description_;
};

}  // namespace tv::bench
