#include "core/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <utility>

namespace tv {
namespace {

using Clock = std::chrono::steady_clock;

// An owned file descriptor; -1 when empty.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) Reset(std::exchange(other.fd_, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { Reset(); }

  int get() const { return fd_; }
  void Reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_ = -1;
};

std::string ErrnoText(int err) { return std::strerror(err); }

// Keeps descriptors above 2, so the child's dup2 onto 0, 1, 2 never meets its own source.
Result<UniqueFd> AboveStdio(int fd, const char* what) {
  if (fd < 0) return Status::Internal(std::string("cannot create ") + what + ": " + ErrnoText(errno));
  if (fd > 2) return UniqueFd(fd);
  UniqueFd low(fd);
  int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  if (moved < 0) return Status::Internal(std::string("cannot move ") + what + ": " + ErrnoText(errno));
  return UniqueFd(moved);
}

struct Pipe {
  UniqueFd read_end;
  UniqueFd write_end;
};

Result<Pipe> MakePipe(int flags, const char* what) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | flags) != 0) {
    return Status::Internal(std::string("cannot create the ") + what + " pipe: " + ErrnoText(errno));
  }
  auto read_end = AboveStdio(fds[0], what);
  auto write_end = AboveStdio(fds[1], what);
  if (!read_end.ok()) return read_end.status();
  if (!write_end.ok()) return write_end.status();
  return Pipe{std::move(*read_end), std::move(*write_end)};
}

// ---------------------------------------------------------------------------
// The child side. Everything below runs between clone and exec in a copy of a
// possibly multithreaded process: async-signal-safe calls only, no allocation.

enum class ChildStage : int32_t {
  kJoinCgroup = 1,
  kProcessGroup,
  kRedirect,
  kCloseFds,
  kWorkingDir,
  kSetLimit,
  kForkProgram,
  kExec,
};

// Written to the error pipe when setup or exec fails; the parent turns it into a Status.
struct ChildError {
  int32_t stage;
  int32_t err;
  int32_t detail;  // the rlimit resource for kSetLimit
};

struct LimitSetting {
  int resource;
  rlimit value;
};

// Prepared by the parent before clone; the child only reads it.
struct ChildPlan {
  const char* program = nullptr;
  char* const* argv = nullptr;
  char* const* envp = nullptr;
  const char* working_dir = nullptr;  // nullptr: stay
  int stdin_fd = -1;
  int stdout_fd = -1;
  int stderr_fd = -1;
  int error_fd = -1;   // ChildError goes here
  int report_fd = -1;  // the reaper writes the program's wait status here
  int cgroup_procs_fd = -1;
  std::array<LimitSetting, 5> limits{};
  int limit_count = 0;
  bool as_reaper = false;  // PID 1 of a new PID namespace: fork the program, wait, report
};

[[noreturn]] void FailInChild(const ChildPlan& plan, ChildStage stage, int err, int detail = 0) {
  ChildError e{static_cast<int32_t>(stage), err, detail};
  ssize_t ignored = ::write(plan.error_fd, &e, sizeof e);
  (void)ignored;
  ::_exit(127);
}

// fork(2) without glibc's wrapper: glibc's fork takes malloc and stdio locks
// that another thread of the caller may have held when we were cloned.
pid_t RawClone(unsigned long flags) {
  return static_cast<pid_t>(::syscall(SYS_clone, flags | SIGCHLD, nullptr, nullptr, nullptr, nullptr));
}

void MarkDescriptorsCloseOnExec(const ChildPlan& plan) {
  if (::syscall(SYS_close_range, 3u, ~0u, CLOSE_RANGE_CLOEXEC) == 0) return;
  rlimit nofile{};
  if (::getrlimit(RLIMIT_NOFILE, &nofile) != 0) FailInChild(plan, ChildStage::kCloseFds, errno);
  rlim_t end = nofile.rlim_cur == RLIM_INFINITY ? (1u << 20) : nofile.rlim_cur;
  for (rlim_t fd = 3; fd < end; ++fd) ::fcntl(static_cast<int>(fd), F_SETFD, FD_CLOEXEC);
}

