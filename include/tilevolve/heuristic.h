/* tilevolve — the heuristic ABI: what an evolved (or hand-written) tiling
 * heuristic implements.
 *
 * A heuristic is one C++ (or C) translation unit that defines
 *
 *   tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info *device);
 *
 * for C = A * B with A M x K and B K x N. It may read only its arguments: no
 * files, no clock, no threads, no I/O of any kind (the evaluator runs it under
 * a system-call filter and rejects a program that tries). It must answer every
 * shape quickly and the same way every time, with mc, nc and kc in
 * [1, TV_HEURISTIC_MAX_TILE]; every other field may be 0 ("auto"). The answer
 * is a request: tilevolve legalizes it (clamps, aligns, makes it consistent)
 * before any kernel runs it, exactly as production does.
 *
 * tilevolve compiles a program with this header force-included, so a
 * definition whose signature differs is a compile or link error, never a
 * silent mismatch. Stable: fields and functions are only ever appended, and
 * TV_HEURISTIC_ABI_VERSION says which version a shared object was built for. */
#ifndef TILEVOLVE_HEURISTIC_H_
#define TILEVOLVE_HEURISTIC_H_

#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

#define TV_HEURISTIC_ABI_VERSION 2 /* 2: tv_tile_config gained the CUDA fields */

/* The largest mc, nc or kc a heuristic may return; larger is an invalid answer. */
#define TV_HEURISTIC_MAX_TILE 65536

#ifdef __cplusplus
extern "C" {
#endif

/* The entry point every heuristic defines. `device` is never null. */
__attribute__((visibility("default"))) tv_tile_config choose_tile_size(int M, int N, int K,
                                                                       const tv_device_info* device);

/* The ABI version the shared object was built against. Defined here (weak, so
 * including the header from several files of one program is fine); a loader
 * refuses an object whose value differs from its own TV_HEURISTIC_ABI_VERSION. */
#ifdef __cplusplus
__attribute__((weak, visibility("default"))) extern const int tv_heuristic_abi_version =
    TV_HEURISTIC_ABI_VERSION;
#else
__attribute__((weak, visibility("default"))) const int tv_heuristic_abi_version = TV_HEURISTIC_ABI_VERSION;
#endif

#ifdef __cplusplus
}
#endif

#endif /* TILEVOLVE_HEURISTIC_H_ */
