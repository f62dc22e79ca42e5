// Defines the ABI version but no choose_tile_size. CompileProgram would refuse
// it at link time; the tests build it with a plain compiler call to check that
// the host refuses it too.
#include "tilevolve/heuristic.h"

extern "C" __attribute__((visibility("default"))) tv_tile_config choose_tile_sizes(int, int, int) {
  return tv_tile_config{64, 64, 64};
}
