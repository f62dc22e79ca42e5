// ProbeHeuristic without the real host: the host's output parser and the
// answer check on canned text, and how a sandbox run becomes an outcome, with a
// canned runner. heuristic_probe_end_to_end_test.cc runs the real host.
#include "evolve/heuristic_probe.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "tilevolve/heuristic.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

const std::vector<ProbeShape> kShapes = {
    {64, 64, 64}, {4096, 4096, 4096}, {1, 4096, 4096}, {512, 1024, 2048}};

// ---- ValidateAnswer ----

TEST(ValidateAnswerTest, AcceptsPositiveBlocksWithEverythingElseAuto) {
  EXPECT_TRUE(ValidateAnswer(tv_tile_config{64, 256, 128}).ok());
  EXPECT_TRUE(ValidateAnswer(tv_tile_config{1, 1, 1}).ok());
  EXPECT_TRUE(
      ValidateAnswer(tv_tile_config{TV_HEURISTIC_MAX_TILE, TV_HEURISTIC_MAX_TILE, TV_HEURISTIC_MAX_TILE})
          .ok());
  EXPECT_TRUE(ValidateAnswer(tv_tile_config{64, 64, 64, 64, 64, 1024, TV_PARALLEL_K, TV_PACK_OFF, TV_PACK_ON,
                                            TV_PATH_SMALL_M})
                  .ok());
}

TEST(ValidateAnswerTest, NamesTheFieldItsValueAndTheRange) {
  Status zero = ValidateAnswer(tv_tile_config{});
  EXPECT_FALSE(zero.ok());
  EXPECT_EQ(zero.message(), "mc = 0, outside [1, 65536]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, -5}).message(), "kc = -5, outside [1, 65536]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 65537, 64}).message(), "nc = 65537, outside [1, 65536]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 257}).message(), "mr = 257, outside [0, 256]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, -1}).message(), "nr = -1, outside [0, 256]");
  // The small-M path's legal widths (nr = 128 on AVX-512) are valid answers too.
  EXPECT_TRUE(ValidateAnswer(tv_tile_config{1, 1408, 16, 1, 128}).ok());
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 1025}).message(),
            "threads = 1025, outside [0, 1024]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 4}).message(),
            "parallel = 4, outside [0, 3] (0 auto, 1 split N, 2 split M, 3 split K)");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 3}).message(),
            "pack_a = 3, outside [0, 2] (0 auto, 1 on, 2 off)");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 0, -1}).message(),
            "pack_b = -1, outside [0, 2] (0 auto, 1 on, 2 off)");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 0, 0, 9}).message(),
            "path = 9, outside [0, 2] (0 auto, 1 blocked, 2 small-M)");
}

TEST(ValidateAnswerTest, ChecksTheCudaFields) {
  EXPECT_TRUE(
      ValidateAnswer(tv_tile_config{128, 256, 64, 0, 0, 0, 0, 0, 0, 0, 64, 256, 4, 8, 3, TV_GPU_KERNEL_WGMMA})
          .ok());
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 0, 0, 0, -1}).message(),
            "warp_m = -1, outside [0, 1024]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0, 2048}).message(),
            "warp_n = 2048, outside [0, 1024]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 65}).message(),
            "stages = 65, outside [0, 64]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -2}).message(),
            "split_k = -2, outside [0, 1024]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32}).message(),
            "swizzle = 32, outside [0, 31]");
  EXPECT_EQ(ValidateAnswer(tv_tile_config{64, 64, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4}).message(),
            "gpu_kernel = 4, outside [0, 3] (0 auto, 1 mma.sync, 2 wgmma, 3 stream)");
  EXPECT_TRUE(ValidateAnswer(tv_tile_config{1, 32, 64, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}).ok());
}

// ---- ParseHostOutput ----

struct Parsed {
  Status status;
  std::vector<tv_tile_config> tiles;
  std::vector<ProbeShape> nondeterministic;
  double slowest_us = -1;
};

Parsed Parse(const std::string& text, size_t shapes) {
  Parsed p;
  p.status = ParseHostOutput(text, shapes, &p.tiles, &p.nondeterministic, &p.slowest_us);
  return p;
}

