#include "infer/matmul_engine.h"

#include <utility>

namespace tv::infer {

TileChooser TileChooser::FromHeuristic(HeuristicFn fn, const tv_device_info& device) {
  TileChooser c;
  c.fn_ = fn;
  c.device_ = device;
  return c;
}

TileChooser TileChooser::FromTable(std::map<MatmulShape, tv_tile_config> table) {
  TileChooser c;
  c.table_ = std::move(table);
  return c;
}

Result<tv_tile_config> TileChooser::For(const MatmulShape& shape) const {
  const auto [m, n, k] = shape;
  if (fn_ != nullptr) return fn_(static_cast<int>(m), static_cast<int>(n), static_cast<int>(k), &device_);
  auto it = table_.find(shape);
  if (it == table_.end())
    return Status::NotFound("no tiles for the product " + std::to_string(m) + "x" + std::to_string(n) + "x" +
                            std::to_string(k) + " (the model's shape list missed it)");
  return it->second;
}

TilevolveEngine::TilevolveEngine(std::string name, int threads, TileChooser chooser)
    : name_(std::move(name)), gemm_(threads), chooser_(std::move(chooser)) {}

Status TilevolveEngine::Run(const gemm::SgemmArgs& args) {
  Result<tv_tile_config> tiles = chooser_.For({args.m, args.n, args.k});
  if (!tiles.ok()) return tiles.status();
  ++calls_;
  return gemm_.Run(args, *tiles);
}

}  // namespace tv::infer
