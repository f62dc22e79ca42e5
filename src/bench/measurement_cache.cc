// SQLite storage of the measurement cache (contract: measurement_cache.h).
//
// Schema (kSchemaVersion; a database of any other version is refused):
//   meta(name PRIMARY KEY, value)          one row: ('schema_version', kSchemaVersion)
//   measurements(key columns PRIMARY KEY,  fingerprint kernel_build backend threads m n k
//                                          + the ten tile fields mc nc kc mr nr tile_threads
//                                            parallel pack_a pack_b path
//                value columns)            reps median_seconds spread speedup_vs_baseline
//                                          speedup_spread, the ten baseline tile fields
//                                          (base_mc .. base_path), error, measured_at
//   oracle(key columns without the tiles PRIMARY KEY,
//          the ten best tile fields (best_mc .. best_path), best_gflops,
//          speedup_vs_baseline, budget, measured_at)
// A REAL column holds NULL for NaN (SQLite cannot store NaN); NULL reads back as NaN.
//
// Every value reaches SQLite through a bound parameter; only fixed SQL text is
// ever executed. Every SQLite failure becomes a Status naming the database and
// saying what to do.
#include "bench/measurement_cache.h"

#include <sqlite3.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <system_error>

#include "core/cache_dir.h"

namespace tv::bench {
namespace {

constexpr int kSchemaVersion = 1;
constexpr int kBusyTimeoutMs = 5000;  // how long a write waits for another process's lock

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using DatabasePtr = std::unique_ptr<sqlite3, DatabaseCloser>;

struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

// A user-facing Status for SQLite result code `rc` on the database at `path`
// while `doing` (e.g. "reading a measurement"). `db` may be null.
Status SqliteError(const std::string& path, sqlite3* db, int rc, const std::string& doing) {
  const std::string detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  const std::string cache = "the measurement cache " + path;
  switch (rc & 0xff) {  // the primary code of an extended one
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return Status::InvalidArgument(cache + " is not a tilevolve cache or is damaged (" + detail +
                                     "); delete it or pass --no-cache");
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return Status::Unavailable("cannot write " + cache + " (" + detail + ", while " + doing +
                                 "); make its directory writable, set TILEVOLVE_CACHE_DIR to a writable "
                                 "directory, or pass --no-cache");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable(cache + " stayed locked by another process for more than " +
                                 std::to_string(kBusyTimeoutMs / 1000) + " s (" + detail + ", while " +
                                 doing + "); retry when the other tilevolve finishes, or pass --no-cache");
    case SQLITE_FULL:
      return Status::Unavailable(cache + " could not grow (" + detail + ", while " + doing +
                                 "); free disk space, set TILEVOLVE_CACHE_DIR elsewhere, or pass --no-cache");
    default:
      return Status::Internal(cache + " failed while " + doing + " (" + detail +
                              "); delete it (it is only a cache) or pass --no-cache");
  }
}

// Fixed SQL text without values (BEGIN, COMMIT, CREATE TABLE, PRAGMA).
Status ExecFixed(sqlite3* db, const std::string& path, const char* sql, const std::string& doing) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : SqliteError(path, db, rc, doing);
}

Result<StatementPtr> Prepare(sqlite3* db, const std::string& path, const char* sql,
                             const std::string& doing) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(stmt);
    return SqliteError(path, db, rc, doing);
  }
  return StatementPtr(stmt);
}

