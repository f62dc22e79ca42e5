#include "evolve/heuristic_probe.h"

#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

#include "tilevolve/heuristic.h"

namespace tv::evolve {
namespace {

constexpr const char* kHostName = "tilevolve-heuristic-host";
constexpr std::string_view kHostPrefix = "tilevolve-heuristic-host: ";

// Generous: the host's output is trusted in size (one line per shape), and a
// shorter cap would turn a long shape list into output_too_large.
constexpr std::size_t kMaxHostBytesPerShape = 256;

// The shape lines of the two host output versions (heuristic_probe.h).
constexpr int kShapeFieldsV1 = 13;
constexpr int kShapeFieldsV2 = 19;
constexpr const char* kShapeLineV1 = "M N K mc nc kc mr nr threads parallel pack_a pack_b path";
constexpr const char* kShapeLineV2 =
    "M N K mc nc kc mr nr threads parallel pack_a pack_b path warp_m warp_n stages split_k swizzle "
    "gpu_kernel";

std::string OneDecimal(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string ShapeText(const ProbeShape& s) {
  return std::to_string(s.m) + " x " + std::to_string(s.n) + " x " + std::to_string(s.k);
}

std::string_view TrimTrailing(std::string_view s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.remove_suffix(1);
  return s;
}

// The last `count` non-empty lines of `text`, joined with " | ", each shortened.
std::string LastLines(std::string_view text, int count) {
  constexpr std::size_t kMaxLineChars = 200;
  std::string joined;
  text = TrimTrailing(text);
  for (int i = 0; i < count && !text.empty(); ++i) {
    std::size_t nl = text.rfind('\n');
    std::string_view line = nl == std::string_view::npos ? text : text.substr(nl + 1);
    text = nl == std::string_view::npos ? std::string_view() : TrimTrailing(text.substr(0, nl));
    if (line.empty()) {
      --i;
      continue;
    }
    std::string piece(line.substr(0, kMaxLineChars));
    if (line.size() > kMaxLineChars) piece += "...";
    joined = joined.empty() ? piece : piece + " | " + joined;
  }
  return joined;
}

// The host's own message (its last line with kHostPrefix), without the prefix.
std::string HostMessage(std::string_view err) {
  std::string_view found;
  for (std::size_t pos = err.find(kHostPrefix); pos != std::string_view::npos;
       pos = err.find(kHostPrefix, pos + 1)) {
    if (pos != 0 && err[pos - 1] != '\n') continue;
    std::size_t end = err.find('\n', pos);
    found =
        err.substr(pos + kHostPrefix.size(),
                   end == std::string_view::npos ? std::string_view::npos : end - pos - kHostPrefix.size());
  }
  return std::string(TrimTrailing(found));
}

std::string WithStderrHint(std::string message, const std::string& err) {
  const std::string hint = LastLines(err, 2);
  if (!hint.empty()) message += "; last on stderr: " + hint;
  return message;
}

Status WriteFile(const std::string& path, const void* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) return Status::Internal("cannot write " + path + ": " + std::strerror(errno));
  return Status::Ok();
}

// A fresh directory under `root`; removes itself (and everything in it) when destroyed.
class RequestDir {
 public:
  static Result<RequestDir> Create(const std::string& root) {
    std::string pattern = root + "/tilevolve-probe-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      return Status::Internal("cannot create a request directory under " + root + ": " +
                              std::strerror(errno) + " (set TMPDIR to a writable directory)");
    }
    return RequestDir(std::move(pattern));
  }
  RequestDir(RequestDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  RequestDir& operator=(RequestDir&&) = delete;
  RequestDir(const RequestDir&) = delete;
  RequestDir& operator=(const RequestDir&) = delete;
  ~RequestDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  explicit RequestDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

std::string TempRoot(const ProbeOptions& options) {
  if (!options.temp_root.empty()) return options.temp_root;
  const char* tmpdir = std::getenv("TMPDIR");
  return tmpdir != nullptr && tmpdir[0] != '\0' ? tmpdir : "/tmp";
}

Status WriteRequest(const std::string& dir, const std::vector<ProbeShape>& shapes,
                    const tv_device_info& device) {
  TV_RETURN_IF_ERROR(WriteFile(dir + "/device.bin", &device, sizeof device));
  std::string text;
  for (const ProbeShape& s : shapes) {
    text += std::to_string(s.m) + " " + std::to_string(s.n) + " " + std::to_string(s.k) + "\n";
  }
  return WriteFile(dir + "/shapes.txt", text.data(), text.size());
}

// ---- parsing the host's output ----

// Splits `text` into lines; false when it does not end with a newline (cut short).
bool SplitLines(std::string_view text, std::vector<std::string_view>* lines) {
  if (text.empty() || text.back() != '\n') return false;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    lines->push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return true;
}

// Reads exactly `count` space-separated integers from `line` (nothing else).
bool ParseInts(std::string_view line, int count, int32_t* values) {
  const char* p = line.data();
  const char* end = line.data() + line.size();
  for (int i = 0; i < count; ++i) {
    if (i > 0) {
      if (p == end || *p != ' ') return false;
      ++p;
    }
    auto [next, ec] = std::from_chars(p, end, values[i]);
    if (ec != std::errc() || next == p) return false;
    p = next;
  }
  return p == end;
}

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

Status LineError(std::size_t index, std::string_view line, const std::string& what) {
  constexpr std::size_t kMaxChars = 120;
  std::string shown(line.substr(0, kMaxChars));
  return Status::InvalidArgument("heuristic host output, line " + std::to_string(index + 1) + " (\"" + shown +
                                 "\"): " + what);
}

Status Range(const char* field, int32_t value, int32_t lo, int32_t hi, const char* meaning = "") {
  if (value >= lo && value <= hi) return Status::Ok();
  return Status::InvalidArgument(std::string(field) + " = " + std::to_string(value) + ", outside [" +
                                 std::to_string(lo) + ", " + std::to_string(hi) + "]" + meaning);
}

// ---- turning the sandbox's run into an outcome ----

ProbeResult Finish(ProbeResult r, ProbeOutcome outcome, std::string message) {
  r.outcome = outcome;
  r.message = std::move(message);
  return r;
}

ProbeResult FromHostOutput(ProbeResult r, const std::vector<ProbeShape>& shapes,
                           const ProbeOptions& options) {
  std::vector<tv_tile_config> tiles;
  std::vector<ProbeShape> nondeterministic;
  double slowest_us = 0;
  const std::string& out = r.sandbox.stdout_text;
  if (out.empty()) {
    return Finish(std::move(r), ProbeOutcome::kBadOutput,
                  "the heuristic host ended without printing its answers (exit code 0, no output): the "
                  "program probably ended the process itself (_exit or a raw exit system call); a heuristic "
                  "must return its tiles");
  }
  Status parsed = ParseHostOutput(out, shapes.size(), &tiles, &nondeterministic, &slowest_us);
  if (!parsed.ok()) {
    return Finish(std::move(r), ProbeOutcome::kBadOutput,
                  parsed.message() +
                      " (the host's output is malformed: the program may have written to the host's result "
                      "descriptor or memory, or tilevolve's host does not match this tilevolve)");
  }
  r.slowest_call_us = slowest_us;
  for (std::size_t i = 0; i < tiles.size(); ++i) {
    Status valid = ValidateAnswer(tiles[i]);
    if (!valid.ok()) {
      return Finish(std::move(r), ProbeOutcome::kInvalidTiles,
                    "returned invalid tiles for " + ShapeText(shapes[i]) + ": " + valid.message() +
                        "; mc, nc and kc must be in [1, " + std::to_string(TV_HEURISTIC_MAX_TILE) +
                        "], other fields may be 0 (auto)");
    }
  }
  if (!nondeterministic.empty()) {
    std::string message =
        "returned different tiles for " + ShapeText(nondeterministic.front()) + " when asked twice";
    if (nondeterministic.size() > 1) {
      message += " (and for " + std::to_string(nondeterministic.size() - 1) + " more shape" +
                 (nondeterministic.size() > 2 ? "s" : "") + ")";
    }
    message +=
        ": an answer must depend only on M, N, K and the device, never on earlier calls (no static or global "
        "state, no randomness)";
    return Finish(std::move(r), ProbeOutcome::kInvalidTiles, message);
  }
  if (slowest_us > options.max_call_us) {
    return Finish(std::move(r), ProbeOutcome::kInvalidTiles,
                  "took " + OneDecimal(slowest_us / 1000) + " ms for one answer; the limit is " +
                      OneDecimal(options.max_call_us / 1000) +
                      " ms: a heuristic should compute its tiles with a few arithmetic steps, not search or "
                      "wait");
  }
  r.tiles = std::move(tiles);
  return Finish(std::move(r), ProbeOutcome::kOk,
                "answered " + std::to_string(shapes.size()) + " shape" + (shapes.size() == 1 ? "" : "s") +
                    "; slowest answer " + OneDecimal(slowest_us) + " us");
}

ProbeResult FromSandbox(ProbeResult r, const std::vector<ProbeShape>& shapes, const ProbeOptions& options,
                        const std::string& host) {
  const SandboxResult& s = r.sandbox;
  const std::string& err = s.stderr_text;
  switch (s.outcome) {
    case SandboxOutcome::kOk:
      return FromHostOutput(std::move(r), shapes, options);
    case SandboxOutcome::kSpawnFailed:
      return Finish(std::move(r), ProbeOutcome::kHostFailed,
                    "could not start the heuristic host: " + s.message +
                        " (reinstall tilevolve, or set TILEVOLVE_HEURISTIC_HOST to the path of " + kHostName +
                        ")");
    case SandboxOutcome::kExitedNonZero:
      break;
    case SandboxOutcome::kTimedOut:
      return Finish(std::move(r), ProbeOutcome::kTimedOut,
                    WithStderrHint("did not answer all " + std::to_string(shapes.size()) +
                                       " shapes in time: " + s.message +
                                       "; look for a loop that never ends or a search that is too long",
                                   err));
    case SandboxOutcome::kCpuLimit:
      return Finish(
          std::move(r), ProbeOutcome::kCpuLimit,
          WithStderrHint(s.message + "; look for a loop that never ends or a search that is too long", err));
    case SandboxOutcome::kMemoryLimit:
      return Finish(std::move(r), ProbeOutcome::kMemoryLimit,
                    WithStderrHint(s.message + "; a heuristic needs no large buffers", err));
    case SandboxOutcome::kOutputTooLarge:
      return Finish(std::move(r), ProbeOutcome::kOutputTooLarge, WithStderrHint(s.message, err));
    case SandboxOutcome::kCrashed:
      if (s.signal == SIGSYS) {
        // The filter's trap became a kill: the program had blocked or reset SIGSYS.
        return Finish(std::move(r), ProbeOutcome::kForbiddenCall,
                      WithStderrHint("made a forbidden system call and was killed by SIGSYS: a heuristic may "
                                     "only compute its answer from its arguments",
                                     err));
      }
      return Finish(std::move(r), ProbeOutcome::kCrashed,
                    WithStderrHint(s.message + "; check array indexing, recursion and exceptions", err));
  }
  // kExitedNonZero: the host's own exit codes, or something the program did.
  const std::string host_says = HostMessage(err);
  switch (s.exit_code) {
    case kHostExitBadProgram:
      return Finish(std::move(r), ProbeOutcome::kBadProgram,
                    host_says.empty() ? "the heuristic host could not load the program" : host_says);
    case kHostExitForbiddenCall:
      return Finish(std::move(r), ProbeOutcome::kForbiddenCall,
                    host_says.empty() ? "made a forbidden system call" : host_says);
    case kHostExitBadRequest:
      return Finish(std::move(r), ProbeOutcome::kHostFailed,
                    "the heuristic host (" + host +
                        ") failed: " + (host_says.empty() ? LastLines(err, 2) : host_says) +
                        " (an installation problem: the host does not match this tilevolve?)");
    default:
      return Finish(std::move(r), ProbeOutcome::kCrashed,
                    WithStderrHint("the process ended with exit code " + std::to_string(s.exit_code) +
                                       " before answering: a heuristic must return its tiles, never end the "
                                       "process",
                                   err));
  }
}

}  // namespace

const char* ProbeOutcomeName(ProbeOutcome outcome) {
  switch (outcome) {
    case ProbeOutcome::kOk:
      return "ok";
    case ProbeOutcome::kBadProgram:
      return "bad_program";
    case ProbeOutcome::kForbiddenCall:
      return "forbidden_syscall";
    case ProbeOutcome::kTimedOut:
      return "timed_out";
    case ProbeOutcome::kCpuLimit:
      return "cpu_limit";
    case ProbeOutcome::kCrashed:
      return "crashed";
    case ProbeOutcome::kMemoryLimit:
      return "memory_limit";
    case ProbeOutcome::kOutputTooLarge:
      return "output_too_large";
    case ProbeOutcome::kBadOutput:
      return "bad_output";
    case ProbeOutcome::kInvalidTiles:
      return "invalid_tiles";
    case ProbeOutcome::kHostFailed:
      return "host_failed";
  }
  return "unknown";
}

ProbeOptions::ProbeOptions() {
  limits.wall_seconds = 5;
  limits.cpu_seconds = 5;
  limits.address_space_bytes = 2ull << 30;
  limits.max_tasks = 4;
}

std::string DefaultHostPath() {
  const char* from_env = std::getenv("TILEVOLVE_HEURISTIC_HOST");
  if (from_env != nullptr && from_env[0] != '\0') return from_env;
  std::error_code ec;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return kHostName;  // looked up in PATH
  return (self.parent_path() / kHostName).string();
}

Status ValidateAnswer(const tv_tile_config& t) {
  TV_RETURN_IF_ERROR(Range("mc", t.mc, 1, TV_HEURISTIC_MAX_TILE));
  TV_RETURN_IF_ERROR(Range("nc", t.nc, 1, TV_HEURISTIC_MAX_TILE));
  TV_RETURN_IF_ERROR(Range("kc", t.kc, 1, TV_HEURISTIC_MAX_TILE));
  TV_RETURN_IF_ERROR(Range("mr", t.mr, 0, kMaxMicroTile));
  TV_RETURN_IF_ERROR(Range("nr", t.nr, 0, kMaxMicroTile));
  TV_RETURN_IF_ERROR(Range("threads", t.threads, 0, 1024));
  TV_RETURN_IF_ERROR(Range("parallel", t.parallel, TV_PARALLEL_AUTO, TV_PARALLEL_K,
                           " (0 auto, 1 split N, 2 split M, 3 split K)"));
  TV_RETURN_IF_ERROR(Range("pack_a", t.pack_a, TV_PACK_AUTO, TV_PACK_OFF, " (0 auto, 1 on, 2 off)"));
  TV_RETURN_IF_ERROR(Range("pack_b", t.pack_b, TV_PACK_AUTO, TV_PACK_OFF, " (0 auto, 1 on, 2 off)"));
  TV_RETURN_IF_ERROR(Range("path", t.path, TV_PATH_AUTO, TV_PATH_SMALL_M, " (0 auto, 1 blocked, 2 small-M)"));
  TV_RETURN_IF_ERROR(Range("warp_m", t.warp_m, 0, kMaxGpuWarpTile));
  TV_RETURN_IF_ERROR(Range("warp_n", t.warp_n, 0, kMaxGpuWarpTile));
  TV_RETURN_IF_ERROR(Range("stages", t.stages, 0, kMaxGpuStages));
  TV_RETURN_IF_ERROR(Range("split_k", t.split_k, 0, kMaxGpuSplitK));
  TV_RETURN_IF_ERROR(Range("swizzle", t.swizzle, 0, kMaxGpuSwizzle));
  TV_RETURN_IF_ERROR(Range("gpu_kernel", t.gpu_kernel, TV_GPU_KERNEL_AUTO, TV_GPU_KERNEL_STREAM,
                           " (0 auto, 1 mma.sync, 2 wgmma, 3 stream)"));
  return Status::Ok();
}

Status ParseHostOutput(const std::string& text, size_t expected_shapes, std::vector<tv_tile_config>* tiles,
                       std::vector<ProbeShape>* nondeterministic, double* slowest_call_us) {
  tiles->clear();
  nondeterministic->clear();
  *slowest_call_us = 0;
  std::vector<std::string_view> lines;
  if (!SplitLines(text, &lines)) {
    return Status::InvalidArgument("heuristic host output is empty or cut short (no final newline)");
  }
  // Version 1 (hosts before the CUDA fields): 13 integers per shape line;
  // version 2: 19, the CUDA fields appended. The fields a line lacks stay 0 (auto).
  int fields = 0;
  if (lines[0] == "tilevolve-tiles 1") {
    fields = kShapeFieldsV1;
  } else if (lines[0] == kHostHeader) {
    fields = kShapeFieldsV2;
  } else {
    return LineError(0, lines[0],
                     std::string("expected the header \"") + kHostHeader + "\" (or \"tilevolve-tiles 1\")");
  }
  // header + shapes + slowest_call_us + end, plus any nondeterministic lines.
  if (lines.size() < expected_shapes + 3) {
    return Status::InvalidArgument("heuristic host output has " + std::to_string(lines.size()) +
                                   " lines, too few for " + std::to_string(expected_shapes) + " shapes");
  }
  std::size_t i = 1;
  for (; i <= expected_shapes; ++i) {
    int32_t v[kShapeFieldsV2] = {};
    if (!ParseInts(lines[i], fields, v)) {
      return LineError(i, lines[i],
                       "expected " + std::to_string(fields) +
                           " integers: " + (fields == kShapeFieldsV1 ? kShapeLineV1 : kShapeLineV2));
    }
    tiles->push_back(tv_tile_config{v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13],
                                    v[14], v[15], v[16], v[17], v[18]});
  }
  constexpr std::string_view kNondeterministic = "nondeterministic ";
  for (; i < lines.size() && StartsWith(lines[i], kNondeterministic); ++i) {
    int32_t v[3];
    if (!ParseInts(lines[i].substr(kNondeterministic.size()), 3, v)) {
      return LineError(i, lines[i], "expected \"nondeterministic M N K\"");
    }
    nondeterministic->push_back(ProbeShape{v[0], v[1], v[2]});
  }
  constexpr std::string_view kSlowest = "slowest_call_us ";
  if (i >= lines.size() || !StartsWith(lines[i], kSlowest)) {
    return LineError(i, i < lines.size() ? lines[i] : "", "expected \"slowest_call_us U\"");
  }
  {
    std::string_view value = lines[i].substr(kSlowest.size());
    auto [next, ec] = std::from_chars(value.data(), value.data() + value.size(), *slowest_call_us);
    if (ec != std::errc() || next != value.data() + value.size() || value.empty() || *slowest_call_us < 0) {
      return LineError(i, lines[i], "expected a non-negative number of microseconds");
    }
  }
  ++i;
  const std::string expected_end = "end " + std::to_string(expected_shapes);
  if (i >= lines.size() || lines[i] != expected_end) {
    return LineError(i, i < lines.size() ? lines[i] : "", "expected \"" + expected_end + "\"");
  }
  if (i + 1 != lines.size()) return LineError(i + 1, lines[i + 1], "unexpected text after the end line");
  return Status::Ok();
}

ProbeResult ProbeHeuristic(const std::string& object_path, const std::vector<ProbeShape>& shapes,
                           const tv_device_info& device, const ProbeOptions& options, SandboxRunner& runner) {
  ProbeResult result;
  Result<RequestDir> dir = RequestDir::Create(TempRoot(options));
  if (!dir.ok()) return Finish(std::move(result), ProbeOutcome::kHostFailed, dir.status().message());
  Status written = WriteRequest(dir->path(), shapes, device);
  if (!written.ok()) return Finish(std::move(result), ProbeOutcome::kHostFailed, written.message());

  const std::string host = options.host_path.empty() ? DefaultHostPath() : options.host_path;
  SandboxSpec spec;
  spec.argv = {host, dir->path(), object_path};
  spec.env = {"PATH=/usr/bin:/bin", "LANG=C"};
  spec.limits = options.limits;
  spec.limits.stdout_cap_bytes =
      std::max(spec.limits.stdout_cap_bytes, shapes.size() * kMaxHostBytesPerShape + 4096);
  result.sandbox = runner.Run(spec);
  result.stderr_text = result.sandbox.stderr_text;
  return FromSandbox(std::move(result), shapes, options, host);
}

}  // namespace tv::evolve