void Redirect(const ChildPlan& plan, int from, int to) {
  if (::dup2(from, to) < 0) FailInChild(plan, ChildStage::kRedirect, errno, to);
}

[[noreturn]] void ExecProgram(const ChildPlan& plan) {
  for (int i = 0; i < plan.limit_count; ++i) {
    const LimitSetting& l = plan.limits[static_cast<std::size_t>(i)];
    if (::setrlimit(l.resource, &l.value) != 0) FailInChild(plan, ChildStage::kSetLimit, errno, l.resource);
  }
  ::execve(plan.program, plan.argv, plan.envp);
  FailInChild(plan, ChildStage::kExec, errno);
}

[[noreturn]] void RunReaper(const ChildPlan& plan) {
  pid_t program = RawClone(0);
  if (program < 0) FailInChild(plan, ChildStage::kForkProgram, errno);
  if (program == 0) ExecProgram(plan);
  // PID 1 reaps every orphan of the namespace; only the program's status counts.
  for (;;) {
    int status = 0;
    pid_t done = ::waitpid(-1, &status, 0);
    if (done == program) {
      ssize_t ignored = ::write(plan.report_fd, &status, sizeof status);
      (void)ignored;
      ::_exit(0);  // the kernel now kills whatever is left in the namespace
    }
    if (done < 0 && errno != EINTR) ::_exit(126);
  }
}

[[noreturn]] void RunChild(const ChildPlan& plan) {
  if (plan.cgroup_procs_fd >= 0 && ::write(plan.cgroup_procs_fd, "0", 1) != 1) {
    FailInChild(plan, ChildStage::kJoinCgroup, errno);
  }
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // if the caller dies, so does the sandbox
  if (::setpgid(0, 0) != 0) FailInChild(plan, ChildStage::kProcessGroup, errno);

  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) {
    if (sig != SIGKILL && sig != SIGSTOP) ::sigaction(sig, &dfl, nullptr);
  }
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);

  Redirect(plan, plan.stdin_fd, 0);
  Redirect(plan, plan.stdout_fd, 1);
  Redirect(plan, plan.stderr_fd, 2);
  MarkDescriptorsCloseOnExec(plan);
  if (plan.working_dir != nullptr && ::chdir(plan.working_dir) != 0) {
    FailInChild(plan, ChildStage::kWorkingDir, errno);
  }
  if (plan.as_reaper) RunReaper(plan);
  ExecProgram(plan);
}

// ---------------------------------------------------------------------------
// The parent side.

const char* LimitName(int resource) {
  switch (resource) {
    case RLIMIT_AS:
      return "RLIMIT_AS";
    case RLIMIT_CPU:
      return "RLIMIT_CPU";
    case RLIMIT_FSIZE:
      return "RLIMIT_FSIZE";
    case RLIMIT_NPROC:
      return "RLIMIT_NPROC";
    case RLIMIT_CORE:
      return "RLIMIT_CORE";
    default:
      return "a resource limit";
  }
}

Status ChildErrorStatus(const ChildError& e, const std::string& program) {
  std::string why = ErrnoText(e.err);
  switch (static_cast<ChildStage>(e.stage)) {
    case ChildStage::kExec:
      return Status::NotFound("cannot execute '" + program + "': " + why);
    case ChildStage::kWorkingDir:
      return Status::InvalidArgument("cannot enter the working directory: " + why);
    case ChildStage::kSetLimit:
      return Status::Internal(std::string("the kernel refused ") + LimitName(e.detail) + ": " + why);
    case ChildStage::kJoinCgroup:
      return Status::Internal("the child could not join its cgroup: " + why);
    default:
      return Status::Internal("setting up the child failed at stage " + std::to_string(e.stage) + ": " + why);
  }
}

