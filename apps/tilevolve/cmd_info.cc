// `tilevolve info [--json]`: what this machine is, as a heuristic sees it.
#include <cstdio>
#include <string>

#include "commands.h"
#include "device/device.h"

namespace tv::app {

int RunInfo(const InfoOptions& options) {
  const tv_device_info info = device::DetectCpu();
  const std::string text = options.json ? device::FormatJson(info) + "\n" : device::FormatText(info);
  std::fputs(text.c_str(), stdout);
  return 0;
}

}  // namespace tv::app
