#include "evolve/sandbox_outcome.h"

#include <signal.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string_view>

namespace tv::evolve {
namespace {

std::string Fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Bytes(uint64_t n) {
  constexpr double kKiB = 1024.0;
  double v = static_cast<double>(n);
  if (v >= kKiB * kKiB * kKiB) return Fixed1(v / (kKiB * kKiB * kKiB)) + " GiB";
  if (v >= kKiB * kKiB) return Fixed1(v / (kKiB * kKiB)) + " MiB";
  if (v >= kKiB) return Fixed1(v / kKiB) + " KiB";
  return std::to_string(n) + " bytes";
}

std::string SignalWithDescription(int sig) {
  const char* what = sigdescr_np(sig);
  return SignalName(sig) + (what != nullptr ? std::string(" (") + what + ")" : std::string());
}

// The out-of-memory message found in `err`, or empty.
std::string_view OutOfMemoryEvidence(std::string_view err) {
  static constexpr std::string_view kMarkers[] = {
      kOutOfMemoryMarker, "std::bad_alloc",         "out of memory",
      "Out of memory",    "Cannot allocate memory", "memory exhausted",
  };
  for (std::string_view marker : kMarkers) {
    if (err.find(marker) != std::string_view::npos) return marker;
  }
  return {};
}

// The last non-empty line of `err`, shortened: a hint of why a program failed.
std::string LastLine(std::string_view err) {
  constexpr std::size_t kMaxChars = 160;
  while (!err.empty() && (err.back() == '\n' || err.back() == '\r' || err.back() == ' '))
    err.remove_suffix(1);
  std::size_t nl = err.rfind('\n');
  std::string_view line = nl == std::string_view::npos ? err : err.substr(nl + 1);
  if (line.size() > kMaxChars) return std::string(line.substr(0, kMaxChars)) + "...";
  return std::string(line);
}

std::string HowItEnded(const SubprocessRun& run) {
  return run.signaled ? SignalName(run.signal) : "exit code " + std::to_string(run.exit_code);
}

}  // namespace

uint64_t RlimitCpuSeconds(double cpu_seconds) {
  return static_cast<uint64_t>(std::max(1.0, std::ceil(cpu_seconds)));
}

std::string SignalName(int signal) {
  const char* abbrev = sigabbrev_np(signal);
  return abbrev != nullptr ? std::string("SIG") + abbrev : "signal " + std::to_string(signal);
}

ClassifiedRun ClassifyRun(const SubprocessRun& run, const SandboxLimits& limits) {
  const double cpu = run.user_cpu_seconds + run.system_cpu_seconds;
  const double cpu_limit = static_cast<double>(RlimitCpuSeconds(limits.cpu_seconds));
  if (run.killed_at_deadline) {
    return {SandboxOutcome::kTimedOut, "timed out after " + Fixed1(run.wall_seconds) + " s wall (limit " +
                                           Fixed1(limits.wall_seconds) +
                                           " s); the whole process group was killed"};
  }
  if (run.signaled && (run.signal == SIGXCPU || (run.signal == SIGKILL && cpu >= cpu_limit))) {
    return {SandboxOutcome::kCpuLimit, "used " + Fixed1(cpu) + " s of CPU, over the " + Fixed1(cpu_limit) +
                                           " s CPU limit; killed by " + SignalName(run.signal)};
  }
  if (run.signaled && run.signal == SIGXFSZ) {
    return {SandboxOutcome::kOutputTooLarge, "tried to write a file larger than the " +
                                                 Bytes(limits.file_size_bytes) +
                                                 " file-size limit; killed by SIGXFSZ"};
  }
  const bool failed =
      (run.exited && run.exit_code != 0) ||
      (run.signaled && (run.signal == SIGABRT || run.signal == SIGSEGV || run.signal == SIGBUS));
  const std::string_view oom = OutOfMemoryEvidence(run.stderr_text);
  if (limits.address_space_bytes > 0 && failed && !oom.empty()) {
    return {SandboxOutcome::kMemoryLimit, "ran out of memory under the " + Bytes(limits.address_space_bytes) +
                                              " address-space limit (\"" + std::string(oom) + "\", " +
                                              HowItEnded(run) + ")"};
  }
  if (run.signaled) {
    std::string message = "crashed: killed by " + SignalWithDescription(run.signal);
    if (run.signal == SIGKILL) {
      message += " from outside the sandbox (the kernel's out-of-memory killer?)";
    } else if (limits.address_space_bytes > 0 && (run.signal == SIGSEGV || run.signal == SIGBUS)) {
      message += "; if it allocates large buffers, it may have hit the " + Bytes(limits.address_space_bytes) +
                 " address-space limit";
    }
    return {SandboxOutcome::kCrashed, message};
  }
  if (run.exit_code != 0) {
    std::string hint = LastLine(run.stderr_text);
    return {SandboxOutcome::kExitedNonZero,
            "exited with code " + std::to_string(run.exit_code) + (hint.empty() ? "" : ": " + hint)};
  }
  if (run.stdout_truncated) {
    return {SandboxOutcome::kOutputTooLarge, "wrote more than the " + Bytes(limits.stdout_cap_bytes) +
                                                 " stdout limit; the rest was discarded"};
  }
  return {SandboxOutcome::kOk, "exited normally (code 0) after " + Fixed1(run.wall_seconds) + " s"};
}

}  // namespace tv::evolve
