#include "evolve/program_compiler.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "core/cache_dir.h"
#include "core/subprocess.h"
#include "evolve/embedded_headers.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

// Bump when anything below changes what an object or a cached failure holds
// (the flags, abi_check.cc, how diagnostics are cleaned): old entries stop matching.
constexpr std::string_view kCacheFormat = "tilevolve program cache 1";

// Flags that do not name a path; -I<cache>/include is added per call and not
// hashed (where the cache lives does not change the object).
constexpr const char* kFixedFlags[] = {"-std=c++20", "-O2",      "-fPIC",
                                       "-shared",    "-include", "tilevolve/heuristic.h"};
constexpr const char* kLinkFlags[] = {"-Wl,--no-undefined"};

// Compiled with every program: takes choose_tile_size's address with the ABI's
// exact type, so a program that lacks the function, or has it only as a C++
// overload with other parameters, fails to link naming the symbol.
constexpr std::string_view kAbiCheckText =
    "// Written by tilevolve (evolve/program_compiler.cc): linked into every heuristic program\n"
    "// so that a missing or mistyped choose_tile_size is a link error.\n"
    "#include \"tilevolve/heuristic.h\"\n"
    "extern \"C\" __attribute__((used)) tv_tile_config (*const tv_heuristic_entry)(int, int, int,\n"
    "                                                                          const tv_device_info*) =\n"
    "    &choose_tile_size;\n";

constexpr std::string_view kMissingEntryHint =
    "tilevolve: a heuristic must define\n"
    "  extern \"C\" tv_tile_config choose_tile_size(int M, int N, int K, const tv_device_info* device)\n"
    "(include/tilevolve/heuristic.h); this program lacks it or defines it with other parameters.\n";

constexpr std::size_t kMaxProgramBytes = 16u << 20;
constexpr std::size_t kMaxDiagnosticsBytes = 8u << 10;

std::string ErrnoText() { return std::strerror(errno); }

std::string FormatSeconds(double seconds) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", seconds);
  return buf;
}

// ---------------------------------------------------------------------------
// Files

Result<std::string> ReadProgram(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    std::string why = "cannot read the heuristic program " + path + ": " + ErrnoText();
    return errno == ENOENT ? Status::NotFound(why) : Status::InvalidArgument(why);
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return Status::InvalidArgument("the heuristic program " + path + " is not a regular file");
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxProgramBytes) {
    ::close(fd);
    return Status::InvalidArgument("the heuristic program " + path + " has " + std::to_string(st.st_size) +
                                   " bytes, more than a heuristic may (" + std::to_string(kMaxProgramBytes) +
                                   ")");
  }
  std::string text;
  char buf[1 << 16];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      std::string why = "cannot read the heuristic program " + path + ": " + ErrnoText();
      ::close(fd);
      return Status::InvalidArgument(why);
    }
    if (n == 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    if (text.size() > kMaxProgramBytes) {
      ::close(fd);
      return Status::InvalidArgument("the heuristic program " + path + " grew while it was read");
    }
  }
  ::close(fd);
  return text;
}

// The file's content, or nothing when it cannot be read.
std::optional<std::string> ReadSmallFile(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rbe");
  if (f == nullptr) return std::nullopt;
  std::string text;
  char buf[1 << 14];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
  bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) return std::nullopt;
  return text;
}

Status WriteAll(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Internal(ErrnoText());
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return Status::Ok();
}

// Writes `text` to a unique temporary file beside `path` and renames it over
// `path`, so a reader sees the old content or the new, never a partial one.
Status WriteFileAtomically(const std::string& path, std::string_view text) {
  std::string temp = path + ".tmp.XXXXXX";
  int fd = ::mkostemp(temp.data(), O_CLOEXEC);
  if (fd < 0) return Status::Internal("cannot create a temporary file beside " + path + ": " + ErrnoText());
  ::fchmod(fd, 0644);
  Status written = WriteAll(fd, text);
  if (::close(fd) != 0 && written.ok()) written = Status::Internal(ErrnoText());
  if (written.ok() && ::rename(temp.c_str(), path.c_str()) != 0) written = Status::Internal(ErrnoText());
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return Status::Internal("cannot write " + path + ": " + written.message());
  }
  return Status::Ok();
}

Status WriteFileIfDifferent(const std::string& path, std::string_view text) {
  std::optional<std::string> current = ReadSmallFile(path);
  if (current && *current == text) return Status::Ok();
  return WriteFileAtomically(path, text);
}

// ---------------------------------------------------------------------------
// The cache key

