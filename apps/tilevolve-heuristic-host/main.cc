// tilevolve-heuristic-host REQUEST_DIR OBJECT_PATH
//
// Loads one untrusted heuristic (a shared object from CompileProgram) and asks
// it for tiles, under a system-call filter. Run only inside the sandbox, by
// ProbeHeuristic: the request, the output format and the exit codes are the
// contract in src/evolve/heuristic_probe.h.
//
// Order of work, and what protects each step:
//  1. Read REQUEST_DIR/device.bin and shapes.txt, size the result buffer, move
//     stdout to a private descriptor (>= 100) and point fd 1 at /dev/null, so
//     nothing the program prints can mix with the answers.
//  2. dlopen the object and check its symbols. The program's static
//     initializers run here, BEFORE the filter (dlopen itself needs open, read,
//     mmap, ...): they have only the sandbox's protections (no network, rlimits,
//     a PID namespace that dies with the run, a wall-clock deadline).
//  3. Install the filter (syscall_filter.h): from here on a forbidden call ends
//     the process with kHostExitForbiddenCall and a message naming the call.
//  4. Ask for every shape in order, then again in reverse order, timing each
//     answer with CLOCK_MONOTONIC (the vDSO: no system call); write the result
//     to the private descriptor and leave with exit_group (no stdio flush, no
//     atexit handlers: those belong to the program).
//     slowest_call_us is the slowest shape's FASTER answer of its two: a
//     program that is slow is slow both times, while a call that was merely
//     preempted on a busy machine is rarely preempted twice.
//
// The program runs in this process, so it could overwrite the answers it is
// judged by; it cannot get past the filter or the sandbox. Its answers are
// validated and legalized by the caller, never trusted as is.
//
// Built without sanitizers: it runs under RLIMIT_AS.
#include <dlfcn.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "evolve/heuristic_probe.h"
#include "syscall_filter.h"
#include "tilevolve/heuristic.h"

namespace {

using tv::evolve::kHostExitBadProgram;
using tv::evolve::kHostExitBadRequest;
using tv::evolve::kHostExitForbiddenCall;
using tv::evolve::ProbeShape;

using ChooseTileSize = tv_tile_config (*)(int, int, int, const tv_device_info*);

static_assert(sizeof(tv_tile_config) == 16 * sizeof(int32_t), "tv_tile_config has padding: compare by field");

// The longest shape line: 19 numbers of at most 11 characters, 19 separators.
constexpr std::size_t kMaxShapeLineBytes = 19 * 12;
constexpr std::size_t kMaxNondeterministicLineBytes = 17 + 3 * 12;
constexpr std::size_t kMaxFixedLinesBytes = 128;  // header, slowest_call_us, end
constexpr int kResultFdFloor = 100;

[[noreturn]] void Fail(int exit_code, const std::string& message) {
  std::fprintf(stderr, "tilevolve-heuristic-host: %s\n", message.c_str());
  ::_exit(exit_code);
}

bool ReadWholeFile(const std::string& path, std::string* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  char chunk[4096];
  std::size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) out->append(chunk, n);
  const bool ok = std::ferror(f) == 0;
  std::fclose(f);
  return ok;
}

struct Request {
  tv_device_info device;
  std::vector<ProbeShape> shapes;
};

bool ParseInt(const char*& p, const char* end, int* value) {
  while (p < end && *p == ' ') ++p;
  auto [next, ec] = std::from_chars(p, end, *value);
  if (ec != std::errc() || next == p) return false;
  p = next;
  return true;
}

