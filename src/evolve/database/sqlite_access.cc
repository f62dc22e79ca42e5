// SQLite plumbing of the run database (contract: sqlite_access.h).
#include "evolve/database/sqlite_access.h"

#include <cmath>
#include <limits>

namespace tv::evolve::sqlite {

Status Error(const std::string& path, sqlite3* db, int rc, const std::string& doing) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string database = "the run database " + path;
  switch (rc & 0xff) {  // the primary code of an extended one
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Status::InvalidArgument(database + " is not a tilevolve run database or is damaged (" + detail +
                                     ", while " + doing +
                                     "); it was left unchanged: use another output directory");
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::Unavailable("cannot open or write " + database + " (" + detail + ", while " + doing +
                                 "); check that its directory exists and is writable");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(database + " stayed locked by another process for more than " +
                                 std::to_string(kBusyTimeoutMs / 1000) + " s (" + detail + ", while " +
                                 doing + "); is another tilevolve evolve using the same output directory?");
    case SQLITE_FULL:
      return Status::Unavailable(database + " could not grow (" + detail + ", while " + doing +
                                 "); free disk space and resume the run");
    default:
      return Status::Internal(database + " failed while " + doing + " (" + detail + ")");
  }
}

Status Exec(sqlite3* db, const std::string& path, const char* sql, const std::string& doing) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : Error(path, db, rc, doing);
}

Result<StatementPtr> Prepare(sqlite3* db, const std::string& path, const char* sql,
                             const std::string& doing) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return Error(path, db, rc, doing);
  }
  return StatementPtr(stmt);
}

void Binder::Text(const std::string& s) {
  Keep(sqlite3_bind_text64(stmt_, next_++, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void Binder::Int(int64_t v) { Keep(sqlite3_bind_int64(stmt_, next_++, v)); }

void Binder::Real(double v) {
  Keep(std::isnan(v) ? sqlite3_bind_null(stmt_, next_++) : sqlite3_bind_double(stmt_, next_++, v));
}

void Binder::Keep(int rc) {
  if (rc_ == SQLITE_OK) rc_ = rc;
}

double Reader::Real() {
  const int col = next_++;
  if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(stmt_, col);
}

std::string Reader::Text() {
  const int col = next_++;
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
  return text != nullptr ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
                         : std::string();
}

Status StepDone(sqlite3* db, const std::string& path, sqlite3_stmt* stmt, int bind_rc,
                const std::string& doing) {
  const int rc = bind_rc == SQLITE_OK ? sqlite3_step(stmt) : bind_rc;
  return rc == SQLITE_DONE ? Status::Ok() : Error(path, db, rc, doing);
}

}  // namespace tv::evolve::sqlite
