#include "report/run_data.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <set>
#include <sstream>

#include "evolve/database/program_schema.h"

namespace tv::report {
namespace {

namespace fs = std::filesystem;

struct DatabaseCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using DatabasePtr = std::unique_ptr<sqlite3, DatabaseCloser>;
using StatementPtr = std::unique_ptr<sqlite3_stmt, StatementFinalizer>;

constexpr int kBusyTimeoutMs = 10000;  // a writer's commit holds the WAL lock only briefly

// The programs table's columns the report reads, in ProgramRecord order. Only
// these fixed names ever reach SQL text.
constexpr const char* kProgramColumns[] = {
    "id",           "parent_id",  "second_parent_id", "iteration",      "generation",        "island",
    "code",         "code_hash",  "mutation",         "change_summary", "outcome",           "score",
    "metrics_json", "created_at", "eval_seconds",     "prompt_tokens",  "completion_tokens", "cost_usd"};

class Reader {
 public:
  Reader(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}

  Status Failure(int rc, const std::string& doing) const {
    const std::string detail = sqlite3_errmsg(db_);
    switch (rc & 0xff) {
      case SQLITE_NOTADB:
      case SQLITE_CORRUPT:
        return Status::InvalidArgument(path_ + " is not a tilevolve run database or is damaged (" + detail +
                                       ", while " + doing + ")");
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return Status::Unavailable(path_ + " stayed locked for more than " +
                                   std::to_string(kBusyTimeoutMs / 1000) + " s while " + doing +
                                   "; try again in a moment");
      default:
        return Status::Internal("reading " + path_ + " failed while " + doing + " (" + detail + ")");
    }
  }

  Result<StatementPtr> Prepare(const std::string& sql, const std::string& doing) const {
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &raw, nullptr);
    StatementPtr stmt(raw);
    if (rc != SQLITE_OK) return Failure(rc, doing);
    return stmt;
  }

  Status Exec(const char* sql, const std::string& doing) const {
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
    return rc == SQLITE_OK ? Status::Ok() : Failure(rc, doing);
  }

  // Every row's first column as text.
  Result<std::vector<std::string>> Column(const std::string& sql, const std::string& doing) const {
    auto stmt = Prepare(sql, doing);
    if (!stmt.ok()) return stmt.status();
    std::vector<std::string> out;
    int rc;
    while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) out.push_back(Text(stmt->get(), 0));
    if (rc != SQLITE_DONE) return Failure(rc, doing);
    return out;
  }

  static std::string Text(sqlite3_stmt* stmt, int column) {
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return text != nullptr ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, column)))
                           : std::string();
  }
  static double Real(sqlite3_stmt* stmt, int column) {
    return sqlite3_column_type(stmt, column) == SQLITE_NULL ? std::numeric_limits<double>::quiet_NaN()
                                                            : sqlite3_column_double(stmt, column);
  }

 private:
  sqlite3* db_;
  std::string path_;
};

// Sets field `name` of `p` from column `column` of the current row.
void SetField(evolve::ProgramRecord& p, const std::string& name, sqlite3_stmt* stmt, int column) {
  const auto integer = [&] { return static_cast<int64_t>(sqlite3_column_int64(stmt, column)); };
  if (name == "id") p.id = integer();
  if (name == "parent_id") p.parent_id = integer();
  if (name == "second_parent_id") p.second_parent_id = integer();
  if (name == "iteration") p.iteration = static_cast<int>(integer());
  if (name == "generation") p.generation = static_cast<int>(integer());
  if (name == "island") p.island = static_cast<int>(integer());
  if (name == "code") p.code = Reader::Text(stmt, column);
  if (name == "code_hash") p.code_hash = Reader::Text(stmt, column);
  if (name == "mutation") p.mutation = Reader::Text(stmt, column);
  if (name == "change_summary") p.change_summary = Reader::Text(stmt, column);
  if (name == "outcome") p.outcome = Reader::Text(stmt, column);
  if (name == "score") p.score = Reader::Real(stmt, column);
  if (name == "metrics_json") p.metrics_json = Reader::Text(stmt, column);
  if (name == "created_at") p.created_at = Reader::Real(stmt, column);
  if (name == "eval_seconds") p.eval_seconds = Reader::Real(stmt, column);
  if (name == "prompt_tokens") p.prompt_tokens = integer();
  if (name == "completion_tokens") p.completion_tokens = integer();
  if (name == "cost_usd") p.cost_usd = Reader::Real(stmt, column);
}

