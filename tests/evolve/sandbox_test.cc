// The sandbox against real misbehaving programs (tests/evolve/programs/).
// Time bounds are deliberately loose (the machine is shared and noisy): they
// catch a hang, never a slow run.
#include "evolve/sandbox.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <string>

#include "test_processes.h"

namespace tv::evolve {
namespace {

using testing::ProgramPath;
using testing::UniqueToken;

SandboxSpec SpecFor(const std::string& program, std::vector<std::string> args = {}) {
  SandboxSpec spec;
  spec.argv = {ProgramPath(program)};
  spec.argv.insert(spec.argv.end(), args.begin(), args.end());
  spec.env = {"PATH=/usr/bin:/bin"};
  spec.limits.wall_seconds = 20;
  spec.limits.cpu_seconds = 20;
  spec.limits.address_space_bytes = 1ull << 30;
  return spec;
}

// Whether a fork bomb would be bounded here; the reason when not.
std::string WhyForkingIsUnbounded() {
  SandboxResult probe = RunSandboxed(SpecFor("exit_with_code", {"0"}));
  return probe.process_limit == "none" ? probe.isolation_note : "";
}

TEST(SandboxTest, ProgramThatPrintsAndExitsZeroIsOk) {
  SandboxSpec spec = SpecFor("print_and_exit", {"first-arg"});
  spec.env.push_back("TV_SANDBOX_TEST=from-the-spec");
  spec.working_dir = "/tmp";
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kOk) << r.message;
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.stdout_text, "arg=first-arg\nenv=from-the-spec\ncwd=/tmp\n");
  EXPECT_EQ(r.stderr_text, "hello on stderr\n");
  EXPECT_FALSE(r.stdout_truncated);
  EXPECT_EQ(OutcomeName(r.outcome), "ok");
}

TEST(SandboxTest, NonZeroExitIsReportedWithItsCodeAndStderr) {
  SandboxResult r = RunSandboxed(SpecFor("exit_with_code", {"3"}));
  EXPECT_EQ(r.outcome, SandboxOutcome::kExitedNonZero);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.message, "exited with code 3: giving up on purpose");
}

TEST(SandboxTest, InfiniteLoopTimesOutAndTheGroupIsKilled) {
  SandboxSpec spec = SpecFor("spin_forever");
  spec.limits.wall_seconds = 1;
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kTimedOut) << r.message;
  EXPECT_GE(r.wall_seconds, 1.0);
  EXPECT_LT(r.wall_seconds, 10.0);
  EXPECT_NE(r.message.find("timed out after"), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("whole process group was killed"), std::string::npos) << r.message;
}

TEST(SandboxTest, SleepingForeverTimesOut) {
  SandboxSpec spec = SpecFor("sleep_forever");
  spec.limits.wall_seconds = 1;
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kTimedOut) << r.message;
  EXPECT_LT(r.wall_seconds, 10.0);
  EXPECT_LT(r.cpu_seconds, 1.0);
}

TEST(SandboxTest, CpuSecondsLimitStopsASpinningProgram) {
  SandboxSpec spec = SpecFor("spin_forever");
  spec.limits.cpu_seconds = 1;
  spec.limits.wall_seconds = 60;  // far away: the CPU limit must come first
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kCpuLimit) << r.message;
  EXPECT_EQ(r.signal_name, "SIGXCPU");
  EXPECT_GE(r.cpu_seconds, 0.5);  // rusage and the kernel's CPU-limit clock differ by scheduler ticks
  EXPECT_LT(r.wall_seconds, 60.0);
}

TEST(SandboxTest, SegfaultIsACrashWithItsSignal) {
  SandboxResult r = RunSandboxed(SpecFor("segfault"));
  EXPECT_EQ(r.outcome, SandboxOutcome::kCrashed) << r.message;
  EXPECT_EQ(r.signal_name, "SIGSEGV");
  EXPECT_EQ(r.exit_code, -1);
  EXPECT_NE(r.message.find("SIGSEGV"), std::string::npos) << r.message;
}

TEST(SandboxTest, AbortIsACrashWithSigabrt) {
  SandboxResult r = RunSandboxed(SpecFor("call_abort"));
  EXPECT_EQ(r.outcome, SandboxOutcome::kCrashed) << r.message;
  EXPECT_EQ(r.signal_name, "SIGABRT");
}