// 128 bits from two unrelated 64-bit hashes (FNV-1a, and a multiply-xorshift
// mix) over length-prefixed fields. A cache key, not a cryptographic digest.
class CacheKeyHasher {
 public:
  void AddField(std::string_view field) {
    uint64_t size = field.size();
    for (int i = 0; i < 8; ++i) AddByte(static_cast<unsigned char>(size >> (8 * i)));
    for (char c : field) AddByte(static_cast<unsigned char>(c));
  }

  std::string Hex() const {
    char buf[33];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(fnv_),
                  static_cast<unsigned long long>(Finalize(mix_)));
    return buf;
  }

 private:
  void AddByte(unsigned char b) {
    fnv_ = (fnv_ ^ b) * 0x100000001b3ull;
    mix_ = (mix_ ^ b) * 0xff51afd7ed558ccdull;
    mix_ ^= mix_ >> 29;
  }
  static uint64_t Finalize(uint64_t h) {  // splitmix64's finalizer
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
  }

  uint64_t fnv_ = 0xcbf29ce484222325ull;
  uint64_t mix_ = 0x9e3779b97f4a7c15ull;
};

std::string CacheKey(std::string_view program_text, std::string_view compiler_identity) {
  CacheKeyHasher hasher;
  hasher.AddField(kCacheFormat);
  hasher.AddField(compiler_identity);
  for (const char* flag : kFixedFlags) hasher.AddField(flag);
  for (const char* flag : kLinkFlags) hasher.AddField(flag);
  for (const EmbeddedHeader& header : EmbeddedPublicHeaders()) {
    hasher.AddField(header.include_path);
    hasher.AddField(header.text);
  }
  hasher.AddField(kAbiCheckText);
  hasher.AddField(program_text);
  return hasher.Hex();
}

std::vector<std::string> CompilerEnv(const std::string& temp_dir) {
  const char* path = std::getenv("PATH");
  std::vector<std::string> env = {
      std::string("PATH=") + (path != nullptr && *path != '\0' ? path : "/usr/bin:/bin"), "LANG=C",
      "LC_ALL=C"};  // plain ASCII quotes in diagnostics
  if (!temp_dir.empty()) env.push_back("TMPDIR=" + temp_dir);
  return env;
}

// What `compiler --version` prints, run once per compiler per process.
Result<std::string> CompilerIdentity(const std::string& compiler) {
  static std::mutex mutex;
  static std::map<std::string, std::string> known;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto it = known.find(compiler); it != known.end()) return it->second;

  SubprocessSpec spec;
  spec.argv = {compiler, "--version"};
  spec.env = CompilerEnv("");
  spec.wall_timeout_seconds = 30;
  spec.isolate_network = false;  // our own trusted compiler: no need to pay for namespaces
  spec.isolate_pids = false;
  Result<SubprocessRun> run = RunSubprocess(spec);
  if (!run.ok()) {
    return Status::Unavailable("cannot run the compiler '" + compiler + "': " + run.status().message() +
                               " (set the compiler to an installed C++ compiler, e.g. c++ or g++)");
  }
  if (!run->exited || run->exit_code != 0 || run->stdout_text.empty()) {
    return Status::Unavailable("'" + compiler + " --version' failed: " + run->stderr_text);
  }
  return known.emplace(compiler, run->stdout_text).first->second;
}

// ---------------------------------------------------------------------------
// Diagnostics

std::string ReplaceAll(std::string text, std::string_view from, std::string_view to) {
  if (from.empty()) return text;
  std::size_t pos = 0;
  while ((pos = text.find(from, pos)) != std::string::npos) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
  return text;
}

// `text` with every byte that is not part of valid UTF-8 replaced by '?', so the
// message can go into JSON and a database as is.
std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    unsigned char b = byte(i);
    std::size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 0;
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = (byte(i + k) & 0xc0) == 0x80;
    if (!valid) {
      out += '?';
      ++i;
      continue;
    }
    out.append(text.substr(i, length));
    i += length;
  }
  return out;
}

// The first kMaxDiagnosticsBytes of `text`, cut at a line end (the first errors
// are the ones that matter).
std::string CapDiagnostics(std::string text) {
  if (text.size() <= kMaxDiagnosticsBytes) return text;
  std::size_t total = text.size();
  std::size_t cut = text.rfind('\n', kMaxDiagnosticsBytes);
  if (cut == std::string::npos) {
    cut = kMaxDiagnosticsBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  } else {
    ++cut;
  }
  text.resize(cut);
  if (!text.empty() && text.back() != '\n') text += '\n';
  text += "[... " + std::to_string(total - cut) + " more bytes of compiler output cut]\n";
  return text;
}

