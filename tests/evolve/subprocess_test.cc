// core/subprocess.h directly: the paths the sandbox does not take by default
// (no PID namespace: the process group alone must hold the tree) and the
// bookkeeping (no leaked descriptors, no zombies).
#include "core/subprocess.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cerrno>

#include "test_processes.h"

namespace tv {
namespace {

using evolve::testing::ProgramPath;

SubprocessSpec SpecFor(const std::string& program, std::vector<std::string> args = {}) {
  SubprocessSpec spec;
  spec.argv = {ProgramPath(program)};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.wall_timeout_seconds = 20;
  return spec;
}

TEST(SubprocessTest, WithoutPidNamespaceTheGroupKillStillReachesTheGrandchild) {
  const std::string token = evolve::testing::UniqueToken();
  SubprocessSpec spec = SpecFor("fork_sleeper", {token});
  spec.isolate_pids = false;
  auto run = RunSubprocess(spec);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_FALSE(run->pid_isolated);
  EXPECT_TRUE(run->exited);
  EXPECT_EQ(run->exit_code, 0);
  EXPECT_EQ(evolve::testing::WaitUntilNoProcessHasToken(token, 5.0), 0);
  EXPECT_TRUE(evolve::testing::WaitUntilGroupIsGone(run->pgid, 5.0));
}

TEST(SubprocessTest, WithoutPidNamespaceATimeoutKillsTheGroup) {
  SubprocessSpec spec = SpecFor("sleep_forever");
  spec.isolate_pids = false;
  spec.wall_timeout_seconds = 0.5;
  auto run = RunSubprocess(spec);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_TRUE(run->killed_at_deadline);
  EXPECT_TRUE(run->signaled);
  EXPECT_EQ(run->signal, SIGKILL);
  EXPECT_TRUE(evolve::testing::WaitUntilGroupIsGone(run->pgid, 5.0));
}

TEST(SubprocessTest, InAPidNamespaceTheProgramKeepsOrdinarySignals) {
  // As PID 1 the program would ignore its own SIGABRT; our reaper is PID 1 instead.
  auto run = RunSubprocess(SpecFor("call_abort"));
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_TRUE(run->signaled);
  EXPECT_EQ(run->signal, SIGABRT);
}

TEST(SubprocessTest, BareNamesAreFoundInPath) {
  SubprocessSpec spec;
  spec.argv = {"true"};
  spec.env = {"PATH=/usr/bin:/bin"};
  auto run = RunSubprocess(spec);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_TRUE(run->exited);
  EXPECT_EQ(run->exit_code, 0);

  spec.argv = {"tv-no-such-program"};
  auto missing = RunSubprocess(spec);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
}

TEST(SubprocessTest, StderrHasItsOwnCap) {
  SubprocessSpec spec = SpecFor("exit_with_code", {"1"});
  spec.stderr_cap_bytes = 6;
  auto run = RunSubprocess(spec);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_EQ(run->stderr_text, "giving");
  EXPECT_TRUE(run->stderr_truncated);
  EXPECT_FALSE(run->stdout_truncated);
}

TEST(SubprocessTest, ManyRunsLeakNoDescriptorsAndLeaveNoZombies) {
  const int before = evolve::testing::CountOwnDescriptors();
  for (int i = 0; i < 20; ++i) {
    SubprocessSpec spec = SpecFor(i % 2 ? "segfault" : "print_and_exit");
    spec.isolate_pids = i % 4 < 2;
    ASSERT_TRUE(RunSubprocess(spec).ok());
  }
  EXPECT_EQ(evolve::testing::CountOwnDescriptors(), before);
  errno = 0;
  EXPECT_EQ(::waitpid(-1, nullptr, WNOHANG), -1);  // no child of ours is left, not even a zombie
  EXPECT_EQ(errno, ECHILD);
}

}  // namespace
}  // namespace tv