// Binds parameters 1, 2, ... in call order. The first failure is kept in rc().
class Binder {
 public:
  explicit Binder(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void Text(const std::string& s) {
    Keep(sqlite3_bind_text(stmt_, next_++, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT));
  }
  void Int(int64_t v) { Keep(sqlite3_bind_int64(stmt_, next_++, v)); }
  void Real(double v) {  // SQLite has no NaN: it is stored as NULL
    Keep(std::isnan(v) ? sqlite3_bind_null(stmt_, next_++) : sqlite3_bind_double(stmt_, next_++, v));
  }
  void Tiles(const tv_tile_config& t) {
    for (int32_t v : {t.mc, t.nc, t.kc, t.mr, t.nr, t.threads, t.parallel, t.pack_a, t.pack_b, t.path})
      Int(v);
  }
  int rc() const { return rc_; }

 private:
  void Keep(int rc) {
    if (rc_ == SQLITE_OK) rc_ = rc;
  }
  sqlite3_stmt* stmt_;
  int next_ = 1;
  int rc_ = SQLITE_OK;
};

// Reads result columns 0, 1, ... in call order.
class Reader {
 public:
  explicit Reader(sqlite3_stmt* stmt) : stmt_(stmt) {}
  int64_t Int() { return sqlite3_column_int64(stmt_, next_++); }
  int32_t Int32() { return static_cast<int32_t>(Int()); }
  double Real() {
    const int col = next_++;
    if (sqlite3_column_type(stmt_, col) == SQLITE_NULL) return std::numeric_limits<double>::quiet_NaN();
    return sqlite3_column_double(stmt_, col);
  }
  std::string Text() {
    const int col = next_++;
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return text != nullptr ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
                           : std::string();
  }
  tv_tile_config Tiles() {
    tv_tile_config t{};
    for (int32_t* field :
         {&t.mc, &t.nc, &t.kc, &t.mr, &t.nr, &t.threads, &t.parallel, &t.pack_a, &t.pack_b, &t.path}) {
      *field = Int32();
    }
    return t;
  }