struct CompilePaths {
  std::string cache_dir;    // absolute, no trailing '/'
  std::string include_dir;  // <cache>/include
  std::string abi_check;    // <cache>/abi_check.cc
  std::string temp_root;    // <cache>/tmp
  std::string object;       // <cache>/<hash>.so
  std::string failure;      // <cache>/<hash>.failed
  std::string source_name;  // <hash>.cpp: the program's name in stored diagnostics
};

// The compiler's output with our private paths taken out: the program's temp
// copy becomes <hash>.cpp (ForUser puts the caller's path back), the headers
// and abi_check.cc lose their cache directory.
std::string StoredDiagnostics(const std::string& compiler_output, const CompilePaths& paths,
                              const std::string& work_dir) {
  std::string text = ReplaceAll(compiler_output, work_dir + "/", "");
  text = ReplaceAll(std::move(text), paths.include_dir + "/", "");
  text = ReplaceAll(std::move(text), paths.abi_check, "abi_check.cc");
  text = CapDiagnostics(ValidUtf8(text));
  if (text.find("undefined reference to `choose_tile_size'") != std::string::npos) text += kMissingEntryHint;
  return text;
}

std::string ForUser(const std::string& stored, const CompilePaths& paths, const std::string& program_path) {
  return ReplaceAll(stored, paths.source_name, program_path);
}

// ---------------------------------------------------------------------------
// The cache directory

CompilePaths PathsFor(const std::string& cache_dir_option, const std::string& hash) {
  std::string dir = cache_dir_option.empty() ? DefaultProgramCacheDir() : cache_dir_option;
  std::error_code ec;
  fs::path absolute = fs::absolute(dir, ec);
  dir = (ec ? fs::path(dir) : absolute).lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  CompilePaths p;
  p.cache_dir = dir;
  p.include_dir = dir + "/include";
  p.abi_check = dir + "/abi_check.cc";
  p.temp_root = dir + "/tmp";
  p.object = dir + "/" + hash + ".so";
  p.failure = dir + "/" + hash + ".failed";
  p.source_name = hash + ".cpp";
  return p;
}

// Creates the cache's folders and writes the headers and abi_check.cc where
// they are missing or differ.
Status PrepareCacheDir(const CompilePaths& paths) {
  for (const std::string& dir : {paths.include_dir + "/tilevolve", paths.temp_root}) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) return Status::Internal("cannot create the program cache folder " + dir + ": " + ec.message());
  }
  for (const EmbeddedHeader& header : EmbeddedPublicHeaders()) {
    TV_RETURN_IF_ERROR(
        WriteFileIfDifferent(paths.include_dir + "/" + std::string(header.include_path), header.text));
  }
  return WriteFileIfDifferent(paths.abi_check, kAbiCheckText);
}