Request ReadRequest(const std::string& dir) {
  Request request;
  std::string device;
  const std::string device_path = dir + "/device.bin";
  if (!ReadWholeFile(device_path, &device)) {
    Fail(kHostExitBadRequest, "cannot read " + device_path + ": " + std::strerror(errno));
  }
  if (device.size() != sizeof(tv_device_info)) {
    Fail(kHostExitBadRequest, device_path + " holds " + std::to_string(device.size()) + " bytes, expected " +
                                  std::to_string(sizeof(tv_device_info)) +
                                  " (a tv_device_info of this build): was it written by another tilevolve?");
  }
  std::memcpy(&request.device, device.data(), sizeof(tv_device_info));

  std::string shapes;
  const std::string shapes_path = dir + "/shapes.txt";
  if (!ReadWholeFile(shapes_path, &shapes)) {
    Fail(kHostExitBadRequest, "cannot read " + shapes_path + ": " + std::strerror(errno));
  }
  std::size_t start = 0;
  int line_number = 0;
  while (start < shapes.size()) {
    std::size_t nl = shapes.find('\n', start);
    if (nl == std::string::npos) nl = shapes.size();
    ++line_number;
    const char* p = shapes.data() + start;
    const char* end = shapes.data() + nl;
    ProbeShape shape;
    if (!ParseInt(p, end, &shape.m) || !ParseInt(p, end, &shape.n) || !ParseInt(p, end, &shape.k) ||
        p != end) {
      Fail(kHostExitBadRequest, shapes_path + " line " + std::to_string(line_number) +
                                    " is not \"M N K\": \"" + shapes.substr(start, nl - start) + "\"");
    }
    request.shapes.push_back(shape);
    start = nl + 1;
  }
  return request;
}

// Moves stdout to a private descriptor (close-on-exec, >= kResultFdFloor) and
// points fd 1 at /dev/null. Returns the private descriptor.
int TakeStdout() {
  const int result_fd = ::fcntl(1, F_DUPFD_CLOEXEC, kResultFdFloor);
  if (result_fd < 0)
    Fail(kHostExitBadRequest, std::string("cannot duplicate stdout: ") + std::strerror(errno));
  const int null_fd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null_fd < 0 || ::dup2(null_fd, 1) != 1) {
    Fail(kHostExitBadRequest, std::string("cannot point stdout at /dev/null: ") + std::strerror(errno));
  }
  ::close(null_fd);
  return result_fd;
}

ChooseTileSize LoadHeuristic(const std::string& path) {
  void* handle = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* why = ::dlerror();
    Fail(kHostExitBadProgram, "cannot load " + path + ": " + (why != nullptr ? why : "unknown dlopen error"));
  }
  const std::string expected = std::to_string(TV_HEURISTIC_ABI_VERSION);
  const auto* version = static_cast<const int*>(::dlsym(handle, "tv_heuristic_abi_version"));
  if (version == nullptr) {
    Fail(kHostExitBadProgram, path + " does not define tv_heuristic_abi_version (expected " + expected +
                                  "): compile the program with tilevolve/heuristic.h included");
  }
  if (*version != TV_HEURISTIC_ABI_VERSION) {
    Fail(kHostExitBadProgram, path + " was built for heuristic ABI version " + std::to_string(*version) +
                                  ", but this tilevolve expects version " + expected +
                                  ": recompile it against this tilevolve's tilevolve/heuristic.h");
  }
  void* choose = ::dlsym(handle, "choose_tile_size");
  if (choose == nullptr) {
    Fail(kHostExitBadProgram, path +
                                  " does not define choose_tile_size: a heuristic must define "
                                  "extern \"C\" tv_tile_config choose_tile_size(int M, int N, int K, "
                                  "const tv_device_info* device)");
  }
  return reinterpret_cast<ChooseTileSize>(choose);
}

// Registered after the program's static initializers, so it runs first when
// the program calls exit(); the host itself never calls exit().
void OnExitCalledByHeuristic() {
  static const char kMessage[] =
      "tilevolve-heuristic-host: the heuristic called exit() instead of returning an answer: "
      "a heuristic must return its tiles, never end the process\n";
  [[maybe_unused]] ssize_t written = ::write(2, kMessage, sizeof kMessage - 1);
  ::syscall(SYS_exit_group, kHostExitForbiddenCall);
}

double NowMicroseconds() {
  timespec ts;
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) * 1e-3;
}

// One answer, timed. The program gets its own copy of the device, so one call
// cannot change what the next one sees.
tv_tile_config Ask(ChooseTileSize choose, const ProbeShape& s, const tv_device_info& device,
                   double* took_us) {
  tv_device_info copy;
  std::memcpy(&copy, &device, sizeof copy);
  const double start = NowMicroseconds();
  tv_tile_config answer = choose(s.m, s.n, s.k, &copy);
  *took_us = NowMicroseconds() - start;
  return answer;
}

