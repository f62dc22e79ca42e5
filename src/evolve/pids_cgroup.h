// A throwaway pids cgroup that bounds how many tasks (processes + threads) one
// sandboxed run may hold at once: the fork limit that also binds root, for
// whom the kernel does not enforce RLIMIT_NPROC.
//
// Where: cgroup v1's pids hierarchy (/sys/fs/cgroup/pids/<our cgroup>/) or,
// under cgroup v2, our own cgroup when its cgroup.subtree_control lists
// "pids". Creating one needs write access there (root, or a delegated
// subtree); where that is missing, Create fails and the caller runs without.
#pragma once

#include <string>
#include <utility>

#include "core/status.h"

namespace tv::evolve {

class PidsCgroup {
 public:
  // Makes a fresh cgroup with pids.max = max_tasks. REQUIRES: max_tasks >= 1.
  static Result<PidsCgroup> Create(int max_tasks);

  PidsCgroup(PidsCgroup&& other) noexcept;
  PidsCgroup& operator=(PidsCgroup&&) = delete;
  PidsCgroup(const PidsCgroup&) = delete;
  PidsCgroup& operator=(const PidsCgroup&) = delete;
  // Kills whatever is still inside, then removes the cgroup.
  ~PidsCgroup();

  // Writing "0" here moves the writer into the cgroup (core/subprocess.h's cgroup_procs_fd).
  int procs_fd() const { return procs_fd_; }
  // SIGKILLs every task inside until none is left (or about a second has passed).
  void KillAll();

 private:
  PidsCgroup(std::string dir, int procs_fd) : dir_(std::move(dir)), procs_fd_(procs_fd) {}
  std::string dir_;  // empty once moved from
  int procs_fd_ = -1;
};

}  // namespace tv::evolve
