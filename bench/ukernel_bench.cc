// Microkernel throughput: one MR x NR kernel over packed A (kc x mr) and packed
// B (kc x nr) panels that stay in cache, C in L1. GFLOP/s is the counter
// "FLOPS" (2 * mr * nr * kc per call). Run with --benchmark_filter to pick one.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gemm/cpu/isa.h"
#include "gemm/cpu/kernel_table.h"

namespace {

using tv::gemm::Isa;
using namespace tv::gemm::cpu;

void Microkernel(benchmark::State& state, Isa isa, int kernel_index) {
  const KernelTable& table = KernelTableFor(isa);
  const MicrokernelEntry& entry = table.kernels[kernel_index];
  const int64_t kc = state.range(0);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> a(static_cast<size_t>(kc) * entry.mr), b(static_cast<size_t>(kc) * entry.nr);
  std::vector<float> c(static_cast<size_t>(entry.mr) * entry.nr);
  for (float& x : a) x = dist(rng);
  for (float& x : b) x = dist(rng);
  MicroTile tile{};
  tile.kc = kc;
  tile.alpha = 1.0f;
  tile.a = a.data();
  tile.a_rs = 1;
  tile.a_cs = entry.mr;
  tile.b = b.data();
  tile.b_ks = entry.nr;
  tile.beta = 1.0f;
  tile.c = c.data();
  tile.ldc = entry.nr;
  tile.m = entry.mr;
  tile.n = entry.nr;
  for (auto _ : state) {
    entry.fn(tile);
    benchmark::DoNotOptimize(c.data());
    benchmark::ClobberMemory();
  }
  state.counters["FLOPS"] = benchmark::Counter(2.0 * entry.mr * entry.nr * static_cast<double>(kc),
                                               benchmark::Counter::kIsIterationInvariantRate);
}

// One benchmark per (ISA, kernel shape) that this CPU can run.
int RegisterAll() {
  for (Isa isa : {Isa::kAvx512, Isa::kAvx2, Isa::kReference}) {
    if (!IsaAvailable(isa)) continue;
    const KernelTable& table = KernelTableFor(isa);
    for (int i = 0; i < table.kernel_count; ++i) {
      const std::string name = std::string("Microkernel/") + table.name + "/" +
                               std::to_string(table.kernels[i].mr) + "x" +
                               std::to_string(table.kernels[i].nr);
      benchmark::RegisterBenchmark(name.c_str(), Microkernel, isa, i)->Arg(64)->Arg(256)->Arg(384);
    }
  }
  return 0;
}
const int registered = RegisterAll();

}  // namespace
