#include "evolve/run/run_files.h"

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <system_error>

namespace tv::evolve {
namespace fs = std::filesystem;

Status WriteFileAtomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return Status::Internal("cannot write " + tmp + " (is the output directory writable?)");
    out << text;
    out.flush();
    if (!out) return Status::Internal("cannot write " + tmp + " (disk full?)");
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::Internal("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

Status WriteBestProgram(const std::string& dir, const ProgramRecord& best, double remeasured_score,
                        const nlohmann::json& extra) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Internal("cannot create " + dir + ": " + ec.message());
  nlohmann::json info = {{"id", best.id},
                         {"parent_id", best.parent_id},
                         {"iteration", best.iteration},
                         {"generation", best.generation},
                         {"island", best.island},
                         {"mutation", best.mutation},
                         {"change_summary", best.change_summary},
                         {"score", best.score},
                         {"remeasured_score", remeasured_score},
                         {"code_hash", best.code_hash},
                         {"created_at", best.created_at}};
  const nlohmann::json metrics = nlohmann::json::parse(best.metrics_json, nullptr, false);
  info["metrics"] = metrics.is_discarded() ? nlohmann::json() : metrics;
  for (const auto& [key, value] : extra.items()) info[key] = value;
  TV_RETURN_IF_ERROR(WriteFileAtomically(dir + "/best_program.cpp", best.code));
  return WriteFileAtomically(dir + "/best_program_info.json", info.dump(2) + "\n");
}

nlohmann::json ProgramJson(const ProgramRecord& program) {
  // Only the top level's numbers are used: the nested objects and arrays (the
  // per-shape figures, most of the text) are discarded as they are parsed, not
  // built. A checkpoint parses every program's metrics.
  const nlohmann::json::parser_callback_t top_level_only = [](int depth, nlohmann::json::parse_event_t event,
                                                              nlohmann::json& /*parsed*/) {
    using Event = nlohmann::json::parse_event_t;
    return depth == 0 || (event != Event::object_start && event != Event::array_start);
  };
  const nlohmann::json all = nlohmann::json::parse(program.metrics_json, top_level_only, false);
  nlohmann::json metrics = nlohmann::json::object();
  if (all.is_object()) {
    for (const auto& [key, value] : all.items()) {
      if (value.is_number()) metrics[key] = value;
    }
  }
  metrics["combined_score"] = program.score;
  const std::string language = program.code.find("#include") != std::string::npos ||
                                       program.code.find("extern \"C\"") != std::string::npos
                                   ? "cpp"
                                   : "text";
  return {{"id", std::to_string(program.id)},
          {"code", program.code},
          {"language", language},
          {"parent_id",
           program.parent_id != 0 ? nlohmann::json(std::to_string(program.parent_id)) : nlohmann::json()},
          {"generation", program.generation},
          {"timestamp", program.created_at},
          {"iteration_found", program.iteration},
          {"metrics", metrics},
          {"complexity", static_cast<double>(program.code.size())},
          {"diversity", 0.0},
          {"metadata",
           {{"island", program.island},
            {"mutation", program.mutation},
            {"changes", program.change_summary},
            {"outcome", program.outcome},
            {"second_parent_id", program.second_parent_id},
            {"eval_seconds", program.eval_seconds}}}};
}

Status ExportCheckpoint(const std::string& output_dir, int iteration, const std::string& database_path,
                        const ProgramRecord* best, double remeasured_score, const nlohmann::json& metadata,
                        const std::map<int64_t, ProgramRecord>& programs) {
  const std::string dir = output_dir + "/checkpoints/checkpoint_" + std::to_string(iteration);
  const std::string tmp_dir = dir + ".tmp";
  std::error_code ec;
  fs::remove_all(tmp_dir, ec);
  fs::create_directories(tmp_dir, ec);
  if (ec) return Status::Internal("cannot create " + tmp_dir + ": " + ec.message());

  // A consistent copy of a database that may be open elsewhere in this process.
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(database_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    const std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Internal("cannot open " + database_path + " to export a checkpoint: " + why);
  }
  sqlite3_busy_timeout(db, 5000);
  // SQLite's online backup copies the pages as they are, one consistent
  // snapshot; VACUUM INTO rebuilt every table and index, which grew with the
  // run and dominated an iteration's time late in a run.
  const std::string copy = tmp_dir + "/" + kRunDatabaseName;
  sqlite3* target = nullptr;
  int rc = sqlite3_open_v2(copy.c_str(), &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", db, "main");
    if (backup == nullptr) {
      rc = sqlite3_errcode(target);
    } else {
      do {
        rc = sqlite3_backup_step(backup, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      const int finished = sqlite3_backup_finish(backup);
      if (rc == SQLITE_DONE && finished != SQLITE_OK) rc = finished;
    }
  }
  const std::string why = rc == SQLITE_DONE   ? ""
                          : target != nullptr ? sqlite3_errmsg(target)
                                              : "out of memory";
  sqlite3_close(target);
  sqlite3_close(db);
  if (rc != SQLITE_DONE)
    return Status::Internal("cannot copy " + database_path + " into " + copy + ": " + why);

  if (best != nullptr)
    TV_RETURN_IF_ERROR(WriteBestProgram(tmp_dir, *best, remeasured_score, nlohmann::json::object()));
  TV_RETURN_IF_ERROR(WriteFileAtomically(tmp_dir + "/metadata.json", metadata.dump(2) + "\n"));
  fs::create_directories(tmp_dir + "/programs", ec);
  if (ec) return Status::Internal("cannot create " + tmp_dir + "/programs: " + ec.message());
  for (const auto& [id, program] : programs) {
    TV_RETURN_IF_ERROR(WriteFileAtomically(tmp_dir + "/programs/" + std::to_string(id) + ".json",
                                           ProgramJson(program).dump(2) + "\n"));
  }
  fs::remove_all(dir, ec);
  fs::rename(tmp_dir, dir, ec);
  if (ec) return Status::Internal("cannot move " + tmp_dir + " to " + dir + ": " + ec.message());
  return Status::Ok();
}

Status ImportCheckpoint(const std::string& checkpoint_dir, const std::string& output_dir) {
  const std::string source = FindRunDatabase(checkpoint_dir);
  if (!fs::is_regular_file(source)) {
    return Status::NotFound(checkpoint_dir + " is not a tilevolve checkpoint (no " + kRunDatabaseName +
                            " in it); pass a checkpoints/checkpoint_N directory of a run");
  }
  const std::string target = FindRunDatabase(output_dir);
  if (fs::exists(target)) {
    return Status::InvalidArgument(
        output_dir + " already holds a run (" + target +
        "); resuming from a checkpoint would overwrite it: choose another --output, or "
        "pass --resume to continue that run");
  }
  std::error_code ec;
  fs::create_directories(output_dir, ec);
  if (!ec) fs::copy_file(source, target, ec);
  if (ec) return Status::Internal("cannot copy " + source + " to " + target + ": " + ec.message());
  return Status::Ok();
}

Result<bool> MoveEarlierRunDatabase(const std::string& output_dir) {
  const std::string earlier = output_dir + "/" + kEarlierRunDatabaseName;
  const std::string current = output_dir + "/" + kRunDatabaseName;
  std::error_code ec;
  if (fs::exists(current, ec) || !fs::exists(earlier, ec)) return false;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(earlier.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr);
  if (rc == SQLITE_OK)
    rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  const std::string why = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
  sqlite3_close(db);
  if (rc != SQLITE_OK) {
    return Status::Internal("cannot fold the write-ahead log of " + earlier +
                            " into it before renaming it to " + kRunDatabaseName + ": " + why +
                            " (is another tilevolve using the run?)");
  }
  const std::string wal = earlier + "-wal";
  if (fs::exists(wal, ec) && fs::file_size(wal, ec) > 0) {
    return Status::Internal(earlier +
                            "-wal still holds transactions; stop the process using the run, then resume");
  }
  fs::remove(wal, ec);
  fs::remove(earlier + "-shm", ec);
  fs::rename(earlier, current, ec);
  if (ec) return Status::Internal("cannot rename " + earlier + " to " + current + ": " + ec.message());
  return true;
}

}  // namespace tv::evolve
