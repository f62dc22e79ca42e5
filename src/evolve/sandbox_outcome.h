// How a finished child process maps to a SandboxOutcome and its message.
// Pure: no processes, so every rule is unit-tested with made-up runs.
//
// The rules, first match wins:
//  1. killed at the wall-clock deadline                      -> kTimedOut
//  2. SIGXCPU, or SIGKILL with CPU time >= the CPU limit     -> kCpuLimit
//  3. SIGXFSZ                                                -> kOutputTooLarge
//  4. an address-space limit is set, the program failed (non-zero exit, or
//     SIGABRT / SIGSEGV / SIGBUS), and its stderr carries an out-of-memory
//     message (libstdc++'s "std::bad_alloc", "out of memory", strerror(ENOMEM)
//     "Cannot allocate memory", "memory exhausted")         -> kMemoryLimit
//     Programs we write to run inside the sandbox print kOutOfMemoryMarker
//     before exiting when an allocation fails. A silent crash after a failed
//     mmap carries no such evidence and stays kCrashed (its message mentions
//     the address-space limit): we only claim what we can show.
//  5. any other signal                                       -> kCrashed
//  6. a non-zero exit code                                   -> kExitedNonZero
//  7. exit 0 but stdout passed its cap                       -> kOutputTooLarge
//  8. otherwise                                              -> kOk
#pragma once

#include <cstdint>
#include <string>

#include "core/subprocess.h"
#include "evolve/sandbox.h"

namespace tv::evolve {

// What a program run inside the sandbox prints on stderr when an allocation fails.
inline constexpr const char* kOutOfMemoryMarker = "tilevolve: out of memory";

struct ClassifiedRun {
  SandboxOutcome outcome;
  std::string message;  // one line
};

ClassifiedRun ClassifyRun(const SubprocessRun& run, const SandboxLimits& limits);

// The RLIMIT_CPU value for a CPU limit in seconds: whole seconds, rounded up, at least 1.
uint64_t RlimitCpuSeconds(double cpu_seconds);

// "SIGSEGV" for SIGSEGV; "signal 77" for a number without a name.
std::string SignalName(int signal);

}  // namespace tv::evolve