Status ReadPrograms(const Reader& reader, RunData& run) {
  auto info =
      reader.Column("SELECT name FROM pragma_table_info('programs')", "listing the programs' columns");
  if (!info.ok()) return info.status();
  const std::set<std::string> present(info->begin(), info->end());
  if (present.count("id") == 0) {
    return Status::InvalidArgument(run.database_path +
                                   " has a 'programs' table without an 'id' column: it is not a tilevolve "
                                   "run database; pass the --output directory of a `tilevolve evolve` run");
  }
  std::vector<std::string> columns;
  std::vector<std::string> missing;
  for (const char* column : kProgramColumns) {
    (present.count(column) != 0 ? columns : missing).emplace_back(column);
  }
  if (!missing.empty()) {
    std::string list;
    for (const std::string& m : missing) list += (list.empty() ? "" : ", ") + m;
    run.notices.push_back("The programs table has no column " + list + "; those fields show as empty.");
  }
  std::string sql = "SELECT ";
  for (size_t i = 0; i < columns.size(); ++i) sql += (i > 0 ? ", " : "") + columns[i];
  sql += " FROM programs ORDER BY id";
  auto stmt = reader.Prepare(sql, "reading its programs");
  if (!stmt.ok()) return stmt.status();
  int rc;
  while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
    ReportProgram program;
    for (size_t i = 0; i < columns.size(); ++i)
      SetField(program.record, columns[i], stmt->get(), static_cast<int>(i));
    program.metrics = nlohmann::json::parse(program.record.metrics_json, nullptr, false);
    if (program.metrics.is_discarded() || !program.metrics.is_object())
      program.metrics = nlohmann::json::object();
    run.programs.push_back(std::move(program));
  }
  if (rc != SQLITE_DONE) return reader.Failure(rc, "reading its programs");
  return Status::Ok();
}

Status ReadMeta(const Reader& reader, RunData& run) {
  auto stmt = reader.Prepare("SELECT key, value FROM meta", "reading its meta table");
  if (!stmt.ok()) {
    run.notices.push_back("The meta table could not be read; the schema version is unknown.");
    return Status::Ok();
  }
  int rc;
  while ((rc = sqlite3_step(stmt->get())) == SQLITE_ROW) {
    run.meta[Reader::Text(stmt->get(), 0)] = Reader::Text(stmt->get(), 1);
  }
  if (rc != SQLITE_DONE) return reader.Failure(rc, "reading its meta table");
  return Status::Ok();
}

Status ReadRunState(const Reader& reader, RunData& run) {
  auto stmt = reader.Prepare("SELECT state FROM run_state WHERE id = 1", "reading its run state");
  if (!stmt.ok()) return stmt.status();
  const int rc = sqlite3_step(stmt->get());
  if (rc == SQLITE_DONE) return Status::Ok();
  if (rc != SQLITE_ROW) return reader.Failure(rc, "reading its run state");
  nlohmann::json state = nlohmann::json::parse(Reader::Text(stmt->get(), 0), nullptr, false);
  if (state.is_discarded() || !state.is_object()) {
    run.notices.push_back(
        "The run state in the database is not a JSON object; the run's progress, "
        "islands and totals are not shown.");
    return Status::Ok();
  }
  run.run_state = std::move(state);
  return Status::Ok();
}

// The database part of LoadRun: one read transaction over meta, programs and run state.
Status ReadDatabase(RunData& run) {
  sqlite3* raw = nullptr;
  const int open_rc = sqlite3_open_v2(run.database_path.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr);
  DatabasePtr db(raw);
  if (open_rc != SQLITE_OK) {
    return Status::Unavailable("cannot open " + run.database_path + " for reading (" +
                               (raw != nullptr ? sqlite3_errmsg(raw) : sqlite3_errstr(open_rc)) +
                               "); check that it is readable");
  }
  sqlite3_busy_timeout(db.get(), kBusyTimeoutMs);
  const Reader reader(db.get(), run.database_path);
  TV_RETURN_IF_ERROR(reader.Exec("BEGIN", "starting a read"));
  auto tables = reader.Column("SELECT name FROM sqlite_master WHERE type = 'table'", "listing its tables");
  if (!tables.ok()) return tables.status();
  const std::set<std::string> names(tables->begin(), tables->end());
  if (names.count("programs") == 0) {
    return Status::InvalidArgument(run.database_path +
                                   " has no 'programs' table: it is not a tilevolve run database (or the run "
                                   "stopped before creating it); pass the --output directory of a "
                                   "`tilevolve evolve` run");
  }
  if (names.count("meta") != 0) TV_RETURN_IF_ERROR(ReadMeta(reader, run));
  const auto version = run.meta.find("schema_version");
  const std::string expected = std::to_string(evolve::kProgramSchemaVersion);
  if (version == run.meta.end()) {
    run.notices.push_back("The database records no schema version; this report reads version " + expected +
                          " and shows what it could read.");
  } else if (version->second != expected) {
    run.notices.push_back("The database has schema version " + version->second +
                          " but this tilevolve reads " + "version " + expected +
                          "; the report shows what it could read. A tilevolve of " +
                          "the run's version shows everything.");
  }
  TV_RETURN_IF_ERROR(ReadPrograms(reader, run));
  if (names.count("run_state") != 0) {
    TV_RETURN_IF_ERROR(ReadRunState(reader, run));
  }
  if (run.run_state.is_null() && !run.programs.empty()) {
    run.notices.push_back(
        "The database holds no run state; islands, MAP-Elites grids and run totals are "
        "not shown.");
  }
  return reader.Exec("COMMIT", "ending the read");
}