 private:
  sqlite3_stmt* stmt_;
  int next_ = 0;
};

// fingerprint, kernel_build, backend, threads, m, n, k (and the tiles when `with_tiles`).
void BindKey(Binder& bind, const MeasurementKey& key, bool with_tiles) {
  bind.Text(key.fingerprint);
  bind.Text(key.kernel_build);
  bind.Text(key.backend);
  bind.Int(key.threads);
  bind.Int(key.m);
  bind.Int(key.n);
  bind.Int(key.k);
  if (with_tiles) bind.Tiles(key.tiles);
}

constexpr const char* kCreateTables = R"sql(
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS measurements (
  fingerprint TEXT NOT NULL, kernel_build TEXT NOT NULL, backend TEXT NOT NULL, threads INTEGER NOT NULL,
  m INTEGER NOT NULL, n INTEGER NOT NULL, k INTEGER NOT NULL,
  mc INTEGER NOT NULL, nc INTEGER NOT NULL, kc INTEGER NOT NULL, mr INTEGER NOT NULL, nr INTEGER NOT NULL,
  tile_threads INTEGER NOT NULL, parallel INTEGER NOT NULL, pack_a INTEGER NOT NULL, pack_b INTEGER NOT NULL,
  path INTEGER NOT NULL,
  reps INTEGER NOT NULL, median_seconds REAL, spread REAL, speedup_vs_baseline REAL, speedup_spread REAL,
  base_mc INTEGER NOT NULL, base_nc INTEGER NOT NULL, base_kc INTEGER NOT NULL, base_mr INTEGER NOT NULL,
  base_nr INTEGER NOT NULL, base_threads INTEGER NOT NULL, base_parallel INTEGER NOT NULL,
  base_pack_a INTEGER NOT NULL, base_pack_b INTEGER NOT NULL, base_path INTEGER NOT NULL,
  error TEXT NOT NULL, measured_at INTEGER NOT NULL,
  PRIMARY KEY (fingerprint, kernel_build, backend, threads, m, n, k,
               mc, nc, kc, mr, nr, tile_threads, parallel, pack_a, pack_b, path)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS oracle (
  fingerprint TEXT NOT NULL, kernel_build TEXT NOT NULL, backend TEXT NOT NULL, threads INTEGER NOT NULL,
  m INTEGER NOT NULL, n INTEGER NOT NULL, k INTEGER NOT NULL,
  best_mc INTEGER NOT NULL, best_nc INTEGER NOT NULL, best_kc INTEGER NOT NULL, best_mr INTEGER NOT NULL,
  best_nr INTEGER NOT NULL, best_threads INTEGER NOT NULL, best_parallel INTEGER NOT NULL,
  best_pack_a INTEGER NOT NULL, best_pack_b INTEGER NOT NULL, best_path INTEGER NOT NULL,
  best_gflops REAL, speedup_vs_baseline REAL, budget INTEGER NOT NULL, measured_at INTEGER NOT NULL,
  PRIMARY KEY (fingerprint, kernel_build, backend, threads, m, n, k)
) WITHOUT ROWID;
)sql";

constexpr const char* kMeasurementKeyMatch =
    "fingerprint = ?1 AND kernel_build = ?2 AND backend = ?3 AND threads = ?4 AND m = ?5 AND n = ?6 AND "
    "k = ?7 AND mc = ?8 AND nc = ?9 AND kc = ?10 AND mr = ?11 AND nr = ?12 AND tile_threads = ?13 AND "
    "parallel = ?14 AND pack_a = ?15 AND pack_b = ?16 AND path = ?17";

// Inside a write transaction: checks the schema version, or creates the schema
// in a database that has no tables yet.
Status CheckOrCreateSchema(sqlite3* db, const std::string& path) {
  auto tables =
      Prepare(db, path, "SELECT name FROM sqlite_master WHERE type = 'table'", "reading its schema");
  if (!tables.ok()) return tables.status();
  bool has_meta = false, has_any = false;
  int rc;
  while ((rc = sqlite3_step(tables->get())) == SQLITE_ROW) {
    has_any = true;
    has_meta = has_meta || Reader(tables->get()).Text() == "meta";
  }
  if (rc != SQLITE_DONE) return SqliteError(path, db, rc, "reading its schema");

  if (!has_any) {
    TV_RETURN_IF_ERROR(ExecFixed(db, path, kCreateTables, "creating its tables"));
    auto insert = Prepare(db, path, "INSERT INTO meta (name, value) VALUES ('schema_version', ?1)",
                          "writing its schema version");
    if (!insert.ok()) return insert.status();
    Binder bind(insert->get());
    bind.Int(kSchemaVersion);
    rc = bind.rc() == SQLITE_OK ? sqlite3_step(insert->get()) : bind.rc();
    return rc == SQLITE_DONE ? Status::Ok() : SqliteError(path, db, rc, "writing its schema version");
  }

  const std::string not_ours = "the measurement cache " + path +
                               " is not a tilevolve cache (it is an SQLite database without a "
                               "schema_version); delete it or pass --no-cache";
  if (!has_meta) return Status::InvalidArgument(not_ours);
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT value FROM meta WHERE name = 'schema_version'", -1, &raw, nullptr) !=
      SQLITE_OK) {
    sqlite3_finalize(raw);
    return Status::InvalidArgument(not_ours);  // a 'meta' table of another shape
  }
  StatementPtr version_stmt(raw);
  rc = sqlite3_step(version_stmt.get());
  if (rc == SQLITE_DONE) return Status::InvalidArgument(not_ours);
  if (rc != SQLITE_ROW) return SqliteError(path, db, rc, "reading its schema version");
  const int64_t version = Reader(version_stmt.get()).Int();
  if (version != kSchemaVersion) {
    return Status::InvalidArgument("the measurement cache " + path + " has schema version " +
                                   std::to_string(version) + " but this tilevolve reads version " +
                                   std::to_string(kSchemaVersion) +
                                   "; delete it (it is only a cache) or pass --no-cache");
  }
  return Status::Ok();
}

// Runs `body` inside BEGIN IMMEDIATE .. COMMIT, rolling back when it fails.
template <typename Body>
Status InWriteTransaction(sqlite3* db, const std::string& path, const std::string& doing, Body body) {
  TV_RETURN_IF_ERROR(ExecFixed(db, path, "BEGIN IMMEDIATE", doing));
  Status status = body();
  if (status.ok()) status = ExecFixed(db, path, "COMMIT", doing);
  if (!status.ok()) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);  // the first error is reported
  return status;
}

// Steps a statement that returns no rows.
Status StepDone(sqlite3* db, const std::string& path, sqlite3_stmt* stmt, int bind_rc,
                const std::string& doing) {
  const int rc = bind_rc == SQLITE_OK ? sqlite3_step(stmt) : bind_rc;
  return rc == SQLITE_DONE ? Status::Ok() : SqliteError(path, db, rc, doing);
}

}  // namespace

