// ProgramStore on SQLite (contract: program_store.h; schema: program_schema.h).
//
// Durability: WAL with synchronous=FULL, so a returned Commit survives a power
// loss as well as `kill -9`; a Commit cut short leaves the database as before it.
#include "evolve/database/program_store.h"

#include <cassert>
#include <filesystem>
#include <system_error>

#include "evolve/database/program_schema.h"
#include "evolve/database/sqlite_access.h"

namespace tv::evolve {
namespace {

// The columns of a ProgramRecord, in the order BindRecord binds and ReadRecord reads them.
constexpr const char* kRecordColumns =
    "parent_id, second_parent_id, iteration, generation, island, code, code_hash, mutation, change_summary, "
    "outcome, score, metrics_json, created_at, eval_seconds, prompt_tokens, completion_tokens, cost_usd";

void BindRecord(sqlite::Binder& bind, const ProgramRecord& p) {
  bind.Int(p.parent_id);
  bind.Int(p.second_parent_id);
  bind.Int(p.iteration);
  bind.Int(p.generation);
  bind.Int(p.island);
  bind.Text(p.code);
  bind.Text(p.code_hash);
  bind.Text(p.mutation);
  bind.Text(p.change_summary);
  bind.Text(p.outcome);
  bind.Real(p.score);
  bind.Text(p.metrics_json);
  bind.Real(p.created_at);
  bind.Real(p.eval_seconds);
  bind.Int(p.prompt_tokens);
  bind.Int(p.completion_tokens);
  bind.Real(p.cost_usd);
}

// Reads `id, <kRecordColumns>` of the current row.
ProgramRecord ReadRecord(sqlite3_stmt* stmt) {
  sqlite::Reader read(stmt);
  ProgramRecord p;
  p.id = read.Int();
  p.parent_id = read.Int();
  p.second_parent_id = read.Int();
  p.iteration = static_cast<int>(read.Int());
  p.generation = static_cast<int>(read.Int());
  p.island = static_cast<int>(read.Int());
  p.code = read.Text();
  p.code_hash = read.Text();
  p.mutation = read.Text();
  p.change_summary = read.Text();
  p.outcome = read.Text();
  p.score = read.Real();
  p.metrics_json = read.Text();
  p.created_at = read.Real();
  p.eval_seconds = read.Real();
  p.prompt_tokens = read.Int();
  p.completion_tokens = read.Int();
  p.cost_usd = read.Real();
  return p;
}

std::string SelectRecords(const char* where_and_order) {
  return std::string("SELECT id, ") + kRecordColumns + " FROM programs " + where_and_order;
}

// Steps `stmt` to the end, collecting every row as a ProgramRecord.
Result<std::vector<ProgramRecord>> ReadAll(sqlite3* db, const std::string& path, sqlite3_stmt* stmt,
                                           int bind_rc, const std::string& doing) {
  if (bind_rc != SQLITE_OK) return sqlite::Error(path, db, bind_rc, doing);
  std::vector<ProgramRecord> records;
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) records.push_back(ReadRecord(stmt));
  if (rc != SQLITE_DONE) return sqlite::Error(path, db, rc, doing);
  return records;
}

Status WriteRunState(sqlite3* db, const std::string& path, const std::string& run_state_json) {
  const std::string doing = "saving the run state";
  auto stmt = sqlite::Prepare(db, path, "INSERT OR REPLACE INTO run_state (id, state) VALUES (1, ?1)", doing);
  if (!stmt.ok()) return stmt.status();
  sqlite::Binder bind(stmt->get());
  bind.Text(run_state_json);
  return sqlite::StepDone(db, path, stmt->get(), bind.rc(), doing);
}

}  // namespace

Result<std::unique_ptr<ProgramStore>> ProgramStore::Open(const std::string& path, bool create) {
  if (path.empty()) return Status::InvalidArgument("the run database path is empty; pass a file path");
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (std::filesystem::is_directory(status)) {
    return Status::InvalidArgument("the run database " + path + " is a directory; pass a file path");
  }
  const bool exists = std::filesystem::exists(status);
  if (!exists && !create) {
    return Status::NotFound(
        "the run database " + path +
        " does not exist: there is no run to resume there (check the output directory, or "
        "start a new run)");
  }

  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  const int open_rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  sqlite::DatabasePtr db(raw);  // closed on every early return, even when the open failed
  if (open_rc != SQLITE_OK) return sqlite::Error(path, db.get(), open_rc, "opening it");
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), sqlite::kBusyTimeoutMs);

  // Read before anything is written: a file that is not ours stays untouched.
  Result<SchemaState> state = InspectSchema(db.get(), path);
  if (!state.ok()) return state.status();
  if (*state == SchemaState::kEmpty && !create) {
    return Status::InvalidArgument("the run database " + path +
                                   " is empty: there is no run to resume there; it was left unchanged");
  }
  if (*state == SchemaState::kCurrent) TV_RETURN_IF_ERROR(QuickCheck(db.get(), path));

  TV_RETURN_IF_ERROR(sqlite::Exec(db.get(), path, "PRAGMA journal_mode = WAL", "opening it"));
  TV_RETURN_IF_ERROR(sqlite::Exec(db.get(), path, "PRAGMA synchronous = FULL", "opening it"));
  if (*state == SchemaState::kEmpty) {
    TV_RETURN_IF_ERROR(sqlite::InWriteTransaction(db.get(), path, "creating its tables", [&]() -> Status {
      Result<SchemaState> again = InspectSchema(db.get(), path);  // another process may have created it
      if (!again.ok()) return again.status();
      return *again == SchemaState::kEmpty ? CreateSchema(db.get(), path) : Status::Ok();
    }));
  }
  return std::unique_ptr<ProgramStore>(new ProgramStore(db.release(), path));
}

