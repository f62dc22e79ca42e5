// The files of a run besides its database: the promoted best program, the
// OpenEvolve-style checkpoint exports, and importing an export to resume.
// Every file is written to a temporary name and renamed, so a crash never
// leaves a half-written best program or checkpoint.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "evolve/database/program_record.h"

namespace tv::evolve {

// DIR/best_program.cpp and DIR/best_program_info.json (id, iteration,
// generation, island, score, remeasured_score, metrics, when, how).
Status WriteBestProgram(const std::string& dir, const ProgramRecord& best, double remeasured_score,
                        const nlohmann::json& extra);

// OUTPUT/checkpoints/checkpoint_N/: a consistent copy of the database (SQLite
// VACUUM INTO), the best program files and metadata.json (iteration, counts,
// config). Replaces an existing export of the same N.
Status ExportCheckpoint(const std::string& output_dir, int iteration, const std::string& database_path,
                        const ProgramRecord* best, double remeasured_score, const nlohmann::json& metadata);

// Copies CHECKPOINT/evolution.sqlite to OUTPUT/evolution.sqlite so the run
// resumes from it. Refuses when OUTPUT already holds a run (nothing is
// overwritten) or the export has no database.
Status ImportCheckpoint(const std::string& checkpoint_dir, const std::string& output_dir);

// Writes `text` to `path` through a temporary file and rename.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace tv::evolve
