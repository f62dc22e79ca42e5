// `tilevolve report` on short real runs made here: a GEMM run on two tiny
// shapes (every section present, numbers matching the database; rendered in
// headless Chromium without script errors when Chromium is installed) and an
// external-evaluator run (no GEMM sections). No timing is asserted.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "report/html.h"

namespace {

namespace fs = std::filesystem;

struct Outcome {
  int exit_code = -1;
  std::string output;
};

// Runs a shell command, capturing stdout and stderr together.
Outcome Shell(const std::string& command) {
  Outcome out;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = fread(buf.data(), 1, buf.size(), pipe)) > 0) out.output.append(buf.data(), n);
  const int status = pclose(pipe);
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return out;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

size_t Occurrences(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size()))
    ++count;
  return count;
}

// The text of <td data-key="KEY">...</td>.
std::string Figure(const std::string& html, const std::string& key) {
  const std::string open = "data-key=\"" + key + "\">";
  const size_t at = html.find(open);
  if (at == std::string::npos) return "<missing " + key + ">";
  const size_t start = at + open.size();
  return html.substr(start, html.find("</td>", start) - start);
}

// The first column of the first row of a query, as text.
std::string SqlValue(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string value = "<no row>";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
      value = text != nullptr ? text : "";
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);
  return value;
}

class ReportRun : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/tv-report-run-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  Outcome Cli(const std::string& args) const {
    return Shell("TILEVOLVE_CACHE_DIR=" + dir_ + "/cache " + std::string(TV_CLI_PATH) + " " + args);
  }
  // A short offline GEMM run (two iterations on two tiny shapes, a checkpoint
  // after each); returns its output directory.
  std::string GemmRun() const {
    std::ofstream(dir_ + "/suite.yaml")
        << "name: report-test\n"
           "shapes:\n"
           "  - {name: decode.64x64, m: 1, n: 64, k: 64, tag: train}\n"
           "  - {name: prefill.32x48x40, m: 32, n: 48, k: 40, tag: heldout}\n";
    std::ofstream(dir_ + "/config.yaml") << "max_iterations: 2\n"
                                            "checkpoint_interval: 1\n"
                                            "random_seed: 11\n"
                                            "suite: " +
                                                dir_ +
                                                "/suite.yaml\n"
                                                "threads: 1\n"
                                                "database: {population_size: 20, num_islands: 2}\n"
                                                "mutator: {kind: offline}\n";
    const std::string out = dir_ + "/run";
    const Outcome o =
        Cli("evolve " + std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp --config " +
            dir_ + "/config.yaml --output " + out);
    EXPECT_EQ(o.exit_code, 0) << o.output;
    return out;
  }

  std::string dir_;
};

TEST_F(ReportRun, EverySectionIsPresentAndItsNumbersMatchTheDatabase) {
  const std::string run = GemmRun();
  const std::string html_path = dir_ + "/page.html";
  const Outcome o = Cli("report " + run + " -o " + html_path);
  ASSERT_EQ(o.exit_code, 0) << o.output;
  EXPECT_NE(o.output.find("report: " + html_path), std::string::npos) << o.output;
  const std::string html = ReadFile(html_path);
  for (const char* section : {"summary", "progress", "lineage", "map-elites", "shapes", "failures"}) {
    EXPECT_NE(html.find(std::string("data-section=\"") + section + "\""), std::string::npos) << section;
  }
  // Self-contained: nothing to fetch (the only URL is the SVG namespace name).
  EXPECT_EQ(Occurrences(html, "http://"), Occurrences(html, "http://www.w3.org/2000/svg"));
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find(" src="), std::string::npos);

  const std::string db = run + "/tilevolve.db";
  const nlohmann::json state = nlohmann::json::parse(SqlValue(db, "SELECT state FROM run_state"));
  const std::string programs = SqlValue(db, "SELECT COUNT(*) FROM programs");
  EXPECT_EQ(Figure(html, "evaluations"), programs);
  EXPECT_EQ(Figure(html, "iterations"), std::to_string(state["next_iteration"].get<int>() - 1));
  EXPECT_EQ(Figure(html, "best-score"), tv::report::Fixed(state["promoted_score"].get<double>(), 4));
  EXPECT_EQ(Figure(html, "initial-score"),
            tv::report::Fixed(std::stod(SqlValue(db, "SELECT score FROM programs WHERE id = 1")), 4));
  EXPECT_EQ(Figure(html, "status"), "finished");
  EXPECT_EQ(Figure(html, "suite"), dir_ + "/suite.yaml");
  EXPECT_EQ(Figure(html, "llm-tokens"), "0");
  EXPECT_NE(Figure(html, "heldout-score"), "<missing heldout-score>");
  EXPECT_NE(Figure(html, "wall-time"), "<missing wall-time>");

  // The lineage: one step per ancestor of the promoted program, back to the initial one.
  const int64_t promoted = state["promoted_id"].get<int64_t>();
  size_t chain = 0;
  for (int64_t id = promoted; id != 0 && chain < 1000; ++chain) {
    EXPECT_NE(html.find("class=\"step\" data-step=\"step-" + std::to_string(id) + "\""), std::string::npos)
        << id;
    id = std::stoll(SqlValue(db, "SELECT parent_id FROM programs WHERE id = " + std::to_string(id)));
  }
  EXPECT_EQ(Occurrences(html, "<button type=\"button\" class=\"step\""), chain);
  EXPECT_EQ(Occurrences(html, "<div class=\"step-detail\""), chain);

  EXPECT_EQ(Occurrences(html, "<figure class=\"grid\" data-island="), 2u);  // the smoke config's num_islands
  const nlohmann::json best_metrics = nlohmann::json::parse(
      SqlValue(db, "SELECT metrics_json FROM programs WHERE id = " + std::to_string(promoted)));
  EXPECT_EQ(Occurrences(html, "<tr data-shape="), best_metrics["shapes"].size());
  EXPECT_NE(html.find("data-tag=\"train\""), std::string::npos);
  EXPECT_NE(html.find("data-tag=\"heldout\""), std::string::npos);
  EXPECT_NE(html.find("data-failed=\"" + SqlValue(db, "SELECT COUNT(*) FROM programs WHERE outcome != 'ok'") +
                      "\""),
            std::string::npos);
  // Every evaluation is one point in the progress plot, its id in a tooltip.
  EXPECT_EQ(Occurrences(html, "<title>program "), std::stoul(programs));

  // A checkpoint export is a run too, as of its iteration.
  const Outcome checkpoint = Cli("report " + run + "/checkpoints/checkpoint_1");
  ASSERT_EQ(checkpoint.exit_code, 0) << checkpoint.output;
  const std::string exported = ReadFile(run + "/checkpoints/checkpoint_1/report.html");
  EXPECT_EQ(Figure(exported, "evaluations"), "2");
  EXPECT_NE(Figure(exported, "status").find("checkpoint export at iteration 1"), std::string::npos);
}

