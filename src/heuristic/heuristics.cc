#include "heuristic/heuristics.h"

#include <iterator>

#include "heuristic/analytic.h"
#include "heuristic/baseline.h"

namespace tv::heuristic {
namespace {

tv_tile_config ChooseAutoTiles(int /*m*/, int /*n*/, int /*k*/, const tv_device_info* /*device*/) {
  return tv_tile_config{};
}

struct NamedHeuristic {
  const char* name;
  HeuristicFn fn;
};

// One line per built-in heuristic.
constexpr NamedHeuristic kHeuristics[] = {
    {"baseline", &ChooseBaselineTiles},
    {"auto", &ChooseAutoTiles},
    {"analytic", &ChooseAnalyticTiles},
};

}  // namespace

Result<HeuristicFn> FindHeuristic(const std::string& name) {
  for (const NamedHeuristic& h : kHeuristics) {
    if (name == h.name) return h.fn;
  }
  std::string known;
  for (const std::string& n : HeuristicNames()) known += (known.empty() ? "" : ", ") + n;
  return Status::NotFound("unknown heuristic '" + name + "'; the built-in heuristics are: " + known);
}

std::vector<std::string> HeuristicNames() {
  std::vector<std::string> names;
  names.reserve(std::size(kHeuristics));
  for (const NamedHeuristic& h : kHeuristics) names.push_back(h.name);
  return names;
}

}  // namespace tv::heuristic
