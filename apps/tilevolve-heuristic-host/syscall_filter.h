// The system-call filter under which tilevolve-heuristic-host calls an
// untrusted heuristic (seccomp BPF, no libseccomp).
//
// Allowed: memory management (brk, mmap, munmap, mremap, madvise, mprotect),
// futex, sched_yield, the clocks and sleeps (clock_gettime, gettimeofday,
// nanosleep, clock_nanosleep), getpid, gettid, rt_sigprocmask, rt_sigreturn,
// restart_syscall, exit, exit_group; write only to fd 2 (stderr) or to the
// host's private result descriptor; tgkill only to this process (abort()
// raises SIGABRT that way). Everything else traps: the SIGSYS handler writes
//   tilevolve-heuristic-host: the heuristic made a forbidden system call: NAME (number NR); ...
// to stderr and ends the process with `forbidden_exit_code`. A call made for
// another architecture's ABI kills the process outright.
//
// Linux x86-64 and aarch64.
#pragma once

#include <sys/types.h>

#include <string>

namespace tv::heuristic_host {

struct FilterSettings {
  int result_fd = -1;           // the only descriptor besides 2 that write() may use
  pid_t own_pid = 0;            // getpid() before the filter: tgkill's only allowed target
  int forbidden_exit_code = 1;  // what the process exits with when the filter catches a call
};

// Installs the SIGSYS handler, sets no_new_privs and loads the filter for this
// (single-threaded) process. Irreversible. False with a reason in `error`
// when the kernel refuses.
bool InstallSyscallFilter(const FilterSettings& settings, std::string* error);

}  // namespace tv::heuristic_host
