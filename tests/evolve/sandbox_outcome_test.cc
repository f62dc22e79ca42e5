// The outcome rules of evolve/sandbox_outcome.h on made-up runs: no processes.
#include "evolve/sandbox_outcome.h"

#include <gtest/gtest.h>
#include <signal.h>

namespace tv::evolve {
namespace {

SubprocessRun Exited(int code, std::string err = "") {
  SubprocessRun run;
  run.exited = true;
  run.exit_code = code;
  run.stderr_text = std::move(err);
  run.wall_seconds = 0.25;
  return run;
}

SubprocessRun Signaled(int sig, std::string err = "", double cpu = 0.1) {
  SubprocessRun run;
  run.signaled = true;
  run.signal = sig;
  run.stderr_text = std::move(err);
  run.user_cpu_seconds = cpu;
  return run;
}

SandboxLimits Limits() {
  SandboxLimits limits;
  limits.wall_seconds = 2;
  limits.cpu_seconds = 1.5;  // RLIMIT_CPU: 2 s
  limits.address_space_bytes = 2ull << 30;
  limits.file_size_bytes = 1 << 20;
  limits.stdout_cap_bytes = 1 << 10;
  return limits;
}

TEST(ClassifyRunTest, ExitZeroIsOk) {
  ClassifiedRun c = ClassifyRun(Exited(0), Limits());
  EXPECT_EQ(c.outcome, SandboxOutcome::kOk);
  EXPECT_EQ(c.message, "exited normally (code 0) after 0.2 s");
}

TEST(ClassifyRunTest, DeadlineWinsOverTheSigkillItCaused) {
  SubprocessRun run = Signaled(SIGKILL, "", 5.0);
  run.killed_at_deadline = true;
  run.wall_seconds = 2.04;
  ClassifiedRun c = ClassifyRun(run, Limits());
  EXPECT_EQ(c.outcome, SandboxOutcome::kTimedOut);
  EXPECT_EQ(c.message, "timed out after 2.0 s wall (limit 2.0 s); the whole process group was killed");
}

TEST(ClassifyRunTest, SigxcpuOrSigkillPastTheCpuLimitIsCpuLimit) {
  EXPECT_EQ(ClassifyRun(Signaled(SIGXCPU, "", 2.0), Limits()).outcome, SandboxOutcome::kCpuLimit);
  EXPECT_EQ(ClassifyRun(Signaled(SIGKILL, "", 3.0), Limits()).outcome, SandboxOutcome::kCpuLimit);
  EXPECT_EQ(ClassifyRun(Signaled(SIGXCPU, "", 2.0), Limits()).message,
            "used 2.0 s of CPU, over the 2.0 s CPU limit; killed by SIGXCPU");
}

TEST(ClassifyRunTest, SigkillBelowTheCpuLimitIsACrashFromOutside) {
  ClassifiedRun c = ClassifyRun(Signaled(SIGKILL, "", 0.5), Limits());
  EXPECT_EQ(c.outcome, SandboxOutcome::kCrashed);
  EXPECT_NE(c.message.find("out-of-memory killer"), std::string::npos) << c.message;
}

TEST(ClassifyRunTest, SigxfszIsOutputTooLarge) {
  ClassifiedRun c = ClassifyRun(Signaled(SIGXFSZ), Limits());
  EXPECT_EQ(c.outcome, SandboxOutcome::kOutputTooLarge);
  EXPECT_EQ(c.message, "tried to write a file larger than the 1.0 MiB file-size limit; killed by SIGXFSZ");
}

TEST(ClassifyRunTest, BadAllocAbortIsMemoryLimit) {
  ClassifiedRun c = ClassifyRun(
      Signaled(SIGABRT, "terminate called after throwing an instance of 'std::bad_alloc'\n"), Limits());
  EXPECT_EQ(c.outcome, SandboxOutcome::kMemoryLimit);
  EXPECT_EQ(c.message,
            "ran out of memory under the 2.0 GiB address-space limit (\"std::bad_alloc\", SIGABRT)");
}

TEST(ClassifyRunTest, OurMarkerWithNonZeroExitIsMemoryLimit) {
  std::string err = std::string(kOutOfMemoryMarker) + " (packing 4096x4096)\n";
  EXPECT_EQ(ClassifyRun(Exited(1, err), Limits()).outcome, SandboxOutcome::kMemoryLimit);
  EXPECT_EQ(ClassifyRun(Signaled(SIGSEGV, "malloc: Cannot allocate memory"), Limits()).outcome,
            SandboxOutcome::kMemoryLimit);
}

TEST(ClassifyRunTest, MemoryLimitNeedsEvidenceAndALimit) {
  // A silent segfault stays a crash, with a hint about the limit.
  ClassifiedRun silent = ClassifyRun(Signaled(SIGSEGV), Limits());
  EXPECT_EQ(silent.outcome, SandboxOutcome::kCrashed);
  EXPECT_EQ(silent.message,
            "crashed: killed by SIGSEGV (Segmentation fault); if it allocates large buffers, it may have hit "
            "the 2.0 GiB address-space limit");
  // Without an address-space limit, an out-of-memory message is the program's own business.
  SandboxLimits unlimited = Limits();
  unlimited.address_space_bytes = 0;
  EXPECT_EQ(ClassifyRun(Exited(1, "out of memory"), unlimited).outcome, SandboxOutcome::kExitedNonZero);
  // A successful run that mentions memory is still ok.
  EXPECT_EQ(ClassifyRun(Exited(0, "out of memory? no"), Limits()).outcome, SandboxOutcome::kOk);
}

TEST(ClassifyRunTest, OtherSignalsAreCrashesWithTheirNames) {
  ClassifiedRun c = ClassifyRun(Signaled(SIGABRT), Limits());
  EXPECT_EQ(c.outcome, SandboxOutcome::kCrashed);
  EXPECT_EQ(c.message, "crashed: killed by SIGABRT (Aborted)");
  EXPECT_EQ(SignalName(SIGSEGV), "SIGSEGV");
  EXPECT_EQ(SignalName(SIGRTMIN + 40), "signal " + std::to_string(SIGRTMIN + 40));
}

TEST(ClassifyRunTest, NonZeroExitQuotesTheLastLineOfStderr) {
  ClassifiedRun c = ClassifyRun(Exited(2, "warning: a\nerror: no choose_tile_size\n\n"), Limits());
  EXPECT_EQ(c.outcome, SandboxOutcome::kExitedNonZero);
  EXPECT_EQ(c.message, "exited with code 2: error: no choose_tile_size");
  EXPECT_EQ(ClassifyRun(Exited(2), Limits()).message, "exited with code 2");
}

TEST(ClassifyRunTest, TruncatedStdoutOnSuccessIsOutputTooLarge) {
  SubprocessRun run = Exited(0);
  run.stdout_truncated = true;
  ClassifiedRun c = ClassifyRun(run, Limits());
  EXPECT_EQ(c.outcome, SandboxOutcome::kOutputTooLarge);
  EXPECT_EQ(c.message, "wrote more than the 1.0 KiB stdout limit; the rest was discarded");
  // A truncated stderr alone does not spoil a result.
  SubprocessRun chatty = Exited(0);
  chatty.stderr_truncated = true;
  EXPECT_EQ(ClassifyRun(chatty, Limits()).outcome, SandboxOutcome::kOk);
}

}  // namespace
}  // namespace tv::evolve
