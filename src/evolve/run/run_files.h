// The files of a run besides its database: the promoted best program, the
// OpenEvolve-style checkpoint exports, and importing an export to resume.
// Every file is written to a temporary name and renamed, so a crash never
// leaves a half-written best program or checkpoint.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "evolve/database/program_record.h"
#include "evolve/database/run_database.h"

namespace tv::evolve {

// DIR/best_program.cpp and DIR/best_program_info.json (id, iteration,
// generation, island, score, remeasured_score, metrics, when, how).
Status WriteBestProgram(const std::string& dir, const ProgramRecord& best, double remeasured_score,
                        const nlohmann::json& extra);

// OUTPUT/checkpoints/checkpoint_N/: a consistent copy of the database (SQLite
// online backup), the best program files, metadata.json (iteration, counts,
// config) and, as OpenEvolve lays out its checkpoints, programs/ID.json for
// every program (ProgramJson), so tools written for OpenEvolve's checkpoints
// read ours. The database stays what --checkpoint resumes from. Replaces an
// existing export of the same N.
Status ExportCheckpoint(const std::string& output_dir, int iteration, const std::string& database_path,
                        const ProgramRecord* best, double remeasured_score, const nlohmann::json& metadata,
                        const std::map<int64_t, ProgramRecord>& programs);

// One program in OpenEvolve's checkpoint format: id, code, language,
// parent_id, generation, timestamp, iteration_found, metrics (the numeric
// metrics), complexity (code length), diversity (0: not computed), metadata
// (island, mutation, changes, outcome). The evaluator's whole metrics JSON
// (per-shape figures: 40 KB a program for the 28 GPU shapes) stays in the
// checkpoint's database only: written into every program's file of every
// checkpoint it made the export O(programs) large and a run's checkpoints
// O(iterations^2) (2.1 GB for 600 iterations of the CUDA example).
nlohmann::json ProgramJson(const ProgramRecord& program);

// Copies CHECKPOINT's database (run_database.h) to OUTPUT/tilevolve.db so the
// run resumes from it. Refuses when OUTPUT already holds a run (nothing is
// overwritten) or the export has no database.
Status ImportCheckpoint(const std::string& checkpoint_dir, const std::string& output_dir);

// A run made before the database had its DESIGN.md name (OUTPUT/evolution.sqlite,
// no OUTPUT/tilevolve.db): folds its write-ahead log into the file and renames
// it to tilevolve.db. True when it moved one; an error (nothing moved) when the
// database cannot be checkpointed, e.g. while another process has it open.
Result<bool> MoveEarlierRunDatabase(const std::string& output_dir);

// Writes `text` to `path` through a temporary file and rename.
Status WriteFileAtomically(const std::string& path, const std::string& text);

}  // namespace tv::evolve