TEST(SandboxTest, Allocating50GbHitsTheAddressSpaceLimit) {
  SandboxSpec spec = SpecFor("allocate_50gb");
  spec.limits.address_space_bytes = 1ull << 30;
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kMemoryLimit) << r.message << "\n" << r.stderr_text;
  EXPECT_NE(r.message.find("1.0 GiB address-space limit"), std::string::npos) << r.message;
  EXPECT_LT(r.max_rss_bytes, int64_t{1} << 30);
}

TEST(SandboxTest, ForkBombIsBoundedAndLeavesNoProcessBehind) {
  std::string unbounded = WhyForkingIsUnbounded();
  if (!unbounded.empty()) GTEST_SKIP() << "a fork bomb would not be bounded here: " << unbounded;
  const std::string token = UniqueToken();
  SandboxSpec spec = SpecFor("fork_bomb", {token});
  spec.limits.max_tasks = 16;
  spec.limits.wall_seconds = 2;
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kTimedOut) << r.message;
  EXPECT_LT(r.wall_seconds, 15.0);
  // Each '+' is one successful fork; the bomb itself is one of the 16 tasks.
  EXPECT_GT(std::count(r.stdout_text.begin(), r.stdout_text.end(), '+'), 0);
  EXPECT_LE(std::count(r.stdout_text.begin(), r.stdout_text.end(), '+'), 15);
  EXPECT_EQ(testing::WaitUntilNoProcessHasToken(token, 5.0), 0);
}

TEST(SandboxTest, GrandchildThatKeepsSleepingIsKilled) {
  const std::string token = UniqueToken();
  SandboxResult r = RunSandboxed(SpecFor("fork_sleeper", {token}));
  EXPECT_EQ(r.outcome, SandboxOutcome::kOk) << r.message;
  EXPECT_EQ(r.stdout_text, "forked\n");
  EXPECT_LT(r.wall_seconds, 10.0);
  EXPECT_EQ(testing::WaitUntilNoProcessHasToken(token, 5.0), 0);
}

TEST(SandboxTest, GrandchildThatLeavesTheProcessGroupIsKilled) {
  const std::string token = UniqueToken();
  SandboxResult r = RunSandboxed(SpecFor("fork_sleeper", {token, "escape"}));
  if (!r.pid_isolated) {
    testing::WaitUntilNoProcessHasToken(token, 0);
    GTEST_SKIP() << "no PID namespace here (" << r.isolation_note
                 << "): a process that calls setsid() can outlive the run";
  }
  EXPECT_EQ(r.outcome, SandboxOutcome::kOk) << r.message;
  EXPECT_EQ(testing::WaitUntilNoProcessHasToken(token, 5.0), 0);
}

// A listener on 127.0.0.1 that the child tries to reach.
class LocalListener {
 public:
  LocalListener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (fd_ >= 0 && ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), len) == 0 && ::listen(fd_, 4) == 0 &&
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
      port_ = ntohs(addr.sin_port);
    }
  }
  ~LocalListener() {
    if (fd_ >= 0) ::close(fd_);
  }
  int port() const { return port_; }

 private:
  int fd_ = -1;
  int port_ = 0;
};

TEST(SandboxTest, WithoutIsolationTheTestProgramReachesTheListener) {
  LocalListener listener;
  ASSERT_GT(listener.port(), 0);
  SandboxSpec spec = SpecFor("connect_tcp", {std::to_string(listener.port())});
  spec.isolate_network = false;
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kOk) << r.message;
  EXPECT_FALSE(r.network_isolated);
}

TEST(SandboxTest, IsolatedProgramCannotConnectToALocalListener) {
  LocalListener listener;
  ASSERT_GT(listener.port(), 0);
  SandboxResult r = RunSandboxed(SpecFor("connect_tcp", {std::to_string(listener.port())}));
  if (!r.network_isolated) GTEST_SKIP() << "no network isolation here: " << r.isolation_note;
  EXPECT_EQ(r.outcome, SandboxOutcome::kExitedNonZero) << r.message;
  EXPECT_NE(r.stderr_text.find("connect:"), std::string::npos) << r.stderr_text;
}

