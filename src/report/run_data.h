// Everything the report shows, read once from a run's output directory:
// the programs and the run state from OUTPUT_DIR/tilevolve.db (opened
// read-only, in one read transaction, so a run still writing it is fine: WAL
// lets a reader see the last commit), best/best_program_info.json, the config
// snapshot and the latest log.
//
// A database of another schema version is read as far as its columns allow,
// with a notice; what is missing shows as missing. Only a directory that is no
// run at all (no database, not SQLite, no programs table) is an error.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "evolve/config/evolve_config.h"
#include "evolve/database/program_record.h"
#include "evolve/database/run_database.h"

namespace tv::report {

// clang-tidy 14 flags the implicit move of the nlohmann::json member, whose move does not throw.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct ReportProgram {
  evolve::ProgramRecord record;
  nlohmann::json metrics;  // record.metrics_json parsed; an empty object when it is not JSON
  bool ok() const { return record.outcome == "ok"; }
};

// clang-tidy 14: as ReportProgram.
// NOLINTNEXTLINE(bugprone-exception-escape)
struct RunData {
  std::string output_dir;
  std::string database_path;
  std::map<std::string, std::string> meta;  // the database's meta table (schema_version, created_at, ...)
  std::vector<ReportProgram> programs;      // by id
  nlohmann::json run_state;                 // the controller's JSON (evolve/run/run_state.h); null when none
  nlohmann::json best_info;                 // best/best_program_info.json; null when absent
  std::optional<evolve::EvolveConfig> config;  // the run's config snapshot, parsed
  std::string evaluator;                       // the log's "evaluator: ..." description; empty when unknown
  bool has_log = false;                        // OUTPUT_DIR/logs holds an evolve-*.log
  bool finished = false;                       // the latest log says the run stopped
  int checkpoint_iteration = -1;               // a checkpoint export (metadata.json): its iteration; else -1
  std::vector<std::string> notices;            // what the reader should know (schema mismatch, missing parts)

  // nullptr when there is no program `id`.
  const ReportProgram* Find(int64_t id) const;
  // The program in best/ (the run state's promoted id, else best_program_info.json's,
  // else the best-scoring ok program); nullptr when there is none.
  const ReportProgram* Best() const;
  // The initial program (mutation "initial", else the first); nullptr when there are no programs.
  const ReportProgram* Initial() const;
  // A number from the run state; `fallback` when absent or not a number.
  double StateNumber(const char* key, double fallback) const;
};

// Reads the run in `output_dir`. Errors (NotFound / InvalidArgument) name the
// directory and say what to pass instead.
Result<RunData> LoadRun(const std::string& output_dir);

}  // namespace tv::report
