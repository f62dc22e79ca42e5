// CompileProgram against the real compiler (through ProcessSandboxRunner) on
// the programs in tests/evolve/heuristics/compile_*.cpp, and against a canned
// runner for the outcomes a real compiler cannot be made to show on demand.
// Every test uses a fresh cache folder and checks that nothing but cache
// entries is left in it.
#include "evolve/program_compiler.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "evolve/embedded_headers.h"

namespace tv::evolve {
namespace {

namespace fs = std::filesystem;

std::string HeuristicPath(const std::string& name) {
  return std::string(TV_TEST_HEURISTICS_DIR) + "/" + name;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The dynamic symbols an object defines, via nm (the object is never loaded here).
std::string DefinedDynamicSymbols(const std::string& object_path) {
  std::string command = "nm -D --defined-only '" + object_path + "' 2>&1";
  std::FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "";
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
  ::pclose(pipe);
  return out;
}

// Returns canned results and records what it was asked to run.
class CannedRunner final : public SandboxRunner {
 public:
  explicit CannedRunner(SandboxResult result) : result_(std::move(result)) {}
  SandboxResult Run(const SandboxSpec& spec) override {
    specs.push_back(spec);
    return result_;
  }
  std::vector<SandboxSpec> specs;

 private:
  SandboxResult result_;
};

class ProgramCompilerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tv_program_compiler_test.XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    root_ = pattern;
    options_.cache_dir = root_ + "/cache";
  }

  void TearDown() override {
    ExpectOnlyCacheEntriesLeft();
    fs::remove_all(root_);
  }

  Result<CompiledProgram> Compile(const std::string& program_path) {
    return CompileProgram(program_path, options_, runner_);
  }

  // A copy of a test program under the test's folder, so a test may edit it.
  std::string CopyOf(const std::string& name, const std::string& as = "program.cpp") {
    std::string path = root_ + "/" + as;
    WriteText(path, ReadText(HeuristicPath(name)));
    return path;
  }

  // Only <hash>.so, <hash>.failed, include/, abi_check.cc and an empty tmp/ may remain.
  void ExpectOnlyCacheEntriesLeft() {
    if (!fs::exists(options_.cache_dir)) return;
    for (const fs::directory_entry& entry : fs::directory_iterator(options_.cache_dir)) {
      std::string name = entry.path().filename().string();
      std::string ext = entry.path().extension().string();
      bool cache_entry = (ext == ".so" || ext == ".failed") && entry.path().stem().string().size() == 32;
      EXPECT_TRUE(cache_entry || name == "include" || name == "abi_check.cc" || name == "tmp") << name;
    }
    if (fs::exists(options_.cache_dir + "/tmp")) {
      EXPECT_TRUE(fs::is_empty(options_.cache_dir + "/tmp"))
          << "files left under " << options_.cache_dir << "/tmp";
    }
  }

