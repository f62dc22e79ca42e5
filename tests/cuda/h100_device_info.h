// The device info of an NVIDIA H100 SXM (compute capability 9.0, 132 SMs),
// for host-only tests of legalization and heuristics: no GPU needed.
#pragma once

#include "tilevolve/device_info.h"

namespace tv::cuda_test {

inline tv_device_info H100Like() {
  tv_device_info d{};
  d.gpu_count = 1;
  d.gpu_cc_major = 9;
  d.gpu_sm_count = 132;
  d.gpu_smem_per_block = 232448;
  d.gpu_smem_per_sm = 233472;
  d.gpu_l2_bytes = 50 << 20;
  return d;
}

}  // namespace tv::cuda_test
