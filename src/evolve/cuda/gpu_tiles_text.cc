#include "evolve/cuda/gpu_tiles_text.h"

#include <charconv>
#include <cstdint>
#include <sstream>
#include <string_view>
#include <vector>

namespace tv::evolve::cuda {
namespace {

Status Bad(const std::string& what) {
  return Status::InvalidArgument("bad GPU tiles: " + what + "; " + kGpuTilesForms);
}

std::string Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> Split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::stringstream stream(text);
  std::string part;
  while (std::getline(stream, part, separator)) parts.push_back(Trim(part));
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

// A non-negative integer, or "auto" (0).
bool ParseValue(const std::string& text, int32_t* value) {
  if (text == "auto") {
    *value = 0;
    return true;
  }
  const char* end = text.data() + text.size();
  auto [next, ec] = std::from_chars(text.data(), end, *value);
  return ec == std::errc() && next == end && !text.empty() && *value >= 0;
}

bool ParseKernel(const std::string& text, int32_t* kernel) {
  if (text == "auto" || text == "0") {
    *kernel = TV_GPU_KERNEL_AUTO;
  } else if (text == "mma" || text == "mma_sync" || text == "1") {
    *kernel = TV_GPU_KERNEL_MMA_SYNC;
  } else if (text == "wgmma" || text == "2") {
    *kernel = TV_GPU_KERNEL_WGMMA;
  } else if (text == "stream" || text == "3") {
    *kernel = TV_GPU_KERNEL_STREAM;
  } else {
    return false;
  }
  return true;
}

const char* KernelName(int32_t kernel) {
  switch (kernel) {
    case TV_GPU_KERNEL_MMA_SYNC:
      return "mma";
    case TV_GPU_KERNEL_WGMMA:
      return "wgmma";
    case TV_GPU_KERNEL_STREAM:
      return "stream";
    default:
      return "auto";
  }
}

// tv_pack, as the GPU reads it from pack_b: whether operands that do not allow
// 16-byte copies are copied aligned first.
bool ParseAlignedCopies(const std::string& text, int32_t* pack) {
  if (text == "auto" || text == "0") {
    *pack = TV_PACK_AUTO;
  } else if (text == "on" || text == "1") {
    *pack = TV_PACK_ON;
  } else if (text == "off" || text == "2") {
    *pack = TV_PACK_OFF;
  } else {
    return false;
  }
  return true;
}

const char* AlignedCopiesName(int32_t pack) {
  return pack == TV_PACK_ON ? "on" : pack == TV_PACK_OFF ? "off" : "auto";
}

bool IsAlignedCopiesKey(const std::string& key) { return key == "aligned_copies" || key == "pack_b"; }

int32_t* Field(tv_tile_config& t, const std::string& key) {
  if (key == "bm" || key == "mc") return &t.mc;
  if (key == "bn" || key == "nc") return &t.nc;
  if (key == "bk" || key == "kc") return &t.kc;
  if (key == "warp_m") return &t.warp_m;
  if (key == "warp_n") return &t.warp_n;
  if (key == "stages") return &t.stages;
  if (key == "split_k") return &t.split_k;
  if (key == "swizzle") return &t.swizzle;
  return nullptr;
}

std::string Auto(int32_t v) { return v > 0 ? std::to_string(v) : std::string("auto"); }

}  // namespace

Result<tv_tile_config> ParseGpuTiles(const std::string& text) {
  tv_tile_config tiles{};
  const std::string trimmed = Trim(text);
  if (trimmed.empty()) return Bad("empty");
  const std::vector<std::string> parts = Split(trimmed, ',');
  if (trimmed.find('=') == std::string::npos) {
    if (parts.size() != 3) return Bad("'" + text + "' is not three numbers BM,BN,BK");
    int32_t* fields[3] = {&tiles.mc, &tiles.nc, &tiles.kc};
    for (int i = 0; i < 3; ++i) {
      if (!ParseValue(parts[i], fields[i])) return Bad("'" + parts[i] + "' is not a non-negative number");
    }
    return tiles;
  }
  for (const std::string& part : parts) {
    const size_t eq = part.find('=');
    if (eq == std::string::npos) return Bad("'" + part + "' is not key=value");
    const std::string key = Trim(part.substr(0, eq));
    const std::string value = Trim(part.substr(eq + 1));
    if (key == "kernel" || key == "gpu_kernel") {
      if (!ParseKernel(value, &tiles.gpu_kernel))
        return Bad("kernel '" + value + "' is not mma, wgmma, stream or auto");
      continue;
    }
    if (IsAlignedCopiesKey(key)) {
      if (!ParseAlignedCopies(value, &tiles.pack_b))
        return Bad(key + " '" + value + "' is not on, off or auto");
      continue;
    }
    int32_t* field = Field(tiles, key);
    if (field == nullptr) return Bad("unknown key '" + key + "'");
    if (!ParseValue(value, field))
      return Bad(key + " = '" + value + "' is not a non-negative number or auto");
  }
  return tiles;
}

std::string CompactGpuTiles(const tv_tile_config& t) {
  return std::string(KernelName(t.gpu_kernel)) + " " + Auto(t.mc) + "x" + Auto(t.nc) + "x" + Auto(t.kc) +
         " w" + Auto(t.warp_m) + "x" + Auto(t.warp_n) + " s" + Auto(t.stages) + " k" + Auto(t.split_k) +
         " g" + std::to_string(t.swizzle) + (t.pack_b == TV_PACK_ON ? " aligned" : "");
}

nlohmann::json GpuTilesToJson(const tv_tile_config& t) {
  return {{"bm", t.mc},
          {"bn", t.nc},
          {"bk", t.kc},
          {"warp_m", t.warp_m},
          {"warp_n", t.warp_n},
          {"stages", t.stages},
          {"split_k", t.split_k},
          {"swizzle", t.swizzle},
          {"kernel", KernelName(t.gpu_kernel)},
          {"aligned_copies", AlignedCopiesName(t.pack_b)}};
}

Result<tv_tile_config> GpuTilesFromJson(const nlohmann::json& json) {
  if (!json.is_object())
    return Status::InvalidArgument("GPU tiles must be a JSON object, got " + json.dump());
  tv_tile_config tiles{};
  for (const auto& [key, value] : json.items()) {
    if (key == "kernel") {
      if (!value.is_string() || !ParseKernel(value.get<std::string>(), &tiles.gpu_kernel))
        return Status::InvalidArgument(
            "GPU tiles: kernel must be \"mma\", \"wgmma\", \"stream\" or \"auto\", got " + value.dump());
      continue;
    }
    if (IsAlignedCopiesKey(key)) {
      if (!value.is_string() || !ParseAlignedCopies(value.get<std::string>(), &tiles.pack_b))
        return Status::InvalidArgument("GPU tiles: " + key + " must be \"on\", \"off\" or \"auto\", got " +
                                       value.dump());
      continue;
    }
    int32_t* field = Field(tiles, key);
    if (field == nullptr) return Status::InvalidArgument("GPU tiles: unknown key \"" + key + "\"");
    if (!value.is_number_integer() || value.get<int64_t>() < 0 || value.get<int64_t>() > INT32_MAX)
      return Status::InvalidArgument("GPU tiles: " + key + " must be a non-negative integer, got " +
                                     value.dump());
    *field = static_cast<int32_t>(value.get<int64_t>());
  }
  return tiles;
}

}  // namespace tv::evolve::cuda
