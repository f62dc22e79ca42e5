// Engines are independent: two CpuGemm objects driven from two threads at once
// (as a multi-threaded program calling the cblas drop-in does) each get the
// right answers. Run is not reentrant per engine, so each thread owns one.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "engines_under_test.h"
#include "gemm_case.h"

namespace tv::test {
namespace {

TEST(ConcurrentEnginesTest, TwoEnginesOnTwoThreads) {
  for (gemm::Isa isa : IsasUnderTest()) {
    // Per thread: a small-M problem (thread-local buffers of that path) and a
    // blocked one split over K (partial sums), several times.
    auto work = [isa](int which) {
      gemm::CpuGemm engine(2, isa);
      for (int round = 0; round < 4; ++round) {
        GemmCase c;
        c.isa = isa;
        c.threads = 2;
        c.layout = which ? gemm::Layout::kColMajor : gemm::Layout::kRowMajor;
        c.m = round % 2 ? 5 + which : 67 + which;
        c.n = 97 - which;
        c.k = 301 + round;
        c.beta = round == 0 ? 0.0f : -0.5f;
        c.tiles.threads = 2;
        c.tiles.parallel = TV_PARALLEL_K;
        c.tiles_label = "thread" + std::to_string(which);
        SCOPED_TRACE(CaseName(c));
        ExpectMatchesReference(engine, c, SeedOf(c));
      }
    };
    std::thread other(work, 1);
    work(0);
    other.join();
  }
}

}  // namespace
}  // namespace tv::test
