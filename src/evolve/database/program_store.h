// The durable part of a run: programs and run state in one SQLite file (WAL)
// at OUTPUT_DIR/tilevolve.db (run_database.h). Every finished evaluation is committed at
// once, together with the run state after it, in one transaction: `kill -9`
// at any moment loses nothing that was evaluated and never leaves a program
// without the state that follows it.
//
// Schema (version in `meta`): programs (one row per ProgramRecord, code
// included), run_state (one row: a JSON blob owned by the controller: iteration,
// population, RNG, config snapshot...), meta (schema_version, initial program
// hash, created_at). Opening a file of another schema version, or a file that
// is not a run database, is an error that says so and changes nothing.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "evolve/database/program_record.h"

struct sqlite3;

namespace tv::evolve {

class ProgramStore {
 public:
  // Opens or creates the database. `create`: false refuses a missing file (for --resume).
  static Result<std::unique_ptr<ProgramStore>> Open(const std::string& path, bool create);
  ~ProgramStore();
  ProgramStore(const ProgramStore&) = delete;
  ProgramStore& operator=(const ProgramStore&) = delete;

  // Inserts `program` (id assigned: returned and set) and replaces the run state,
  // atomically. REQUIRES: program.id == 0.
  Result<int64_t> Commit(ProgramRecord& program, const std::string& run_state_json);
  // Replaces the run state alone (e.g. after a migration).
  Status SaveRunState(const std::string& run_state_json);
  // The last committed run state; empty when none.
  Result<std::string> LoadRunState();

  Result<std::optional<ProgramRecord>> Get(int64_t id);
  // Every program, ordered by id.
  Result<std::vector<ProgramRecord>> All();
  // The first program with this code hash, if any (a child identical to an
  // earlier program is not evaluated again).
  Result<std::optional<ProgramRecord>> FindByHash(const std::string& code_hash);
  Result<int64_t> Count();

  // meta key/value (e.g. "initial_program_hash").
  Status SetMeta(const std::string& key, const std::string& value);
  Result<std::optional<std::string>> GetMeta(const std::string& key);

  const std::string& path() const { return path_; }

 private:
  ProgramStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

// A stable hex hash of program text (for code_hash).
std::string CodeHash(const std::string& code);

}  // namespace tv::evolve
