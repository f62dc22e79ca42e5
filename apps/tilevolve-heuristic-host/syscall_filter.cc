#include "syscall_filter.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

namespace tv::heuristic_host {
namespace {

#if defined(__x86_64__)
constexpr unsigned kAuditArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr unsigned kAuditArch = AUDIT_ARCH_AARCH64;
#else
#error "tilevolve-heuristic-host: the system-call filter knows only x86-64 and aarch64"
#endif

// Set once before the filter is installed; read by the SIGSYS handler.
int g_forbidden_exit_code = 1;

// Allowed with any arguments: memory, futex, clocks and sleeps, signal masks, exit.
constexpr long kAllowedCalls[] = {
    SYS_brk,
    SYS_mmap,
    SYS_munmap,
    SYS_mremap,
    SYS_madvise,
    SYS_mprotect,
    SYS_futex,
    SYS_sched_yield,
    SYS_clock_gettime,
    SYS_gettimeofday,
    SYS_nanosleep,
    SYS_clock_nanosleep,
    SYS_getpid,
    SYS_gettid,
    SYS_rt_sigprocmask,
    SYS_rt_sigreturn,
    SYS_restart_syscall,
    SYS_exit,
    SYS_exit_group,
};

struct CallName {
  long nr;
  const char* name;  // what a user recognises: "clone (fork or a new thread)"
};

constexpr CallName kCallNames[] = {
    {SYS_read, "read"},
    {SYS_write, "write"},
    {SYS_openat, "openat (opening a file)"},
    {SYS_close, "close"},
    {SYS_newfstatat, "newfstatat (file status; stdio does this on first use of stdout)"},
    {SYS_fstat, "fstat"},
    {SYS_lseek, "lseek"},
    {SYS_ioctl, "ioctl"},
    {SYS_pread64, "pread64"},
    {SYS_pwrite64, "pwrite64"},
    {SYS_readv, "readv"},
    {SYS_writev, "writev"},
    {SYS_faccessat, "faccessat"},
    {SYS_pipe2, "pipe2"},
    {SYS_dup, "dup"},
    {SYS_dup3, "dup3"},
    {SYS_fcntl, "fcntl"},
    {SYS_getdents64, "getdents64 (listing a directory)"},
    {SYS_readlinkat, "readlinkat"},
    {SYS_mkdirat, "mkdirat"},
    {SYS_unlinkat, "unlinkat"},
    {SYS_renameat2, "renameat2"},
    {SYS_statx, "statx"},
    {SYS_getcwd, "getcwd"},
    {SYS_socket, "socket (network)"},
    {SYS_socketpair, "socketpair"},
    {SYS_connect, "connect (network)"},
    {SYS_bind, "bind (network)"},
    {SYS_listen, "listen (network)"},
    {SYS_accept4, "accept4 (network)"},
    {SYS_sendto, "sendto (network)"},
    {SYS_recvfrom, "recvfrom (network)"},
    {SYS_sendmsg, "sendmsg (network)"},
    {SYS_recvmsg, "recvmsg (network)"},
    {SYS_clone, "clone (fork or a new thread)"},
    {SYS_clone3, "clone3 (a new thread or process)"},
    {SYS_execve, "execve (running a program)"},
    {SYS_execveat, "execveat (running a program)"},
    {SYS_wait4, "wait4"},
    {SYS_kill, "kill"},
    {SYS_tkill, "tkill"},
    {SYS_tgkill, "tgkill (a signal to another process)"},
    {SYS_rt_sigaction,
     "rt_sigaction (installing a signal handler; pthread_create does this for a new thread)"},
    {SYS_sigaltstack, "sigaltstack"},
    {SYS_prctl, "prctl"},
    {SYS_ptrace, "ptrace"},
    {SYS_getrandom, "getrandom (randomness)"},
    {SYS_sysinfo, "sysinfo"},
    {SYS_uname, "uname"},
    {SYS_sched_getaffinity, "sched_getaffinity"},
    {SYS_sched_setaffinity, "sched_setaffinity"},
    {SYS_getrusage, "getrusage"},
    {SYS_times, "times"},
    {SYS_setitimer, "setitimer"},
    {SYS_timer_create, "timer_create"},
    {SYS_mlock, "mlock"},
    {SYS_set_robust_list, "set_robust_list"},
#if defined(__x86_64__)
    {SYS_open, "open (opening a file)"},
    {SYS_stat, "stat"},
    {SYS_lstat, "lstat"},
    {SYS_access, "access"},
    {SYS_pipe, "pipe"},
    {SYS_dup2, "dup2"},
    {SYS_fork, "fork"},
    {SYS_vfork, "vfork"},
    {SYS_accept, "accept (network)"},
    {SYS_readlink, "readlink"},
    {SYS_mkdir, "mkdir"},
    {SYS_unlink, "unlink"},
    {SYS_rename, "rename"},
    {SYS_getdents, "getdents"},
    {SYS_alarm, "alarm"},
    {SYS_arch_prctl, "arch_prctl"},
    {SYS_time, "time"},
#endif
};

const char* CallNameOf(long nr) {
  for (const CallName& c : kCallNames) {
    if (c.nr == nr) return c.name;
  }
  return nullptr;
}

// Async-signal-safe helpers for the handler: no stdio, no allocation.
void Append(char* buf, std::size_t cap, std::size_t* len, const char* text) {
  while (*text != '\0' && *len + 1 < cap) buf[(*len)++] = *text++;
  buf[*len] = '\0';
}

void AppendNumber(char* buf, std::size_t cap, std::size_t* len, long long value) {
  char digits[24];
  int n = 0;
  unsigned long long v = value < 0 ? 0ull - static_cast<unsigned long long>(value) : value;
  do {
    digits[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  if (value < 0) Append(buf, cap, len, "-");
  char one[2] = {0, 0};
  while (n > 0) {
    one[0] = digits[--n];
    Append(buf, cap, len, one);
  }
}

long long FirstArgument(const void* context) {
  const auto* uc = static_cast<const ucontext_t*>(context);
#if defined(__x86_64__)
  return uc->uc_mcontext.gregs[REG_RDI];
#else
  return static_cast<long long>(uc->uc_mcontext.regs[0]);
#endif
}

void OnForbiddenCall(int /*sig*/, siginfo_t* info, void* context) {
  char msg[512];
  std::size_t len = 0;
  const long nr = info->si_syscall;
  const char* name = CallNameOf(nr);
  Append(msg, sizeof msg, &len, "tilevolve-heuristic-host: the heuristic made a forbidden system call: ");
  Append(msg, sizeof msg, &len, name != nullptr ? name : "with no name here");
  if (nr == SYS_write || nr == SYS_close || nr == SYS_read || nr == SYS_fcntl) {
    Append(msg, sizeof msg, &len, " on fd ");
    AppendNumber(msg, sizeof msg, &len, static_cast<int>(FirstArgument(context)));
  }
  Append(msg, sizeof msg, &len, " (number ");
  AppendNumber(msg, sizeof msg, &len, nr);
  Append(msg, sizeof msg, &len,
         "); a heuristic may only compute its answer from its arguments: no files, network, processes, "
         "threads, signals or stdout (stderr is allowed)\n");
  const char* p = msg;
  while (len > 0) {
    ssize_t n = ::write(2, p, len);
    if (n <= 0) break;
    p += n;
    len -= static_cast<std::size_t>(n);
  }
  ::syscall(SYS_exit_group, g_forbidden_exit_code);
}

sock_filter Statement(unsigned short code, unsigned k) { return BPF_STMT(code, k); }
sock_filter Jump(unsigned short code, unsigned k, unsigned char jt, unsigned char jf) {
  return BPF_JUMP(code, k, jt, jf);
}

constexpr unsigned kArgLow(int i) {
  // The low 32 bits of argument i (little endian); the kernel reads an fd or pid as 32 bits.
  return static_cast<unsigned>(offsetof(seccomp_data, args) + 8 * i);
}

// Allows the call `nr` when argument 0 equals one of `values`; otherwise traps.
void AddCallWithFirstArgument(std::vector<sock_filter>& prog, long nr, const std::vector<unsigned>& values) {
  const auto block = static_cast<unsigned char>(2 + 2 * values.size());  // instructions after the jump
  prog.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<unsigned>(nr), 0, block));
  prog.push_back(Statement(BPF_LD | BPF_W | BPF_ABS, kArgLow(0)));
  for (unsigned v : values) {
    prog.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, v, 0, 1));
    prog.push_back(Statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  }
  prog.push_back(Statement(BPF_RET | BPF_K, SECCOMP_RET_TRAP));
}

std::vector<sock_filter> BuildFilter(const FilterSettings& settings) {
  std::vector<sock_filter> prog;
  prog.push_back(Statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
  prog.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, kAuditArch, 1, 0));
  prog.push_back(Statement(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS));
  prog.push_back(Statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
  for (long nr : kAllowedCalls) {
    prog.push_back(Jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<unsigned>(nr), 0, 1));
    prog.push_back(Statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  }
  // Each block ends in a return, so loading an argument inside it leaves the
  // accumulator (nr) intact for the checks after it.
  AddCallWithFirstArgument(prog, SYS_write, {2u, static_cast<unsigned>(settings.result_fd)});
  AddCallWithFirstArgument(prog, SYS_tgkill, {static_cast<unsigned>(settings.own_pid)});
  prog.push_back(Statement(BPF_RET | BPF_K, SECCOMP_RET_TRAP));
  return prog;
}

}  // namespace

bool InstallSyscallFilter(const FilterSettings& settings, std::string* error) {
  g_forbidden_exit_code = settings.forbidden_exit_code;
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_sigaction = OnForbiddenCall;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  if (::sigaction(SIGSYS, &action, nullptr) != 0) {
    *error = std::string("cannot install the SIGSYS handler: ") + std::strerror(errno);
    return false;
  }
  // The handler must run: a SIGSYS blocked by the host would turn a trap into a kill.
  sigset_t sys;
  sigemptyset(&sys);
  sigaddset(&sys, SIGSYS);
  ::sigprocmask(SIG_UNBLOCK, &sys, nullptr);

  std::vector<sock_filter> prog = BuildFilter(settings);
  sock_fprog fprog;
  fprog.len = static_cast<unsigned short>(prog.size());
  fprog.filter = prog.data();
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    *error = std::string("prctl(PR_SET_NO_NEW_PRIVS) failed: ") + std::strerror(errno);
    return false;
  }
  if (::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) != 0) {
    *error = std::string("seccomp(SECCOMP_SET_MODE_FILTER) failed: ") + std::strerror(errno);
    return false;
  }
  return true;
}

}  // namespace tv::heuristic_host
