// kill -9 in the middle of commits: the database always opens, intact, with
// every program's run state (the run state names the last program's id).
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "database_test_support.h"
#include "evolve/database/program_store.h"

namespace tv::evolve {
namespace {

using CrashTest = testing::ScratchDirTest;

std::string ProgramText(int64_t id) {
  return "// program " + std::to_string(id) + "\n" + std::string(300, 'p');
}

// The child: opens the store and commits programs forever, each with the run
// state {"last_program_id": its id}. Never returns.
[[noreturn]] void CommitForever(const std::string& path) {
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, /*create=*/true);
  if (!store.ok()) _exit(3);
  Result<int64_t> count = (*store)->Count();
  if (!count.ok()) _exit(4);
  for (int64_t next = *count + 1;; ++next) {
    ProgramRecord program;
    program.code = ProgramText(next);
    program.code_hash = CodeHash(program.code);
    program.outcome = "ok";
    program.score = static_cast<double>(next);
    program.metrics_json = R"({"combined_score": )" + std::to_string(next) + "}";
    const nlohmann::json state = {{"last_program_id", next}, {"padding", std::string(2000, 's')}};
    Result<int64_t> id = (*store)->Commit(program, state.dump());
    if (!id.ok() || *id != next) _exit(5);
  }
}

// Checks the database at `path` the way a resume would; returns its program count.
int64_t CheckConsistent(const std::string& path) {
  Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, /*create=*/false);
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return -1;
  Result<std::vector<ProgramRecord>> all = (*store)->All();
  EXPECT_TRUE(all.ok());
  Result<std::string> state = (*store)->LoadRunState();
  EXPECT_TRUE(state.ok());
  if (!all.ok() || !state.ok()) return -1;
  for (size_t i = 0; i < all->size(); ++i) {
    const ProgramRecord& p = (*all)[i];
    EXPECT_EQ(p.id, static_cast<int64_t>(i) + 1) << "ids are 1..N without gaps";
    EXPECT_EQ(p.code, ProgramText(p.id));
    EXPECT_EQ(p.code_hash, CodeHash(p.code));
  }
  if (all->empty()) {
    EXPECT_EQ(*state, "") << "a run state without its program";
  } else {
    const nlohmann::json json = nlohmann::json::parse(*state, nullptr, false);
    EXPECT_TRUE(json.is_object()) << state->substr(0, 100);
    if (json.is_object()) {
      EXPECT_EQ(json.value("last_program_id", int64_t{-1}), all->back().id);
    }
  }
  store->reset();

  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* check = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)), "ok");
  sqlite3_finalize(check);
  sqlite3_close(db);
  return static_cast<int64_t>(all->size());
}

TEST_F(CrashTest, KillNineMidCommitLosesNothingCommittedAndCorruptsNothing) {
  const std::string path = Path("evolution.sqlite");
  std::mt19937 timing(4242);  // fixed seed: the same kill moments every run
  int64_t previous = 0;
  constexpr int kRounds = 8;
  for (int round = 0; round < kRounds; ++round) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) CommitForever(path);
    // The first round may die while creating the tables; later ones while committing.
    const int delay_ms =
        round == 0 ? 2 + static_cast<int>(timing() % 20) : 20 + static_cast<int>(timing() % 150);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "the child failed on its own: exit " << WEXITSTATUS(status);
    if (previous == 0) {  // killed before the tables were created: no file, or one without tables
      if (!std::filesystem::exists(path)) continue;
      Result<std::unique_ptr<ProgramStore>> store = ProgramStore::Open(path, /*create=*/false);
      if (!store.ok() && store.status().message().find("is empty") != std::string::npos) continue;
    }
    const int64_t count = CheckConsistent(path);
    ASSERT_GE(count, previous) << "round " << round << " lost committed programs";
    previous = count;
  }
  EXPECT_GT(previous, 0) << "no round got to commit anything";
}

}  // namespace
}  // namespace tv::evolve