// Appends printf-style text at buf[*len]. REQUIRES: it fits (the buffer was sized for the worst case).
template <typename... Args>
void Put(std::vector<char>& buf, std::size_t* len, const char* format, Args... args) {
  const int n = std::snprintf(buf.data() + *len, buf.size() - *len, format, args...);
  if (n < 0 || static_cast<std::size_t>(n) >= buf.size() - *len) {
    static const char kMessage[] = "tilevolve-heuristic-host: internal error: result buffer too small\n";
    [[maybe_unused]] ssize_t written = ::write(2, kMessage, sizeof kMessage - 1);
    ::syscall(SYS_exit_group, kHostExitBadRequest);
  }
  *len += static_cast<std::size_t>(n);
}

void WriteAll(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t written = ::write(fd, p, n);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) ::syscall(SYS_exit_group, kHostExitBadRequest);  // the reader is gone
    p += written;
    n -= static_cast<std::size_t>(written);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    Fail(kHostExitBadRequest,
         "usage: tilevolve-heuristic-host REQUEST_DIR OBJECT_PATH (run by tilevolve, "
         "not by hand: see src/evolve/heuristic_probe.h)");
  }
  const Request request = ReadRequest(argv[1]);
  const std::size_t count = request.shapes.size();
  std::vector<tv_tile_config> first(count), second(count);
  std::vector<double> first_us(count);  // how long each first answer took
  std::vector<char> out(count * (kMaxShapeLineBytes + kMaxNondeterministicLineBytes) + kMaxFixedLinesBytes);
  const int result_fd = TakeStdout();

  const ChooseTileSize choose = LoadHeuristic(argv[2]);

  if (std::atexit(OnExitCalledByHeuristic) != 0)
    Fail(kHostExitBadRequest, "cannot register an atexit handler");
  tv::heuristic_host::FilterSettings filter;
  filter.result_fd = result_fd;
  filter.own_pid = ::getpid();
  filter.forbidden_exit_code = kHostExitForbiddenCall;
  std::string error;
  if (!tv::heuristic_host::InstallSyscallFilter(filter, &error)) {
    Fail(kHostExitBadRequest, "cannot install the system-call filter: " + error);
  }

  // ---- From here on, only calls the filter allows. ----
  for (std::size_t i = 0; i < count; ++i) {
    first[i] = Ask(choose, request.shapes[i], request.device, &first_us[i]);
  }
  double slowest_us = 0;
  for (std::size_t i = count; i-- > 0;) {
    double second_us = 0;
    second[i] = Ask(choose, request.shapes[i], request.device, &second_us);
    slowest_us = std::max(slowest_us, std::min(first_us[i], second_us));
  }

  std::size_t len = 0;
  Put(out, &len, "%s\n", tv::evolve::kHostHeader);
  for (std::size_t i = 0; i < count; ++i) {
    const ProbeShape& s = request.shapes[i];
    const tv_tile_config& t = first[i];
    Put(out, &len, "%d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d %d\n", s.m, s.n, s.k, t.mc, t.nc,
        t.kc, t.mr, t.nr, t.threads, t.parallel, t.pack_a, t.pack_b, t.path, t.warp_m, t.warp_n, t.stages,
        t.split_k, t.swizzle, t.gpu_kernel);
  }
  for (std::size_t i = 0; i < count; ++i) {
    if (std::memcmp(&first[i], &second[i], sizeof(tv_tile_config)) != 0) {
      const ProbeShape& s = request.shapes[i];
      Put(out, &len, "nondeterministic %d %d %d\n", s.m, s.n, s.k);
    }
  }
  Put(out, &len, "slowest_call_us %.1f\n", slowest_us);
  Put(out, &len, "end %zu\n", count);
  WriteAll(result_fd, out.data(), len);
  ::syscall(SYS_exit_group, 0);
  return 0;  // not reached
}
