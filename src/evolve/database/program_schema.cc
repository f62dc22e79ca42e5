// The run database's schema (contract: program_schema.h).
#include "evolve/database/program_schema.h"

#include <chrono>
#include <cstdio>
#include <set>

#include "evolve/database/sqlite_access.h"

namespace tv::evolve {
namespace {

constexpr const char* kCreateTables = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE programs (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER NOT NULL, second_parent_id INTEGER NOT NULL,
  iteration INTEGER NOT NULL, generation INTEGER NOT NULL, island INTEGER NOT NULL,
  code TEXT NOT NULL, code_hash TEXT NOT NULL,
  mutation TEXT NOT NULL, change_summary TEXT NOT NULL, outcome TEXT NOT NULL,
  score REAL, metrics_json TEXT NOT NULL, created_at REAL, eval_seconds REAL,
  prompt_tokens INTEGER NOT NULL, completion_tokens INTEGER NOT NULL, cost_usd REAL
);
CREATE INDEX programs_by_code_hash ON programs (code_hash, id);
CREATE TABLE run_state (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL);
)sql";

Status NotARunDatabase(const std::string& path, const std::string& why) {
  return Status::InvalidArgument("the run database " + path + " is not a tilevolve run database (" + why +
                                 "); it was left unchanged: use another output directory");
}

}  // namespace

Result<SchemaState> InspectSchema(sqlite3* db, const std::string& path) {
  const std::string doing = "reading its schema";
  auto tables = sqlite::Prepare(db, path, "SELECT name FROM sqlite_master WHERE type = 'table'", doing);
  if (!tables.ok()) return tables.status();
  std::set<std::string> names;
  int rc;
  while ((rc = sqlite3_step(tables->get())) == SQLITE_ROW) names.insert(sqlite::Reader(tables->get()).Text());
  if (rc != SQLITE_DONE) return sqlite::Error(path, db, rc, doing);
  if (names.empty()) return SchemaState::kEmpty;

  for (const char* table : {"meta", "programs", "run_state"}) {
    if (names.count(table) == 0) {
      return NotARunDatabase(path, std::string("an SQLite database without a '") + table + "' table");
    }
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE key = 'schema_version'", -1, &raw, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(raw);
    return NotARunDatabase(path, "its 'meta' table has another shape");
  }
  sqlite::StatementPtr version(raw);
  rc = sqlite3_step(version.get());
  if (rc == SQLITE_DONE) return NotARunDatabase(path, "it has no schema_version");
  if (rc != SQLITE_ROW) return sqlite::Error(path, db, rc, "reading its schema version");
  const std::string found = sqlite::Reader(version.get()).Text();
  if (found != std::to_string(kProgramSchemaVersion)) {
    return Status::InvalidArgument("the run database " + path + " has schema version " + found +
                                   " but this tilevolve reads version " +
                                   std::to_string(kProgramSchemaVersion) +
                                   "; it was left unchanged: resume it with the tilevolve that wrote it, or "
                                   "start a new run in another output directory");
  }
  return SchemaState::kCurrent;
}

Status CreateSchema(sqlite3* db, const std::string& path) {
  TV_RETURN_IF_ERROR(sqlite::Exec(db, path, kCreateTables, "creating its tables"));
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  char created_at[32];
  std::snprintf(created_at, sizeof created_at, "%.3f", now);
  for (const auto& [key, value] :
       {std::pair<const char*, std::string>{"schema_version", std::to_string(kProgramSchemaVersion)},
        std::pair<const char*, std::string>{"created_at", created_at}}) {
    auto insert = sqlite::Prepare(db, path, "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                                  "writing its schema version");
    if (!insert.ok()) return insert.status();
    sqlite::Binder bind(insert->get());
    bind.Text(key);
    bind.Text(value);
    TV_RETURN_IF_ERROR(sqlite::StepDone(db, path, insert->get(), bind.rc(), "writing its schema version"));
  }
  return Status::Ok();
}

Status QuickCheck(sqlite3* db, const std::string& path) {
  const std::string doing = "checking its integrity";
  auto check = sqlite::Prepare(db, path, "PRAGMA quick_check", doing);
  if (!check.ok()) return check.status();
  const int rc = sqlite3_step(check->get());
  if (rc != SQLITE_ROW) return sqlite::Error(path, db, rc, doing);
  const std::string verdict = sqlite::Reader(check->get()).Text();
  if (verdict == "ok") return Status::Ok();
  return Status::InvalidArgument("the run database " + path + " is damaged (SQLite's quick_check: " +
                                 verdict + "); it was left unchanged");
}

}  // namespace tv::evolve
