#include "gemm/cpu/cpu_gemm.h"

#include <cassert>
#include <vector>

#include "core/thread_pool.h"
#include "gemm/cpu/blocked_gemm.h"
#include "gemm/cpu/canonical.h"
#include "gemm/cpu/isa.h"
#include "gemm/cpu/legalize.h"
#include "gemm/cpu/parallel_gemm.h"
#include "gemm/cpu/small_m/small_m.h"
#include "gemm/tile_names.h"

namespace tv::gemm {
namespace {

// C = beta * C (beta == 0 writes zeros without reading C): the whole answer
// when k == 0 or alpha == 0.
void ScaleC(const cpu::CanonicalProblem& p) {
  if (p.beta == 1.0f) return;
  for (int64_t i = 0; i < p.m; ++i) {
    float* c = p.c + i * p.ldc;
    if (p.beta == 0.0f) {
      for (int64_t j = 0; j < p.n; ++j) c[j] = 0.0f;
    } else {
      for (int64_t j = 0; j < p.n; ++j) c[j] *= p.beta;
    }
  }
}

}  // namespace

struct CpuGemm::Impl {
  Impl(int thread_count, Isa requested)
      : isa(cpu::ResolveIsa(requested)),
        table(cpu::KernelTableFor(isa)),
        pool(thread_count),
        ws(thread_count) {
    for (int i = 0; i < table.kernel_count; ++i) shapes.push_back({table.kernels[i].mr, table.kernels[i].nr});
  }

  const Isa isa;
  const cpu::KernelTable& table;
  ThreadPool pool;
  std::vector<cpu::ThreadWorkspace> ws;  // one per thread
  std::vector<KernelShape> shapes;
};

CpuGemm::CpuGemm(int threads, Isa isa) : impl_(std::make_unique<Impl>(threads, isa)) { assert(threads >= 1); }

CpuGemm::~CpuGemm() = default;

Isa CpuGemm::isa() const { return impl_->isa; }

int CpuGemm::threads() const { return impl_->pool.size(); }

std::span<const KernelShape> CpuGemm::KernelShapes() const { return impl_->shapes; }

tv_tile_config CpuGemm::Legalize(const tv_tile_config& requested, const GemmShape& shape) const {
  return cpu::LegalizeTiles(requested, cpu::CanonicalizeShape(shape), impl_->isa, impl_->table, threads());
}

Status CpuGemm::Run(const SgemmArgs& args, const tv_tile_config& tiles) {
  TV_RETURN_IF_ERROR(ValidateSgemmArgs(args));
  const tv_tile_config legal = Legalize(tiles, ShapeOf(args));
  const cpu::CanonicalProblem p = cpu::Canonicalize(args);
  if (p.m == 0 || p.n == 0) return Status::Ok();
  if (p.k == 0 || p.alpha == 0.0f) {
    ScaleC(p);
    return Status::Ok();
  }
  if (legal.path == TV_PATH_SMALL_M) {
    cpu::RunSmallM(p, legal, impl_->isa, impl_->pool);
    return Status::Ok();
  }
  cpu::BlockedPlan plan;
  plan.mc = legal.mc;
  plan.nc = legal.nc;
  plan.kc = legal.kc;
  plan.pack_a = legal.pack_a != TV_PACK_OFF;
  plan.pack_b = legal.pack_b != TV_PACK_OFF;
  for (int i = 0; i < impl_->table.kernel_count; ++i) {
    const cpu::MicrokernelEntry& e = impl_->table.kernels[i];
    if (e.mr == legal.mr && e.nr == legal.nr) plan.kernel = e;
  }
  assert(plan.kernel.fn != nullptr);
  plan.pack_a_fn = impl_->table.pack_a;
  plan.pack_b_fn = impl_->table.pack_b;
  plan.kernel_copies_b = impl_->table.copies_b;
  cpu::RunBlockedParallel(p, plan, legal.threads, static_cast<tv_parallel>(legal.parallel), impl_->pool,
                          impl_->ws);
  return Status::Ok();
}

std::string FormatTiles(const tv_tile_config& t) {
  return "mc=" + std::to_string(t.mc) + ",nc=" + std::to_string(t.nc) + ",kc=" + std::to_string(t.kc) +
         ",mr=" + std::to_string(t.mr) + ",nr=" + std::to_string(t.nr) +
         ",threads=" + std::to_string(t.threads) + ",parallel=" + ParallelName(t.parallel) +
         ",pack_a=" + PackName(t.pack_a) + ",pack_b=" + PackName(t.pack_b) + ",path=" + PathName(t.path);
}

}  // namespace tv::gemm
