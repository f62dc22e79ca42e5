// A hand-written tiling heuristic for tilevolve's CPU GEMM: what an engineer
// writes after reading the engine and measuring a few shapes (docs/PERFORMANCE.md),
// as a yardstick that evolution has to beat. It differs from Generation 0
// (initial_program.cpp) where the engine's structure says it should:
//  - kc: deep enough that each microkernel call amortizes loading its C block
//    (384 for large M; 256 when M <= 64, where the B sliver is read in place);
//  - nc: the kc x nc packed panel of B takes about 3/4 of one core's L2;
//  - mc: the mc x kc packed block of A takes about 1/5 of L2, so A and B stay
//    resident together;
//  - M <= 64 (decode and small batches): one row block covers all of M.
// The microkernel shape, thread split, packing and the small-M streaming path
// stay 0 (auto): the engine picks them.
//
//   tilevolve eval examples/gemm_tiling/hand_written_program.cpp
#include "tilevolve/heuristic.h"

// EVOLVE-BLOCK-START
namespace {

int RoundDown(long long value, int multiple) {
  const long long rounded = value / multiple * multiple;
  return static_cast<int>(rounded < multiple ? multiple : rounded);
}

int RoundUp(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

}  // namespace

extern "C" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device) {
  const long long l2 = device->l2_bytes > 0 ? device->l2_bytes : (1 << 20);
  const bool small_m = M <= 64;
  const int nr = small_m ? 48 : (device->vector_bits >= 512 ? 32 : 16);  // the engine's default kernels
  const int mr = small_m ? 8 : 6;

  tv_tile_config tiles{};
  tiles.kc = K < (small_m ? 256 : 384) ? (K > 0 ? K : 1) : (small_m ? 256 : 384);
  tiles.nc = RoundDown(l2 * 3 / 4 / (4LL * tiles.kc), nr);
  tiles.mc = small_m ? RoundUp(M > 0 ? M : 1, mr) : RoundDown(l2 / 5 / (4LL * tiles.kc), mr);
  if (N > 0 && tiles.nc > RoundUp(N, nr)) tiles.nc = RoundUp(N, nr);
  return tiles;
}
// EVOLVE-BLOCK-END
