// The report on small databases made here (through the engine's ProgramStore,
// the way a run writes them): escaping, and bad input — no run, not SQLite,
// another program's database, an empty run, a run being written, another
// schema version, a run state of another shape, an unwritable output path.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "evolve/database/program_store.h"
#include "report/run_report.h"

namespace tv::report {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The text of <td data-key="KEY">...</td>.
std::string Figure(const std::string& html, const std::string& key) {
  const std::string open = "data-key=\"" + key + "\">";
  const size_t at = html.find(open);
  if (at == std::string::npos) return "<missing " + key + ">";
  const size_t start = at + open.size();
  return html.substr(start, html.find("</td>", start) - start);
}

void Sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "") << " in " << sql;
  sqlite3_free(error);
  sqlite3_close(db);
}

// Metrics shaped like the built-in evaluator's (evolve/eval_json.h), two shapes.
nlohmann::json GemmMetrics(double score, const std::string& outcome) {
  const nlohmann::json tiles = {{"mc", 96}, {"nc", 4096}, {"kc", 256}, {"mr", 6}, {"nr", 16}};
  nlohmann::json shapes = nlohmann::json::array();
  for (const auto& [name, tag] :
       {std::pair<const char*, const char*>{"qkv", "train"}, {"ffn_down", "heldout"}}) {
    shapes.push_back({{"name", name},
                      {"m", 128},
                      {"n", 768},
                      {"k", 256},
                      {"tag", tag},
                      {"requested", tiles},
                      {"tiles", tiles},
                      {"speedup", score},
                      {"oracle_speedup", 1.2},
                      {"oracle_tiles", tiles}});
  }
  return {{"combined_score", score},
          {"heldout_speedup", score},
          {"oracle_fraction", 0.5},
          {"oracle_shapes", 2},
          {"outcome", outcome},
          {"stage", outcome == "ok" ? "done" : "compile"},
          {"message", outcome == "ok" ? "" : "error: expected ';'"},
          {"shapes", outcome == "ok" ? shapes : nlohmann::json::array()},
          {"artifacts", {{"compiler_output", outcome == "ok" ? "" : "program.cpp:3: error: expected ';'"}}}};
}

class ReportInput : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tv-report-input-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    run_ = dir_ + "/run";
    fs::create_directories(run_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Db() const { return run_ + "/tilevolve.db"; }

  // A run of three programs: the initial one, a better child (the best), a child that failed to compile.
  void MakeRun() {
    auto store = evolve::ProgramStore::Open(Db(), /*create=*/true);
    ASSERT_TRUE(store.ok()) << store.status().message();
    const struct {
      int64_t parent;
      double score;
      const char* outcome;
      const char* code;
    } programs[] = {{0, 1.0, "ok", "int tile() {\n  return 64;\n}\n"},
                    {1, 1.1, "ok", "int tile() {\n  return 96;\n}\n"},
                    {2, 0, "compile_failed", "int tile() {\n  return 96\n}\n"}};
    int iteration = 0;
    for (const auto& p : programs) {
      evolve::ProgramRecord record;
      record.parent_id = p.parent;
      record.iteration = iteration;
      record.generation = iteration;
      record.code = p.code;
      record.code_hash = evolve::CodeHash(p.code);
      record.mutation = iteration == 0 ? "initial" : "offline:literals";
      record.change_summary = "changed a literal";
      record.outcome = p.outcome;
      record.score = p.score;
      record.metrics_json = GemmMetrics(p.score, p.outcome).dump();
      const nlohmann::json state = {
          {"format", 1},
          {"next_iteration", iteration + 1},
          {"promoted_id", iteration == 0 ? 1 : 2},
          {"promoted_score", iteration == 0 ? 1.0 : 1.09},
          {"evaluations", iteration + 1},
          {"duplicates", 0},
          {"cache_hits", 3},
          {"cache_misses", 1},
          {"elapsed_s", 12.5},
          {"best_history", nlohmann::json::array({{0, 1.0}, {1, 1.09}})},
          {"config_yaml", "suite: smoke\ndatabase:\n  num_islands: 1\n  feature_bins: 4\n"},
          {"population",
           {{"format", 1},
            {"num_islands", 1},
            {"feature_dimensions", {"complexity", "diversity"}},
            {"feature_ranges", {{"complexity", {20, 30}}, {"diversity", {0, 1}}}},
            {"programs", {{1, 1.0, {20, 0}}, {2, 1.1, {30, 1}}}},
            {"islands",
             {{{"members", {2, 1}}, {"grid", {{"0,0", 1}, {"3,3", 2}}}, {"generations", 2}, {"failed", 1}}}},
            {"archive", {2, 1}},
            {"best_id", 2}}}};
      ASSERT_TRUE((*store)->Commit(record, state.dump()).ok());
      ++iteration;
    }
  }

  // Writes the report to run_/report.html; returns the page, or "" with a failure.
  std::string Report() {
    const Status status = WriteRunReport(run_, "");
    EXPECT_TRUE(status.ok()) << status.message();
    return ReadFile(run_ + "/report.html");
  }

  std::string dir_;
  std::string run_;
};

