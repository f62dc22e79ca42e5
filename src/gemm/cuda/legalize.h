// Validate before you run (STYLE.md habit 9): any tv_tile_config a heuristic
// returns is snapped to an instance of the menu that can run the problem on
// this device, with a split-K and raster that are valid for it. Nothing a
// heuristic answers is ever launched as is.
//
//   CudaProblem problem = ProblemOf(args);
//   Result<LegalConfig> legal = Legalize(tiles, problem, device);
//   // legal->instance->name == "mma_bf16_128x128x32_w64x64_s4_v8", legal->split_k == 1
#pragma once

#include <string>

#include "core/status.h"
#include "gemm/cuda/cuda_types.h"
#include "gemm/cuda/kernel_instance.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm::cuda {

struct LegalConfig {
  const KernelInstance* instance = nullptr;  // an entry of Menu()
  int split_k = 1;                           // CTAs along K; each gets >= 1 k tile
  int k_tiles_per_split = 1;                 // k tiles (of instance->bk) per split
  int swizzle = 0;                           // log2 of the CTA raster group height, 0..kMaxSwizzle
  // The operands whose rows do not allow 16-byte copies are first copied into
  // an aligned workspace, n and k padded to multiples of 8 with zeros, and the
  // kernel runs KernelProblem(problem, true) (CudaGemm::RunLegal).
  bool aligned_copies = false;
};

inline constexpr int kMaxSplitK = 32;
inline constexpr int kMaxSwizzle = 5;
// Split-K partial sums are capped at this many bytes (split x m x n fp32).
inline constexpr int64_t kMaxSplitKWorkspaceBytes = int64_t{256} << 20;

// The problem the kernel runs: `problem`, or with aligned copies n and k
// rounded up to multiples of 8 and 16-byte copies.
CudaProblem KernelProblem(const CudaProblem& problem, bool aligned_copies);

// What pack_b = auto means for a problem whose operands do not allow 16-byte
// copies: copy them aligned when the product has enough flops per byte copied
// (the narrower the copies, the fewer it takes) and is not tiny.
bool AlignedCopiesPay(const CudaProblem& problem);

// Shared memory one CTA may use on `device` (gpu_smem_per_block; when unknown,
// 99 KB, the smallest opt-in limit of the sm_80+ GPUs this family runs on).
int SmemLimit(const tv_device_info& device);

// Ok when `instance` can run `problem` on `device`; otherwise says why.
Status CanImplement(const KernelInstance& instance, const CudaProblem& problem, const tv_device_info& device);

// Snaps `requested` to the nearest instance that CanImplement the problem:
// the widest copy the operands allow first, then the smallest distance
// (in log2 steps, weighted BM, BN > BK > warp tile, stages) to the requested
// fields that are not 0 (auto). All-auto tile fields take DefaultTiles().
// split_k is clamped to [1, min(k tiles, kMaxSplitK)] and the workspace cap,
// then reduced so that no split is empty; swizzle to [0, kMaxSwizzle].
// gpu_kernel picks the family (MMA_SYNC, WGMMA, STREAM; AUTO: any); a family that
// cannot run the problem here (wgmma: not built, not a 9.0 device, n or k not
// multiples of 8) falls back to any. Where the operands do not allow 16-byte
// copies, pack_b decides aligned_copies (TV_PACK_ON: copy, TV_PACK_OFF: run the
// narrow-copy kernels on the operands as they are, else AlignedCopiesPay); the
// instance is then chosen for KernelProblem(problem, aligned_copies).
// Legalize(ToTileConfig(Legalize(x))) == Legalize(x).
// InvalidArgument for negative sizes.
Result<LegalConfig> Legalize(const tv_tile_config& requested, const CudaProblem& problem,
                             const tv_device_info& device);

// Every field set: mc/nc/kc = BM/BN/BK, warp tile, stages, split_k, swizzle,
// gpu_kernel = the instance's family, pack_b = TV_PACK_ON with aligned copies
// (else TV_PACK_OFF); the other CPU-only fields 0.
tv_tile_config ToTileConfig(const LegalConfig& legal);

// "mma_bf16_128x128x32_w64x64_s4_v8_k1_g3" (instance, split-K, swizzle), "..._aligned" with
// aligned copies.
std::string ConfigName(const LegalConfig& legal);

// A simple built-in heuristic (what "auto" means): aligned copies where
// AlignedCopiesPay (pack_b on, the tiles of the aligned problem), BM by m, the wgmma kernels
// on a 9.0 device when n and k allow 16-byte copies, split-K until the grid covers the SMs twice for small-m
// shapes, swizzle 3 on large grids.
tv_tile_config DefaultTiles(const CudaProblem& problem, const tv_device_info& device);

}  // namespace tv::gemm::cuda
