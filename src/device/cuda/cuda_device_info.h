// The CUDA device facts of tv_device_info (the gpu_* fields), read through the
// driver API of libcuda.so.1 loaded at run time: a binary built here runs on a
// machine without the NVIDIA driver or without a GPU, and then reports none.
//
//   tv_device_info info = tv::device::DetectCpu();
//   tv::Status s = tv::device::FillCudaDeviceInfo(&info);   // gpu_count 0 without a GPU
#pragma once

#include <string>

#include "core/status.h"
#include "tilevolve/device_info.h"

namespace tv::device {

// Fills the gpu_* fields from CUDA device `ordinal` (gpu_count counts all
// devices). Without a driver, with no device, or when the driver cannot
// start, the gpu_* fields are zeroed and the result is still Ok (no GPU is not
// an error); why there is none is available from CudaUnavailableReason().
// InvalidArgument when info is null or ordinal is out of range of a present GPU.
Status FillCudaDeviceInfo(tv_device_info* info, int ordinal = 0);

// Why the last FillCudaDeviceInfo found no GPU ("" when it found one), e.g.
// "libcuda.so.1 not found (no NVIDIA driver)" or "cuInit failed: error 100".
std::string CudaUnavailableReason();

}  // namespace tv::device
