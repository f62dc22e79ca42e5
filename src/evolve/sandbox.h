// The sandbox that runs untrusted evolved code (DESIGN.md rule 2, issue 3):
// a child process with limits, a wall-clock deadline that kills its whole
// process tree, capped output, no network where the kernel allows, and a typed
// outcome with a one-line message for the user.
//
// What isolation a run got is reported, never assumed:
//  - network: a fresh network namespace (no interface up) when we are root or
//    user namespaces are allowed; otherwise the program runs with the host's
//    network and `network_isolated` is false (isolation_note says why).
//  - processes: a fresh PID namespace, so when the program exits the kernel
//    kills everything it forked, even what left the process group; and a pids
//    cgroup that bounds how many tasks (processes + threads) the tree may hold
//    at once, so a fork bomb stalls at `max_tasks`. RLIMIT_NPROC is set too but
//    binds only non-root users (the kernel exempts root). Without a pids cgroup
//    a root run is bounded only by its deadline (`process_limit` says "none").
//  - memory: RLIMIT_AS (address space), set in the child only, so a sanitizer
//    build of the caller is unaffected.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tv::evolve {

struct SandboxLimits {
  double wall_seconds = 10.0;                 // the whole tree is killed at this
  double cpu_seconds = 10.0;                  // per process; RLIMIT_CPU counts whole seconds (rounded up)
  uint64_t address_space_bytes = 4ull << 30;  // per process; 0: unlimited
  uint64_t file_size_bytes = 64ull << 20;     // largest file a process may write; 0: unlimited
  int max_tasks = 64;                         // processes + threads alive at once in the tree (>= 1)
  std::size_t stdout_cap_bytes = 1 << 20;     // more than this is read and discarded
  std::size_t stderr_cap_bytes = 64 << 10;
};

struct SandboxSpec {
  std::vector<std::string> argv;  // argv[0]: a path, or a name looked up in PATH
  std::vector<std::string> env;   // the child's whole environment, "NAME=value" each
  std::string working_dir;        // empty: the caller's
  SandboxLimits limits;
  bool isolate_network = true;
};

enum class SandboxOutcome {
  kOk,             // exited with code 0, stdout complete
  kExitedNonZero,  // exited with another code
  kTimedOut,       // hit the wall-clock limit; the tree was killed
  kCpuLimit,       // SIGXCPU, or SIGKILL after using the CPU limit
  kMemoryLimit,  // failed with an out-of-memory message under the address-space limit (see sandbox_outcome.h)
  kCrashed,      // ended by any other signal
  kOutputTooLarge,  // exited 0 but stdout passed its cap, or a file passed the file-size limit (SIGXFSZ)
  kSpawnFailed,     // could not be started (no such program, setup refused)
};

// "ok", "exited_nonzero", "timed_out", "cpu_limit", "memory_limit", "crashed",
// "output_too_large", "spawn_failed": stable names for JSON and the database.
std::string_view OutcomeName(SandboxOutcome outcome);

struct SandboxResult {
  SandboxOutcome outcome = SandboxOutcome::kSpawnFailed;
  std::string message;      // one line for the user, e.g. "timed out after 2.0 s wall; ..."
  int exit_code = -1;       // when the program exited, else -1
  int signal = 0;           // the signal that ended it, else 0
  std::string signal_name;  // "SIGSEGV", empty when none

  double wall_seconds = 0;
  double cpu_seconds = 0;  // user + system, the whole tree
  int64_t max_rss_bytes = 0;

  std::string stdout_text;  // at most limits.stdout_cap_bytes
  std::string stderr_text;  // at most limits.stderr_cap_bytes
  bool stdout_truncated = false;
  bool stderr_truncated = false;

  bool network_isolated = false;  // ran in a fresh network namespace
  bool pid_isolated = false;      // ran in a fresh PID namespace (orphans cannot survive)
  std::string process_limit;      // "pids cgroup", "RLIMIT_NPROC" or "none": what bounded forking
  std::string isolation_note;     // why an isolation is missing; empty when all applied
};

// Runs one program in the sandbox and waits for it (at most about
// limits.wall_seconds plus a few seconds of cleanup). Never throws; a program
// that cannot start is kSpawnFailed. Safe to call from several threads.
SandboxResult RunSandboxed(const SandboxSpec& spec);

// The sandbox as an interface, so the evaluator can be tested with canned
// results instead of real processes (STYLE.md habit 10).
class SandboxRunner {
 public:
  virtual ~SandboxRunner() = default;
  virtual SandboxResult Run(const SandboxSpec& spec) = 0;
};

// Runs real processes through RunSandboxed.
class ProcessSandboxRunner final : public SandboxRunner {
 public:
  SandboxResult Run(const SandboxSpec& spec) override { return RunSandboxed(spec); }
};

}  // namespace tv::evolve