const char kTwoShapes[] =
    "tilevolve-tiles 1\n"
    "64 64 64 32 256 128 6 16 2 1 1 2 1\n"
    "1 4096 4096 -8 0 70000 0 0 0 0 0 0 2\n"
    "slowest_call_us 12.5\n"
    "end 2\n";

TEST(ParseHostOutputTest, ReadsEveryFieldInOrder) {
  Parsed p = Parse(kTwoShapes, 2);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.tiles.size(), 2u);
  const tv_tile_config& t = p.tiles[0];
  EXPECT_EQ(t.mc, 32);
  EXPECT_EQ(t.nc, 256);
  EXPECT_EQ(t.kc, 128);
  EXPECT_EQ(t.mr, 6);
  EXPECT_EQ(t.nr, 16);
  EXPECT_EQ(t.threads, 2);
  EXPECT_EQ(t.parallel, 1);
  EXPECT_EQ(t.pack_a, 1);
  EXPECT_EQ(t.pack_b, 2);
  EXPECT_EQ(t.path, 1);
  // The parser reads values; judging them is ValidateAnswer's job.
  EXPECT_EQ(p.tiles[1].mc, -8);
  EXPECT_EQ(p.tiles[1].kc, 70000);
  EXPECT_EQ(p.tiles[1].path, 2);
  EXPECT_TRUE(p.nondeterministic.empty());
  EXPECT_DOUBLE_EQ(p.slowest_us, 12.5);
}

TEST(ParseHostOutputTest, ReadsTheCudaFieldsOfVersion2) {
  Parsed p = Parse(
      "tilevolve-tiles 2\n"
      "4096 4096 4096 128 256 64 0 0 0 0 0 0 0 64 256 4 1 3 2\n"
      "1 4096 4096 64 64 64 0 0 0 0 0 0 0 0 0 0 5 0 1\n"
      "slowest_call_us 0.5\n"
      "end 2\n",
      2);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.tiles.size(), 2u);
  const tv_tile_config& t = p.tiles[0];
  EXPECT_EQ(t.mc, 128);
  EXPECT_EQ(t.nc, 256);
  EXPECT_EQ(t.kc, 64);
  EXPECT_EQ(t.path, 0);
  EXPECT_EQ(t.warp_m, 64);
  EXPECT_EQ(t.warp_n, 256);
  EXPECT_EQ(t.stages, 4);
  EXPECT_EQ(t.split_k, 1);
  EXPECT_EQ(t.swizzle, 3);
  EXPECT_EQ(t.gpu_kernel, TV_GPU_KERNEL_WGMMA);
  EXPECT_EQ(p.tiles[1].split_k, 5);
  EXPECT_EQ(p.tiles[1].gpu_kernel, TV_GPU_KERNEL_MMA_SYNC);
}

TEST(ParseHostOutputTest, Version1LeavesTheCudaFieldsAuto) {
  Parsed p = Parse(kTwoShapes, 2);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  for (const tv_tile_config& t : p.tiles) {
    EXPECT_EQ(t.warp_m, 0);
    EXPECT_EQ(t.warp_n, 0);
    EXPECT_EQ(t.stages, 0);
    EXPECT_EQ(t.split_k, 0);
    EXPECT_EQ(t.swizzle, 0);
    EXPECT_EQ(t.gpu_kernel, 0);
  }
}

TEST(ParseHostOutputTest, ListsNondeterministicShapes) {
  Parsed p = Parse(
      "tilevolve-tiles 1\n"
      "64 64 64 32 256 128 0 0 0 0 0 0 0\n"
      "128 128 128 32 256 128 0 0 0 0 0 0 0\n"
      "nondeterministic 64 64 64\n"
      "nondeterministic 128 128 128\n"
      "slowest_call_us 3\n"
      "end 2\n",
      2);
  ASSERT_TRUE(p.status.ok()) << p.status.message();
  ASSERT_EQ(p.nondeterministic.size(), 2u);
  EXPECT_EQ(p.nondeterministic[0].m, 64);
  EXPECT_EQ(p.nondeterministic[1].k, 128);
  EXPECT_DOUBLE_EQ(p.slowest_us, 3);
}