  std::string root_;
  CompileOptions options_;
  ProcessSandboxRunner runner_;
};

TEST_F(ProgramCompilerTest, GoodProgramCompilesToAnObjectThatExportsTheEntryPoint) {
  Result<CompiledProgram> r = Compile(HeuristicPath("compile_good.cpp"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->ok) << r->message;
  EXPECT_EQ(r->outcome, "ok");
  EXPECT_FALSE(r->cached);
  EXPECT_TRUE(r->message.empty()) << r->message;
  ASSERT_EQ(r->hash.size(), 32u);
  EXPECT_EQ(r->hash.find_first_not_of("0123456789abcdef"), std::string::npos) << r->hash;
  EXPECT_EQ(r->object_path, fs::absolute(options_.cache_dir).string() + "/" + r->hash + ".so");
  ASSERT_TRUE(fs::exists(r->object_path));
  EXPECT_GT(fs::file_size(r->object_path), 0u);
  std::string symbols = DefinedDynamicSymbols(r->object_path);
  EXPECT_TRUE(Contains(symbols, " choose_tile_size\n")) << symbols;
  EXPECT_TRUE(Contains(symbols, " tv_heuristic_abi_version\n")) << symbols;
  EXPECT_GT(r->seconds, 0);
}

TEST_F(ProgramCompilerTest, ProgramWithoutExternCOrIncludeCompiles) {
  Result<CompiledProgram> r = Compile(HeuristicPath("compile_another_good.cpp"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->ok) << r->message;
  EXPECT_TRUE(Contains(DefinedDynamicSymbols(r->object_path), " choose_tile_size\n"));
}

TEST_F(ProgramCompilerTest, ExampleInitialProgramCompiles) {
  Result<CompiledProgram> r =
      Compile(std::string(TV_SOURCE_DIR) + "/examples/gemm_tiling/initial_program.cpp");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->ok) << r->message;
}

TEST_F(ProgramCompilerTest, SecondCompileOfTheSameTextIsServedFromTheCache) {
  Result<CompiledProgram> first = Compile(HeuristicPath("compile_good.cpp"));
  ASSERT_TRUE(first.ok() && first->ok);
  Result<CompiledProgram> second = Compile(HeuristicPath("compile_good.cpp"));
  ASSERT_TRUE(second.ok()) << second.status().message();
  EXPECT_TRUE(second->ok);
  EXPECT_TRUE(second->cached);
  EXPECT_EQ(second->hash, first->hash);
  EXPECT_EQ(second->object_path, first->object_path);

  // The key is the text, not the path.
  Result<CompiledProgram> copy = Compile(CopyOf("compile_good.cpp", "elsewhere.cpp"));
  ASSERT_TRUE(copy.ok());
  EXPECT_TRUE(copy->cached);
  EXPECT_EQ(copy->hash, first->hash);
}

TEST_F(ProgramCompilerTest, ConcurrentCompilesOfOneProgramAllSucceed) {
  constexpr int kThreads = 4;
  std::vector<Result<CompiledProgram>> results(kThreads, Status::Internal("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      ProcessSandboxRunner runner;
      results[i] = CompileProgram(HeuristicPath("compile_another_good.cpp"), options_, runner);
    });
  }
  for (std::thread& t : threads) t.join();
  for (const Result<CompiledProgram>& r : results) {
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_TRUE(r->ok) << r->message;
    EXPECT_EQ(r->object_path, results[0]->object_path);
  }
  EXPECT_GT(fs::file_size(results[0]->object_path), 0u);
}

TEST_F(ProgramCompilerTest, ChangingOneByteChangesTheHash) {
  std::string path = CopyOf("compile_good.cpp");
  Result<CompiledProgram> first = Compile(path);
  ASSERT_TRUE(first.ok() && first->ok);
  std::string text = ReadText(path);
  std::size_t pos = text.find("256");
  ASSERT_NE(pos, std::string::npos);
  text[pos] = '1';  // nc 256 -> 156
  WriteText(path, text);
  Result<CompiledProgram> second = Compile(path);
  ASSERT_TRUE(second.ok() && second->ok);
  EXPECT_FALSE(second->cached);
  EXPECT_NE(second->hash, first->hash);
  EXPECT_TRUE(fs::exists(first->object_path));
  EXPECT_TRUE(fs::exists(second->object_path));
}

TEST_F(ProgramCompilerTest, SyntaxErrorIsACachedCompileFailureNamingTheCallersFile) {
  std::string path = CopyOf("compile_syntax_error.cpp");
  Result<CompiledProgram> r = Compile(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->outcome, "compile_failed");
  EXPECT_FALSE(r->cached);
  EXPECT_TRUE(r->object_path.empty());
  EXPECT_TRUE(Contains(r->message, path + ":4:3: error: expected ',' or ';' before 'tiles'")) << r->message;
  EXPECT_FALSE(Contains(r->message, options_.cache_dir)) << r->message;
  EXPECT_FALSE(Contains(r->message, r->hash)) << r->message;
  EXPECT_TRUE(fs::exists(options_.cache_dir + "/" + r->hash + ".failed"));

  Result<CompiledProgram> again = Compile(path);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->ok);
  EXPECT_TRUE(again->cached);
  EXPECT_EQ(again->outcome, "compile_failed");
  EXPECT_EQ(again->message, r->message);

