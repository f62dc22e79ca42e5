#include "integrate/active_heuristic.h"

#include <climits>
#include <utility>

#include "evolve/heuristic_probe.h"
#include "heuristic/baseline.h"

namespace tv::integrate {

const char* RouteName(Route route) {
  switch (route) {
    case Route::kEvolved:
      return "evolved";
    case Route::kDefault:
      return "default";
    case Route::kSmall:
      return "small";
    case Route::kUnsupported:
      return "unsupported";
    case Route::kInvalidTiles:
      return "invalid_tiles";
    case Route::kTable:
      return "fallback_table";
  }
  return "?";
}

ActiveHeuristic::ActiveHeuristic(std::unique_ptr<LoadedProgram> program, std::optional<FallbackTable> table,
                                 std::string table_path, std::string table_note)
    : program_(std::move(program)),
      table_(std::move(table)),
      table_path_(std::move(table_path)),
      table_note_(std::move(table_note)) {}

size_t ActiveHeuristic::ShapeKeyHash::operator()(const ShapeKey& s) const {
  uint64_t h = static_cast<uint32_t>(s.m);
  h = h * 0x9e3779b97f4a7c15ull ^ static_cast<uint32_t>(s.n);
  h = h * 0x9e3779b97f4a7c15ull ^ static_cast<uint32_t>(s.k);
  return static_cast<size_t>(h ^ (h >> 29));
}

tv_tile_config ActiveHeuristic::Ask(int m, int n, int k, const tv_device_info& device) const {
  const ShapeKey key{m, n, k};
  {
    std::lock_guard<std::mutex> lock(memo_mu_);
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
  }
  const tv_tile_config answer = program_->Choose(m, n, k, device);
  std::lock_guard<std::mutex> lock(memo_mu_);
  if (memo_.size() < kMemoCapacity) memo_.emplace(key, answer);
  return answer;
}

TileChoice ActiveHeuristic::Choose(const gemm::GemmShape& shape, const tv_device_info& device) const {
  TileChoice choice;
  if (shape.m > INT_MAX || shape.n > INT_MAX || shape.k > INT_MAX) {
    choice.route = Route::kUnsupported;
    return choice;
  }
  const double bytes = 4.0 * (static_cast<double>(shape.m) * static_cast<double>(shape.k) +
                              static_cast<double>(shape.k) * static_cast<double>(shape.n) +
                              static_cast<double>(shape.m) * static_cast<double>(shape.n));
  if (shape.m == 0 || shape.n == 0 || shape.k == 0 || bytes <= static_cast<double>(kSmallProblemBytes)) {
    choice.route = Route::kSmall;
    return choice;
  }
  const int m = static_cast<int>(shape.m);
  const int n = static_cast<int>(shape.n);
  const int k = static_cast<int>(shape.k);
  if (table_.has_value() && table_->Contains(m, n, k)) {
    choice.tiles = heuristic::ChooseBaselineTiles(m, n, k, &device);
    choice.route = Route::kTable;
    return choice;
  }
  const tv_tile_config answer = Ask(m, n, k, device);
  if (!evolve::ValidateAnswer(answer).ok()) {
    choice.route = Route::kInvalidTiles;
    return choice;
  }
  choice.tiles = answer;
  choice.route = Route::kEvolved;
  return choice;
}

}  // namespace tv::integrate
