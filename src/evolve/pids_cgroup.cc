#include "evolve/pids_cgroup.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

namespace tv::evolve {
namespace {

std::string ReadFirstLineOrEmpty(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// Our cgroup path in the hierarchy whose /proc/self/cgroup line has `controllers`
// ("pids" for v1, "" for the v2 line "0::/path"); empty when there is none.
std::string OwnCgroupPath(const std::string& controllers) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    std::size_t a = line.find(':');
    std::size_t b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    std::string list = line.substr(a + 1, b - a - 1);
    std::istringstream names(list);
    std::string name;
    bool match = controllers.empty() && list.empty();
    while (!match && std::getline(names, name, ',')) match = name == controllers;
    if (match) return line.substr(b + 1);
  }
  return {};
}

bool Exists(const std::string& path) { return ::access(path.c_str(), F_OK) == 0; }

// The directory under which we may create a pids cgroup, or empty.
std::string PidsParentDir() {
  const std::string v1 = "/sys/fs/cgroup/pids";
  if (Exists(v1 + "/cgroup.procs")) {
    std::string own = OwnCgroupPath("pids");
    return v1 + (own == "/" ? "" : own);
  }
  if (Exists("/sys/fs/cgroup/cgroup.controllers")) {
    std::string own = OwnCgroupPath("");
    std::string dir = "/sys/fs/cgroup" + (own == "/" ? std::string() : own);
    std::string enabled = ReadFirstLineOrEmpty(dir + "/cgroup.subtree_control");
    if ((" " + enabled + " ").find(" pids ") != std::string::npos) return dir;
  }
  return {};
}

bool WriteFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return false;
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::close(fd);
  return ok;
}

}  // namespace

Result<PidsCgroup> PidsCgroup::Create(int max_tasks) {
  assert(max_tasks >= 1);
  const std::string parent = PidsParentDir();
  if (parent.empty()) return Status::Unavailable("no writable pids cgroup hierarchy");
  static std::atomic<unsigned> counter{0};
  const std::string dir = parent + "/tilevolve-sandbox-" + std::to_string(::getpid()) + "-" +
                          std::to_string(counter.fetch_add(1));
  if (::mkdir(dir.c_str(), 0755) != 0) {
    return Status::Unavailable("cannot create the pids cgroup " + dir + ": " + std::strerror(errno));
  }
  int procs = ::open((dir + "/cgroup.procs").c_str(), O_WRONLY | O_CLOEXEC);
  if (procs < 0 || !WriteFile(dir + "/pids.max", std::to_string(max_tasks))) {
    std::string why = std::strerror(errno);
    if (procs >= 0) ::close(procs);
    ::rmdir(dir.c_str());
    return Status::Unavailable("cannot set up the pids cgroup " + dir + ": " + why);
  }
  return PidsCgroup(dir, procs);
}

PidsCgroup::PidsCgroup(PidsCgroup&& other) noexcept
    : dir_(std::exchange(other.dir_, std::string())), procs_fd_(std::exchange(other.procs_fd_, -1)) {}

void PidsCgroup::KillAll() {
  if (dir_.empty()) return;
  if (Exists(dir_ + "/cgroup.kill") && WriteFile(dir_ + "/cgroup.kill", "1")) return;
  constexpr int kRounds = 100;  // 10 ms apart
  for (int round = 0; round < kRounds; ++round) {
    std::ifstream in(dir_ + "/cgroup.procs");
    pid_t pid = 0;
    bool any = false;
    while (in >> pid) {
      any = true;
      ::kill(pid, SIGKILL);
    }
    if (!any) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

PidsCgroup::~PidsCgroup() {
  if (dir_.empty()) return;
  if (procs_fd_ >= 0) ::close(procs_fd_);
  KillAll();
  // Killed tasks leave the cgroup as they are reaped, a moment after the kill.
  constexpr int kRounds = 100;  // 10 ms apart
  for (int round = 0; round < kRounds && ::rmdir(dir_.c_str()) != 0 && errno == EBUSY; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace tv::evolve