TEST(ParseHostOutputTest, NoShapesIsValid) {
  Parsed p = Parse("tilevolve-tiles 1\nslowest_call_us 0.0\nend 0\n", 0);
  EXPECT_TRUE(p.status.ok()) << p.status.message();
  EXPECT_TRUE(p.tiles.empty());
}

TEST(ParseHostOutputTest, RejectsMalformedOutputNamingTheLine) {
  struct Case {
    std::string text;
    size_t shapes;
    std::string expected;  // part of the message
  };
  const std::vector<Case> cases = {
      {"", 2, "empty or cut short"},
      {std::string(kTwoShapes).substr(0, sizeof kTwoShapes - 2), 2, "cut short"},
      {"tilevolve-tiles 3\nslowest_call_us 0\nend 0\n", 0,
       "line 1 (\"tilevolve-tiles 3\"): expected the header \"tilevolve-tiles 2\""},
      {"tilevolve-tiles 2\n64 64 64 32 256 128 0 0 0 0 0 0 0\nslowest_call_us 1\nend 1\n", 1,
       "expected 19 integers: M N K mc nc kc mr nr threads parallel pack_a pack_b path warp_m warp_n stages "
       "split_k swizzle gpu_kernel"},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0 0 64 64 4 1 3 2\nslowest_call_us 1\nend 1\n", 1,
       "expected 13 integers"},
      {kTwoShapes, 3, "too few for 3 shapes"},
      {kTwoShapes, 1, "line 3 (\"1 4096 4096 -8 0 70000 0 0 0 0 0 0 2\"): expected \"slowest_call_us U\""},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0\nslowest_call_us 1\nend 1\n", 1,
       "line 2 (\"64 64 64 32 256 128 0 0 0 0 0 0\"): expected 13 integers"},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0 0 0\nslowest_call_us 1\nend 1\n", 1,
       "expected 13 integers"},
      {"tilevolve-tiles 1\n64 64 64 32 x 128 0 0 0 0 0 0 0\nslowest_call_us 1\nend 1\n", 1,
       "expected 13 integers"},
      {"tilevolve-tiles 1\n64 64 64 32 99999999999 128 0 0 0 0 0 0 0\nslowest_call_us 1\nend 1\n", 1,
       "expected 13 integers"},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0 0\nnondeterministic 64 64\nslowest_call_us 1\nend "
       "1\n",
       1, "expected \"nondeterministic M N K\""},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0 0\nslowest_call_us fast\nend 1\n", 1,
       "expected a non-negative number of microseconds"},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0 0\nslowest_call_us -1\nend 1\n", 1,
       "non-negative"},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0 0\nslowest_call_us 1\nend 2\n", 1,
       "line 4 (\"end 2\"): expected \"end 1\""},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0 0\nslowest_call_us 1\nend 1\nmore\n", 1,
       "line 5 (\"more\"): unexpected text after the end line"},
      {"tilevolve-tiles 1\n64 64 64 32 256 128 0 0 0 0 0 0 0\nslowest_call_us 1\n\n", 1,
       "expected \"end 1\""},
  };
  for (const Case& c : cases) {
    Parsed p = Parse(c.text, c.shapes);
    EXPECT_FALSE(p.status.ok()) << c.text;
    EXPECT_TRUE(Contains(p.status.message(), c.expected)) << p.status.message() << "\nfor:\n" << c.text;
  }
}

// ---- the outcome mapping, with canned runs ----

// Returns a canned result, and records the spec and what the request directory held during the run.
class CannedRunner final : public SandboxRunner {
 public:
  explicit CannedRunner(SandboxResult result) : result_(std::move(result)) {}
  SandboxResult Run(const SandboxSpec& spec) override {
    spec_ = spec;
    if (spec.argv.size() == 3) {
      device_bytes_ = ReadText(spec.argv[1] + "/device.bin");
      shapes_text_ = ReadText(spec.argv[1] + "/shapes.txt");
    }
    return result_;
  }
  SandboxSpec spec_;
  std::string device_bytes_;
  std::string shapes_text_;