Result<std::unique_ptr<MeasurementCache>> MeasurementCache::Open(const std::string& path) {
  if (path.empty()) return Status::InvalidArgument("the measurement cache path is empty; pass a file path");
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      return Status::Unavailable("cannot create the directory " + parent.string() +
                                 " of the measurement cache " + path + " (" + ec.message() +
                                 "); make it writable, set TILEVOLVE_CACHE_DIR to a writable directory, "
                                 "or pass --no-cache");
    }
  }

  sqlite3* raw = nullptr;
  const int open_rc =
      sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  DatabasePtr db(raw);  // closed on every early return, even when the open failed
  if (open_rc != SQLITE_OK) return SqliteError(path, db.get(), open_rc, "opening it");
  sqlite3_extended_result_codes(db.get(), 1);
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);

  // WAL: readers never block the one writer. Some file systems refuse WAL and
  // SQLite then keeps its rollback journal, which is correct, only slower.
  TV_RETURN_IF_ERROR(ExecFixed(db.get(), path, "PRAGMA journal_mode = WAL", "opening it"));
  TV_RETURN_IF_ERROR(InWriteTransaction(db.get(), path, "checking its schema",
                                        [&] { return CheckOrCreateSchema(db.get(), path); }));
  return std::unique_ptr<MeasurementCache>(new MeasurementCache(db.release(), path));
}

MeasurementCache::~MeasurementCache() { sqlite3_close_v2(db_); }

Result<std::optional<Measurement>> MeasurementCache::Lookup(const MeasurementKey& key) {
  const std::string doing = "reading a measurement";
  const std::string sql =
      std::string(
          "SELECT reps, median_seconds, spread, speedup_vs_baseline, speedup_spread, base_mc, base_nc, "
          "base_kc, base_mr, base_nr, base_threads, base_parallel, base_pack_a, base_pack_b, base_path, "
          "error, "
          "measured_at FROM measurements WHERE ") +
      kMeasurementKeyMatch;
  auto stmt = Prepare(db_, path_, sql.c_str(), doing);
  if (!stmt.ok()) return stmt.status();
  Binder bind(stmt->get());
  BindKey(bind, key, /*with_tiles=*/true);
  const int rc = bind.rc() == SQLITE_OK ? sqlite3_step(stmt->get()) : bind.rc();
  if (rc == SQLITE_DONE) return std::optional<Measurement>();
  if (rc != SQLITE_ROW) return SqliteError(path_, db_, rc, doing);
  Reader read(stmt->get());
  Measurement m;
  m.reps = read.Int32();
  m.median_seconds = read.Real();
  m.spread = read.Real();
  m.speedup_vs_baseline = read.Real();
  m.speedup_spread = read.Real();
  m.baseline_tiles = read.Tiles();
  m.error = read.Text();
  m.measured_at = read.Int();
  return std::optional<Measurement>(std::move(m));
}

Status MeasurementCache::Store(const MeasurementKey& key, const Measurement& measurement) {
  const std::string doing = "storing a measurement";
  auto stmt =
      Prepare(db_, path_,
              "INSERT OR REPLACE INTO measurements (fingerprint, kernel_build, backend, threads, m, n, "
              "k, mc, nc, kc, mr, nr, tile_threads, parallel, pack_a, pack_b, path, reps, "
              "median_seconds, spread, speedup_vs_baseline, speedup_spread, base_mc, base_nc, base_kc, "
              "base_mr, base_nr, base_threads, base_parallel, base_pack_a, base_pack_b, base_path, "
              "error, measured_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, "
              "?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, "
              "?31, ?32, ?33, ?34)",
              doing);
  if (!stmt.ok()) return stmt.status();
  Binder bind(stmt->get());
  BindKey(bind, key, /*with_tiles=*/true);
  bind.Int(measurement.reps);
  bind.Real(measurement.median_seconds);
  bind.Real(measurement.spread);
  bind.Real(measurement.speedup_vs_baseline);
  bind.Real(measurement.speedup_spread);
  bind.Tiles(measurement.baseline_tiles);
  bind.Text(measurement.error);
  bind.Int(measurement.measured_at);
  return StepDone(db_, path_, stmt->get(), bind.rc(), doing);
}

