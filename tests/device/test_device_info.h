// A fully filled tv_device_info for tests: a 2-core slice of a Zen 4 EPYC 9R14.
#pragma once

#include <cstring>

#include "tilevolve/device_info.h"

namespace tv::device::testing {

inline tv_device_info Zen4DeviceInfo() {
  tv_device_info info{};
  info.version = TV_DEVICE_INFO_VERSION;
  std::strcpy(info.cpu_vendor, "AuthenticAMD");
  std::strcpy(info.cpu_model, "AMD EPYC 9R14 96-Core Processor");
  info.cpu_family = 0x19;
  info.cpu_model_id = 0x11;
  info.physical_cores = 2;
  info.logical_cpus = 2;
  info.memory_bytes = int64_t{24683620} * 1024;
  info.l1d_bytes = 32 * 1024;
  info.l2_bytes = 1024 * 1024;
  info.l3_bytes = 32 * 1024 * 1024;
  info.cache_line_bytes = 64;
  info.has_avx2 = 1;
  info.has_fma = 1;
  info.has_avx512f = 1;
  info.has_avx512bw = 1;
  info.has_avx512vl = 1;
  info.has_avx512_bf16 = 1;
  info.vector_bits = 512;
  std::strcpy(info.fingerprint, "x86-amd-avx512-2c-0123456789abcdef");
  return info;
}

}  // namespace tv::device::testing