 private:
  SandboxResult result_;
};

SandboxResult Exited(int code, const std::string& err) {
  SandboxResult r;
  r.outcome = code == 0 ? SandboxOutcome::kOk : SandboxOutcome::kExitedNonZero;
  r.exit_code = code;
  r.stderr_text = err;
  r.message = "exited with code " + std::to_string(code);
  return r;
}

class ProbeMappingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tv_probe_mapping_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    options_.temp_root = root_;
    options_.host_path = "/opt/tilevolve/tilevolve-heuristic-host";
  }
  void TearDown() override {
    EXPECT_TRUE(fs::is_empty(root_)) << "the request directory was left behind under " << root_;
    fs::remove_all(root_);
  }

  ProbeResult Probe(const SandboxResult& canned, const std::vector<ProbeShape>& shapes = kShapes) {
    CannedRunner runner(canned);
    ProbeResult r = ProbeHeuristic("/cache/abc.so", shapes, tv_device_info{}, options_, runner);
    last_spec_ = runner.spec_;
    device_bytes_ = runner.device_bytes_;
    shapes_text_ = runner.shapes_text_;
    return r;
  }

  std::string root_;
  ProbeOptions options_;
  SandboxSpec last_spec_;
  std::string device_bytes_;
  std::string shapes_text_;
};

TEST_F(ProbeMappingTest, RunsTheHostWithARequestDirectoryItRemovesAfterwards) {
  ProbeResult r = Probe(Exited(0,
                               "tilevolve-tiles 1\n"
                               "64 64 64 64 64 64 0 0 0 0 0 0 0\n"
                               "slowest_call_us 1\nend 1\n"),
                        {{64, 64, 64}});
  ASSERT_EQ(last_spec_.argv.size(), 3u);
  EXPECT_EQ(last_spec_.argv[0], "/opt/tilevolve/tilevolve-heuristic-host");
  EXPECT_EQ(fs::path(last_spec_.argv[1]).parent_path().string(), root_);
  EXPECT_EQ(last_spec_.argv[2], "/cache/abc.so");
  EXPECT_EQ(last_spec_.env, (std::vector<std::string>{"PATH=/usr/bin:/bin", "LANG=C"}));
  EXPECT_EQ(device_bytes_.size(), sizeof(tv_device_info));
  EXPECT_EQ(shapes_text_, "64 64 64\n");
  EXPECT_EQ(last_spec_.limits.wall_seconds, 5);
  EXPECT_EQ(last_spec_.limits.address_space_bytes, 2ull << 30);
  EXPECT_EQ(last_spec_.limits.max_tasks, 4);
  EXPECT_FALSE(fs::exists(last_spec_.argv[1]));
}

TEST_F(ProbeMappingTest, StdoutCapGrowsWithTheNumberOfShapes) {
  std::vector<ProbeShape> many(20000, ProbeShape{8, 8, 8});
  Probe(Exited(1, ""), many);
  EXPECT_GE(last_spec_.limits.stdout_cap_bytes, many.size() * 200);
}

TEST_F(ProbeMappingTest, ParsesValidatesAndReturnsTheTiles) {
  SandboxResult run = Exited(0,
                             "tilevolve-tiles 1\n"
                             "64 64 64 64 128 32 0 0 0 0 0 0 0\n"
                             "4096 4096 4096 128 512 256 6 16 0 1 1 1 1\n"
                             "slowest_call_us 2.5\nend 2\n");
  run.stdout_text = run.stderr_text;
  run.stderr_text = "chatter\n";
  ProbeResult r = Probe(run, {{64, 64, 64}, {4096, 4096, 4096}});
  ASSERT_EQ(r.outcome, ProbeOutcome::kOk) << r.message;
  ASSERT_EQ(r.tiles.size(), 2u);
  EXPECT_EQ(r.tiles[1].nc, 512);
  EXPECT_EQ(r.tiles[1].path, 1);
  EXPECT_DOUBLE_EQ(r.slowest_call_us, 2.5);
  EXPECT_EQ(r.stderr_text, "chatter\n");
  EXPECT_EQ(r.message, "answered 2 shapes; slowest answer 2.5 us");
}

