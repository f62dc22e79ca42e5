// The name of a run's database in its output directory (DESIGN.md, "Output of
// a run": OUTPUT_DIR/tilevolve.db), and where to find it in directories made
// before that name: runs and checkpoints of earlier builds hold
// evolution.sqlite, which is still read, and renamed to the new name when a
// run is resumed (after its write-ahead log is folded into it), so nothing is
// lost.
#pragma once

#include <filesystem>
#include <string>

namespace tv::evolve {

inline constexpr const char* kRunDatabaseName = "tilevolve.db";
inline constexpr const char* kEarlierRunDatabaseName = "evolution.sqlite";

// DIR/tilevolve.db if it exists, else DIR/evolution.sqlite if that exists,
// else DIR/tilevolve.db (where a new run creates it).
inline std::string FindRunDatabase(const std::string& dir) {
  std::string current = dir + "/" + kRunDatabaseName;
  std::string earlier = dir + "/" + kEarlierRunDatabaseName;
  std::error_code ec;
  if (!std::filesystem::exists(current, ec) && std::filesystem::exists(earlier, ec)) return earlier;
  return current;
}

}  // namespace tv::evolve
