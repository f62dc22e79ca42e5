#include "bench/fma_beside.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>

#include "bench/roofline_kernels.h"

namespace tv::bench {
namespace {

namespace kernels = roofline_kernels;

// Keeps the chains' results alive so the loops are not optimized away.
std::atomic<float> g_fma_sink{0};

}  // namespace

FmaBeside::FmaBeside(gemm::Isa isa, int threads) : threads_(threads), pool_(threads) {
  assert(threads >= 1);
  switch (isa) {
    case gemm::Isa::kAvx512:
      fma_ = &kernels::FmaChainsAvx512;
      lanes_ = 16;
      break;
    case gemm::Isa::kAvx2:
      fma_ = &kernels::FmaChainsAvx2;
      lanes_ = 8;
      break;
    default:
      fma_ = &kernels::FmaChainsPortable;
      lanes_ = 4;
      break;
  }
}

int64_t FmaBeside::IterationsPerThread(double flops) const {
  const double per_iteration = static_cast<double>(kernels::kFmaChains) * lanes_ * 2.0 * threads_;
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(flops / per_iteration)));
}

double FmaBeside::FlopsDone(double flops) const {
  return static_cast<double>(IterationsPerThread(flops)) * kernels::kFmaChains * lanes_ * 2.0 * threads_;
}

double FmaBeside::Run(double flops) {
  const int64_t iterations = IterationsPerThread(flops);
  pool_.Run(threads_, [&](int /*t*/) { g_fma_sink.store(g_fma_sink.load() + fma_(iterations)); });
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