ProgramStore::~ProgramStore() { sqlite3_close_v2(db_); }

Result<int64_t> ProgramStore::Commit(ProgramRecord& program, const std::string& run_state_json) {
  assert(program.id == 0 && "Commit stores a new program; its id is assigned here");
  const std::string doing = "storing a program";
  int64_t id = 0;
  const Status status = sqlite::InWriteTransaction(db_, path_, doing, [&]() -> Status {
    const std::string sql =
        std::string("INSERT INTO programs (") + kRecordColumns +
        ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
    auto insert = sqlite::Prepare(db_, path_, sql.c_str(), doing);
    if (!insert.ok()) return insert.status();
    sqlite::Binder bind(insert->get());
    BindRecord(bind, program);
    TV_RETURN_IF_ERROR(sqlite::StepDone(db_, path_, insert->get(), bind.rc(), doing));
    id = sqlite3_last_insert_rowid(db_);
    return WriteRunState(db_, path_, run_state_json);
  });
  if (!status.ok()) return status;
  program.id = id;
  return id;
}

Status ProgramStore::SaveRunState(const std::string& run_state_json) {
  return sqlite::InWriteTransaction(db_, path_, "saving the run state",
                                    [&] { return WriteRunState(db_, path_, run_state_json); });
}

Result<std::string> ProgramStore::LoadRunState() {
  const std::string doing = "reading the run state";
  auto stmt = sqlite::Prepare(db_, path_, "SELECT state FROM run_state WHERE id = 1", doing);
  if (!stmt.ok()) return stmt.status();
  const int rc = sqlite3_step(stmt->get());
  if (rc == SQLITE_DONE) return std::string();
  if (rc != SQLITE_ROW) return sqlite::Error(path_, db_, rc, doing);
  return sqlite::Reader(stmt->get()).Text();
}

Result<std::optional<ProgramRecord>> ProgramStore::Get(int64_t id) {
  const std::string doing = "reading program " + std::to_string(id);
  auto stmt = sqlite::Prepare(db_, path_, SelectRecords("WHERE id = ?1").c_str(), doing);
  if (!stmt.ok()) return stmt.status();
  sqlite::Binder bind(stmt->get());
  bind.Int(id);
  Result<std::vector<ProgramRecord>> rows = ReadAll(db_, path_, stmt->get(), bind.rc(), doing);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ProgramRecord>();
  return std::optional<ProgramRecord>(std::move(rows->front()));
}

Result<std::vector<ProgramRecord>> ProgramStore::All() {
  const std::string doing = "reading the programs";
  auto stmt = sqlite::Prepare(db_, path_, SelectRecords("ORDER BY id").c_str(), doing);
  if (!stmt.ok()) return stmt.status();
  return ReadAll(db_, path_, stmt->get(), SQLITE_OK, doing);
}

Result<std::optional<ProgramRecord>> ProgramStore::FindByHash(const std::string& code_hash) {
  const std::string doing = "looking up a program by its code hash";
  auto stmt =
      sqlite::Prepare(db_, path_, SelectRecords("WHERE code_hash = ?1 ORDER BY id LIMIT 1").c_str(), doing);
  if (!stmt.ok()) return stmt.status();
  sqlite::Binder bind(stmt->get());
  bind.Text(code_hash);
  Result<std::vector<ProgramRecord>> rows = ReadAll(db_, path_, stmt->get(), bind.rc(), doing);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ProgramRecord>();
  return std::optional<ProgramRecord>(std::move(rows->front()));
}

Result<int64_t> ProgramStore::Count() {
  const std::string doing = "counting the programs";
  auto stmt = sqlite::Prepare(db_, path_, "SELECT COUNT(*) FROM programs", doing);
  if (!stmt.ok()) return stmt.status();
  const int rc = sqlite3_step(stmt->get());
  if (rc != SQLITE_ROW) return sqlite::Error(path_, db_, rc, doing);
  return sqlite::Reader(stmt->get()).Int();
}

Status ProgramStore::SetMeta(const std::string& key, const std::string& value) {
  if (key == "schema_version") {
    return Status::InvalidArgument("the run database's schema_version is written by the store itself");
  }
  const std::string doing = "writing meta key '" + key + "'";
  auto stmt = sqlite::Prepare(db_, path_, "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)", doing);
  if (!stmt.ok()) return stmt.status();
  sqlite::Binder bind(stmt->get());
  bind.Text(key);
  bind.Text(value);
  return sqlite::StepDone(db_, path_, stmt->get(), bind.rc(), doing);
}

Result<std::optional<std::string>> ProgramStore::GetMeta(const std::string& key) {
  const std::string doing = "reading meta key '" + key + "'";
  auto stmt = sqlite::Prepare(db_, path_, "SELECT value FROM meta WHERE key = ?1", doing);
  if (!stmt.ok()) return stmt.status();
  sqlite::Binder bind(stmt->get());
  bind.Text(key);
  const int rc = bind.rc() == SQLITE_OK ? sqlite3_step(stmt->get()) : bind.rc();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return sqlite::Error(path_, db_, rc, doing);
  return std::optional<std::string>(sqlite::Reader(stmt->get()).Text());
}

}  // namespace tv::evolve