  // The same text elsewhere: still cached, and the message names the new path.
  std::string other = CopyOf("compile_syntax_error.cpp", "other.cpp");
  Result<CompiledProgram> moved = Compile(other);
  ASSERT_TRUE(moved.ok());
  EXPECT_TRUE(moved->cached);
  EXPECT_TRUE(Contains(moved->message, other + ":4:3:")) << moved->message;
  EXPECT_FALSE(Contains(moved->message, path + ":")) << moved->message;
}

TEST_F(ProgramCompilerTest, MissingEntryPointFailsToLinkNamingIt) {
  Result<CompiledProgram> r = Compile(HeuristicPath("compile_missing_function.cpp"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->outcome, "compile_failed");
  EXPECT_TRUE(Contains(r->message, "undefined reference to `choose_tile_size'")) << r->message;
  EXPECT_TRUE(Contains(r->message, "a heuristic must define")) << r->message;
  EXPECT_FALSE(Contains(r->message, options_.cache_dir)) << r->message;
}

TEST_F(ProgramCompilerTest, CppOverloadWithOtherParametersFailsToLinkNamingTheEntryPoint) {
  Result<CompiledProgram> r = Compile(HeuristicPath("compile_wrong_signature.cpp"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->outcome, "compile_failed");
  EXPECT_TRUE(Contains(r->message, "undefined reference to `choose_tile_size'")) << r->message;
}

TEST_F(ProgramCompilerTest, WrongReturnTypeConflictsWithTheHeader) {
  std::string path = HeuristicPath("compile_wrong_return_type.cpp");
  Result<CompiledProgram> r = Compile(path);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->outcome, "compile_failed");
  EXPECT_TRUE(Contains(r->message, "conflicting declaration of C function 'int choose_tile_size"))
      << r->message;
  EXPECT_TRUE(Contains(r->message, path + ":3:")) << r->message;
  // The header is named by its include path, not by where the cache keeps it.
  EXPECT_TRUE(Contains(r->message, "tilevolve/heuristic.h:")) << r->message;
  EXPECT_FALSE(Contains(r->message, options_.cache_dir)) << r->message;
}

TEST_F(ProgramCompilerTest, CompilerThatHangsTimesOutIsNotCachedAndLeavesNothing) {
  options_.limits.wall_seconds = 3;
  Result<CompiledProgram> r = Compile(HeuristicPath("compile_include_dev_zero.cpp"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_FALSE(r->ok);
  EXPECT_EQ(r->outcome, "timed_out") << r->message;
  EXPECT_TRUE(Contains(r->message, "did not finish within 3 s")) << r->message;
  EXPECT_FALSE(r->cached);
  EXPECT_LT(r->seconds, 30) << "the sandbox's deadline did not end the compiler";
  EXPECT_FALSE(fs::exists(options_.cache_dir + "/" + r->hash + ".failed"));
  EXPECT_FALSE(fs::exists(options_.cache_dir + "/" + r->hash + ".so"));
  // TearDown checks that tmp/ is empty.
}

TEST_F(ProgramCompilerTest, UnreadableProgramIsAnErrorNamingThePath) {
  std::string missing = root_ + "/no_such_program.cpp";
  Result<CompiledProgram> r = Compile(missing);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(Contains(r.status().message(), missing)) << r.status().message();

  Result<CompiledProgram> dir = Compile(root_);
  ASSERT_FALSE(dir.ok());
  EXPECT_TRUE(Contains(dir.status().message(), root_)) << dir.status().message();

  Result<CompiledProgram> device = Compile("/dev/zero");
  ASSERT_FALSE(device.ok());
  EXPECT_TRUE(Contains(device.status().message(), "not a regular file")) << device.status().message();
}

TEST_F(ProgramCompilerTest, MissingCompilerIsAnError) {
  options_.compiler = root_ + "/no-such-compiler";
  Result<CompiledProgram> r = Compile(HeuristicPath("compile_good.cpp"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(Contains(r.status().message(), "no-such-compiler")) << r.status().message();
}

TEST_F(ProgramCompilerTest, EmbeddedHeadersAreThePublicHeadersAndAreWrittenIntoTheCache) {
  std::set<std::string> embedded;
  for (const EmbeddedHeader& header : EmbeddedPublicHeaders()) {
    embedded.insert(std::string(header.include_path));
    EXPECT_EQ(header.text,
              ReadText(std::string(TV_SOURCE_DIR) + "/include/" + std::string(header.include_path)))
        << header.include_path << " differs from the source tree: re-run cmake";
  }
  // Every tilevolve header that an embedded header includes is embedded too.
  for (const EmbeddedHeader& header : EmbeddedPublicHeaders()) {
    std::istringstream lines{std::string(header.text)};
    for (std::string line; std::getline(lines, line);) {
      std::size_t pos = line.find("#include \"tilevolve/");
      if (pos == std::string::npos) continue;
      std::string included = line.substr(pos + 10, line.find('"', pos + 10) - (pos + 10));
      EXPECT_EQ(embedded.count(included), 1u) << header.include_path << " includes " << included;
    }
  }
  EXPECT_EQ(embedded.count("tilevolve/heuristic.h"), 1u);

  // A stale header in the cache is replaced on the next compile.
  std::string cached_header = options_.cache_dir + "/include/tilevolve/heuristic.h";
  ASSERT_TRUE(Compile(HeuristicPath("compile_good.cpp")).ok());
  WriteText(cached_header, "#error stale header\n");
  Result<CompiledProgram> r = Compile(HeuristicPath("compile_another_good.cpp"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->ok) << r->message;
  for (const EmbeddedHeader& header : EmbeddedPublicHeaders()) {
    EXPECT_EQ(ReadText(options_.cache_dir + "/include/" + std::string(header.include_path)), header.text);
  }
}

TEST_F(ProgramCompilerTest, CompilerRunsInTheSandboxWithTheFixedCommandLine) {
  SandboxResult canned;
  canned.outcome = SandboxOutcome::kExitedNonZero;
  canned.exit_code = 1;
  canned.stderr_text = "some error\n";
  CannedRunner canned_runner(canned);
  options_.limits.wall_seconds = 7;
  Result<CompiledProgram> r = CompileProgram(HeuristicPath("compile_good.cpp"), options_, canned_runner);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(canned_runner.specs.size(), 1u);
  const SandboxSpec& spec = canned_runner.specs[0];
  const std::string cache = fs::absolute(options_.cache_dir).string();
  ASSERT_EQ(spec.argv.size(), 13u);
  EXPECT_EQ(spec.argv[0], "c++");
  std::vector<std::string> fixed(spec.argv.begin() + 1, spec.argv.begin() + 8);
  EXPECT_EQ(fixed, (std::vector<std::string>{"-std=c++20", "-O2", "-fPIC", "-shared", "-include",
                                             "tilevolve/heuristic.h", "-I" + cache + "/include"}));
  const std::string work_dir = cache + "/tmp/" + r->hash + ".";
  EXPECT_EQ(spec.argv[8].rfind(work_dir, 0), 0u) << spec.argv[8];  // the program's private copy
  EXPECT_EQ(spec.argv[8].substr(spec.argv[8].size() - 37), "/" + r->hash + ".cpp");
  EXPECT_EQ(spec.argv[9], cache + "/abi_check.cc");
  EXPECT_EQ(spec.argv[10], "-Wl,--no-undefined");
  EXPECT_EQ(spec.argv[11], "-o");
  EXPECT_EQ(spec.argv[12].rfind(work_dir, 0), 0u) << spec.argv[12];
  EXPECT_TRUE(spec.isolate_network);
  EXPECT_EQ(spec.limits.wall_seconds, 7);
  EXPECT_EQ(spec.working_dir.rfind(work_dir, 0), 0u) << spec.working_dir;
  bool has_tmpdir = false, has_lang = false;
  for (const std::string& var : spec.env) {
    has_tmpdir |= var == "TMPDIR=" + spec.working_dir;
    has_lang |= var == "LC_ALL=C";
  }
  EXPECT_TRUE(has_tmpdir && has_lang);
  EXPECT_EQ(r->outcome, "compile_failed");
  EXPECT_EQ(r->message, "some error\n");
}

TEST_F(ProgramCompilerTest, CompilerThatHitsALimitIsNotCached) {
  const std::pair<SandboxOutcome, std::string> cases[] = {
      {SandboxOutcome::kMemoryLimit, "memory_limit"},
      {SandboxOutcome::kCpuLimit, "cpu_limit"},
      {SandboxOutcome::kCrashed, "crashed"},
      {SandboxOutcome::kOutputTooLarge, "output_too_large"},
  };
  for (const auto& [outcome, name] : cases) {
    SandboxResult canned;
    canned.outcome = outcome;
    canned.message = "canned " + name;
    canned.stderr_text = "cc1plus: out of memory allocating 65536 bytes\n";
    CannedRunner canned_runner(canned);
    for (int call = 0; call < 2; ++call) {
      Result<CompiledProgram> r = CompileProgram(HeuristicPath("compile_good.cpp"), options_, canned_runner);
      ASSERT_TRUE(r.ok()) << r.status().message();
      EXPECT_FALSE(r->ok);
      EXPECT_FALSE(r->cached) << name;
      EXPECT_EQ(r->outcome, name);
      EXPECT_TRUE(Contains(r->message, "canned " + name)) << r->message;
      EXPECT_TRUE(Contains(r->message, "out of memory allocating")) << r->message;
    }
    EXPECT_EQ(canned_runner.specs.size(), 2u) << name << ": the second call must run the compiler again";
  }
}

TEST_F(ProgramCompilerTest, CompilerThatCannotStartIsAnError) {
  SandboxResult canned;
  canned.outcome = SandboxOutcome::kSpawnFailed;
  canned.message = "could not start c++: canned";
  CannedRunner canned_runner(canned);
  Result<CompiledProgram> r = CompileProgram(HeuristicPath("compile_good.cpp"), options_, canned_runner);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable);
  EXPECT_TRUE(Contains(r.status().message(), "canned")) << r.status().message();
}

TEST_F(ProgramCompilerTest, LongDiagnosticsAreCappedAndMadeValidUtf8) {
  SandboxResult canned;
  canned.outcome = SandboxOutcome::kExitedNonZero;
  canned.exit_code = 1;
  for (int i = 0; i < 2000; ++i) canned.stderr_text += "error line " + std::to_string(i) + " \xff\n";
  CannedRunner canned_runner(canned);
  Result<CompiledProgram> r = CompileProgram(HeuristicPath("compile_good.cpp"), options_, canned_runner);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_LE(r->message.size(), 9000u);
  EXPECT_TRUE(Contains(r->message, "error line 0 ?\n")) << r->message.substr(0, 100);
  EXPECT_TRUE(Contains(r->message, "more bytes of compiler output cut]")) << r->message;
  EXPECT_FALSE(Contains(r->message, "\xff"));
}

TEST(DefaultProgramCacheDirTest, IsProgramsUnderTheCacheRoot) {
  const char* old = std::getenv("TILEVOLVE_CACHE_DIR");
  std::string saved = old != nullptr ? old : "";
  ::setenv("TILEVOLVE_CACHE_DIR", "/some/cache", 1);
  EXPECT_EQ(DefaultProgramCacheDir(), "/some/cache/programs");
  if (old != nullptr) {
    ::setenv("TILEVOLVE_CACHE_DIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TILEVOLVE_CACHE_DIR");
  }
}

}  // namespace
}  // namespace tv::evolve
