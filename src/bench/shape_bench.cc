#include "bench/shape_bench.h"

#include <algorithm>
#include <optional>

#include "bench/fma_beside.h"
#include "bench/operand_read.h"
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
  // A plain read beside a memory-bound shape, after the peers: one contender per
  // stream count (one core's best read can need several streams).
  constexpr int kReadStreams[] = {1, 2, 4};
  std::optional<OperandReader> reader;             // its pool's threads only where it reads
  const size_t first_ceiling = contenders.size();  // the contenders after the peers are ceilings
  // The FMA loops beside a compute-bound shape, in the reader's place.
  std::optional<FmaBeside> fma;  // its pool's threads only where it runs
  if (IsMemoryBound(shape)) {
    reader.emplace(gemm.isa(), gemm.threads());
    for (int streams : kReadStreams) contenders.push_back(reader->AsContender(streams));
  } else {
    fma.emplace(gemm.isa(), gemm.threads());  // the peak of the threads asked for, as the roofline's
    contenders.push_back(fma->AsContender(shape.flops()));
  }
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
  if (fma.has_value() && ours.status.ok() && result.contenders[first_ceiling].status.ok() &&
      result.ratio_to_first[first_ceiling].count > 0) {
    // time_fma / time_ours, scaled by the flops each did: our GFLOP/s over the loops'.
    const double fma_flops = fma->FlopsDone(shape.flops());
    record.peak_gflops = fma_flops / result.contenders[first_ceiling].seconds.median / 1e9;
    record.of_peak = result.ratio_to_first[first_ceiling].median * shape.flops() / fma_flops;
  }
  for (size_t i = first_ceiling; reader.has_value() && ours.status.ok() && i < result.contenders.size();
       ++i) {
    const ContenderResult& read = result.contenders[i];
    if (!read.status.ok() || result.ratio_to_first[i].count == 0) continue;
    const double read_bytes = 4.0 * static_cast<double>(OperandReader::FloatsRead(
                                        operands.Args(0), kReadStreams[i - first_ceiling]));
    if (read_bytes == 0) continue;  // operands smaller than one block
    record.read_gbs = std::max(record.read_gbs, read_bytes / read.seconds.median / 1e9);
    // time_read / time_ours, scaled by the bytes each moved: our GB/s over the
    // reader's. The fastest read sets the ceiling: the lowest fraction.
    const double of_read = result.ratio_to_first[i].median * bytes / read_bytes;
    record.of_read = record.of_read > 0 ? std::min(record.of_read, of_read) : of_read;
  }
  for (size_t i = 1; i < first_ceiling; ++i) {
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
