// Readers of the Linux sysfs / procfs files that describe the CPU. Every
// reader takes the root of the file tree it looks under ("/" on a real
// machine, a fake tree in a temporary directory in tests), so parsing is
// tested without the OS. A missing or malformed file reads as 0 / empty.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "device/cpu_facts.h"

namespace tv::device {

// A sysfs cache size in bytes: "32K" -> 32768, "1M" -> 1048576, "512" -> 512
// (suffixes K/M/G, binary units, case-insensitive). 0 when malformed.
int64_t ParseCacheSize(std::string_view text);

// A kernel CPU list: "0-3,8,10-11" -> {0,1,2,3,8,10,11}. Empty when malformed.
std::vector<int> ParseCpuList(std::string_view text);

// Caches of logical CPU `cpu` from <root>/sys/devices/system/cpu/cpu<cpu>/cache/index*/
// ({level, type, size, coherency_line_size}). L1d and L2 are the caches of that
// core; L3 is the one instance that CPU belongs to.
CacheSizes ReadSysfsCaches(const std::filesystem::path& root, int cpu);

// Distinct cores among `cpus`, a core being a (physical_package_id, die_id,
// core_id) triple from <root>/sys/devices/system/cpu/cpu<N>/topology/ (die_id is
// optional). 0 when any of these CPUs lacks its topology files.
int32_t CountPhysicalCores(const std::filesystem::path& root, const std::vector<int>& cpus);

// "model name" of the first processor in <root>/proc/cpuinfo, trimmed; empty if absent.
std::string ReadCpuinfoModelName(const std::filesystem::path& root);

// MemTotal of <root>/proc/meminfo in bytes; 0 if absent.
int64_t ReadMeminfoTotalBytes(const std::filesystem::path& root);

}  // namespace tv::device