// A private folder under <cache>/tmp for one compile (the program's copy, the
// object before it is renamed, the compiler's own temporary files), removed
// with everything in it when this goes out of scope.
class WorkDir {
 public:
  static Result<WorkDir> Create(const std::string& temp_root, const std::string& hash) {
    std::string name = temp_root + "/" + hash + ".XXXXXX";
    if (::mkdtemp(name.data()) == nullptr) {
      return Status::Internal("cannot create a folder under " + temp_root + ": " + ErrnoText());
    }
    return WorkDir(name);
  }
  WorkDir(WorkDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  WorkDir& operator=(WorkDir&&) = delete;
  ~WorkDir() {
    std::error_code ignored;  // nothing useful to do when removal fails; the folder is private
    if (!path_.empty()) fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  explicit WorkDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// The message for a compiler that did not finish on its own (not cached: the
// cause may be transient, e.g. a loaded machine).
std::string AbortedCompileMessage(const SandboxResult& run, const SandboxLimits& limits) {
  std::string why;
  switch (run.outcome) {
    case SandboxOutcome::kTimedOut:
      why = "the compiler did not finish within " + FormatSeconds(limits.wall_seconds) +
            " s and was killed: does the program make it hang (e.g. #include \"/dev/zero\") or explode "
            "(deep template or constexpr recursion)?";
      break;
    case SandboxOutcome::kCpuLimit:
      why = "the compiler used more than " + FormatSeconds(limits.cpu_seconds) +
            " s of CPU and was killed: does the program make it explode (deep template or constexpr "
            "recursion)?";
      break;
    case SandboxOutcome::kMemoryLimit:
      why = "the compiler ran out of memory under its " + std::to_string(limits.address_space_bytes >> 20) +
            " MiB address-space limit: does the program make it explode (huge constexpr tables, template "
            "recursion)?";
      break;
    case SandboxOutcome::kCrashed:
      why = "the compiler crashed";
      break;
    case SandboxOutcome::kOutputTooLarge:
      why = "the compiler's output passed its size limit";
      break;
    default:
      why = "the compiler failed";
      break;
  }
  return why + " (" + run.message + ")";
}

// Runs the compiler on `program_text` in the sandbox. On success the object is
// at paths.object; on a compile error paths.failure holds the diagnostics.
Result<CompiledProgram> RunCompiler(const std::string& program_path, const std::string& program_text,
                                    const CompilePaths& paths, const CompileOptions& options,
                                    SandboxRunner& runner, CompiledProgram result) {
  TV_RETURN_IF_ERROR(PrepareCacheDir(paths));
  Result<WorkDir> work = WorkDir::Create(paths.temp_root, result.hash);
  if (!work.ok()) return work.status();
  const std::string source = work->path() + "/" + paths.source_name;
  const std::string object = work->path() + "/" + result.hash + ".so";
  TV_RETURN_IF_ERROR(WriteFileAtomically(source, program_text));

  SandboxSpec spec;
  spec.argv = {options.compiler};
  spec.argv.insert(spec.argv.end(), std::begin(kFixedFlags), std::end(kFixedFlags));
  spec.argv.insert(spec.argv.end(), {"-I" + paths.include_dir, source, paths.abi_check});
  spec.argv.insert(spec.argv.end(), std::begin(kLinkFlags), std::end(kLinkFlags));
  spec.argv.insert(spec.argv.end(), {"-o", object});
  spec.env = CompilerEnv(work->path());
  spec.working_dir = work->path();
  spec.limits = options.limits;
  spec.isolate_network = true;
  SandboxResult run = runner.Run(spec);

  switch (run.outcome) {
    case SandboxOutcome::kOk:
      if (::rename(object.c_str(), paths.object.c_str()) != 0) {
        return Status::Internal("the compiler succeeded but its object cannot be moved to " + paths.object +
                                ": " + ErrnoText());
      }
      result.ok = true;
      result.outcome = "ok";
      result.object_path = paths.object;
      return result;
    case SandboxOutcome::kExitedNonZero: {
      std::string output = run.stderr_text + run.stdout_text;
      if (output.empty())
        output = "the compiler exited with code " + std::to_string(run.exit_code) + " and no message\n";
      std::string stored = StoredDiagnostics(output, paths, work->path());
      TV_RETURN_IF_ERROR(WriteFileAtomically(paths.failure, stored));
      result.outcome = "compile_failed";
      result.message = ForUser(stored, paths, program_path);
      return result;
    }
    case SandboxOutcome::kSpawnFailed:
      return Status::Unavailable("cannot start the compiler '" + options.compiler + "': " + run.message);
    default: {
      result.outcome = std::string(OutcomeName(run.outcome));
      result.message = AbortedCompileMessage(run, options.limits);
      std::string output = run.stderr_text + run.stdout_text;
      if (!output.empty())
        result.message += "\n" + ForUser(StoredDiagnostics(output, paths, work->path()), paths, program_path);
      return result;
    }
  }
}

}  // namespace

CompileOptions::CompileOptions() {
  limits.wall_seconds = 60;
  limits.cpu_seconds = 60;
  limits.address_space_bytes = 4ull << 30;
}

std::string DefaultProgramCacheDir() { return CacheRoot() + "/programs"; }

Result<CompiledProgram> CompileProgram(const std::string& program_path, const CompileOptions& options,
                                       SandboxRunner& runner) {
  const auto start = std::chrono::steady_clock::now();
  auto finish = [&](Result<CompiledProgram> r) {
    if (r.ok()) r->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  };

  Result<std::string> text = ReadProgram(program_path);
  if (!text.ok()) return text.status();
  Result<std::string> identity = CompilerIdentity(options.compiler);
  if (!identity.ok()) return identity.status();

  CompiledProgram result;
  result.hash = CacheKey(*text, *identity);
  CompilePaths paths = PathsFor(options.cache_dir, result.hash);

  std::error_code ec;
  if (fs::exists(paths.object, ec)) {
    result.ok = true;
    result.outcome = "ok";
    result.object_path = paths.object;
    result.cached = true;
    return finish(std::move(result));
  }
  if (std::optional<std::string> stored = ReadSmallFile(paths.failure)) {
    result.outcome = "compile_failed";
    result.message = ForUser(*stored, paths, program_path);
    result.cached = true;
    return finish(std::move(result));
  }
  return finish(RunCompiler(program_path, *text, paths, options, runner, std::move(result)));
}

}  // namespace tv::evolve
