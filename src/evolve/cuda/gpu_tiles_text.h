// The CUDA fields of tv_tile_config as text and JSON: what `tilevolve bench
// --backend cuda --tiles` accepts, what `oracle --backend cuda --json` writes
// and `bench --backend cuda --tiles-file` reads back, and the per-shape tiles
// of the CUDA evaluator's metrics.
//
//   Result<tv_tile_config> t = ParseGpuTiles("128,256,64");                 // BM, BN, BK
//   Result<tv_tile_config> u = ParseGpuTiles("bm=128,bn=256,kernel=wgmma,split_k=2");
//   nlohmann::json j = GpuTilesToJson(*t);  // {"bm":128,"bn":256,"bk":64,"warp_m":0,...,"kernel":"auto"}
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "tilevolve/tile_config.h"

namespace tv::evolve::cuda {

inline constexpr const char* kGpuTilesForms =
    "accepted forms: 'BM,BN,BK' (the CTA tile, e.g. 128,256,64) or a key=value list such as "
    "'bm=128,bn=256,bk=64,warp_m=64,warp_n=256,stages=4,split_k=1,swizzle=3,kernel=mma|wgmma|stream|auto,"
    "aligned_copies=on|off|auto' "
    "(any subset; mc/nc/kc are accepted for bm/bn/bk; omitted keys and 0 or 'auto' mean automatic)";

// Parses --tiles text for the GPU. Unset fields stay 0 (auto); Legalize snaps the rest.
Result<tv_tile_config> ParseGpuTiles(const std::string& text);

// "kernel 128x256x64 w64x256 s4 k1 g3" style column; "auto" for 0 fields.
std::string CompactGpuTiles(const tv_tile_config& tiles);

// {"bm","bn","bk","warp_m","warp_n","stages","split_k","swizzle","kernel","aligned_copies"};
// kernel is "auto", "mma", "wgmma" or "stream"; aligned_copies (pack_b: whether
// operands that do not allow 16-byte copies are copied aligned first) "on",
// "off" or "auto". The other CPU-only fields are not written.
nlohmann::json GpuTilesToJson(const tv_tile_config& tiles);
// The inverse; missing keys are auto; unknown keys, wrong types or values are errors.
Result<tv_tile_config> GpuTilesFromJson(const nlohmann::json& json);

}  // namespace tv::evolve::cuda
