#include "gemm/cuda/legalize.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/int_math.h"
#include "gemm/cuda/kernel_menu.h"

namespace tv::gemm::cuda {
namespace {

constexpr int kUnknownSmemLimit = 99 * 1024;  // sm_86/sm_89 opt-in limit, the smallest of sm_80+
constexpr int kUnknownSmCount = 100;

// |log2(want / have)| when the field was requested (want > 0), else 0.
double LogDistance(int want, int have) {
  if (want <= 0) return 0.0;
  return std::fabs(std::log2(static_cast<double>(want) / static_cast<double>(have)));
}

double Distance(const tv_tile_config& want, const KernelInstance& have) {
  return 4.0 * LogDistance(want.mc, have.bm) + 4.0 * LogDistance(want.nc, have.bn) +
         2.0 * LogDistance(want.kc, have.bk) + LogDistance(want.warp_m, have.wm) +
         LogDistance(want.warp_n, have.wn) + LogDistance(want.stages, have.stages);
}

// Splits of `k_tiles` tiles: clamped to the limits, then the fewest splits that
// keep the same tiles per split (so none is empty).
void ChooseSplit(int requested, const CudaProblem& problem, LegalConfig& legal) {
  const int64_t k_tiles = std::max<int64_t>(1, CeilDiv(problem.k, legal.instance->bk));
  int64_t split = requested <= 0 ? 1 : requested;
  split = std::min<int64_t>({split, k_tiles, kMaxSplitK});
  const int64_t bytes_per_split = std::max<int64_t>(1, problem.m * problem.n * 4);
  split = std::min(split, std::max<int64_t>(1, kMaxSplitKWorkspaceBytes / bytes_per_split));
  const int64_t per_split = CeilDiv(k_tiles, split);
  legal.k_tiles_per_split = static_cast<int>(per_split);
  legal.split_k = static_cast<int>(CeilDiv(k_tiles, per_split));
}

}  // namespace

CudaProblem KernelProblem(const CudaProblem& problem, bool aligned_copies) {
  if (!aligned_copies) return problem;
  return {problem.m, RoundUp(problem.n, 8), RoundUp(problem.k, 8), problem.dtype, 8};
}

bool AlignedCopiesPay(const CudaProblem& problem) {
  if (problem.vector >= 8) return false;
  const double m = static_cast<double>(problem.m);
  const double n = static_cast<double>(problem.n);
  const double k = static_cast<double>(problem.k);
  if (m * n * k < static_cast<double>(int64_t{1} << 27)) return false;  // a few microseconds at most
  // Elements copied: A and B where k is padded, B and C (there and back) where
  // n is; when only a leading dimension or an address is off, all three.
  const double kp = static_cast<double>(RoundUp(problem.k, 8));
  const double np = static_cast<double>(RoundUp(problem.n, 8));
  const bool pad_k = problem.k % 8 != 0;
  const bool pad_n = problem.n % 8 != 0;
  double elements = (pad_k ? m * kp : 0.0) + (pad_k || pad_n ? kp * np : 0.0) + (pad_n ? 2.0 * m * np : 0.0);
  if (!pad_k && !pad_n) elements = m * k + k * n + 2.0 * m * n;
  const double bytes_moved = elements * 2.0 * 2.0;  // 2-byte elements, read and written
  // Copies of 4 elements run at roughly cuBLAS's speed on such shapes, of 1 or
  // 2 far slower: the narrower, the less a copy has to save.
  return 2.0 * m * n * k >= 32.0 * problem.vector * bytes_moved;
}

int SmemLimit(const tv_device_info& device) {
  return device.gpu_smem_per_block > 0 ? device.gpu_smem_per_block : kUnknownSmemLimit;
}

Status CanImplement(const KernelInstance& instance, const CudaProblem& problem,
                    const tv_device_info& device) {
  if (instance.dtype != problem.dtype) {
    return Status::InvalidArgument(instance.name + " computes " + DTypeName(instance.dtype) +
                                   ", the problem is " + DTypeName(problem.dtype));
  }
  if (instance.needs_sm90a && !(device.gpu_cc_major == 9 && device.gpu_cc_minor == 0)) {
    return Status::InvalidArgument(
        instance.name + " is built for sm_90a and runs on compute capability 9.0 only (this device: " +
        std::to_string(device.gpu_cc_major) + "." + std::to_string(device.gpu_cc_minor) + ")");
  }
  if (problem.vector % instance.vector != 0) {
    return Status::InvalidArgument(instance.name + " copies " + std::to_string(instance.vector) +
                                   " elements at a time; the operands allow " +
                                   std::to_string(problem.vector) +
                                   " (k, n, the leading dimensions and the addresses must be multiples)");
  }
  if (instance.smem_bytes > SmemLimit(device)) {
    return Status::InvalidArgument(instance.name + " needs " + std::to_string(instance.smem_bytes) +
                                   " bytes of shared memory per block; the device allows " +
                                   std::to_string(SmemLimit(device)));
  }
  if (problem.m > std::numeric_limits<int>::max() || problem.n > std::numeric_limits<int>::max() ||
      problem.k > std::numeric_limits<int>::max()) {
    return Status::InvalidArgument("m, n and k must each be below 2^31");
  }
  return Status::Ok();
}

Result<LegalConfig> Legalize(const tv_tile_config& requested, const CudaProblem& problem,
                             const tv_device_info& device) {
  if (problem.m < 0 || problem.n < 0 || problem.k < 0) {
    return Status::InvalidArgument("m, n and k must be >= 0 (got " + std::to_string(problem.m) + ", " +
                                   std::to_string(problem.n) + ", " + std::to_string(problem.k) + ")");
  }
  const bool aligned_copies =
      problem.vector < 8 &&
      (requested.pack_b == TV_PACK_ON || (requested.pack_b != TV_PACK_OFF && AlignedCopiesPay(problem)));
  const CudaProblem kernel_problem = KernelProblem(problem, aligned_copies);
  tv_tile_config want = requested;
  if (want.mc <= 0 && want.nc <= 0 && want.kc <= 0 && want.warp_m <= 0 && want.warp_n <= 0 &&
      want.stages <= 0) {
    const tv_tile_config defaults = DefaultTiles(kernel_problem, device);
    want.mc = defaults.mc;
    want.nc = defaults.nc;
    want.kc = defaults.kc;
    want.warp_m = defaults.warp_m;
    want.warp_n = defaults.warp_n;
    want.stages = defaults.stages;
    if (want.split_k <= 0) want.split_k = defaults.split_k;
    if (want.swizzle <= 0) want.swizzle = defaults.swizzle;
    if (want.gpu_kernel == TV_GPU_KERNEL_AUTO) want.gpu_kernel = defaults.gpu_kernel;
  }

  // The family asked for where it can run the problem (AUTO: any), then the
  // widest copy available (it decides speed more than any tile), then the nearest tile.
  auto family_allowed = [&want](const KernelInstance& instance) {
    return want.gpu_kernel == TV_GPU_KERNEL_AUTO || instance.family == want.gpu_kernel;
  };
  bool family_available = false;
  for (const KernelInstance& instance : Menu()) {
    family_available |= family_allowed(instance) && CanImplement(instance, kernel_problem, device).ok();
  }
  if (!family_available) want.gpu_kernel = TV_GPU_KERNEL_AUTO;
  const KernelInstance* best = nullptr;
  double best_distance = 0.0;
  for (const KernelInstance& instance : Menu()) {
    if (!family_allowed(instance) || !CanImplement(instance, kernel_problem, device).ok()) continue;
    const double distance = Distance(want, instance);
    if (best == nullptr || instance.vector > best->vector ||
        (instance.vector == best->vector && distance < best_distance)) {
      best = &instance;
      best_distance = distance;
    }
  }
  if (best == nullptr) {
    return Status::Unavailable(
        std::string("no ") + DTypeName(problem.dtype) +
        " kernel of the menu can run this problem here: none fits the device's " +
        std::to_string(SmemLimit(device)) + " bytes of shared memory per block, or this build has no " +
        DTypeName(problem.dtype) + " kernels (configure with -DTV_CUDA_FP16=ON for fp16)");
  }
  LegalConfig legal;
  legal.instance = best;
  legal.aligned_copies = aligned_copies;
  ChooseSplit(want.split_k, kernel_problem, legal);
  legal.swizzle = std::clamp(want.swizzle, 0, kMaxSwizzle);
  return legal;
}

tv_tile_config ToTileConfig(const LegalConfig& legal) {
  tv_tile_config tiles{};
  tiles.mc = legal.instance->bm;
  tiles.nc = legal.instance->bn;
  tiles.kc = legal.instance->bk;
  tiles.warp_m = legal.instance->wm;
  tiles.warp_n = legal.instance->wn;
  tiles.stages = legal.instance->stages;
  tiles.split_k = legal.split_k;
  tiles.swizzle = legal.swizzle;
  tiles.gpu_kernel = legal.instance->family;
  tiles.pack_b = legal.aligned_copies ? TV_PACK_ON : TV_PACK_OFF;
  return tiles;
}

std::string ConfigName(const LegalConfig& legal) {
  return legal.instance->name + "_k" + std::to_string(legal.split_k) + "_g" + std::to_string(legal.swizzle) +
         (legal.aligned_copies ? "_aligned" : "");
}

tv_tile_config DefaultTiles(const CudaProblem& problem, const tv_device_info& device) {
  if (AlignedCopiesPay(problem)) {
    // The tiles of the aligned problem the kernel will run.
    tv_tile_config aligned = DefaultTiles(KernelProblem(problem, true), device);
    aligned.pack_b = TV_PACK_ON;
    return aligned;
  }
  tv_tile_config tiles{};
  auto set = [&tiles](int bm, int bn, int bk, int wm, int wn, int stages) {
    tiles.mc = bm;
    tiles.nc = bn;
    tiles.kc = bk;
    tiles.warp_m = wm;
    tiles.warp_n = wn;
    tiles.stages = stages;
  };
  if (problem.m <= 16) {
    set(16, 128, 64, 16, 32, 4);
  } else if (problem.m <= 32) {
    set(32, 128, 64, 32, 32, 4);
  } else if (problem.m <= 64) {
    set(64, 128, 64, 32, 64, 4);
  } else if (problem.m <= 256 || problem.n <= 256) {
    set(128, 128, 32, 64, 64, 4);
  } else {
    set(128, 256, 32, 64, 64, 3);
  }
  tiles.gpu_kernel = TV_GPU_KERNEL_MMA_SYNC;
  const int64_t sms = device.gpu_sm_count > 0 ? device.gpu_sm_count : kUnknownSmCount;
  const bool hopper = device.gpu_cc_major == 9 && device.gpu_cc_minor == 0;
  if (hopper && problem.vector == 8) {
    // wgmma (where sm_90a is built), from the oracle on an H200 (docs/cuda-notes.md):
    // m <= 64: one warpgroup, 64 x 128 with 6 stages when n alone fills half the
    // SMs, else 64 x 64; larger m: the TMA kernel, 128 x 256 while the grid still
    // covers the SMs, else 128 x 128, or 128 x 64 with 8 stages where 128 x 128
    // tiles would cover at most a quarter of the SMs (twice the CTAs instead of a
    // split-K round trip: attn.4096x128x4096 19.9 us against 30.2 with 128 x 128
    // and split-K 8 on an H100, docs/cuda-notes.md call 24).
    const int64_t m = std::max<int64_t>(problem.m, 1);
    const int64_t n = std::max<int64_t>(problem.n, 1);
    if (problem.m <= 64) {
      if (2 * CeilDiv(n, 128) >= sms) {
        set(64, 128, 64, 64, 128, 6);
      } else {
        set(64, 64, 64, 64, 64, 4);
      }
    } else if (CeilDiv(m, 128) * CeilDiv(n, 256) >= sms) {
      set(128, 256, 64, 64, 256, 4);
    } else if (4 * CeilDiv(m, 128) * CeilDiv(n, 128) <= sms) {
      set(128, 64, 64, 64, 64, 8);
    } else {
      set(128, 128, 64, 64, 128, 5);
    }
    tiles.gpu_kernel = TV_GPU_KERNEL_WGMMA;
  }
  const bool wide_n = 2 * CeilDiv(std::max<int64_t>(problem.n, 1), 128) >= sms;
  if (problem.m >= 1 && problem.m <= 16 && problem.vector == 8 && !wide_n) {
    // A few rows and n that does not fill the SMs with 64 x 128 tiles: the
    // stream kernels read B once, 32 columns per CTA, no split. One row: the
    // fp32-FMA kernel, CTAs of 1024 threads (a pass 256 rows deep), 8 rows in
    // flight per thread; on an H100 1 x 4096 x 4096 took 14.7 us (cuBLAS 15.5;
    // the best tensor-core tiles 17.6 with split-K 4; docs/cuda-notes.md, call
    // 23). 2 to 16 rows: the tensor-core kernel, CTAs of 256 threads with 8
    // blocks of 16 rows of B in flight per warp: 14.1-15.3 us for m = 2 to 16 on
    // n = k = 4096 (cuBLAS 15.5-17.8), where the fp32-FMA kernel took 14.7 (m =
    // 2) and 15.8 (m = 4) and the tensor-core tiles 18.1 (m = 8 and 16; calls 37-38).
    // Since the kernels ask L2 for B before they wait on the kernel before them
    // (call 46), 16 blocks in flight beat 8, and tiles of 8 rows those of 16 up
    // to m = 8: 4 x 4096 x 4096 12.9 us (8 rows, 16 blocks) against 14.1 (16
    // rows, 8 blocks), 16 x 4096 x 4096 15.9 against 16.5.
    if (problem.m == 1) {
      set(1, 32, 256, 1, 8, 8);
    } else if (problem.m <= 8) {
      set(8, 32, 128, 8, 32, 16);
    } else {
      set(16, 32, 128, 16, 32, 16);
    }
    tiles.gpu_kernel = TV_GPU_KERNEL_STREAM;
  } else if (problem.m == 1 && problem.vector == 8 && hopper) {
    // One row and wide n on Hopper: 64 columns per CTA of 512 threads, 4 rows in
    // flight per thread: 1 x 14336 x 4096 40.2 us and 1 x 32000 x 4096 89.0
    // against 42.8 and 93.5 with wgmma 64 x 128 (H100, call 46).
    set(1, 64, 64, 1, 8, 4);
    tiles.gpu_kernel = TV_GPU_KERNEL_STREAM;
  } else if (problem.m >= 1 && problem.m <= 4 && problem.vector == 8 && !hopper) {
    // Wide n without wgmma: 64 columns per CTA of 256 threads. On an H100 this
    // ran 1 x 14336 x 4096 in 41.7 us, level with wgmma 64 x 128 (41.8 us), and
    // 1024-thread CTAs left a ragged last wave (51 us; calls 23-24): on Hopper
    // wgmma stays for 2 to 4 rows.
    const int bm = problem.m == 1 ? 1 : problem.m == 2 ? 2 : 4;
    set(bm, 64, 32, bm, 8, 4);
    tiles.gpu_kernel = TV_GPU_KERNEL_STREAM;
  }
  const int64_t ctas =
      CeilDiv(std::max<int64_t>(problem.m, 1), tiles.mc) * CeilDiv(std::max<int64_t>(problem.n, 1), tiles.nc);
  const int64_t k_tiles = CeilDiv(std::max<int64_t>(problem.k, 1), tiles.kc);
  int64_t split = 1;
  // Split K only where the grid leaves most SMs idle (a quarter of them for m > 64).
  const int64_t idle_factor = problem.m <= 64 ? 2 : 4;
  if (idle_factor * ctas <= sms) split = std::min(CeilDiv(2 * sms, ctas), std::max<int64_t>(1, k_tiles / 4));
  tiles.split_k = static_cast<int>(std::min<int64_t>(split, kMaxSplitK));
  tiles.swizzle = CeilDiv(std::max<int64_t>(problem.m, 1), tiles.mc) >= 8 ? 3 : 0;
  return tiles;
}

}  // namespace tv::gemm::cuda
