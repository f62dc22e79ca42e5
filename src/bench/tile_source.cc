#include "bench/tile_source.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "bench/tiles_text.h"

namespace tv::bench {

Result<TileSource> TileSource::Make(const std::string& tiles_text, const std::string& tiles_file,
                                    const std::string& heuristic_name) {
  TileSource source;
  if (!tiles_text.empty() && !tiles_file.empty()) {
    return Status::InvalidArgument("give either --tiles or --tiles-file, not both");
  }
  if (!tiles_text.empty()) {
    Result<tv_tile_config> tiles = ParseTiles(tiles_text);
    if (!tiles.ok()) return tiles.status();
    source.kind_ = Kind::kFixed;
    source.fixed_ = *tiles;
    source.description_ = "tiles " + tiles_text;
    return source;
  }
  if (!tiles_file.empty()) {
    std::ifstream in(tiles_file);
    if (!in) return Status::NotFound("cannot read --tiles-file '" + tiles_file + "'");
    const nlohmann::json json = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.contains("records") || !json["records"].is_array()) {
      return Status::InvalidArgument("--tiles-file '" + tiles_file +
                                     "' is not a tiles file: expected JSON with a 'records' list, as "
                                     "`tilevolve oracle --json` writes");
    }
    for (const nlohmann::json& record : json["records"]) {
      const std::string where = "--tiles-file '" + tiles_file + "'";
      if (!record.is_object() || !record.contains("name") || !record["name"].is_string() ||
          !record.contains("tiles") || !record.contains("m") || !record.contains("n") ||
          !record.contains("k") || !record["m"].is_number_integer() || !record["n"].is_number_integer() ||
          !record["k"].is_number_integer()) {
        return Status::InvalidArgument(where + ": every record needs name, m, n, k and tiles");
      }
      Result<tv_tile_config> tiles = TilesFromJson(record["tiles"]);
      if (!tiles.ok()) {
        return Status::InvalidArgument(where + ", shape '" + record["name"].get<std::string>() +
                                       "': " + tiles.status().message());
      }
      source.file_[record["name"].get<std::string>()] = {
          record["m"].get<int64_t>(), record["n"].get<int64_t>(), record["k"].get<int64_t>(), *tiles};
    }
    source.kind_ = Kind::kFile;
    source.description_ = "tiles file " + tiles_file;
    return source;
  }
  Result<heuristic::HeuristicFn> fn = heuristic::FindHeuristic(heuristic_name);
  if (!fn.ok()) return fn.status();
  source.kind_ = Kind::kHeuristic;
  source.heuristic_ = *fn;
  source.description_ = "heuristic " + heuristic_name;
  return source;
}

Result<tv_tile_config> TileSource::For(const SuiteShape& shape, const tv_device_info& device) const {
  switch (kind_) {
    case Kind::kFixed:
      return fixed_;
    case Kind::kFile: {
      auto it = file_.find(shape.name);
      if (it == file_.end()) {
        return Status::NotFound("the " + description_ + " has no tiles for shape '" + shape.name +
                                "'; rerun `tilevolve oracle` on this suite or pick shapes with --only");
      }
      const FileEntry& e = it->second;
      if (e.m != shape.m || e.n != shape.n || e.k != shape.k) {
        return Status::InvalidArgument(
            "the " + description_ + " has shape '" + shape.name + "' as " + std::to_string(e.m) + "x" +
            std::to_string(e.n) + "x" + std::to_string(e.k) + " but the suite says " +
            std::to_string(shape.m) + "x" + std::to_string(shape.n) + "x" + std::to_string(shape.k));
      }
      return e.tiles;
    }
    case Kind::kHeuristic:
      break;
  }
  return heuristic_(static_cast<int>(shape.m), static_cast<int>(shape.n), static_cast<int>(shape.k), &device);
}

}  // namespace tv::bench
