#include "evolve/cuda/cuda_oracle_file.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "core/cache_dir.h"
#include "evolve/cuda/gpu_tiles_text.h"

namespace tv::evolve::cuda {
namespace {

bool IsRecordOfShape(const nlohmann::json& r) {
  return r.is_object() && r.contains("m") && r["m"].is_number_integer() && r.contains("n") &&
         r["n"].is_number_integer() && r.contains("k") && r["k"].is_number_integer();
}

ShapeKey KeyOf(const nlohmann::json& r) {
  return {r["m"].get<int64_t>(), r["n"].get<int64_t>(), r["k"].get<int64_t>()};
}

Result<nlohmann::json> ReadJson(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status::NotFound("no GPU oracle file at " + path);
  std::ifstream in(path);
  const nlohmann::json json = nlohmann::json::parse(in, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("records") || !json["records"].is_array()) {
    return Status::InvalidArgument(path +
                                   " is not the JSON of `tilevolve oracle --backend cuda` (no records); "
                                   "delete it and run the oracle again");
  }
  return json;
}

}  // namespace

std::string CudaOraclePath(const tv_device_info& device) {
  std::string name;
  for (const char c : std::string(device.gpu_name)) {
    name += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  }
  if (name.empty()) name = "unknown_gpu";
  return CacheRoot() + "/cuda-oracle/" + name + ".json";
}

Result<std::map<ShapeKey, CudaOracleEntry>> ReadCudaOracle(const std::string& path) {
  Result<nlohmann::json> json = ReadJson(path);
  if (!json.ok()) return json.status();
  std::map<ShapeKey, CudaOracleEntry> entries;
  for (const nlohmann::json& r : (*json)["records"]) {
    if (!IsRecordOfShape(r) || !r.contains("best_tiles") || !r.contains("best_config") ||
        !r["best_config"].is_string() || !r.contains("baseline_config") ||
        !r["baseline_config"].is_string() || !r.contains("speedup_vs_baseline") ||
        !r["speedup_vs_baseline"].is_number())
      continue;
    Result<tv_tile_config> best = GpuTilesFromJson(r["best_tiles"]);
    if (!best.ok()) continue;
    CudaOracleEntry entry;
    entry.best = *best;
    entry.best_config = r["best_config"].get<std::string>();
    entry.baseline_config = r["baseline_config"].get<std::string>();
    entry.speedup_vs_baseline = r["speedup_vs_baseline"].get<double>();
    entries[KeyOf(r)] = entry;
  }
  return entries;
}

Status MergeCudaOracle(const std::string& path, const nlohmann::json& records,
                       const nlohmann::json& machine) {
  if (!records.is_array()) return Status::InvalidArgument("GPU oracle records must be a JSON array");
  std::map<ShapeKey, nlohmann::json> merged;
  Result<nlohmann::json> existing = ReadJson(path);
  if (existing.ok()) {
    for (const nlohmann::json& r : (*existing)["records"])
      if (IsRecordOfShape(r)) merged[KeyOf(r)] = r;
  }
  for (const nlohmann::json& r : records)
    if (IsRecordOfShape(r)) merged[KeyOf(r)] = r;
  nlohmann::json out = {{"backend", "cuda"}, {"machine", machine}, {"records", nlohmann::json::array()}};
  for (const auto& [key, r] : merged) out["records"].push_back(r);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  if (ec) return Status::Internal("cannot create the folder of " + path + ": " + ec.message());
  const std::string temp = path + ".tmp";
  {
    std::ofstream file(temp, std::ios::trunc);
    file << out.dump(2) << "\n";
    if (!file) return Status::Internal("cannot write " + temp);
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) return Status::Internal("cannot rename " + temp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

}  // namespace tv::evolve::cuda
