// The run database's SQLite plumbing (private to evolve/database): owning
// handles, prepared statements with bound values, transactions, and SQLite
// result codes turned into Statuses written for the user. Only fixed SQL text
// is ever prepared; every value travels as a bound parameter.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"

namespace tv::evolve::sqlite {

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DatabasePtr = std::unique_ptr<sqlite3, DatabaseCloser>;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

constexpr int kBusyTimeoutMs = 10000;  // how long a write waits for another connection's lock

// A user-facing Status for SQLite result code `rc` on the run database at
// `path` while `doing` (e.g. "storing a program"). `db` may be null.
Status Error(const std::string& path, sqlite3* db, int rc, const std::string& doing);

// Runs fixed SQL text without values (BEGIN, COMMIT, CREATE TABLE, PRAGMA).
Status Exec(sqlite3* db, const std::string& path, const char* sql, const std::string& doing);

Result<StatementPtr> Prepare(sqlite3* db, const std::string& path, const char* sql, const std::string& doing);

// Binds parameters 1, 2, ... in call order; the first failure is kept in rc().
class Binder {
 public:
  explicit Binder(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void Text(const std::string& s);
  void Int(int64_t v);
  void Real(double v);  // NaN is stored as NULL (SQLite has no NaN)
  int rc() const { return rc_; }

 private:
  void Keep(int rc);
  sqlite3_stmt* stmt_;
  int next_ = 1;
  int rc_ = SQLITE_OK;
};

// Reads result columns 0, 1, ... of the current row in call order.
class Reader {
 public:
  explicit Reader(sqlite3_stmt* stmt) : stmt_(stmt) {}
  int64_t Int() { return sqlite3_column_int64(stmt_, next_++); }
  double Real();  // NULL reads back as NaN
  std::string Text();

 private:
  sqlite3_stmt* stmt_;
  int next_ = 0;
};

// Steps a statement that returns no rows; `bind_rc` is its Binder's rc().
Status StepDone(sqlite3* db, const std::string& path, sqlite3_stmt* stmt, int bind_rc,
                const std::string& doing);

// Runs `body` (returning Status) inside BEGIN IMMEDIATE .. COMMIT; rolls back when
// anything fails and returns the first error.
template <typename Body>
Status InWriteTransaction(sqlite3* db, const std::string& path, const std::string& doing, Body body) {
  TV_RETURN_IF_ERROR(Exec(db, path, "BEGIN IMMEDIATE", doing));
  Status status = body();
  if (status.ok()) status = Exec(db, path, "COMMIT", doing);
  if (!status.ok()) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);  // the first error is reported
  return status;
}

}  // namespace tv::evolve::sqlite
