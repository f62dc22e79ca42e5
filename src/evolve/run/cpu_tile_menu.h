// The shape rules' menu for the CPU engine: the variations of the current tiles
// in one decision and the configurations an oracle sweep would try for the
// shape (bench/oracle_grid.h), legalized by an engine like the evaluator's
// (same ISA choice, same thread count) on this machine.
#pragma once

#include "evolve/mutation/shape_rules.h"

namespace tv::evolve {

// threads: the evaluator's GEMM threads (0: all physical cores).
TileMenu MakeCpuTileMenu(int threads);

}  // namespace tv::evolve
