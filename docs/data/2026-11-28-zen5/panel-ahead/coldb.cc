// 256-row products: hot operands vs B cold (rotated) vs all cold, ours vs oneDNN.
// POST=1: after each product a one-thread pass over its C, timed apart (GAP=us of
// busy waiting before it); PIN=c: the caller pinned to vCPU c after the first calls.
#include <dnnl.h>
#include <sched.h>
#include <omp.h>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <thread>
#include <vector>
#include "gemm/cpu/cpu_gemm.h"
using namespace tv;
static double Now() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
int main(int argc, char** argv) {
  int64_t m = atol(argv[1]), n = atol(argv[2]), k = atol(argv[3]);
  int threads = atoi(argv[4]);
  omp_set_num_threads(threads);
  const int64_t sets = std::max<int64_t>(4, (160LL << 20) / (k * n * 4));
  std::vector<float> a(sets * m * k), b(sets * k * n), c(sets * m * n);
  std::mt19937 rng(1); std::uniform_real_distribution<float> d(-1, 1);
  for (auto& x : a) x = d(rng); for (auto& x : b) x = d(rng); for (auto& x : c) x = d(rng);
  gemm::CpuGemm g(threads);
  tv_tile_config tiles{};
  if (getenv("PAR")) tiles.parallel = atoi(getenv("PAR"));
  if (getenv("MR")) { tiles.mr = atoi(getenv("MR")); tiles.nr = atoi(getenv("NR")); }
  if (getenv("PACKA")) tiles.pack_a = atoi(getenv("PACKA"));
  if (getenv("KC")) tiles.kc = atoi(getenv("KC"));
  if (getenv("MC")) tiles.mc = atoi(getenv("MC"));
  if (getenv("NC")) tiles.nc = atoi(getenv("NC"));
  const char* modes[3] = {"hot", "coldB", "cold"};
  const bool post_pass = getenv("POST") != nullptr;
  double res[2][3][9]; double post[2][3][9];
  {
    gemm::SgemmArgs args; args.m = m; args.n = n; args.k = k; args.a = a.data(); args.lda = k; args.b = b.data(); args.ldb = n; args.c = c.data(); args.ldc = n;
    (void)g.Run(args, tiles);
    dnnl_sgemm('N', 'N', m, n, k, 1.0f, a.data(), k, b.data(), n, 0.0f, c.data(), n);
    if (getenv("PIN")) { cpu_set_t set; CPU_ZERO(&set); CPU_SET(atoi(getenv("PIN")), &set); sched_setaffinity(0, sizeof(set), &set); }
  }
  for (int round = 0; round < 9; ++round) {
    for (int eng = 0; eng < 2; ++eng) {
      for (int mode = 0; mode < 3; ++mode) {
        std::this_thread::sleep_for(std::chrono::milliseconds(30));
        std::vector<double> t, tp; int64_t s = 0; double start = Now();
        while (Now() - start < 0.12) {
          s = (s + 1) % sets;
          const float* pa = a.data() + (mode == 2 ? s : 0) * m * k;
          const float* pb = b.data() + (mode >= 1 ? s : 0) * k * n;
          float* pc = c.data() + (mode == 2 ? s : 0) * m * n;
          double t0 = Now();
          if (eng == 0) {
            gemm::SgemmArgs args; args.m = m; args.n = n; args.k = k; args.a = pa; args.lda = k; args.b = pb; args.ldb = n; args.c = pc; args.ldc = n;
            (void)g.Run(args, tiles);
          } else {
            dnnl_sgemm('N', 'N', m, n, k, 1.0f, pa, k, pb, n, 0.0f, pc, n);
          }
          t.push_back(Now() - t0);
          if (!post_pass) { tp.push_back(0); continue; }
          if (getenv("GAP")) { double g0 = Now(); while (Now() - g0 < atof(getenv("GAP")) * 1e-6) {} }
          double t1 = Now();
          float acc = 0; for (int64_t i = 0; i < m * n; ++i) { acc += pc[i]; pc[i] = pc[i] * 0.5f; }
          tp.push_back(Now() - t1); if (acc == 12345.f) printf("x");
        }
        std::sort(t.begin(), t.end());
        res[eng][mode][round] = 2.0 * m * n * k / t[t.size() / 2] / 1e9;
        std::sort(tp.begin(), tp.end()); post[eng][mode][round] = tp[tp.size() / 2] * 1e6;
      }
    }
  }
  for (int mode = 0; mode < 3; ++mode) {
    std::vector<double> r0(res[0][mode], res[0][mode] + 9), r1(res[1][mode], res[1][mode] + 9), q;
    for (int i = 0; i < 9; ++i) q.push_back(r0[i] / r1[i]);
    std::sort(r0.begin(), r0.end()); std::sort(r1.begin(), r1.end()); std::sort(q.begin(), q.end());
    std::vector<double> p0(post[0][mode], post[0][mode] + 9), p1(post[1][mode], post[1][mode] + 9);
    std::sort(p0.begin(), p0.end()); std::sort(p1.begin(), p1.end());
    if (post_pass) printf("   cpu %d now; pass over C after: ours %.1f us, onednn %.1f us\n", sched_getcpu(), p0[4], p1[4]);
    printf("%ldx%ldx%ld t%d %-5s ours %6.1f  onednn %6.1f  ratio %.3f (%.3f-%.3f)\n", m, n, k, threads, modes[mode], r0[4], r1[4], q[4], q[1], q[7]);
  }
}
