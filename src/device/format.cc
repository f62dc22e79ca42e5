// FormatText / FormatJson: how `tilevolve info` shows a tv_device_info.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "device/device.h"
#include "device/field_string.h"

namespace tv::device {
namespace {

// 49152 -> "48 KiB", 1572864 -> "1.5 MiB", 0 -> "unknown".
std::string FormatBytes(int64_t bytes) {
  if (bytes <= 0) return "unknown";
  struct Unit {
    int64_t size;
    const char* name;
  };
  for (const Unit unit : {Unit{int64_t{1} << 30, "GiB"}, Unit{int64_t{1} << 20, "MiB"}, Unit{1024, "KiB"}}) {
    if (bytes < unit.size) continue;
    char text[32];
    if (bytes % unit.size == 0) {
      std::snprintf(text, sizeof(text), "%lld %s", static_cast<long long>(bytes / unit.size), unit.name);
    } else {
      std::snprintf(text, sizeof(text), "%.1f %s", static_cast<double>(bytes) / unit.size, unit.name);
    }
    return text;
  }
  return std::to_string(bytes) + " B";
}

std::string FormatCount(int64_t n) { return n > 0 ? std::to_string(n) : "unknown"; }

std::string IsaList(const tv_device_info& info) {
  std::string list;
  const std::pair<int32_t, const char*> features[] = {
      {info.has_avx2, "avx2"},         {info.has_fma, "fma"},
      {info.has_avx512f, "avx512f"},   {info.has_avx512bw, "avx512bw"},
      {info.has_avx512vl, "avx512vl"}, {info.has_avx512_bf16, "avx512_bf16"}};
  for (const auto& [has, name] : features) {
    if (!has) continue;
    if (!list.empty()) list += ' ';
    list += name;
  }
  return list.empty() ? "none beyond SSE" : list;
}

}  // namespace

std::string FormatText(const tv_device_info& info) {
  char family_model[64];
  std::snprintf(family_model, sizeof(family_model), "family 0x%x, model 0x%x (%d, %d)", info.cpu_family,
                info.cpu_model_id, info.cpu_family, info.cpu_model_id);
  std::vector<std::pair<std::string, std::string>> rows = {
      {"cpu vendor", info.cpu_vendor[0] ? FieldString(info.cpu_vendor) : "unknown"},
      {"cpu model", info.cpu_model[0] ? FieldString(info.cpu_model) : "unknown"},
      {"cpu id", family_model},
      {"physical cores", FormatCount(info.physical_cores) + " (usable by this process)"},
      {"logical cpus", FormatCount(info.logical_cpus)},
      {"memory", FormatBytes(info.memory_bytes)},
      {"L1d cache", FormatBytes(info.l1d_bytes) + " per core"},
      {"L2 cache", FormatBytes(info.l2_bytes) + " per core"},
      {"L3 cache", FormatBytes(info.l3_bytes) + " per instance"},
      {"cache line", info.cache_line_bytes > 0 ? std::to_string(info.cache_line_bytes) + " B" : "unknown"},
      {"isa", IsaList(info)},
      {"vector bits", FormatCount(info.vector_bits)},
      {"fingerprint", FieldString(info.fingerprint)},
  };
  if (info.gpu_count > 0) {
    char cc[32];
    std::snprintf(cc, sizeof(cc), "%d.%d", info.gpu_cc_major, info.gpu_cc_minor);
    rows.insert(
        rows.end(),
        {{"gpu", FieldString(info.gpu_name) + " (" + FormatCount(info.gpu_count) + " visible)"},
         {"gpu compute capability", cc},
         {"gpu SMs", FormatCount(info.gpu_sm_count)},
         {"gpu shared memory", FormatBytes(info.gpu_smem_per_block) + " per block, " +
                                   FormatBytes(info.gpu_smem_per_sm) + " per SM"},
         {"gpu L2 cache", FormatBytes(info.gpu_l2_bytes)},
         {"gpu memory", FormatBytes(info.gpu_memory_bytes) + ", " +
                            FormatCount(static_cast<int64_t>(info.gpu_memory_bandwidth / 1000000000)) +
                            " GB/s peak"}});
  } else {
    rows.emplace_back("gpu", "none visible (the CUDA backend needs an NVIDIA GPU and its driver)");
  }
  size_t width = 0;
  for (const auto& row : rows) width = std::max(width, row.first.size());
  std::string text;
  for (const auto& [key, value] : rows) {
    text += key + ":" + std::string(width - key.size() + 1, ' ') + value + "\n";
  }
  return text;
}

std::string FormatJson(const tv_device_info& info) {
  nlohmann::ordered_json json;
  json["version"] = info.version;
  json["cpu_vendor"] = FieldString(info.cpu_vendor);
  json["cpu_model"] = FieldString(info.cpu_model);
  json["cpu_family"] = info.cpu_family;
  json["cpu_model_id"] = info.cpu_model_id;
  json["physical_cores"] = info.physical_cores;
  json["logical_cpus"] = info.logical_cpus;
  json["memory_bytes"] = info.memory_bytes;
  json["l1d_bytes"] = info.l1d_bytes;
  json["l2_bytes"] = info.l2_bytes;
  json["l3_bytes"] = info.l3_bytes;
  json["cache_line_bytes"] = info.cache_line_bytes;
  json["has_avx2"] = info.has_avx2 != 0;
  json["has_fma"] = info.has_fma != 0;
  json["has_avx512f"] = info.has_avx512f != 0;
  json["has_avx512bw"] = info.has_avx512bw != 0;
  json["has_avx512vl"] = info.has_avx512vl != 0;
  json["has_avx512_bf16"] = info.has_avx512_bf16 != 0;
  json["vector_bits"] = info.vector_bits;
  json["fingerprint"] = FieldString(info.fingerprint);
  json["gpu_count"] = info.gpu_count;
  json["gpu_name"] = FieldString(info.gpu_name);
  json["gpu_cc_major"] = info.gpu_cc_major;
  json["gpu_cc_minor"] = info.gpu_cc_minor;
  json["gpu_sm_count"] = info.gpu_sm_count;
  json["gpu_smem_per_block"] = info.gpu_smem_per_block;
  json["gpu_smem_per_sm"] = info.gpu_smem_per_sm;
  json["gpu_regs_per_sm"] = info.gpu_regs_per_sm;
  json["gpu_l2_bytes"] = info.gpu_l2_bytes;
  json["gpu_memory_bytes"] = info.gpu_memory_bytes;
  json["gpu_memory_bandwidth"] = info.gpu_memory_bandwidth;
  // The brand string comes from the machine and may not be valid UTF-8.
  return json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace tv::device