bool IsExecutableFile(const std::string& path) { return ::access(path.c_str(), X_OK) == 0; }

// The absolute path of argv[0]: relative paths are the caller's, bare names come from PATH.
Result<std::string> ResolveProgram(const std::string& name, const std::vector<std::string>& env) {
  if (name.empty()) return Status::InvalidArgument("the program name is empty");
  if (name.find('/') != std::string::npos) {
    if (name[0] == '/') return name;
    char cwd[4096];
    if (::getcwd(cwd, sizeof cwd) == nullptr) return Status::Internal("getcwd failed: " + ErrnoText(errno));
    return std::string(cwd) + "/" + name;
  }
  std::string path;
  for (const std::string& var : env) {
    if (var.rfind("PATH=", 0) == 0) path = var.substr(5);
  }
  if (path.empty()) {
    const char* own = ::getenv("PATH");
    path = own != nullptr ? own : "/usr/local/bin:/usr/bin:/bin";
  }
  std::size_t begin = 0;
  while (begin <= path.size()) {
    std::size_t end = path.find(':', begin);
    if (end == std::string::npos) end = path.size();
    std::string dir = path.substr(begin, end - begin);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (IsExecutableFile(candidate)) return candidate;
    begin = end + 1;
  }
  return Status::NotFound("cannot find program '" + name + "' in PATH (" + path + ")");
}

// argv/envp for execve: pointers into `strings`, which must outlive this.
std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  out.reserve(strings.size() + 1);
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

void AddLimit(ChildPlan& plan, int resource, rlim_t soft, rlim_t hard) {
  rlimit current{};
  if (::getrlimit(resource, &current) == 0 && current.rlim_max != RLIM_INFINITY) {
    soft = std::min(soft, current.rlim_max);  // we may lower a hard limit, never raise it
    hard = std::min(hard, current.rlim_max);
  }
  plan.limits[static_cast<std::size_t>(plan.limit_count++)] = {resource, rlimit{soft, hard}};
}

void AddLimits(ChildPlan& plan, const SubprocessLimits& limits) {
  AddLimit(plan, RLIMIT_CORE, 0, 0);
  if (limits.address_space_bytes)
    AddLimit(plan, RLIMIT_AS, *limits.address_space_bytes, *limits.address_space_bytes);
  if (limits.cpu_seconds) AddLimit(plan, RLIMIT_CPU, *limits.cpu_seconds, *limits.cpu_seconds + 1);
  if (limits.file_size_bytes) AddLimit(plan, RLIMIT_FSIZE, *limits.file_size_bytes, *limits.file_size_bytes);
  if (limits.processes) AddLimit(plan, RLIMIT_NPROC, *limits.processes, *limits.processes);
}

// Keeps the first `cap` bytes of a stream and counts the rest.
struct CappedSink {
  std::string* text;
  std::size_t cap;
  bool* truncated;

  void Add(const char* data, std::size_t n) {
    std::size_t keep = text->size() < cap ? std::min(n, cap - text->size()) : 0;
    text->append(data, keep);
    if (keep < n) *truncated = true;
  }
};

// Reads once from a readable pipe. Returns false at end of stream (or a read error).
bool ReadOnce(int fd, CappedSink& sink) {
  char buffer[64 << 10];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      sink.Add(buffer, static_cast<std::size_t>(n));
      return true;
    }
    if (n < 0 && errno == EINTR) continue;
    return false;
  }
}

// True once `pid` has ended; leaves it a zombie so its pid (and group id) cannot be reused yet.
bool HasEnded(pid_t pid) {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    if (errno != EINTR) return true;  // not our child any more: treat as ended
  }
  return info.si_pid != 0;
}

int MillisecondsUntil(Clock::time_point deadline) {
  auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return static_cast<int>(std::clamp<long long>(left, 0, 1 << 30));
}

