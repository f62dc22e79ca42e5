#include "device/sysfs.h"

#include <cctype>
#include <charconv>
#include <fstream>
#include <optional>
#include <set>
#include <tuple>

namespace tv::device {
namespace {

namespace fs = std::filesystem;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Whole text (trimmed) must be a decimal integer (some VMs report package id -1).
std::optional<int64_t> ParseInt(std::string_view text) {
  text = Trim(text);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::string> ReadFirstLine(const fs::path& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return std::string(Trim(line));
}

std::optional<int64_t> ReadInt(const fs::path& path) {
  const auto line = ReadFirstLine(path);
  if (!line) return std::nullopt;
  return ParseInt(*line);
}

fs::path CpuDir(const fs::path& root, int cpu) {
  return root / "sys/devices/system/cpu" / ("cpu" + std::to_string(cpu));
}

// Value of the first "key : value" line of a procfs file whose key is `key`.
std::optional<std::string> ReadProcField(const fs::path& path, std::string_view key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (Trim(std::string_view(line).substr(0, colon)) == key) {
      return std::string(Trim(std::string_view(line).substr(colon + 1)));
    }
  }
  return std::nullopt;
}

}  // namespace

int64_t ParseCacheSize(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return 0;
  int64_t unit = 1;
  switch (std::toupper(static_cast<unsigned char>(text.back()))) {
    case 'K':
      unit = int64_t{1} << 10;
      break;
    case 'M':
      unit = int64_t{1} << 20;
      break;
    case 'G':
      unit = int64_t{1} << 30;
      break;
    default:
      break;
  }
  if (unit != 1) text.remove_suffix(1);
  const auto value = ParseInt(text);
  if (!value || *value < 0 || *value > (int64_t{1} << 40)) return 0;  // > 1 TiB of cache: not a real size
  return *value * unit;
}

std::vector<int> ParseCpuList(std::string_view text) {
  std::vector<int> cpus;
  text = Trim(text);
  if (text.empty()) return cpus;
  while (true) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const auto dash = item.find('-');
    const auto first = ParseInt(item.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : ParseInt(item.substr(dash + 1));
    if (!first || !last || *first < 0 || *last < *first || *last > 65535) return {};
    for (int64_t cpu = *first; cpu <= *last; ++cpu) cpus.push_back(static_cast<int>(cpu));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return cpus;
}

CacheSizes ReadSysfsCaches(const fs::path& root, int cpu) {
  CacheSizes caches;
  std::error_code ec;
  const fs::path cache_dir = CpuDir(root, cpu) / "cache";
  for (const auto& entry : fs::directory_iterator(cache_dir, ec)) {
    if (entry.path().filename().string().rfind("index", 0) != 0) continue;
    const auto level = ReadInt(entry.path() / "level");
    const auto type = ReadFirstLine(entry.path() / "type");
    const auto size = ReadFirstLine(entry.path() / "size");
    if (!level || !type || !size || *type == "Instruction") continue;
    const int64_t bytes = ParseCacheSize(*size);
    if (*level == 1) {
      caches.l1d_bytes = bytes;
      const auto line = ReadInt(entry.path() / "coherency_line_size");
      if (line) caches.line_bytes = static_cast<int32_t>(*line);
    } else if (*level == 2) {
      caches.l2_bytes = bytes;
    } else if (*level == 3) {
      caches.l3_bytes = bytes;
    }
  }
  return caches;
}

int32_t CountPhysicalCores(const fs::path& root, const std::vector<int>& cpus) {
  std::set<std::tuple<int64_t, int64_t, int64_t>> cores;
  for (int cpu : cpus) {
    const fs::path topology = CpuDir(root, cpu) / "topology";
    const auto package = ReadInt(topology / "physical_package_id");
    const auto core = ReadInt(topology / "core_id");
    if (!package || !core) return 0;
    const auto die = ReadInt(topology / "die_id");
    cores.insert({*package, die.value_or(0), *core});
  }
  return static_cast<int32_t>(cores.size());
}

std::string ReadCpuinfoModelName(const fs::path& root) {
  return ReadProcField(root / "proc/cpuinfo", "model name").value_or("");
}

int64_t ReadMeminfoTotalBytes(const fs::path& root) {
  const auto value = ReadProcField(root / "proc/meminfo", "MemTotal");  // "24683620 kB"
  if (!value) return 0;
  const auto space = value->find(' ');
  const auto kib = ParseInt(std::string_view(*value).substr(0, space));
  if (!kib || *kib < 0) return 0;
  return *kib * 1024;
}

}  // namespace tv::device