// The newest logs/evolve-*.log: its evaluator description and whether the run stopped.
void ReadLatestLog(RunData& run) {
  std::error_code ec;
  fs::path latest;
  for (const auto& entry : fs::directory_iterator(run.output_dir + "/logs", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("evolve-", 0) == 0 && entry.path().extension() == ".log" &&
        (latest.empty() || entry.path().filename() > latest.filename())) {
      latest = entry.path();
    }
  }
  if (latest.empty()) return;
  run.has_log = true;
  std::ifstream in(latest);
  std::string line;
  while (std::getline(in, line)) {
    const size_t evaluator = line.find("evaluator: ");
    if (evaluator != std::string::npos && run.evaluator.empty()) {
      run.evaluator = line.substr(evaluator + 11);
      const size_t mutator = run.evaluator.find("; mutator: ");
      if (mutator != std::string::npos) run.evaluator.resize(mutator);
    }
    if (line.find("stopped: ") != std::string::npos) run.finished = true;
  }
}

// The JSON object in `path`; null when the file is absent, with a notice when it is not an object.
nlohmann::json ReadJsonObject(const std::string& path, RunData& run) {
  std::ifstream in(path);
  if (!in) return nullptr;
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object()) {
    run.notices.push_back(path + " is not a JSON object; it was ignored.");
    return nullptr;
  }
  return json;
}

// best/best_program_info.json of a run, or best_program_info.json and
// metadata.json of a checkpoint export (evolve/run/run_files.h).
void ReadRunFiles(RunData& run) {
  run.best_info = ReadJsonObject(run.output_dir + "/best/best_program_info.json", run);
  const nlohmann::json metadata = ReadJsonObject(run.output_dir + "/metadata.json", run);
  if (!metadata.is_object()) return;
  if (run.best_info.is_null())
    run.best_info = ReadJsonObject(run.output_dir + "/best_program_info.json", run);
  const auto iteration = metadata.find("iteration");
  if (iteration != metadata.end() && iteration->is_number_integer())
    run.checkpoint_iteration = iteration->get<int>();
}

void ParseConfig(RunData& run) {
  if (!run.run_state.is_object() || !run.run_state.contains("config_yaml") ||
      !run.run_state["config_yaml"].is_string()) {
    return;
  }
  auto loaded =
      evolve::ParseEvolveConfig(run.run_state["config_yaml"].get<std::string>(), "the run's config");
  if (loaded.ok()) {
    run.config = loaded->config;
  } else {
    run.notices.push_back("The run's config snapshot could not be read (" + loaded.status().message() +
                          "); defaults are assumed for the MAP-Elites grid.");
  }
}

}  // namespace

const ReportProgram* RunData::Find(int64_t id) const {
  const auto it = std::lower_bound(programs.begin(), programs.end(), id,
                                   [](const ReportProgram& p, int64_t value) { return p.record.id < value; });
  return it != programs.end() && it->record.id == id ? &*it : nullptr;
}

const ReportProgram* RunData::Best() const {
  if (run_state.is_object() && run_state.value("promoted_id", nlohmann::json()).is_number_integer()) {
    if (const ReportProgram* p = Find(run_state["promoted_id"].get<int64_t>())) return p;
  }
  if (best_info.is_object() && best_info.value("id", nlohmann::json()).is_number_integer()) {
    if (const ReportProgram* p = Find(best_info["id"].get<int64_t>())) return p;
  }
  const ReportProgram* best = nullptr;
  for (const ReportProgram& p : programs) {
    if (p.ok() && std::isfinite(p.record.score) && (best == nullptr || p.record.score > best->record.score)) {
      best = &p;
    }
  }
  return best;
}

const ReportProgram* RunData::Initial() const {
  for (const ReportProgram& p : programs) {
    if (p.record.mutation == "initial") return &p;
  }
  return programs.empty() ? nullptr : &programs.front();
}

double RunData::StateNumber(const char* key, double fallback) const {
  if (!run_state.is_object()) return fallback;
  const auto it = run_state.find(key);
  return it != run_state.end() && it->is_number() ? it->get<double>() : fallback;
}

Result<RunData> LoadRun(const std::string& output_dir) {
  std::error_code ec;
  if (!fs::is_directory(output_dir, ec)) {
    return Status::NotFound("there is no directory " + output_dir +
                            "; pass the --output directory of a `tilevolve evolve` run");
  }
  RunData run;
  run.output_dir = output_dir;
  run.database_path = evolve::FindRunDatabase(output_dir);  // evolution.sqlite in runs of before 2026-11-26
  if (!fs::is_regular_file(run.database_path, ec)) {
    return Status::InvalidArgument(output_dir + " is not a tilevolve run: it has no " +
                                   evolve::kRunDatabaseName +
                                   "; pass the --output directory of a `tilevolve evolve` run (or one of "
                                   "its checkpoints/checkpoint_N)");
  }
  TV_RETURN_IF_ERROR(ReadDatabase(run));
  ReadRunFiles(run);
  ReadLatestLog(run);
  ParseConfig(run);
  return run;
}

}  // namespace tv::report
