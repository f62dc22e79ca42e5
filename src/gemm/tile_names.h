// The names of tv_tile_config's enum values, as users type them (--tiles
// key=value) and as tables and JSON show them. One table per enum, both ways.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace tv::gemm {

// "auto", "n", "m", "k" / "auto", "on", "off" / "auto", "blocked", "small_m";
// "?" for a value outside the enum.
const char* ParallelName(int32_t parallel);
const char* PackName(int32_t pack);
const char* PathName(int32_t path);

// The inverse; an unknown name is an error naming `key` and the accepted names.
Result<int32_t> ParseParallel(const std::string& key, const std::string& name);
Result<int32_t> ParsePack(const std::string& key, const std::string& name);
Result<int32_t> ParsePath(const std::string& key, const std::string& name);

}  // namespace tv::gemm
