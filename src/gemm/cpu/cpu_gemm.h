// The CPU single-precision GEMM engine: BLIS five loops around a register
// microkernel, plus a streaming path for small M. Every speed decision comes in
// a tv_tile_config at run time; nothing about blocking is compiled in.
//
//   tv::gemm::CpuGemm gemm(/*threads=*/2);
//   tv_tile_config tiles = heuristic.choose(shape, device);
//   Status s = gemm.Run(args, tiles);   // tiles are legalized first
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "core/status.h"
#include "gemm/sgemm_args.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm {

// Instruction sets with a microkernel table. kAuto = the best one CPUID allows.
enum class Isa : uint8_t { kAuto, kReference, kAvx2, kAvx512 };
const char* IsaName(Isa isa);
Isa BestIsa();  // by CPUID and XGETBV (the OS must save the registers)

// One register-block shape a microkernel family offers, e.g. 14 x 32.
struct KernelShape {
  int mr;
  int nr;
};

class CpuGemm {
 public:
  // REQUIRES: threads >= 1. isa == kAuto picks BestIsa(); a named ISA the CPU
  // lacks falls back to the best available one (see isa()).
  explicit CpuGemm(int threads, Isa isa = Isa::kAuto);
  ~CpuGemm();
  CpuGemm(const CpuGemm&) = delete;
  CpuGemm& operator=(const CpuGemm&) = delete;

  // C = alpha * op(A) * op(B) + beta * C. Validates args (ValidateSgemmArgs),
  // legalizes tiles, runs. Not reentrant: one Run at a time per engine (it owns
  // the packing buffers and the thread pool).
  Status Run(const SgemmArgs& args, const tv_tile_config& tiles);

  // Maps any requested config to one that Run executes as is: every field set,
  // 'auto' resolved, sizes clamped to the problem and aligned to mr/nr, the
  // microkernel snapped to one this ISA offers, options the operand layout
  // cannot support turned off. Legalize(Legalize(x)) == Legalize(x).
  tv_tile_config Legalize(const tv_tile_config& requested, const GemmShape& shape) const;

  // The microkernel shapes this engine's ISA offers (first one is the default).
  std::span<const KernelShape> KernelShapes() const;

  Isa isa() const;
  int threads() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "mc=..,nc=..,kc=..,mr=..,nr=..,threads=..,parallel=n|m|k,pack_a=..,pack_b=..,path=blocked|small_m"
std::string FormatTiles(const tv_tile_config& tiles);

}  // namespace tv::gemm
