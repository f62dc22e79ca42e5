// The run database's schema (private to evolve/database): what is in a file,
// and creating the tables in an empty one.
//
// Version kProgramSchemaVersion:
//   meta(key TEXT PRIMARY KEY, value TEXT)  schema_version, created_at, and the controller's keys
//   programs(id INTEGER PRIMARY KEY, ...)   one row per ProgramRecord, columns named as its fields;
//                                           REAL columns hold NULL for NaN
//   run_state(id = 1, state TEXT)           the controller's JSON blob, one row at most
// Ids come from SQLite's rowid: rows are never deleted, so a new program gets
// the largest id + 1 (1 in an empty database).
#pragma once

#include <sqlite3.h>

#include <string>

#include "core/status.h"

namespace tv::evolve {

constexpr int kProgramSchemaVersion = 1;

enum class SchemaState { kEmpty, kCurrent };

// Reads (never writes) the schema of the open database at `path`: kEmpty when it
// has no tables at all, kCurrent when it is a run database of this version; an
// InvalidArgument naming the file otherwise (not SQLite, another program's
// database, another schema version).
Result<SchemaState> InspectSchema(sqlite3* db, const std::string& path);

// Creates the tables and writes schema_version and created_at. REQUIRES: inside
// a write transaction, on a database that InspectSchema found kEmpty.
Status CreateSchema(sqlite3* db, const std::string& path);

// PRAGMA quick_check: an InvalidArgument naming the file when it is damaged.
Status QuickCheck(sqlite3* db, const std::string& path);

}  // namespace tv::evolve
