// Built for another heuristic ABI version. Compiled WITHOUT the force-included
// tilevolve/heuristic.h (whose weak tv_heuristic_abi_version this TU would
// otherwise redefine): the tests build it with a plain compiler call, as an
// object left over from another tilevolve would have been.
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

extern "C" {
__attribute__((visibility("default"))) extern const int tv_heuristic_abi_version = 999;

__attribute__((visibility("default"))) tv_tile_config choose_tile_size(int, int, int, const tv_device_info*) {
  return tv_tile_config{64, 64, 64};
}
}
