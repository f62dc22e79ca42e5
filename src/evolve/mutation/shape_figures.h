// What every evaluated program measured on each train shape: its legalized
// tiles there and its speedup over the baseline. The offline mutator's shape
// rules read it to carry one program's tiles for a shape into another program
// and to avoid proposing tiles a shape has already been timed with. Only train
// shapes go in: held-out shapes never steer the search.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "tilevolve/tile_config.h"

namespace tv::evolve {

struct ShapeFigure {
  std::string shape;  // the suite's shape name
  int64_t m = 0, n = 0, k = 0;
  tv_tile_config tiles{};  // legalized: what ran
  double speedup = 0;      // over the baseline heuristic's tiles
  int64_t program_id = 0;  // who measured it (set by ShapeFigures::Add)
};

// Whether two configs are the same decision, field by field.
bool SameTileConfig(const tv_tile_config& a, const tv_tile_config& b);

class ShapeFigures {
 public:
  // The train-shape figures of one evaluated program (figures with a speedup
  // <= 0 are skipped). A program added twice keeps its last figures.
  void Add(int64_t program_id, std::vector<ShapeFigure> figures);

  // The figures of one program; empty when it was never added.
  const std::vector<ShapeFigure>& Of(int64_t program_id) const;

  // The fastest figure any program measured on `shape`, or nullptr.
  const ShapeFigure* Best(const std::string& shape) const;

  // Whether some program ran `shape` with exactly `tiles`.
  bool Tried(const std::string& shape, const tv_tile_config& tiles) const;

 private:
  std::map<int64_t, std::vector<ShapeFigure>> by_program_;
  std::map<std::string, std::vector<ShapeFigure>> by_shape_;  // one entry per distinct tiles, the fastest
};

}  // namespace tv::evolve
