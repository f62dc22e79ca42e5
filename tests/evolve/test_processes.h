// Helpers for tests that run real child programs: where the test programs are,
// and what is still alive afterwards.
#pragma once

#include <sys/types.h>

#include <string>

namespace tv::evolve::testing {

// The path of a program built from tests/evolve/programs/NAME.c(c).
std::string ProgramPath(const std::string& name);

// A string unique to this call, to mark a test's processes in /proc/PID/cmdline.
std::string UniqueToken();

// How many live (non-zombie) processes carry `token` as one of their arguments.
int CountProcessesWithToken(const std::string& token);

// Waits up to `seconds` for no live process to carry `token`; returns how many remain.
int WaitUntilNoProcessHasToken(const std::string& token, double seconds);

// Waits up to `seconds` for process group `pgid` to be empty; true when it is.
bool WaitUntilGroupIsGone(pid_t pgid, double seconds);

// How many descriptors this process has open.
int CountOwnDescriptors();

}  // namespace tv::evolve::testing
