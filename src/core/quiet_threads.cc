#include "core/quiet_threads.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <thread>

namespace tv {
namespace {

// The state letter of /proc/self/task/<tid>/stat: "tid (comm) S ...", where
// comm may itself hold spaces and parentheses, so the letter follows the last ')'.
char TaskState(const std::filesystem::path& stat_path) {
  std::ifstream in(stat_path);
  std::string line;
  if (!std::getline(in, line)) return '?';  // the thread exited meanwhile
  const size_t close = line.rfind(')');
  if (close == std::string::npos || close + 2 >= line.size()) return '?';
  return line[close + 2];
}

}  // namespace

bool OtherThreadsRunning() {
  const std::string self = std::to_string(gettid());
  std::error_code error;
  std::filesystem::directory_iterator tasks("/proc/self/task", error);
  if (error) return false;
  for (const auto& task : tasks) {
    const std::string tid = task.path().filename().string();
    if (tid == self) continue;
    if (TaskState(task.path() / "stat") == 'R') return true;
  }
  return false;
}

bool WaitForOtherThreadsToSleep(double max_wait_s) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(max_wait_s));
  while (OtherThreadsRunning()) {
    if (Clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::microseconds(500));
  }
  return true;
}

}  // namespace tv