TEST_F(ReportRun, RendersInHeadlessChromiumWithoutScriptErrors) {
  const Outcome which = Shell("command -v chromium || command -v chromium-browser");
  if (which.exit_code != 0) {
    GTEST_SKIP() << "chromium is not installed (Debian: apt-get install chromium): the page was not rendered";
  }
  const std::string browser = which.output.substr(0, which.output.find('\n'));
  const std::string run = GemmRun();
  ASSERT_EQ(Cli("report " + run).exit_code, 0);
  const Outcome o =
      Shell("timeout 120 " + browser + " --headless --no-sandbox --disable-gpu --user-data-dir=" + dir_ +
            "/chromium-profile --enable-logging=stderr --v=0 --dump-dom file://" + run + "/report.html");
  ASSERT_EQ(o.exit_code, 0) << o.output;
  // The page's script marks the body when it ran to its end without an exception.
  EXPECT_NE(o.output.find("data-report-script=\"ok\""), std::string::npos) << o.output.substr(0, 4000);
  EXPECT_EQ(o.output.find("Uncaught"), std::string::npos) << o.output.substr(0, 4000);
  EXPECT_NE(o.output.find("step-detail shown"), std::string::npos);  // the best program's step is open
}

TEST_F(ReportRun, AnExternalEvaluatorRunHasNoGemmSections) {
  if (system("command -v python3 > /dev/null 2>&1") != 0) GTEST_SKIP() << "python3 is not installed";
  const std::string example = std::string(TV_SOURCE_DIR) + "/examples/function_fit/";
  const std::string out = dir_ + "/function-fit";
  Outcome o = Cli("evolve " + example + "initial_program.py " + example + "evaluator.py --config " + example +
                  "config.yaml --iterations 2 --output " + out);
  ASSERT_EQ(o.exit_code, 0) << o.output;
  o = Cli("report " + out);
  ASSERT_EQ(o.exit_code, 0) << o.output;
  const std::string html = ReadFile(out + "/report.html");
  for (const char* section : {"summary", "progress", "lineage", "map-elites", "failures"}) {
    EXPECT_NE(html.find(std::string("data-section=\"") + section + "\""), std::string::npos) << section;
  }
  EXPECT_EQ(html.find("data-section=\"shapes\""), std::string::npos);
  EXPECT_EQ(html.find("data-key=\"suite\""), std::string::npos);
  EXPECT_EQ(html.find("speedup vs baseline"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"row\">max_error</th>"),
            std::string::npos);  // its own metric, in the lineage
  EXPECT_NE(Figure(html, "evaluator").find("external evaluator"), std::string::npos);
  EXPECT_EQ(Figure(html, "evaluations"), SqlValue(out + "/tilevolve.db", "SELECT COUNT(*) FROM programs"));
}

}  // namespace
