// Running a child program under limits: the OS mechanics behind the sandbox
// (evolve/sandbox.h gives them meaning). Linux only.
//
// The child runs in its own process group and, where the kernel allows, in a
// fresh PID namespace and a fresh network namespace (no interface up, not even
// loopback). In a PID namespace a small reaper of ours is PID 1 and the program
// is PID 2, so the program keeps ordinary signal semantics and, when the program
// exits, the kernel kills every process left in the namespace: nothing that the
// program forked can outlive the run, even one that left the process group.
//
// stdin is /dev/null; stdout and stderr come back through pipes, each capped
// (the excess is read and thrown away, so a chatty child neither blocks nor
// fills our memory); every other descriptor is closed at exec. A wall-clock
// deadline kills the whole process group; after the child exits the group is
// killed again so no orphan survives.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace tv {

// Resource limits set (soft = hard, except CPU) in the process that execs the
// program, after fork, so they never apply to the caller. Unset = inherited.
// RLIMIT_CORE is always 0.
struct SubprocessLimits {
  std::optional<uint64_t> address_space_bytes;  // RLIMIT_AS
  std::optional<uint64_t> cpu_seconds;          // RLIMIT_CPU: SIGXCPU at this, SIGKILL one second later
  std::optional<uint64_t> file_size_bytes;      // RLIMIT_FSIZE: SIGXFSZ when a write would pass it
  std::optional<uint64_t> processes;            // RLIMIT_NPROC: per real uid, not enforced for root
};

struct SubprocessSpec {
  // argv[0] is the program: a path, or a bare name looked up in PATH (of `env`
  // when it sets PATH, else of this process). REQUIRES: !argv.empty().
  std::vector<std::string> argv;
  std::vector<std::string> env;  // "NAME=value" each; the child's whole environment
  std::string working_dir;       // empty: the caller's
  SubprocessLimits limits;
  double wall_timeout_seconds = 10.0;  // > 0
  std::size_t stdout_cap_bytes = 1 << 20;
  std::size_t stderr_cap_bytes = 64 << 10;
  bool isolate_network = true;  // ask for a new network namespace
  bool isolate_pids = true;     // ask for a new PID namespace (with our reaper as PID 1)
  // An open descriptor of a cgroup's `cgroup.procs`, or -1. The child writes
  // "0" to it (joins the cgroup) before anything else, so the cgroup's limits
  // cover every process it will ever fork. Not closed by RunSubprocess.
  int cgroup_procs_fd = -1;
};

struct SubprocessRun {
  // How the program ended: exactly one of exited / signaled is true.
  bool exited = false;
  int exit_code = 0;  // when exited
  bool signaled = false;
  int signal = 0;                   // when signaled
  bool killed_at_deadline = false;  // we hit the wall-clock deadline and killed the group

  double wall_seconds = 0;
  double user_cpu_seconds = 0;  // the whole tree's (wait4 rusage of our direct child)
  double system_cpu_seconds = 0;
  int64_t max_rss_bytes = 0;  // largest resident set of any process in the tree

  std::string stdout_text;  // at most stdout_cap_bytes
  std::string stderr_text;  // at most stderr_cap_bytes
  bool stdout_truncated = false;
  bool stderr_truncated = false;

  pid_t pgid = 0;                 // the process group (in our PID namespace); gone when we return
  bool network_isolated = false;  // the program ran in a fresh network namespace
  bool pid_isolated = false;      // the program ran in a fresh PID namespace
  std::string isolation_note;     // why an isolation that was asked for is missing; empty when none is
};

// Runs `spec` to completion or to its deadline. Returns an error Status only
// when the program could not be started at all (no such file, not executable,
// pipes or fork unavailable, a limit the kernel refused); everything the
// program does after exec is reported in SubprocessRun.
// Safe to call from any thread; the child uses only async-signal-safe calls
// between fork and exec.
Result<SubprocessRun> RunSubprocess(const SubprocessSpec& spec);

}  // namespace tv