TEST_F(ReportInput, ASmallRunShowsEverySection) {
  MakeRun();
  const std::string html = Report();
  for (const char* section : {"summary", "progress", "lineage", "map-elites", "shapes", "failures"}) {
    EXPECT_NE(html.find(std::string("data-section=\"") + section + "\""), std::string::npos) << section;
  }
  EXPECT_EQ(Figure(html, "evaluations"), "3");
  EXPECT_EQ(Figure(html, "best-score"), "1.0900");
  EXPECT_EQ(Figure(html, "cache-hit-rate"), "75.0%");
  EXPECT_EQ(Figure(html, "suite"), "smoke");
  EXPECT_NE(html.find("data-failed=\"1\""), std::string::npos);
  EXPECT_NE(html.find("data-outcome=\"compile_failed\" data-count=\"1\""), std::string::npos);
  EXPECT_NE(html.find("program.cpp:3: error: expected &#39;;&#39;"), std::string::npos);
  EXPECT_NE(html.find("data-step=\"step-1\""), std::string::npos);
  EXPECT_NE(html.find("data-step=\"step-2\""), std::string::npos);
  EXPECT_EQ(html.find("data-step=\"step-3\""), std::string::npos);
  EXPECT_NE(html.find("<code>-  return 64;</code>"), std::string::npos);  // the diff of 2 against 1
  EXPECT_NE(html.find("<code>+  return 96;</code>"), std::string::npos);
  EXPECT_NE(html.find("class=\"occupied\" data-program-id=\"2\""), std::string::npos);
  EXPECT_NE(html.find("data-series=\"oracle\""), std::string::npos);
}

TEST_F(ReportInput, TextFromProgramsAndMetricsIsEscaped) {
  MakeRun();
  Sql(Db(),
      "UPDATE programs SET change_summary = '<script>window.bad = 1</script>', "
      "code = code || '// </pre><img src=x onerror=alert(1)>' WHERE id = 2;"
      "UPDATE programs SET outcome = 'crash<b>', metrics_json = json_set(metrics_json, '$.message', "
      "'<i>boom</i>', "
      "'$.artifacts.program_stderr', '</pre><script>x()</script>') WHERE id = 3;");
  const std::string html = Report();
  EXPECT_EQ(html.find("<script>window.bad"), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("crash<b>"), std::string::npos);
  EXPECT_EQ(html.find("<i>boom"), std::string::npos);
  EXPECT_NE(html.find("crash&lt;b&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;x()"), std::string::npos);
  EXPECT_EQ(html.find("<script>", html.find("<script>") + 1), std::string::npos);  // only the page's own
}

TEST_F(ReportInput, ADirectoryThatIsNotARunGetsAClearMessage) {
  Status status = WriteRunReport(run_, "");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("is not a tilevolve run: it has no tilevolve.db"), std::string::npos)
      << status.message();
  EXPECT_NE(status.message().find("--output directory"), std::string::npos) << status.message();
  EXPECT_FALSE(fs::exists(run_ + "/report.html"));

  status = WriteRunReport(dir_ + "/no-such-dir", "");
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_NE(status.message().find("there is no directory"), std::string::npos) << status.message();

  std::ofstream(Db()) << "this is not an SQLite database, just text, long enough to have a header\n";
  status = WriteRunReport(run_, "");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("is not a tilevolve run database"), std::string::npos) << status.message();

  fs::remove(Db());
  Sql(Db(), "CREATE TABLE notes (text TEXT)");
  status = WriteRunReport(run_, "");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("has no 'programs' table"), std::string::npos) << status.message();
}

TEST_F(ReportInput, TheCommandLineExitsTwoOnBadInput) {
  const std::string command = std::string(TV_CLI_PATH) + " report " + run_ + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pclose(pipe);
  EXPECT_EQ(WEXITSTATUS(status), 2) << output;
  EXPECT_NE(output.find("tilevolve report: " + run_ + " is not a tilevolve run"), std::string::npos)
      << output;
}

