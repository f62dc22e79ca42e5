// ProbeHeuristic end to end: the real tilevolve-heuristic-host on programs
// that misbehave (tests/evolve/heuristics/probe_*.cpp, compiled with
// CompileProgram into a cache under the build tree).
//
// Every test checks what the issue asks of a bad program: a typed outcome, a
// clear message, the call returned within its deadline (loosely: a hang fails,
// a slow machine does not), no request directory left under a fresh temp root,
// no process left, and a good program probed right after works.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "core/subprocess.h"
#include "evolve/heuristic_probe.h"
#include "evolve/program_compiler.h"
#include "test_processes.h"
#include "tilevolve/heuristic.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

bool ProbeTextContains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

tv_device_info TestDevice() {
  tv_device_info d{};
  d.version = TV_DEVICE_INFO_VERSION;
  d.physical_cores = 2;
  d.logical_cpus = 2;
  d.l1d_bytes = 48 << 10;
  d.l2_bytes = 1 << 20;
  d.l3_bytes = 32 << 20;
  d.cache_line_bytes = 64;
  d.has_avx2 = 1;
  d.has_fma = 1;
  d.vector_bits = 256;
  return d;
}

const std::vector<ProbeShape> kProbeShapes = {
    {64, 64, 64}, {4096, 4096, 4096}, {1, 4096, 4096}, {512, 1024, 2048}};

// Runs real processes and remembers each request directory, to look for leftovers.
class RecordingRunner final : public SandboxRunner {
 public:
  SandboxResult Run(const SandboxSpec& spec) override {
    if (spec.argv.size() > 1) request_dirs.push_back(spec.argv[1]);
    return RunSandboxed(spec);
  }
  std::vector<std::string> request_dirs;
};

class ProbeEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tv_probe_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    temp_root_ = root_ + "/probe-tmp";
    fs::create_directory(temp_root_);
    options_.host_path = TV_HEURISTIC_HOST_PATH;
    options_.temp_root = temp_root_;
  }
  void TearDown() override { fs::remove_all(root_); }

  // tests/evolve/heuristics/NAME compiled by CompileProgram (cached in the build tree).
  std::string Compile(const std::string& name) {
    CompileOptions compile;
    compile.cache_dir = TV_PROBE_TEST_CACHE_DIR;
    ProcessSandboxRunner runner;
    Result<CompiledProgram> compiled =
        CompileProgram(std::string(TV_TEST_HEURISTICS_DIR) + "/" + name, compile, runner);
    EXPECT_TRUE(compiled.ok()) << compiled.status().message();
    if (!compiled.ok()) return "";
    EXPECT_TRUE(compiled->ok) << compiled->message;
    return compiled->object_path;
  }

  // NAME compiled by a plain compiler call, without the force-included
  // heuristic.h: an object CompileProgram would never produce.
  std::string CompileDirectly(const std::string& name) {
    const std::string object = root_ + "/" + fs::path(name).stem().string() + ".so";
    SubprocessSpec spec;
    spec.argv = {"c++",
                 "-std=c++20",
                 "-O2",
                 "-fPIC",
                 "-shared",
                 "-I" + std::string(TV_SOURCE_DIR) + "/include",
                 std::string(TV_TEST_HEURISTICS_DIR) + "/" + name,
                 "-o",
                 object};
    spec.env = {"PATH=/usr/bin:/bin"};
    spec.wall_timeout_seconds = 120;
    Result<SubprocessRun> run = RunSubprocess(spec);
    EXPECT_TRUE(run.ok()) << run.status().message();
    if (run.ok()) {
      EXPECT_TRUE(run->exited && run->exit_code == 0) << run->stderr_text;
    }
    return object;
  }

  // Probes, then checks what every probe must guarantee: it returned within its
  // deadline (plus slack for a busy machine), left no request directory and no process.
  ProbeResult Probe(const std::string& object, const std::vector<ProbeShape>& shapes = kProbeShapes) {
    RecordingRunner runner;
    const auto start = std::chrono::steady_clock::now();
    ProbeResult r = ProbeHeuristic(object, shapes, TestDevice(), options_, runner);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, options_.limits.wall_seconds + 10) << "the probe did not return within its deadline";
    EXPECT_TRUE(fs::is_empty(temp_root_)) << "a request directory was left under " << temp_root_;
    EXPECT_EQ(runner.request_dirs.size(), 1u);
    for (const std::string& dir : runner.request_dirs) {
      EXPECT_EQ(testing::WaitUntilNoProcessHasToken(dir, 5), 0) << "a process of the probe survived: " << dir;
    }
    return r;
  }

  // A good program probed right after a bad one works.
  void ExpectGoodProgramStillWorks() {
    ProbeOptions relaxed = options_;
    relaxed.max_call_us = 1e6;  // an ok outcome must not depend on how busy the machine is
    std::swap(options_, relaxed);
    ProbeResult r = Probe(Compile("probe_good.cpp"));
    std::swap(options_, relaxed);
    EXPECT_EQ(r.outcome, ProbeOutcome::kOk) << r.message << "\n" << r.stderr_text;
    EXPECT_EQ(r.tiles.size(), kProbeShapes.size());
  }

  std::string root_;
  std::string temp_root_;
  ProbeOptions options_;
};

