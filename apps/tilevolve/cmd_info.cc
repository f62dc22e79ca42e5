// `tilevolve info [--json]`: what this machine is, as a heuristic sees it.
#include <cstdio>
#include <string>

#include "commands.h"
#include "device/cuda/cuda_device_info.h"
#include "device/device.h"

namespace tv::app {

int RunInfo(const InfoOptions& options) {
  tv_device_info info = device::DetectCpu();
  // The GPU, where a driver and a device are present; zeros otherwise (never an error).
  if (const Status gpu = device::FillCudaDeviceInfo(&info); !gpu.ok()) {
    std::fprintf(stderr, "tilevolve: could not read the GPU: %s\n", gpu.message().c_str());
  }
  const std::string text = options.json ? device::FormatJson(info) + "\n" : device::FormatText(info);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace tv::app
