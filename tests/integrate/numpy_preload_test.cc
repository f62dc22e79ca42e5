// A real client nobody here wrote: Debian's python3-numpy, unmodified, under
// LD_PRELOAD=libtilevolve_blas.so. Its float32 matmuls must match numpy's own
// BLAS within fp32 tolerance, and TILEVOLVE_VERBOSE's report must show the
// calls were served by tilevolve. Skipped where python3-numpy is absent and in
// the sanitizer build (an ASan runtime cannot be preloaded into python).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs `command` with /bin/sh; returns its exit status.
int Shell(const std::string& command) {
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

class NumpyPreloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
#ifdef TV_SANITIZE_BUILD
    GTEST_SKIP() << "sanitizer build: an ASan runtime cannot be LD_PRELOADed into python3";
#endif
    if (std::string(TV_SYSTEM_PYTHON3).find("NOTFOUND") != std::string::npos ||
        Shell(std::string(TV_SYSTEM_PYTHON3) + " -c 'import numpy' 2>/dev/null") != 0) {
      GTEST_SKIP() << "python3-numpy is not installed (apt-get install python3-numpy)";
    }
    dir_ = std::filesystem::temp_directory_path() / ("tv_numpy_" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_ / "own");
    std::filesystem::create_directories(dir_ / "preload");
    std::filesystem::create_directories(dir_ / "alternative");
    // The heuristic's search must not pick up a stray best_program.cpp here.
    env_ = "cd " + dir_.string() + " && env -u TILEVOLVE_PROGRAM TILEVOLVE_NUM_THREADS=2 ";
  }
  void TearDown() override {
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  std::string Run(const std::string& prefix, const std::string& out) {
    const std::string log = (dir_ / (out + ".log")).string();
    const int rc = Shell(env_ + prefix + " " + TV_SYSTEM_PYTHON3 + " " + TV_NUMPY_SCRIPT + " " +
                         (dir_ / out).string() + " 2>" + log);
    EXPECT_EQ(rc, 0) << Slurp(log);
    return Slurp(log);
  }

  // The largest relative difference between the .npy files of two runs.
  double Compare(const std::string& a, const std::string& b) {
    const std::string script =
        "import numpy as np, glob, os, sys\n"
        "worst = 0.0\n"
        "files = sorted(glob.glob(os.path.join(sys.argv[1], '*.npy')))\n"
        "assert len(files) == 8, files\n"
        "for f in files:\n"
        "    x = np.load(f); y = np.load(os.path.join(sys.argv[2], os.path.basename(f)))\n"
        "    worst = max(worst, float(np.max(np.abs(x - y)) / np.max(np.abs(y))))\n"
        "print(worst)\n";
    std::ofstream(dir_ / "compare.py") << script;
    const std::string out = (dir_ / "compare.txt").string();
    EXPECT_EQ(Shell(std::string(TV_SYSTEM_PYTHON3) + " " + (dir_ / "compare.py").string() + " " +
                    (dir_ / a).string() + " " + (dir_ / b).string() + " > " + out),
              0);
    return std::stod(Slurp(out));
  }

  std::filesystem::path dir_;
  std::string env_;
};

// N of "key=N" in the exit report, or -1 when absent.
long Count(const std::string& log, const std::string& key) {
  const size_t at = log.find(" " + key + "=");
  if (at == std::string::npos) return -1;
  return std::strtol(log.c_str() + at + key.size() + 2, nullptr, 10);
}

long Served(const std::string& log) { return Count(log, "tilevolve"); }

TEST_F(NumpyPreloadTest, MatmulsMatchNumpysOwnBlasAndAreServedByTilevolve) {
  Run("", "own");
  const std::string log = Run(std::string("TILEVOLVE_VERBOSE=1 LD_PRELOAD=") + TV_BLAS_LIBRARY, "preload");
  EXPECT_LT(Compare("preload", "own"), 1e-5);
  // 7 matmuls and 1 matrix-vector product; numpy sends the m = 1 product and w @ x to sgemv.
  EXPECT_NE(log.find("tilevolve_blas: "), std::string::npos) << log;
  EXPECT_GE(Served(log), 8) << log;
  EXPECT_NE(log.find("forwarded=0"), std::string::npos) << log;
  EXPECT_NE(log.find("cblas_sgemv="), std::string::npos) << log;
}

TEST_F(NumpyPreloadTest, DisableForwardsEveryCallToTheSystemBlas) {
  const std::string log =
      Run(std::string("TILEVOLVE_DISABLE=1 TILEVOLVE_VERBOSE=1 LD_PRELOAD=") + TV_BLAS_LIBRARY, "preload");
  EXPECT_EQ(Served(log), 0) << log;
  EXPECT_GE(Count(log, "forwarded"), 8) << log;
}

TEST_F(NumpyPreloadTest, AlternativeLibblasServesNumpyWithoutPreload) {
  // What update-alternatives does system-wide, for one process: libblas.so.3 is ours.
  Run("", "own");
  const std::string log =
      Run(std::string("TILEVOLVE_VERBOSE=1 LD_LIBRARY_PATH=") + TV_BLAS_ALTERNATIVE_DIR, "alternative");
  EXPECT_LT(Compare("alternative", "own"), 1e-5);
  EXPECT_GE(Served(log), 8) << log;
}

}  // namespace
