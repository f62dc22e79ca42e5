#include "evolve/mutation/shape_figures.h"

#include <cstring>
#include <type_traits>

namespace tv::evolve {

bool SameTileConfig(const tv_tile_config& a, const tv_tile_config& b) {
  static_assert(std::has_unique_object_representations_v<tv_tile_config>,
                "tv_tile_config must be plain integers without padding to compare bytewise");
  return std::memcmp(&a, &b, sizeof a) == 0;
}

void ShapeFigures::Add(int64_t program_id, std::vector<ShapeFigure> figures) {
  std::vector<ShapeFigure>& own = by_program_[program_id];
  own.clear();
  for (ShapeFigure& figure : figures) {
    if (!(figure.speedup > 0)) continue;
    figure.program_id = program_id;
    std::vector<ShapeFigure>& seen = by_shape_[figure.shape];
    bool known = false;
    for (ShapeFigure& s : seen) {
      if (!SameTileConfig(s.tiles, figure.tiles)) continue;
      if (figure.speedup > s.speedup) s = figure;
      known = true;
      break;
    }
    if (!known) seen.push_back(figure);
    own.push_back(std::move(figure));
  }
}

const std::vector<ShapeFigure>& ShapeFigures::Of(int64_t program_id) const {
  static const std::vector<ShapeFigure> kNone;
  auto it = by_program_.find(program_id);
  return it == by_program_.end() ? kNone : it->second;
}

const ShapeFigure* ShapeFigures::Best(const std::string& shape) const {
  auto it = by_shape_.find(shape);
  if (it == by_shape_.end()) return nullptr;
  const ShapeFigure* best = nullptr;
  for (const ShapeFigure& s : it->second) {
    if (best == nullptr || s.speedup > best->speedup) best = &s;
  }
  return best;
}

bool ShapeFigures::Tried(const std::string& shape, const tv_tile_config& tiles) const {
  auto it = by_shape_.find(shape);
  if (it == by_shape_.end()) return false;
  for (const ShapeFigure& s : it->second) {
    if (SameTileConfig(s.tiles, tiles)) return true;
  }
  return false;
}

}  // namespace tv::evolve
