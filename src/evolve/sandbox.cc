#include "evolve/sandbox.h"

#include <unistd.h>

#include <cassert>
#include <optional>

#include "core/subprocess.h"
#include "evolve/pids_cgroup.h"
#include "evolve/sandbox_outcome.h"

namespace tv::evolve {
namespace {

SubprocessSpec ToSubprocessSpec(const SandboxSpec& spec) {
  const SandboxLimits& l = spec.limits;
  SubprocessSpec sub;
  sub.argv = spec.argv;
  sub.env = spec.env;
  sub.working_dir = spec.working_dir;
  sub.wall_timeout_seconds = l.wall_seconds;
  sub.stdout_cap_bytes = l.stdout_cap_bytes;
  sub.stderr_cap_bytes = l.stderr_cap_bytes;
  sub.isolate_network = spec.isolate_network;
  sub.isolate_pids = true;
  sub.limits.cpu_seconds = RlimitCpuSeconds(l.cpu_seconds);
  if (l.address_space_bytes > 0) sub.limits.address_space_bytes = l.address_space_bytes;
  if (l.file_size_bytes > 0) sub.limits.file_size_bytes = l.file_size_bytes;
  sub.limits.processes = static_cast<uint64_t>(l.max_tasks);
  return sub;
}

SandboxResult FromRun(SubprocessRun run, const SandboxLimits& limits) {
  ClassifiedRun classified = ClassifyRun(run, limits);
  SandboxResult r;
  r.outcome = classified.outcome;
  r.message = std::move(classified.message);
  r.exit_code = run.exited ? run.exit_code : -1;
  r.signal = run.signaled ? run.signal : 0;
  r.signal_name = run.signaled ? SignalName(run.signal) : "";
  r.wall_seconds = run.wall_seconds;
  r.cpu_seconds = run.user_cpu_seconds + run.system_cpu_seconds;
  r.max_rss_bytes = run.max_rss_bytes;
  r.stdout_text = std::move(run.stdout_text);
  r.stderr_text = std::move(run.stderr_text);
  r.stdout_truncated = run.stdout_truncated;
  r.stderr_truncated = run.stderr_truncated;
  r.network_isolated = run.network_isolated;
  r.pid_isolated = run.pid_isolated;
  r.isolation_note = std::move(run.isolation_note);
  return r;
}

void AddNote(std::string& notes, const std::string& note) {
  if (!notes.empty()) notes += "; ";
  notes += note;
}

}  // namespace

std::string_view OutcomeName(SandboxOutcome outcome) {
  switch (outcome) {
    case SandboxOutcome::kOk:
      return "ok";
    case SandboxOutcome::kExitedNonZero:
      return "exited_nonzero";
    case SandboxOutcome::kTimedOut:
      return "timed_out";
    case SandboxOutcome::kCpuLimit:
      return "cpu_limit";
    case SandboxOutcome::kMemoryLimit:
      return "memory_limit";
    case SandboxOutcome::kCrashed:
      return "crashed";
    case SandboxOutcome::kOutputTooLarge:
      return "output_too_large";
    case SandboxOutcome::kSpawnFailed:
      return "spawn_failed";
  }
  return "unknown";
}

SandboxResult RunSandboxed(const SandboxSpec& spec) {
  assert(!spec.argv.empty() && spec.limits.wall_seconds > 0 && spec.limits.max_tasks >= 1);
  SubprocessSpec sub = ToSubprocessSpec(spec);

  // One task more than the program's allowance: our reaper (PID 1 of its namespace).
  Result<PidsCgroup> cgroup = PidsCgroup::Create(spec.limits.max_tasks + 1);
  std::string process_limit = "none";
  std::string cgroup_note;
  if (cgroup.ok()) {
    sub.cgroup_procs_fd = cgroup->procs_fd();
    process_limit = "pids cgroup";
  } else if (::geteuid() != 0) {
    process_limit = "RLIMIT_NPROC";
  } else {
    cgroup_note = "no fork limit: " + cgroup.status().message() + " and RLIMIT_NPROC does not bind root";
  }

  Result<SubprocessRun> run = RunSubprocess(sub);
  if (cgroup.ok()) cgroup->KillAll();

  SandboxResult result;
  if (!run.ok()) {
    result.outcome = SandboxOutcome::kSpawnFailed;
    result.message = "could not start " + spec.argv[0] + ": " + run.status().message();
  } else {
    result = FromRun(std::move(*run), spec.limits);
  }
  result.process_limit = process_limit;
  if (!cgroup_note.empty()) AddNote(result.isolation_note, cgroup_note);
  return result;
}

}  // namespace tv::evolve
