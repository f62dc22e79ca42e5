#include "bench/fma_beside.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>

#include "bench/roofline.h"
#include "bench/roofline_kernels.h"

namespace tv::bench {
namespace {

namespace kernels = roofline_kernels;

// Keeps the chains' results alive so the loops are not optimized away.
std::atomic<float> g_fma_sink{0};

}  // namespace

FmaBeside::FmaBeside(gemm::Isa isa, int threads)
    : loops_(RooflineLoopsFor(isa)), threads_(threads), pool_(threads) {
  assert(threads >= 1);
}

double FmaBeside::FlopsPerRound() const {
  return static_cast<double>(kernels::kFmaChains) * loops_.lanes * 2.0 * threads_;
}

int64_t FmaBeside::IterationsPerThread(double flops) const {
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(flops / FlopsPerRound())));
}

double FmaBeside::FlopsDone(double flops) const {
  return static_cast<double>(IterationsPerThread(flops)) * FlopsPerRound();
}

double FmaBeside::Run(double flops) {
  const int64_t iterations = IterationsPerThread(flops);
  pool_.Run(threads_, [&](int /*t*/) { g_fma_sink.store(g_fma_sink.load() + loops_.fma(iterations)); });
  return FlopsDone(flops);
}

Contender FmaBeside::AsContender(double flops) {
  Contender c;
  c.name = "fma peak";
  c.run = [this, flops](const gemm::SgemmArgs& /*args*/) {
    Run(flops);
    return Status::Ok();
  };
  c.checked = false;
  return c;
}

}  // namespace tv::bench
