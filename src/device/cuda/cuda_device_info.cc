#include "device/cuda/cuda_device_info.h"

#include <dlfcn.h>

#include <cstring>
#include <mutex>
#include <string>

namespace tv::device {
namespace {

// Driver API values from cuda.h (CUDA 13.0); stable across driver versions.
constexpr int kAttrMultiprocessorCount = 16;     // CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT
constexpr int kAttrMemoryClockKhz = 36;          // CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE
constexpr int kAttrMemoryBusWidthBits = 37;      // CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH
constexpr int kAttrL2CacheBytes = 38;            // CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE
constexpr int kAttrComputeCapabilityMajor = 75;  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR
constexpr int kAttrComputeCapabilityMinor = 76;  // CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR
constexpr int kAttrSharedMemoryPerSm = 81;       // CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR
constexpr int kAttrRegistersPerSm = 82;          // CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_MULTIPROCESSOR
constexpr int kAttrSharedMemoryPerBlockOptin = 97;  // CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN

using CuInit = int (*)(unsigned int);
using CuDeviceGetCount = int (*)(int*);
using CuDeviceGet = int (*)(int*, int);
using CuDeviceGetName = int (*)(char*, int, int);
using CuDeviceGetAttribute = int (*)(int*, int, int);
using CuDeviceTotalMem = int (*)(size_t*, int);

struct DriverApi {
  CuInit init = nullptr;
  CuDeviceGetCount get_count = nullptr;
  CuDeviceGet get = nullptr;
  CuDeviceGetName get_name = nullptr;
  CuDeviceGetAttribute get_attribute = nullptr;
  CuDeviceTotalMem total_mem = nullptr;
  std::string error;  // why the API is unusable; "" when it is
};

template <typename Fn>
Fn Symbol(void* library, const char* name) {
  return reinterpret_cast<Fn>(dlsym(library, name));
}

// Loaded once; the library stays loaded for the life of the process.
const DriverApi& Driver() {
  static const DriverApi api = [] {
    DriverApi d;
    void* library = dlopen("libcuda.so.1", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      d.error = "libcuda.so.1 not found (no NVIDIA driver on this machine)";
      return d;
    }
    d.init = Symbol<CuInit>(library, "cuInit");
    d.get_count = Symbol<CuDeviceGetCount>(library, "cuDeviceGetCount");
    d.get = Symbol<CuDeviceGet>(library, "cuDeviceGet");
    d.get_name = Symbol<CuDeviceGetName>(library, "cuDeviceGetName");
    d.get_attribute = Symbol<CuDeviceGetAttribute>(library, "cuDeviceGetAttribute");
    d.total_mem = Symbol<CuDeviceTotalMem>(library, "cuDeviceTotalMem_v2");
    if (!d.init || !d.get_count || !d.get || !d.get_name || !d.get_attribute || !d.total_mem) {
      d.error = "libcuda.so.1 lacks a driver API function tilevolve needs (driver too old?)";
      return d;
    }
    const int rc = d.init(0);
    if (rc != 0) d.error = "cuInit failed with CUresult " + std::to_string(rc) + " (no usable GPU)";
    return d;
  }();
  return api;
}

std::mutex reason_mutex;
std::string& Reason() {
  static std::string reason;
  return reason;
}

void SetReason(const std::string& text) {
  const std::lock_guard<std::mutex> lock(reason_mutex);
  Reason() = text;
}

void ClearGpuFields(tv_device_info* info) {
  info->gpu_count = 0;
  std::memset(info->gpu_name, 0, sizeof(info->gpu_name));
  info->gpu_cc_major = 0;
  info->gpu_cc_minor = 0;
  info->gpu_sm_count = 0;
  info->gpu_smem_per_block = 0;
  info->gpu_smem_per_sm = 0;
  info->gpu_regs_per_sm = 0;
  info->gpu_l2_bytes = 0;
  info->gpu_memory_bytes = 0;
  info->gpu_memory_bandwidth = 0;
}

}  // namespace

Status FillCudaDeviceInfo(tv_device_info* info, int ordinal) {
  if (info == nullptr) return Status::InvalidArgument("FillCudaDeviceInfo: info is null");
  ClearGpuFields(info);
  const DriverApi& api = Driver();
  if (!api.error.empty()) {
    SetReason(api.error);
    return Status::Ok();
  }
  int count = 0;
  if (api.get_count(&count) != 0 || count <= 0) {
    SetReason("the NVIDIA driver reports no CUDA device");
    return Status::Ok();
  }
  if (ordinal < 0 || ordinal >= count) {
    return Status::InvalidArgument("CUDA device " + std::to_string(ordinal) +
                                   " does not exist; this machine has " + std::to_string(count) +
                                   " (use 0.." + std::to_string(count - 1) + ")");
  }
  int dev = 0;
  if (api.get(&dev, ordinal) != 0) {
    SetReason("cuDeviceGet failed for device " + std::to_string(ordinal));
    return Status::Ok();
  }
  auto attribute = [&](int which) {
    int value = 0;
    return api.get_attribute(&value, which, dev) == 0 ? value : 0;
  };
  info->gpu_count = count;
  if (api.get_name(info->gpu_name, sizeof(info->gpu_name) - 1, dev) != 0) info->gpu_name[0] = '\0';
  info->gpu_cc_major = attribute(kAttrComputeCapabilityMajor);
  info->gpu_cc_minor = attribute(kAttrComputeCapabilityMinor);
  info->gpu_sm_count = attribute(kAttrMultiprocessorCount);
  info->gpu_smem_per_block = attribute(kAttrSharedMemoryPerBlockOptin);
  info->gpu_smem_per_sm = attribute(kAttrSharedMemoryPerSm);
  info->gpu_regs_per_sm = attribute(kAttrRegistersPerSm);
  info->gpu_l2_bytes = attribute(kAttrL2CacheBytes);
  size_t memory = 0;
  if (api.total_mem(&memory, dev) == 0) info->gpu_memory_bytes = static_cast<int64_t>(memory);
  // Double data rate: two transfers per memory clock over the whole bus.
  const int64_t clock_khz = attribute(kAttrMemoryClockKhz);
  const int64_t bus_bits = attribute(kAttrMemoryBusWidthBits);
  info->gpu_memory_bandwidth = 2 * clock_khz * 1000 * (bus_bits / 8);
  SetReason("");
  return Status::Ok();
}

std::string CudaUnavailableReason() {
  const std::lock_guard<std::mutex> lock(reason_mutex);
  return Reason();
}

}  // namespace tv::device
