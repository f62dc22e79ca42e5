#include "test_processes.h"

#include <dirent.h>
#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>
#include <thread>

namespace tv::evolve::testing {
namespace {

bool IsZombie(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t close = stat.rfind(')');
  return close == std::string::npos || (close + 2 < stat.size() && stat[close + 2] == 'Z');
}

bool HasArgument(const std::string& pid, const std::string& token) {
  std::ifstream in("/proc/" + pid + "/cmdline");
  std::string arg;
  while (std::getline(in, arg, '\0')) {
    if (arg == token) return true;
  }
  return false;
}

// The fields after "PID (comm)" in /proc/PID/stat: state, ppid, pgrp, ...
int LiveMembersOfGroup(pid_t pgid) {
  int count = 0;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return -1;
  while (dirent* e = ::readdir(proc)) {
    std::string pid = e->d_name;
    if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0]))) continue;
    std::ifstream in("/proc/" + pid + "/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::size_t close = stat.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream fields(stat.substr(close + 2));
    char state = 0;
    long ppid = 0, pgrp = 0;
    if (fields >> state >> ppid >> pgrp && pgrp == pgid && state != 'Z') ++count;
  }
  ::closedir(proc);
  return count;
}

template <typename Pred>
bool WaitFor(Pred done, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

}  // namespace

std::string ProgramPath(const std::string& name) { return std::string(TV_SANDBOX_PROGRAMS_DIR) + "/" + name; }

std::string UniqueToken() {
  static std::atomic<int> counter{0};
  return "tv-sandbox-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter.fetch_add(1));
}

int CountProcessesWithToken(const std::string& token) {
  int count = 0;
  DIR* proc = ::opendir("/proc");
  if (proc == nullptr) return -1;
  while (dirent* e = ::readdir(proc)) {
    std::string pid = e->d_name;
    if (pid.empty() || !std::isdigit(static_cast<unsigned char>(pid[0]))) continue;
    if (HasArgument(pid, token) && !IsZombie(pid)) ++count;
  }
  ::closedir(proc);
  return count;
}

int WaitUntilNoProcessHasToken(const std::string& token, double seconds) {
  int left = 0;
  WaitFor([&] { return (left = CountProcessesWithToken(token)) == 0; }, seconds);
  return left;
}

bool WaitUntilGroupIsGone(pid_t pgid, double seconds) {
  // Zombies count as gone: reaping orphans is init's job, and some inits are slow at it.
  return WaitFor([&] { return LiveMembersOfGroup(pgid) == 0; }, seconds);
}

int CountOwnDescriptors() {
  int count = 0;
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  while (dirent* e = ::readdir(dir)) {
    if (e->d_name[0] != '.') ++count;
  }
  ::closedir(dir);
  return count - 1;  // the directory's own descriptor
}

}  // namespace tv::evolve::testing