Result<std::optional<OracleEntry>> MeasurementCache::LookupOracle(const MeasurementKey& key) {
  const std::string doing = "reading an oracle entry";
  auto stmt = Prepare(db_, path_,
                      "SELECT best_mc, best_nc, best_kc, best_mr, best_nr, best_threads, best_parallel, "
                      "best_pack_a, best_pack_b, best_path, best_gflops, speedup_vs_baseline, budget, "
                      "measured_at FROM oracle WHERE fingerprint = ?1 AND kernel_build = ?2 AND backend = ?3 "
                      "AND threads = ?4 AND m = ?5 AND n = ?6 AND k = ?7",
                      doing);
  if (!stmt.ok()) return stmt.status();
  Binder bind(stmt->get());
  BindKey(bind, key, /*with_tiles=*/false);
  const int rc = bind.rc() == SQLITE_OK ? sqlite3_step(stmt->get()) : bind.rc();
  if (rc == SQLITE_DONE) return std::optional<OracleEntry>();
  if (rc != SQLITE_ROW) return SqliteError(path_, db_, rc, doing);
  Reader read(stmt->get());
  OracleEntry entry;
  entry.best = read.Tiles();
  entry.best_gflops = read.Real();
  entry.speedup_vs_baseline = read.Real();
  entry.budget = read.Int32();
  entry.measured_at = read.Int();
  return std::optional<OracleEntry>(entry);
}

Status MeasurementCache::StoreOracle(const MeasurementKey& key, const OracleEntry& entry) {
  const std::string doing = "storing an oracle entry";
  auto stmt =
      Prepare(db_, path_,
              "INSERT OR REPLACE INTO oracle (fingerprint, kernel_build, backend, threads, m, n, k, "
              "best_mc, best_nc, best_kc, best_mr, best_nr, best_threads, best_parallel, best_pack_a, "
              "best_pack_b, best_path, best_gflops, speedup_vs_baseline, budget, measured_at) VALUES "
              "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, "
              "?20, ?21)",
              doing);
  if (!stmt.ok()) return stmt.status();
  Binder bind(stmt->get());
  BindKey(bind, key, /*with_tiles=*/false);
  bind.Tiles(entry.best);
  bind.Real(entry.best_gflops);
  bind.Real(entry.speedup_vs_baseline);
  bind.Int(entry.budget);
  bind.Int(entry.measured_at);
  return StepDone(db_, path_, stmt->get(), bind.rc(), doing);
}

Result<int64_t> MeasurementCache::InvalidateOtherBuilds(const std::string& kernel_build) {
  const std::string doing = "deleting the rows of other kernel builds";
  int64_t deleted = 0;
  const Status status = InWriteTransaction(db_, path_, doing, [&]() -> Status {
    for (const char* sql : {"DELETE FROM measurements WHERE kernel_build <> ?1",
                            "DELETE FROM oracle WHERE kernel_build <> ?1"}) {
      auto stmt = Prepare(db_, path_, sql, doing);
      if (!stmt.ok()) return stmt.status();
      Binder bind(stmt->get());
      bind.Text(kernel_build);
      TV_RETURN_IF_ERROR(StepDone(db_, path_, stmt->get(), bind.rc(), doing));
      deleted += sqlite3_changes64(db_);
    }
    return Status::Ok();
  });
  if (!status.ok()) return status;
  return deleted;
}

Result<int64_t> MeasurementCache::CountMeasurements() {
  const std::string doing = "counting measurements";
  auto stmt = Prepare(db_, path_, "SELECT COUNT(*) FROM measurements", doing);
  if (!stmt.ok()) return stmt.status();
  const int rc = sqlite3_step(stmt->get());
  if (rc != SQLITE_ROW) return SqliteError(path_, db_, rc, doing);
  return Reader(stmt->get()).Int();
}

std::string DefaultMeasurementCachePath() { return tv::CacheRoot() + "/measurements.sqlite"; }

}  // namespace tv::bench