TEST_F(ProbeMappingTest, HostExitCodesBecomeOutcomesWithTheHostsMessage) {
  ProbeResult bad =
      Probe(Exited(kHostExitBadProgram, "tilevolve-heuristic-host: cannot load x.so: not ELF\n"));
  EXPECT_EQ(bad.outcome, ProbeOutcome::kBadProgram);
  EXPECT_EQ(bad.message, "cannot load x.so: not ELF");

  ProbeResult forbidden = Probe(Exited(kHostExitForbiddenCall,
                                       "debug line\ntilevolve-heuristic-host: the heuristic made a forbidden "
                                       "system call: socket (number 41)\n"));
  EXPECT_EQ(forbidden.outcome, ProbeOutcome::kForbiddenCall);
  EXPECT_EQ(forbidden.message, "the heuristic made a forbidden system call: socket (number 41)");

  ProbeResult host =
      Probe(Exited(kHostExitBadRequest, "tilevolve-heuristic-host: device.bin holds 3 bytes\n"));
  EXPECT_EQ(host.outcome, ProbeOutcome::kHostFailed);
  EXPECT_TRUE(Contains(host.message, "device.bin holds 3 bytes")) << host.message;

  ProbeResult other = Probe(Exited(7, "giving up\n"));
  EXPECT_EQ(other.outcome, ProbeOutcome::kCrashed);
  EXPECT_TRUE(Contains(other.message, "exit code 7")) << other.message;
  EXPECT_TRUE(Contains(other.message, "giving up")) << other.message;
}

TEST_F(ProbeMappingTest, SandboxOutcomesMapWithTheProgramsLastWords) {
  struct Case {
    SandboxOutcome sandbox;
    int signal;
    ProbeOutcome expected;
  };
  const std::vector<Case> cases = {
      {SandboxOutcome::kTimedOut, SIGKILL, ProbeOutcome::kTimedOut},
      {SandboxOutcome::kCpuLimit, SIGXCPU, ProbeOutcome::kCpuLimit},
      {SandboxOutcome::kMemoryLimit, SIGABRT, ProbeOutcome::kMemoryLimit},
      {SandboxOutcome::kOutputTooLarge, 0, ProbeOutcome::kOutputTooLarge},
      {SandboxOutcome::kCrashed, SIGSEGV, ProbeOutcome::kCrashed},
      {SandboxOutcome::kCrashed, SIGSYS, ProbeOutcome::kForbiddenCall},
      {SandboxOutcome::kSpawnFailed, 0, ProbeOutcome::kHostFailed},
  };
  for (const Case& c : cases) {
    SandboxResult run;
    run.outcome = c.sandbox;
    run.signal = c.signal;
    run.message = "the sandbox says " + std::string(OutcomeName(c.sandbox));
    run.stderr_text = "first\nsecond\nthird\n";
    ProbeResult r = Probe(run);
    EXPECT_EQ(r.outcome, c.expected) << OutcomeName(c.sandbox) << ": " << r.message;
    if (c.sandbox != SandboxOutcome::kSpawnFailed) {
      EXPECT_TRUE(Contains(r.message, "last on stderr: second | third")) << r.message;
    }
    if (c.signal != SIGSYS) {
      EXPECT_TRUE(Contains(r.message, run.message)) << r.message;
    }
    EXPECT_EQ(r.stderr_text, run.stderr_text);
  }
}

TEST_F(ProbeMappingTest, OutputThatDoesNotParseIsBadOutput) {
  SandboxResult garbage = Exited(0, "");
  garbage.stdout_text = "tilevolve-tiles 1\nnonsense\nslowest_call_us 1\nend 1\n";
  ProbeResult r = Probe(garbage, {{64, 64, 64}});
  EXPECT_EQ(r.outcome, ProbeOutcome::kBadOutput);
  EXPECT_TRUE(Contains(r.message, "line 2 (\"nonsense\")")) << r.message;

  ProbeResult empty = Probe(Exited(0, ""));
  EXPECT_EQ(empty.outcome, ProbeOutcome::kBadOutput);
  EXPECT_TRUE(Contains(empty.message, "without printing its answers")) << empty.message;
}

