// The CUDA GEMM runner: one device, one stream, the kernel menu, split-K
// workspace. Like gemm/cpu/cpu_gemm.h, every speed decision comes in a
// tv_tile_config at run time and is legalized before any kernel sees it.
//
//   Result<std::unique_ptr<CudaGemm>> gemm = CudaGemm::Create();   // Unavailable without a GPU
//   tv_tile_config tiles = heuristic.choose(m, n, k, &(*gemm)->device());
//   Status s = (*gemm)->Run(args, tiles);    // args: device pointers (cuda_types.h)
#pragma once

#include <memory>
#include <span>

#include "core/status.h"
#include "gemm/cuda/cuda_types.h"
#include "gemm/cuda/kernel_instance.h"
#include "gemm/cuda/legalize.h"
#include "tilevolve/device_info.h"
#include "tilevolve/tile_config.h"

namespace tv::gemm::cuda {

class CudaGemm {
 public:
  // Uses device `ordinal`; its gpu_* facts fill device() (other fields stay 0).
  // Unavailable when there is no driver or no such device.
  static Result<std::unique_ptr<CudaGemm>> Create(int ordinal = 0);
  ~CudaGemm();
  CudaGemm(const CudaGemm&) = delete;
  CudaGemm& operator=(const CudaGemm&) = delete;

  // Validates args (ValidateArgs), legalizes tiles, launches on stream().
  // Asynchronous: errors of the launch are returned, errors of the execution
  // surface at the next Synchronize(). Not reentrant.
  Status Run(const CudaGemmArgs& args, const tv_tile_config& tiles);
  // REQUIRES: legal came from Legalize(..., ProblemOf(args), device()).
  Status RunLegal(const CudaGemmArgs& args, const LegalConfig& legal);

  Result<LegalConfig> Legalize(const tv_tile_config& requested, const CudaProblem& problem) const;

  // Waits for the stream; returns the first execution error.
  Status Synchronize();

  const tv_device_info& device() const;
  void* stream() const;  // the cudaStream_t every launch goes to
  int ordinal() const;

 private:
  CudaGemm();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Sizes >= 0, leading dimensions >= the row lengths, non-null pointers where
// something is read or written. The message names the argument and its value.
Status ValidateArgs(const CudaGemmArgs& args);

}  // namespace tv::gemm::cuda