// Pumps the two output pipes until `pid` ends or `deadline` passes (then true:
// the caller must kill). With `pid` < 0, pumps until both pipes close or the deadline.
bool Pump(std::array<UniqueFd*, 2> pipes, std::array<CappedSink*, 2> sinks, int pidfd, pid_t pid,
          Clock::time_point deadline) {
  constexpr int kTickMs = 50;  // only when there is no pidfd to wait on
  for (;;) {
    if (pid > 0 && pidfd < 0 && HasEnded(pid)) return false;
    if (pid < 0 && pipes[0]->get() < 0 && pipes[1]->get() < 0) return false;
    int wait_ms = MillisecondsUntil(deadline);
    if (wait_ms == 0) return true;
    if (pid > 0 && pidfd < 0) wait_ms = std::min(wait_ms, kTickMs);
    pollfd fds[3] = {
        {pipes[0]->get(), POLLIN, 0}, {pipes[1]->get(), POLLIN, 0}, {pid > 0 ? pidfd : -1, POLLIN, 0}};
    int ready = ::poll(fds, 3, wait_ms);
    if (ready < 0 && errno != EINTR) return true;  // cannot wait: give up as at the deadline
    for (int i = 0; i < 2 && ready > 0; ++i) {
      if (fds[i].revents != 0 && !ReadOnce(fds[i].fd, *sinks[static_cast<std::size_t>(i)])) {
        pipes[static_cast<std::size_t>(i)]->Reset();
      }
    }
    if (ready > 0 && fds[2].revents != 0 && HasEnded(pid)) return false;
  }
}

template <typename T>
bool ReadRecord(int fd, T* out) {
  ssize_t n;
  do n = ::read(fd, out, sizeof *out);
  while (n < 0 && errno == EINTR);
  return n == static_cast<ssize_t>(sizeof *out);
}

double Seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + 1e-6 * static_cast<double>(tv.tv_usec);
}

std::string FlagNames(unsigned long flags) {
  std::string out;
  if (flags & CLONE_NEWNET) out += "network";
  if (flags & CLONE_NEWPID) out += out.empty() ? "PID" : " and PID";
  return out;
}

}  // namespace

