#include "evolve/run/cpu_tile_menu.h"

#include <algorithm>
#include <memory>
#include <vector>

#include "bench/oracle_grid.h"
#include "bench/oracle_sweep.h"
#include "device/device.h"
#include "gemm/cpu/cpu_gemm.h"

namespace tv::evolve {
namespace {

constexpr uint64_t kMenuSeed = 1;  // the grid's random combinations: the same ones every run

}  // namespace

TileMenu MakeCpuTileMenu(int threads) {
  const tv_device_info device = device::DetectCpu();
  // Shared by the menu's copies; the engine only legalizes here, it never runs a GEMM.
  auto gemm = std::make_shared<gemm::CpuGemm>(threads > 0 ? threads : std::max(1, device.physical_cores));
  return [gemm, device](int64_t m, int64_t n, int64_t k, const tv_tile_config& around) {
    const gemm::GemmShape shape{m, n, k};
    std::vector<tv_tile_config> menu =
        bench::TileVariations(*gemm, shape, device, gemm->Legalize(around, shape));
    for (const tv_tile_config& t :
         bench::OracleCandidates(*gemm, shape, device, bench::kDefaultOracleBudget, kMenuSeed))
      menu.push_back(t);
    return menu;
  };
}

}  // namespace tv::evolve
