#include "bench/shape_bench.h"

#include "bench/operands.h"
#include "bench/reference.h"

namespace tv::bench {

Contender GemmContender(gemm::CpuGemm& gemm, const tv_tile_config& tiles, std::string name) {
  return {std::move(name), [&gemm, tiles](const gemm::SgemmArgs& args) { return gemm.Run(args, tiles); }};
}

Contender PeerContender(Peer& peer) {
  return {peer.name(), [&peer](const gemm::SgemmArgs& args) { return peer.Run(args); }};
}

ShapeRecord BenchShape(const SuiteShape& shape, const tv_tile_config& tiles, gemm::CpuGemm& gemm,
                       std::span<Peer* const> peers, const ShapeBenchOptions& options) {
  ShapeRecord record;
  record.shape = shape;
  record.tiles = tiles;
  const RotationPlan plan = PlanRotation(shape.m, shape.n, shape.k, options.l3_bytes);
  GemmOperands operands(shape.m, shape.n, shape.k, plan.sets, options.seed);
  const std::vector<float> reference = TrustedProduct(operands.Args(0));

  std::vector<Contender> contenders = {GemmContender(gemm, tiles)};
  for (Peer* peer : peers) contenders.push_back(PeerContender(*peer));
  const ComparisonResult result = Compare(contenders, operands, reference, options.measure);

  const double bytes = 4.0 * static_cast<double>(shape.m * shape.k + shape.k * shape.n + shape.m * shape.n);
  const ContenderResult& ours = result.contenders[0];
  record.status = ours.status;
  record.reps = result.rounds;
  record.others_quiet = result.others_quiet;
  if (ours.status.ok()) {
    record.seconds = ours.seconds.median;
    record.gflops = shape.flops() / record.seconds / 1e9;
    record.gbs = bytes / record.seconds / 1e9;
    record.spread = ours.seconds.relative_spread;
  }
  for (size_t i = 1; i < result.contenders.size(); ++i) {
    const ContenderResult& peer = result.contenders[i];
    PeerFigure figure;
    figure.name = peer.name;
    figure.status = peer.status;
    if (peer.status.ok()) figure.gflops = shape.flops() / peer.seconds.median / 1e9;
    if (result.ratio_to_first[i].count > 0) {
      figure.ratio = result.ratio_to_first[i].median;
      figure.ratio_spread = result.ratio_to_first[i].relative_spread;
    }
    record.peers.push_back(figure);
  }
  return record;
}

}  // namespace tv::bench