TEST_F(ProbeEndToEndTest, GoodProgramAnswersEveryShape) {
  options_.max_call_us = 1e6;
  ProbeResult r = Probe(Compile("probe_good.cpp"));
  ASSERT_EQ(r.outcome, ProbeOutcome::kOk) << r.message << "\n" << r.stderr_text;
  ASSERT_EQ(r.tiles.size(), kProbeShapes.size());
  // probe_good.cpp: kc = min(K, 256), mc = min(M, l2 / (8 kc)), nc = min(N, 4096), small-M path for M <= 8.
  EXPECT_EQ(r.tiles[0].mc, 64);
  EXPECT_EQ(r.tiles[0].nc, 64);
  EXPECT_EQ(r.tiles[0].kc, 64);
  EXPECT_EQ(r.tiles[0].path, TV_PATH_BLOCKED);
  EXPECT_EQ(r.tiles[1].mc, 512);
  EXPECT_EQ(r.tiles[1].nc, 4096);
  EXPECT_EQ(r.tiles[1].kc, 256);
  EXPECT_EQ(r.tiles[2].mc, 1);
  EXPECT_EQ(r.tiles[2].path, TV_PATH_SMALL_M);
  EXPECT_GE(r.slowest_call_us, 0);
  EXPECT_TRUE(r.stderr_text.empty()) << r.stderr_text;
  EXPECT_EQ(r.sandbox.outcome, SandboxOutcome::kOk);
}

TEST_F(ProbeEndToEndTest, ManyShapesAllComeBack) {
  options_.max_call_us = 1e6;
  std::vector<ProbeShape> shapes;
  for (int i = 1; i <= 20000; ++i) shapes.push_back({i, 2 * i, 3 * i});
  ProbeResult r = Probe(Compile("probe_good.cpp"), shapes);
  ASSERT_EQ(r.outcome, ProbeOutcome::kOk) << r.message;
  ASSERT_EQ(r.tiles.size(), shapes.size());
  EXPECT_EQ(r.tiles.back().nc, 4096);
  EXPECT_EQ(r.tiles.back().kc, 256);
}

TEST_F(ProbeEndToEndTest, NoShapesIsOk) {
  ProbeResult r = Probe(Compile("probe_good.cpp"), {});
  EXPECT_EQ(r.outcome, ProbeOutcome::kOk) << r.message;
  EXPECT_TRUE(r.tiles.empty());
}