Result<SubprocessRun> RunSubprocess(const SubprocessSpec& spec) {
  assert(!spec.argv.empty() && spec.wall_timeout_seconds > 0);
  auto program = ResolveProgram(spec.argv[0], spec.env);
  if (!program.ok()) return program.status();
  std::vector<char*> argv = CStrings(spec.argv);
  std::vector<char*> envp = CStrings(spec.env);

  auto dev_null = AboveStdio(::open("/dev/null", O_RDONLY | O_CLOEXEC), "/dev/null");
  if (!dev_null.ok()) return dev_null.status();
  auto out = MakePipe(0, "stdout");
  if (!out.ok()) return out.status();
  auto err = MakePipe(0, "stderr");
  if (!err.ok()) return err.status();
  auto errors = MakePipe(O_NONBLOCK, "error");
  if (!errors.ok()) return errors.status();
  auto report = MakePipe(O_NONBLOCK, "report");
  if (!report.ok()) return report.status();

  ChildPlan plan;
  plan.program = program->c_str();
  plan.argv = argv.data();
  plan.envp = envp.data();
  plan.working_dir = spec.working_dir.empty() ? nullptr : spec.working_dir.c_str();
  plan.stdin_fd = dev_null->get();
  plan.stdout_fd = out->write_end.get();
  plan.stderr_fd = err->write_end.get();
  plan.error_fd = errors->write_end.get();
  plan.report_fd = report->write_end.get();
  plan.cgroup_procs_fd = spec.cgroup_procs_fd;
  AddLimits(plan, spec.limits);

  // Namespaces as root first, then through a user namespace, then none (flagged).
  const unsigned long wanted =
      (spec.isolate_network ? CLONE_NEWNET : 0ul) | (spec.isolate_pids ? CLONE_NEWPID : 0ul);
  std::vector<unsigned long> attempts;
  if (wanted != 0) attempts = {wanted, wanted | CLONE_NEWUSER};
  attempts.push_back(0);

  SubprocessRun run;
  const Clock::time_point start = Clock::now();
  pid_t pid = -1;
  unsigned long used_flags = 0;
  std::string refusal;
  for (unsigned long flags : attempts) {
    plan.as_reaper = (flags & CLONE_NEWPID) != 0;
    pid = RawClone(flags);
    if (pid == 0) RunChild(plan);
    if (pid > 0) {
      used_flags = flags;
      break;
    }
    if (errno == EAGAIN)
      return Status::Unavailable("cannot fork: " + ErrnoText(errno) + "; too many processes?");
    if (refusal.empty()) refusal = ErrnoText(errno);
  }
  if (pid < 0) return Status::Internal("cannot fork: " + refusal);

  ::setpgid(pid, pid);  // also done by the child; whichever runs first wins the race
  out->write_end.Reset();
  err->write_end.Reset();
  errors->write_end.Reset();
  report->write_end.Reset();
  dev_null->Reset();

  run.pgid = pid;
  run.network_isolated = (used_flags & CLONE_NEWNET) != 0;
  run.pid_isolated = (used_flags & CLONE_NEWPID) != 0;
  if ((used_flags & wanted) != wanted) {
    run.isolation_note = "the kernel refused a new " + FlagNames(wanted) + " namespace (" + refusal +
                         "); the program ran without it";
  }

  UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));  // -1 before Linux 5.3: we tick
  CappedSink out_sink{&run.stdout_text, spec.stdout_cap_bytes, &run.stdout_truncated};
  CappedSink err_sink{&run.stderr_text, spec.stderr_cap_bytes, &run.stderr_truncated};
  const auto deadline = start + std::chrono::duration_cast<Clock::duration>(
                                    std::chrono::duration<double>(spec.wall_timeout_seconds));
  run.killed_at_deadline =
      Pump({&out->read_end, &err->read_end}, {&out_sink, &err_sink}, pidfd.get(), pid, deadline);

  // The child has ended (a zombie, so its group id is still ours) or is past its
  // deadline: kill the whole group, then reap. In a PID namespace the reaper's
  // death also kills everything in the namespace.
  ::kill(-pid, SIGKILL);
  ::kill(pid, SIGKILL);
  int status = 0;
  rusage usage{};
  pid_t reaped;
  do reaped = ::wait4(pid, &status, 0, &usage);
  while (reaped < 0 && errno == EINTR);
  if (reaped < 0) {
    return Status::Internal("lost track of the child process (" + ErrnoText(errno) +
                            "); is SIGCHLD ignored in this process?");
  }
  run.wall_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  run.user_cpu_seconds = Seconds(usage.ru_utime);
  run.system_cpu_seconds = Seconds(usage.ru_stime);
  run.max_rss_bytes = static_cast<int64_t>(usage.ru_maxrss) * 1024;

  // Everything that held the pipes is dead; a process that escaped (only
  // possible without a PID namespace) cannot hold us longer than this grace.
  constexpr auto kDrainGrace = std::chrono::seconds(2);
  Pump({&out->read_end, &err->read_end}, {&out_sink, &err_sink}, -1, -1, Clock::now() + kDrainGrace);

  ChildError child_error{};
  if (ReadRecord(errors->read_end.get(), &child_error)) return ChildErrorStatus(child_error, *program);
  int program_status = 0;
  if (run.pid_isolated && ReadRecord(report->read_end.get(), &program_status)) status = program_status;
  run.exited = WIFEXITED(status);
  run.exit_code = run.exited ? WEXITSTATUS(status) : 0;
  run.signaled = WIFSIGNALED(status);
  run.signal = run.signaled ? WTERMSIG(status) : 0;
  return run;
}

}  // namespace tv
