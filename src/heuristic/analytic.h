// The `analytic` heuristic: tiles derived from the machine's caches with the
// BLIS analytical model (Low, Igual, Smith, Quintana-Orti, "Analytical Modeling
// Is Enough for High-Performance BLIS", ACM TOMS 2016), as a strong
// non-evolved reference for what evolution must beat.
//
// From the microkernel shape (mr x nr of the ISA's default kernel, known from
// device->vector_bits) and the cache sizes (l1d, l2, l3) it chooses
//   kc: an mr x kc sliver of A and a kc x nr sliver of B stay in L1 while the
//       B sliver streams (the paper's C_Ar / C_Br way split);
//   mc: the mc x kc block of A fills its share of L2;
//   nc: the kc x nc panel of B fills its share of L3 (per core sharing it);
// rounded to multiples of mr / nr and clamped to the problem. Unknown cache
// sizes (0) fall back to typical values. Pure: reads only its arguments.
#pragma once

#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::heuristic {

tv_tile_config ChooseAnalyticTiles(int m, int n, int k, const tv_device_info* device);

}  // namespace tv::heuristic
