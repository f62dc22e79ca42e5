// Where the runtime's matrix products go: tilevolve's CPU GEMM with tiles from
// a heuristic (built-in or an evolved program's answers), or a peer library.
// The model code is the same for every engine; only this call differs.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>

#include "bench/peer.h"
#include "core/status.h"
#include "gemm/cpu/cpu_gemm.h"
#include "gemm/sgemm_args.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::infer {

class MatmulEngine {
 public:
  virtual ~MatmulEngine() = default;
  virtual std::string name() const = 0;
  // One sgemm with cblas semantics. Not reentrant.
  virtual Status Run(const gemm::SgemmArgs& args) = 0;
};

// (m, n, k) of one product.
using MatmulShape = std::tuple<int64_t, int64_t, int64_t>;

// Tiles for a product shape: a built-in heuristic function or a fixed table.
class TileChooser {
 public:
  using HeuristicFn = tv_tile_config (*)(int m, int n, int k, const tv_device_info* device);
  static TileChooser FromHeuristic(HeuristicFn fn, const tv_device_info& device);
  // Every shape the model runs must be in the table (a program's answers).
  static TileChooser FromTable(std::map<MatmulShape, tv_tile_config> table);

  // NotFound when a table lacks the shape (the shape list missed one: a bug
  // reported as an error rather than silently using other tiles).
  Result<tv_tile_config> For(const MatmulShape& shape) const;

 private:
  HeuristicFn fn_ = nullptr;
  tv_device_info device_{};
  std::map<MatmulShape, tv_tile_config> table_;
};

// tilevolve's GEMM; the chooser's request is legalized inside CpuGemm::Run.
class TilevolveEngine final : public MatmulEngine {
 public:
  TilevolveEngine(std::string name, int threads, TileChooser chooser);
  std::string name() const override { return name_; }
  Status Run(const gemm::SgemmArgs& args) override;
  int64_t calls() const { return calls_; }

 private:
  std::string name_;
  gemm::CpuGemm gemm_;
  TileChooser chooser_;
  int64_t calls_ = 0;
};

// A peer library (bench/peer.h) as the engine.
class PeerEngine final : public MatmulEngine {
 public:
  explicit PeerEngine(std::unique_ptr<bench::Peer> peer) : peer_(std::move(peer)) {}
  std::string name() const override { return peer_->name(); }
  Status Run(const gemm::SgemmArgs& args) override { return peer_->Run(args); }

 private:
  std::unique_ptr<bench::Peer> peer_;
};

}  // namespace tv::infer
