#include "bench/oracle_grid.h"

#include <algorithm>
#include <random>

#include "bench/operands.h"
#include "tilevolve/tile_config.h"

namespace tv::bench {
namespace {

constexpr int64_t kFallbackL2Bytes = int64_t{1} << 20;

// Grid values of one decision each.
struct GridAxes {
  std::vector<gemm::KernelShape> kernels;
  std::vector<int32_t> kc, mc, nc;
  std::vector<int32_t> parallel = {TV_PARALLEL_N, TV_PARALLEL_M, TV_PARALLEL_K};
  std::vector<int32_t> pack = {TV_PACK_ON, TV_PACK_OFF};
  std::vector<int32_t> path = {TV_PATH_BLOCKED};
};

int32_t Clamp32(int64_t v) { return static_cast<int32_t>(std::clamp<int64_t>(v, 1, int64_t{1} << 30)); }

GridAxes AxesFor(const gemm::CpuGemm& gemm, const gemm::GemmShape& shape, const tv_device_info& device) {
  GridAxes axes;
  const auto kernels = gemm.KernelShapes();
  axes.kernels.assign(kernels.begin(), kernels.end());
  const int64_t l2 = device.l2_bytes > 0 ? device.l2_bytes : kFallbackL2Bytes;
  const int64_t l3 = device.l3_bytes > 0 ? device.l3_bytes : kFallbackL3Bytes;
  // kc: a packed B micro-panel (kc x nr) stays in L1/L2; legalize clamps to k.
  axes.kc = {64, 128, 256, 384, 512, 768};
  // mc: an mc x kc block of A in about half of L2 (kc = 384), and around it.
  const int64_t mc = l2 / 2 / (384 * 4);
  axes.mc = {Clamp32(mc / 4), Clamp32(mc / 2), Clamp32(mc), Clamp32(mc * 2)};
  // nc: a kc x nc panel of B in about half of L3 per thread, and around it, and all of n.
  const int64_t nc = l3 / 2 / (384 * 4) / std::max(1, gemm.threads());
  axes.nc = {Clamp32(nc / 4), Clamp32(nc), Clamp32(shape.n)};
  if (shape.m <= TV_SMALL_M_MAX_ROWS) axes.path.push_back(TV_PATH_SMALL_M);
  return axes;
}

// Appends Legalize(request) unless an equal config is already there.
void AddUnique(std::vector<tv_tile_config>& out, const gemm::CpuGemm& gemm, const gemm::GemmShape& shape,
               const tv_tile_config& request) {
  const tv_tile_config legal = gemm.Legalize(request, shape);
  for (const tv_tile_config& t : out) {
    if (SameTiles(t, legal)) return;
  }
  out.push_back(legal);
}

}  // namespace

bool SameTiles(const tv_tile_config& a, const tv_tile_config& b) {
  return a.mc == b.mc && a.nc == b.nc && a.kc == b.kc && a.mr == b.mr && a.nr == b.nr &&
         a.threads == b.threads && a.parallel == b.parallel && a.pack_a == b.pack_a && a.pack_b == b.pack_b &&
         a.path == b.path;
}

std::vector<tv_tile_config> TileVariations(const gemm::CpuGemm& gemm, const gemm::GemmShape& shape,
                                           const tv_device_info& device, const tv_tile_config& base) {
  const GridAxes axes = AxesFor(gemm, shape, device);
  // Each is requested as `base` with one decision changed, so legalize keeps the others where it can.
  std::vector<tv_tile_config> out = {base};
  auto vary = [&](auto set) {
    tv_tile_config t = base;
    set(t);
    AddUnique(out, gemm, shape, t);
  };
  for (const gemm::KernelShape& ks : axes.kernels) {
    vary([&](tv_tile_config& t) {
      t.mr = ks.mr;
      t.nr = ks.nr;
    });
  }
  for (int32_t p : axes.path) vary([&](tv_tile_config& t) { t.path = p; });
  for (int32_t p : axes.parallel) vary([&](tv_tile_config& t) { t.parallel = p; });
  for (int32_t p : axes.pack) vary([&](tv_tile_config& t) { t.pack_a = p; });
  for (int32_t p : axes.pack) vary([&](tv_tile_config& t) { t.pack_b = p; });
  for (int32_t v : axes.kc) vary([&](tv_tile_config& t) { t.kc = v; });
  for (int32_t v : axes.mc) vary([&](tv_tile_config& t) { t.mc = v; });
  for (int32_t v : axes.nc) vary([&](tv_tile_config& t) { t.nc = v; });
  out.erase(out.begin());
  return out;
}

std::vector<tv_tile_config> OracleCandidates(const gemm::CpuGemm& gemm, const gemm::GemmShape& shape,
                                             const tv_device_info& device, int budget, uint64_t seed) {
  const GridAxes axes = AxesFor(gemm, shape, device);
  std::vector<tv_tile_config> out;
  const tv_tile_config fallback = gemm.Legalize(tv_tile_config{}, shape);
  out.push_back(fallback);
  for (const tv_tile_config& t : TileVariations(gemm, shape, device, fallback)) {
    if (static_cast<int>(out.size()) >= budget) return out;
    out.push_back(t);
  }

  // Random combinations of the whole grid, reproducible from the seed.
  std::mt19937_64 rng(seed);
  auto pick = [&rng](const auto& values) { return values[rng() % values.size()]; };
  const int max_draws = 20 * budget;
  for (int draw = 0; draw < max_draws && static_cast<int>(out.size()) < budget; ++draw) {
    tv_tile_config t{};
    const gemm::KernelShape ks = pick(axes.kernels);
    t.mr = ks.mr;
    t.nr = ks.nr;
    t.kc = pick(axes.kc);
    t.mc = pick(axes.mc);
    t.nc = pick(axes.nc);
    t.parallel = pick(axes.parallel);
    t.pack_a = pick(axes.pack);
    t.pack_b = pick(axes.pack);
    t.path = pick(axes.path);
    AddUnique(out, gemm, shape, t);
  }
  return out;
}

}  // namespace tv::bench