TEST(SandboxTest, OneGigabyteOnStdoutIsTruncatedWithBoundedMemory) {
  rusage before{};
  ::getrusage(RUSAGE_SELF, &before);
  SandboxSpec spec = SpecFor("flood_stdout");
  spec.limits.wall_seconds = 120;
  SandboxResult r = RunSandboxed(spec);
  rusage after{};
  ::getrusage(RUSAGE_SELF, &after);
  EXPECT_EQ(r.outcome, SandboxOutcome::kOutputTooLarge) << r.message;
  EXPECT_TRUE(r.stdout_truncated);
  EXPECT_EQ(r.stdout_text.size(), spec.limits.stdout_cap_bytes);
  EXPECT_LT(r.wall_seconds, 120.0);
  // ru_maxrss is in KiB; keeping the gigabyte would add ~1,000,000.
  EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 100 * 1024);
}

TEST(SandboxTest, WritingPastTheFileSizeLimitIsOutputTooLarge) {
  char dir_template[] = "/tmp/tv-sandbox-test-XXXXXX";
  ASSERT_NE(::mkdtemp(dir_template), nullptr);
  SandboxSpec spec = SpecFor("write_big_file", {"big.bin"});
  spec.working_dir = dir_template;
  spec.limits.file_size_bytes = 1 << 20;
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kOutputTooLarge) << r.message;
  EXPECT_EQ(r.signal_name, "SIGXFSZ");
  EXPECT_LE(std::filesystem::file_size(std::filesystem::path(dir_template) / "big.bin"), 1u << 20);
  std::filesystem::remove_all(dir_template);
}

TEST(SandboxTest, ChildSeesOnlyStdinStdoutAndStderr) {
  int leaked = ::open("/dev/null", O_RDONLY);  // deliberately without O_CLOEXEC
  ASSERT_GE(leaked, 3);
  SandboxResult r = RunSandboxed(SpecFor("list_fds"));
  ::close(leaked);
  EXPECT_EQ(r.outcome, SandboxOutcome::kOk) << r.message;
  EXPECT_EQ(r.stdout_text, "0 1 2\n");
}

TEST(SandboxTest, MissingProgramIsSpawnFailed) {
  SandboxSpec spec = SpecFor("print_and_exit");
  spec.argv[0] = "/nonexistent/tv-program";
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kSpawnFailed);
  EXPECT_NE(r.message.find("No such file or directory"), std::string::npos) << r.message;
}

TEST(SandboxTest, MissingWorkingDirectoryIsSpawnFailed) {
  SandboxSpec spec = SpecFor("print_and_exit");
  spec.working_dir = "/nonexistent/tv-dir";
  SandboxResult r = RunSandboxed(spec);
  EXPECT_EQ(r.outcome, SandboxOutcome::kSpawnFailed);
  EXPECT_NE(r.message.find("working directory"), std::string::npos) << r.message;
}

TEST(SandboxTest, NextRunIsNormalAfterEveryKindOfFailure) {
  const int fds_before = testing::CountOwnDescriptors();
  for (const char* bad : {"segfault", "call_abort", "sleep_forever", "allocate_50gb"}) {
    SandboxSpec spec = SpecFor(bad);
    spec.limits.wall_seconds = 1;
    SandboxResult r = RunSandboxed(spec);
    EXPECT_NE(r.outcome, SandboxOutcome::kOk) << bad;
    SandboxResult good = RunSandboxed(SpecFor("print_and_exit", {"again"}));
    EXPECT_EQ(good.outcome, SandboxOutcome::kOk) << "after " << bad << ": " << good.message;
  }
  EXPECT_EQ(testing::CountOwnDescriptors(), fds_before);
}

TEST(SandboxTest, ReportsWhichIsolationItGot) {
  SandboxResult r = RunSandboxed(SpecFor("exit_with_code", {"0"}));
  std::cout << "network_isolated=" << r.network_isolated << " pid_isolated=" << r.pid_isolated
            << " process_limit=" << r.process_limit << " note='" << r.isolation_note << "'\n";
  EXPECT_FALSE(r.process_limit.empty());
  if (r.network_isolated && r.pid_isolated && r.process_limit != "none") {
    EXPECT_TRUE(r.isolation_note.empty()) << r.isolation_note;
  }
}

TEST(SandboxRunnerTest, ProcessRunnerRunsRealProcesses) {
  ProcessSandboxRunner runner;
  SandboxRunner& as_interface = runner;
  EXPECT_EQ(as_interface.Run(SpecFor("exit_with_code", {"5"})).exit_code, 5);
}

}  // namespace
}  // namespace tv::evolve