TEST_F(ProbeEndToEndTest, StderrIsAllowedAndKept) {
  options_.max_call_us = 1e6;
  ProbeResult r = Probe(Compile("probe_stderr_chatter.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kOk) << r.message << "\n" << r.stderr_text;
  EXPECT_TRUE(ProbeTextContains(r.stderr_text, "choosing for 64 x 64 x 64\ndebug: mc 64\n")) << r.stderr_text;
  EXPECT_TRUE(ProbeTextContains(r.stderr_text, "choosing for 512 x 1024 x 2048\n")) << r.stderr_text;
}

TEST_F(ProbeEndToEndTest, LoopForeverTimesOut) {
  options_.limits.wall_seconds = 2;
  options_.limits.cpu_seconds = 30;  // the wall clock, not the CPU limit, ends it
  ProbeResult r = Probe(Compile("probe_loop_forever.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kTimedOut) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "did not answer all 4 shapes in time: timed out after"))
      << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, LoopForeverHitsTheCpuLimitWhenItComesFirst) {
  options_.limits.wall_seconds = 30;
  options_.limits.cpu_seconds = 1;
  ProbeResult r = Probe(Compile("probe_loop_forever.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kCpuLimit) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "CPU limit")) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, SegfaultCrashes) {
  ProbeResult r = Probe(Compile("probe_segfault.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kCrashed) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "SIGSEGV")) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, AbortCrashes) {
  ProbeResult r = Probe(Compile("probe_abort.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kCrashed) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "SIGABRT")) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, Allocating50GbIsAMemoryLimit) {
  ProbeResult r = Probe(Compile("probe_allocate_50gb.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kMemoryLimit) << r.message << "\n" << r.stderr_text;
  EXPECT_TRUE(ProbeTextContains(r.message, "std::bad_alloc")) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "2.0 GiB address-space limit")) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, ForkingIsForbidden) {
  ProbeResult r = Probe(Compile("probe_fork.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kForbiddenCall) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "forbidden system call: clone (fork or a new thread)"))
      << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, ThreadsAreForbidden) {
  ProbeResult r = Probe(Compile("probe_thread.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kForbiddenCall) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "forbidden system call")) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, NetworkSocketIsForbidden) {
  ProbeResult r = Probe(Compile("probe_socket.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kForbiddenCall) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "forbidden system call: socket (network) (number 41)"))
      << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, WritingToStdoutIsForbidden) {
  ProbeResult r = Probe(Compile("probe_flood_stdout.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kForbiddenCall) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "forbidden system call: write on fd 1 (number 1)")) << r.message;
  EXPECT_TRUE(r.sandbox.stdout_text.empty());
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, OpeningAFileIsForbidden) {
  ProbeResult r = Probe(Compile("probe_open_file.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kForbiddenCall) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "forbidden system call: openat (opening a file)")) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, CallingExitIsForbidden) {
  ProbeResult r = Probe(Compile("probe_calls_exit.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kForbiddenCall) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "called exit() instead of returning an answer")) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, ZeroTilesAreInvalid) {
  ProbeResult r = Probe(Compile("probe_zero_tiles.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kInvalidTiles) << r.message;
  EXPECT_TRUE(
      ProbeTextContains(r.message, "returned invalid tiles for 64 x 64 x 64: mc = 0, outside [1, 65536]"))
      << r.message;
  EXPECT_TRUE(r.tiles.empty());
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, NegativeTilesAreInvalid) {
  ProbeResult r = Probe(Compile("probe_negative_tiles.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kInvalidTiles) << r.message;
  EXPECT_TRUE(ProbeTextContains(
      r.message, "returned invalid tiles for 4096 x 4096 x 4096: kc = -4096, outside [1, 65536]"))
      << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, EnormousTilesAreInvalid) {
  ProbeResult r = Probe(Compile("probe_enormous_tiles.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kInvalidTiles) << r.message;
  EXPECT_TRUE(ProbeTextContains(
      r.message, "returned invalid tiles for 4096 x 4096 x 4096: nc = 4096000, outside [1, 65536]"))
      << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, DifferentAnswersForTheSameShapeAreInvalid) {
  ProbeResult r = Probe(Compile("probe_nondeterministic.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kInvalidTiles) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message,
                                "returned different tiles for 64 x 64 x 64 when asked twice (and for 3 more "
                                "shapes)"))
      << r.message;
  ExpectGoodProgramStillWorks();
}

// 100 ms per answer: 8 answers fit the 5 s deadline, so the host finishes and
// the answer time decides (invalid_tiles); a longer shape list would time out.
TEST_F(ProbeEndToEndTest, SlowAnswersAreInvalid) {
  ProbeResult r = Probe(Compile("probe_slow.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kInvalidTiles) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "ms for one answer; the limit is 20.0 ms")) << r.message;
  EXPECT_GE(r.slowest_call_us, 100000);
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, WrongAbiVersionIsABadProgram) {
  ProbeResult r = Probe(CompileDirectly("probe_wrong_abi.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kBadProgram) << r.message;
  EXPECT_TRUE(ProbeTextContains(
      r.message, "was built for heuristic ABI version 999, but this tilevolve expects version " +
                     std::to_string(TV_HEURISTIC_ABI_VERSION)))
      << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, MissingEntryPointIsABadProgram) {
  ProbeResult r = Probe(CompileDirectly("probe_missing_entry_point.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kBadProgram) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "does not define choose_tile_size")) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, AFileThatIsNotASharedObjectIsABadProgram) {
  const std::string object = root_ + "/not_an_object.so";
  std::ofstream(object) << "int main() {}\n";
  ProbeResult r = Probe(object);
  EXPECT_EQ(r.outcome, ProbeOutcome::kBadProgram) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "cannot load " + object)) << r.message;
  ExpectGoodProgramStillWorks();
}

TEST_F(ProbeEndToEndTest, MissingHostIsAHostFailure) {
  options_.host_path = root_ + "/no/tilevolve-heuristic-host";
  ProbeResult r = Probe(Compile("probe_good.cpp"));
  EXPECT_EQ(r.outcome, ProbeOutcome::kHostFailed) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "could not start the heuristic host")) << r.message;
  EXPECT_TRUE(ProbeTextContains(r.message, "TILEVOLVE_HEURISTIC_HOST")) << r.message;
  options_.host_path = TV_HEURISTIC_HOST_PATH;
  ExpectGoodProgramStillWorks();
}

}  // namespace
}  // namespace tv::evolve