TEST_F(ReportInput, AnUnwritableOutputPathIsAClearError) {
  MakeRun();
  const Status status = WriteRunReport(run_, dir_ + "/no-such-dir/report.html");
  EXPECT_EQ(status.code(), StatusCode::kUnavailable);
  EXPECT_NE(status.message().find("cannot write the report to " + dir_ + "/no-such-dir/report.html"),
            std::string::npos)
      << status.message();
}

TEST_F(ReportInput, AnEmptyRunReportsThatNothingWasEvaluated) {
  ASSERT_TRUE(evolve::ProgramStore::Open(Db(), /*create=*/true).ok());
  const std::string html = Report();
  EXPECT_NE(html.find("holds no programs yet"), std::string::npos);
  EXPECT_EQ(Figure(html, "evaluations"), "0");
  EXPECT_EQ(Figure(html, "status"), "no program evaluated yet");
  EXPECT_EQ(html.find("data-section=\"shapes\""), std::string::npos);
  for (const char* section : {"summary", "progress", "lineage", "map-elites", "failures"}) {
    EXPECT_NE(html.find(std::string("data-section=\"") + section + "\""), std::string::npos) << section;
  }
}

TEST_F(ReportInput, ARunBeingWrittenIsReportedAsOfItsLastCommit) {
  MakeRun();
  // A writer in the middle of a transaction, as the controller is while it commits.
  sqlite3* writer = nullptr;
  ASSERT_EQ(sqlite3_open(Db().c_str(), &writer), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(writer,
                   "BEGIN IMMEDIATE; INSERT INTO programs SELECT id + 1000, parent_id, second_parent_id, "
                   "iteration, generation, island, code, code_hash, mutation, change_summary, outcome, "
                   "score, metrics_json, created_at, eval_seconds, prompt_tokens, completion_tokens, "
                   "cost_usd FROM programs; UPDATE run_state SET state = 'half written';",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  fs::create_directories(run_ + "/logs");
  std::ofstream(run_ + "/logs/evolve-20261126-020000.log")
      << "2026-11-26 02:00:00 INFO evaluator: built-in GEMM tiling evaluator (suite smoke, 1 threads); "
         "mutator: "
         "offline\n";
  const std::string html = Report();
  sqlite3_exec(writer, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(writer);
  EXPECT_EQ(Figure(html, "evaluations"), "3");
  EXPECT_EQ(Figure(html, "best-score"), "1.0900");
  // No log says the run stopped: the page says it may still be running.
  EXPECT_NE(Figure(html, "status").find("running"), std::string::npos);
  EXPECT_EQ(Figure(html, "evaluator"), "built-in GEMM tiling evaluator (suite smoke, 1 threads)");
}

TEST_F(ReportInput, ACheckpointExportSaysSo) {
  MakeRun();
  std::ofstream(run_ + "/metadata.json") << R"({"iteration": 2, "programs": 3})";
  const std::string html = Report();
  EXPECT_EQ(Figure(html, "status"),
            "a checkpoint export at iteration 2 (continue it with tilevolve evolve --checkpoint)");
  EXPECT_EQ(Figure(html, "evaluations"), "3");
}

TEST_F(ReportInput, AnotherSchemaVersionIsReadAsFarAsItGoes) {
  MakeRun();
  Sql(Db(),
      "UPDATE meta SET value = '99' WHERE key = 'schema_version'; ALTER TABLE programs DROP COLUMN "
      "cost_usd;");
  std::string html = Report();
  EXPECT_NE(html.find("schema version 99 but this tilevolve reads version 1"), std::string::npos);
  EXPECT_NE(html.find("no column cost_usd"), std::string::npos);
  EXPECT_EQ(Figure(html, "evaluations"), "3");

  // A run state of another shape: the programs still show; the rest says it is missing.
  Sql(Db(), "UPDATE run_state SET state = '[1, 2, 3]'");
  html = Report();
  EXPECT_NE(html.find("run state in the database is not a JSON object"), std::string::npos);
  EXPECT_NE(html.find("holds no population yet"), std::string::npos);
  EXPECT_EQ(Figure(html, "evaluations"), "3");
  EXPECT_NE(html.find("data-step=\"step-2\""), std::string::npos);  // the best-scoring program
}

}  // namespace
}  // namespace tv::report
