#include "bench/tiles_text.h"

#include <cstdio>
#include <sstream>
#include <vector>

#include "gemm/tile_names.h"

namespace tv::bench {
namespace {

Result<int32_t> ParseCount(const std::string& key, const std::string& text) {
  if (text == "auto") return 0;
  size_t used = 0;
  long long value = -1;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < 0 || value > (1 << 30)) {
    return Status::InvalidArgument("'" + key + "=" + text + "': " + key +
                                   " must be a non-negative integer (0 or auto = automatic)");
  }
  return static_cast<int32_t>(value);
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> out;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, sep)) out.push_back(item);
  return out;
}

std::string Trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  const size_t e = s.find_last_not_of(" \t");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Sets one field by key; `text` is its value.
Status SetField(tv_tile_config& tiles, const std::string& key, const std::string& text) {
  int32_t* count = key == "mc"        ? &tiles.mc
                   : key == "nc"      ? &tiles.nc
                   : key == "kc"      ? &tiles.kc
                   : key == "mr"      ? &tiles.mr
                   : key == "nr"      ? &tiles.nr
                   : key == "threads" ? &tiles.threads
                                      : nullptr;
  Result<int32_t> value =
      count != nullptr    ? ParseCount(key, text)
      : key == "parallel" ? gemm::ParseParallel(key, text)
      : key == "pack_a"   ? gemm::ParsePack(key, text)
      : key == "pack_b"   ? gemm::ParsePack(key, text)
      : key == "path"
          ? gemm::ParsePath(key, text)
          : Result<int32_t>(Status::InvalidArgument("unknown key '" + key +
                                                    "' (keys: mc, nc, kc, mr, nr, threads, parallel, "
                                                    "pack_a, pack_b, path)"));
  if (!value.ok()) return value.status();
  if (count != nullptr) *count = *value;
  if (key == "parallel") tiles.parallel = *value;
  if (key == "pack_a") tiles.pack_a = *value;
  if (key == "pack_b") tiles.pack_b = *value;
  if (key == "path") tiles.path = *value;
  return Status::Ok();
}

}  // namespace

Result<tv_tile_config> ParseTiles(const std::string& text) {
  tv_tile_config tiles{};
  const std::vector<std::string> items = Split(text, ',');
  auto bad = [&](const Status& why) {
    return Status::InvalidArgument("bad --tiles '" + text + "': " + why.message() + "; " + kTilesForms);
  };
  if (Trim(text).empty()) return bad(Status::InvalidArgument("empty"));
  if (text.find('=') == std::string::npos) {
    if (items.size() != 3) return bad(Status::InvalidArgument("expected three numbers MC,NC,KC"));
    const char* keys[] = {"mc", "nc", "kc"};
    for (size_t i = 0; i < 3; ++i) {
      Status s = SetField(tiles, keys[i], Trim(items[i]));
      if (!s.ok()) return bad(s);
    }
    return tiles;
  }
  for (const std::string& raw : items) {
    const std::string item = Trim(raw);
    const size_t eq = item.find('=');
    if (eq == std::string::npos) return bad(Status::InvalidArgument("'" + item + "' is not key=value"));
    Status s = SetField(tiles, Trim(item.substr(0, eq)), Trim(item.substr(eq + 1)));
    if (!s.ok()) return bad(s);
  }
  return tiles;
}

std::string CompactTiles(const tv_tile_config& t) {
  char text[160];
  const char a = t.pack_a == TV_PACK_ON ? 'A' : t.pack_a == TV_PACK_OFF ? '-' : '?';
  const char b = t.pack_b == TV_PACK_ON ? 'B' : t.pack_b == TV_PACK_OFF ? '-' : '?';
  std::snprintf(text, sizeof(text), "%d,%d,%d %dx%d t%d par=%s pack=%c%c %s", t.mc, t.nc, t.kc, t.mr, t.nr,
                t.threads, gemm::ParallelName(t.parallel), a, b, gemm::PathName(t.path));
  return text;
}

nlohmann::json TilesToJson(const tv_tile_config& t) {
  return {{"mc", t.mc},
          {"nc", t.nc},
          {"kc", t.kc},
          {"mr", t.mr},
          {"nr", t.nr},
          {"threads", t.threads},
          {"parallel", gemm::ParallelName(t.parallel)},
          {"pack_a", gemm::PackName(t.pack_a)},
          {"pack_b", gemm::PackName(t.pack_b)},
          {"path", gemm::PathName(t.path)}};
}

Result<tv_tile_config> TilesFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return Status::InvalidArgument("tiles must be a JSON object");
  tv_tile_config tiles{};
  for (const auto& [key, value] : json.items()) {
    std::string text;
    if (value.is_number_integer()) {
      text = std::to_string(value.get<long long>());
    } else if (value.is_string()) {
      text = value.get<std::string>();
    } else {
      return Status::InvalidArgument("tiles field '" + key + "' must be a number or a name");
    }
    Status s = SetField(tiles, key, text);
    if (!s.ok()) return s;
  }
  return tiles;
}

}  // namespace tv::bench