TEST_F(ProbeMappingTest, TheFirstInvalidAnswerNamesItsShapeAndField) {
  SandboxResult run = Exited(0, "");
  run.stdout_text =
      "tilevolve-tiles 1\n"
      "64 64 64 64 64 64 0 0 0 0 0 0 0\n"
      "4096 4096 4096 64 64 0 0 0 0 0 0 0 0\n"
      "8 8 8 64 64 -1 0 0 0 0 0 0 0\n"
      "slowest_call_us 1\nend 3\n";
  ProbeResult r = Probe(run, {{64, 64, 64}, {4096, 4096, 4096}, {8, 8, 8}});
  EXPECT_EQ(r.outcome, ProbeOutcome::kInvalidTiles);
  EXPECT_TRUE(
      Contains(r.message, "returned invalid tiles for 4096 x 4096 x 4096: kc = 0, outside [1, 65536]"))
      << r.message;
  EXPECT_TRUE(r.tiles.empty());
}

TEST_F(ProbeMappingTest, NondeterminismAndSlownessAreInvalidTiles) {
  SandboxResult run = Exited(0, "");
  run.stdout_text =
      "tilevolve-tiles 1\n"
      "64 64 64 64 64 64 0 0 0 0 0 0 0\n"
      "nondeterministic 64 64 64\n"
      "slowest_call_us 1\nend 1\n";
  ProbeResult r = Probe(run, {{64, 64, 64}});
  EXPECT_EQ(r.outcome, ProbeOutcome::kInvalidTiles);
  EXPECT_TRUE(Contains(r.message, "returned different tiles for 64 x 64 x 64 when asked twice")) << r.message;

  run.stdout_text = "tilevolve-tiles 1\n64 64 64 64 64 64 0 0 0 0 0 0 0\nslowest_call_us 45000\nend 1\n";
  ProbeResult slow = Probe(run, {{64, 64, 64}});
  EXPECT_EQ(slow.outcome, ProbeOutcome::kInvalidTiles);
  EXPECT_TRUE(Contains(slow.message, "took 45.0 ms for one answer; the limit is 20.0 ms")) << slow.message;
  EXPECT_DOUBLE_EQ(slow.slowest_call_us, 45000);
}

TEST_F(ProbeMappingTest, UnwritableTempRootIsAHostFailureWithAMessage) {
  options_.temp_root = root_ + "/does/not/exist";
  ProbeResult r = Probe(Exited(0, ""));
  EXPECT_EQ(r.outcome, ProbeOutcome::kHostFailed);
  EXPECT_TRUE(Contains(r.message, "cannot create a request directory under " + options_.temp_root))
      << r.message;
}

TEST(ProbeOutcomeNameTest, StableNames) {
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kOk), "ok");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kBadProgram), "bad_program");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kForbiddenCall), "forbidden_syscall");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kTimedOut), "timed_out");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kCpuLimit), "cpu_limit");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kCrashed), "crashed");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kMemoryLimit), "memory_limit");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kOutputTooLarge), "output_too_large");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kBadOutput), "bad_output");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kInvalidTiles), "invalid_tiles");
  EXPECT_STREQ(ProbeOutcomeName(ProbeOutcome::kHostFailed), "host_failed");
}

TEST(DefaultHostPathTest, BesideTheRunningExecutableUnlessTheEnvironmentSaysOtherwise) {
  ::unsetenv("TILEVOLVE_HEURISTIC_HOST");
  EXPECT_EQ(DefaultHostPath(),
            (fs::read_symlink("/proc/self/exe").parent_path() / "tilevolve-heuristic-host").string());
  ::setenv("TILEVOLVE_HEURISTIC_HOST", "/somewhere/host", 1);
  EXPECT_EQ(DefaultHostPath(), "/somewhere/host");
  ::unsetenv("TILEVOLVE_HEURISTIC_HOST");
}

}  // namespace
}  // namespace tv::evolve
