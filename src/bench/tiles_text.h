// Tile configurations as text and JSON: what users type after --tiles, what the
// bench table shows, and what `oracle --json` writes for `bench --tiles-file`.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "tilevolve/tile_config.h"

namespace tv::bench {

// The forms --tiles accepts, for error messages.
inline constexpr const char* kTilesForms =
    "accepted forms: 'MC,NC,KC' (e.g. 96,4096,384) or a key=value list such as "
    "'mc=96,nc=4096,kc=384,mr=14,nr=32,threads=2,parallel=n|m|k,pack_a=on|off,pack_b=on|off,"
    "path=blocked|small_m' (any subset; omitted keys and 0 or 'auto' mean automatic)";

// Parses --tiles text. Unset fields stay 0 ("auto"); the GEMM legalizes the rest.
Result<tv_tile_config> ParseTiles(const std::string& text);

// One short column for tables, e.g. "96,4096,384 14x32 t2 par=n pack=AB blocked"
// (pack: A and/or B when packed, '-' in place of one that is not).
std::string CompactTiles(const tv_tile_config& tiles);

// {"mc":96,"nc":4096,"kc":384,"mr":14,"nr":32,"threads":2,"parallel":"n","pack_a":"on",...}
nlohmann::json TilesToJson(const tv_tile_config& tiles);
// The inverse; missing keys are auto, unknown keys or values are errors.
Result<tv_tile_config> TilesFromJson(const nlohmann::json& json);

}  // namespace tv::bench
