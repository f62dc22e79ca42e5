// RunSmallM: packs A (at most kSmallMMax x k, alpha folded in), splits the problem
// among threads (columns for TV_PARALLEL_N, depth with private partial C for
// TV_PARALLEL_K) and hands each thread's block to the ISA's kernel.
#include "gemm/cpu/small_m/small_m.h"

#include <algorithm>
#include <cassert>
#include <vector>

#include "gemm/cpu/small_m/small_m_kernels.h"
#include "gemm/cpu/small_m/small_m_plan.h"

namespace tv::gemm::cpu {
namespace {

using small_m::Form;
using small_m::Range;

static_assert(kSmallMMax == small_m::kMaxRows, "the path's limit is the kernels' limit");

// Row stride of A packed for the dot form: k rounded up to 16 floats plus 16,
// so rows start 64 bytes apart modulo 4 KB and the m row streams do not
// compete for one L1 set (k = 4096 put all of them in one set: 2x slower).
int64_t DotPackedStride(int64_t k) { return (k + 15) / 16 * 16 + 16; }

// A packed for the kernels, alpha folded in: axpy (and the transposed dot
// form, which runs the axpy kernels) reads A(i, p) at a[p * m + i] (one p's
// rows together), dot reads it at a[i * DotPackedStride(k) + p].
void PackA(const CanonicalProblem& p, Form form, std::vector<float>& out) {
  const bool p_major = form == Form::kAxpy || form == Form::kDotTransposed;
  const int64_t lda = DotPackedStride(p.k);
  out.resize(static_cast<size_t>(p_major ? p.m * p.k : p.m * lda));
  for (int64_t i = 0; i < p.m; ++i) {
    for (int64_t q = 0; q < p.k; ++q) {
      const float v = p.alpha * p.a[i * p.a_rs + q * p.a_cs];
      out[p_major ? q * p.m + i : i * lda + q] = v;
    }
  }
}

// C[0:m, 0:n] = beta * C (beta == 0: C not read): the whole product when
// k == 0 or alpha == 0.
void ScaleC(const CanonicalProblem& p) {
  for (int64_t i = 0; i < p.m; ++i) {
    float* c = p.c + i * p.ldc;
    for (int64_t j = 0; j < p.n; ++j) c[j] = p.beta == 0.0f ? 0.0f : p.beta * c[j];
  }
}

// One thread's block: columns cols, depth depth of the problem, written to
// c (ldc) with beta (C not read when beta == 0).
struct BlockTask {
  const CanonicalProblem* p;
  Isa isa;
  Form form;
  const float* a_packed;
  int64_t nc;
  int64_t kc;
};

void RunBlock(const BlockTask& t, Range cols, Range depth, float* c, int64_t ldc, float beta) {
  const CanonicalProblem& p = *t.p;
  const int64_t n = cols.end - cols.begin;
  const int64_t k = depth.end - depth.begin;
  if (n <= 0) return;
  switch (t.form) {
    case Form::kAxpy: {
      const small_m::AxpyBlock blk{p.m,
                                   n,
                                   k,
                                   t.a_packed + depth.begin * p.m,
                                   p.b + depth.begin * p.b_rs + cols.begin,
                                   p.b_rs,
                                   beta,
                                   c + cols.begin,
                                   ldc,
                                   t.nc,
                                   t.kc};
      (t.isa == Isa::kAvx512 ? small_m::AxpyAvx512 : small_m::AxpyAvx2)(blk);
      return;
    }
    case Form::kDot: {
      const small_m::DotBlock blk{p.m,
                                  n,
                                  k,
                                  t.a_packed + depth.begin,
                                  DotPackedStride(p.k),
                                  p.b + cols.begin * p.b_cs + depth.begin,
                                  p.b_cs,
                                  beta,
                                  c + cols.begin,
                                  ldc,
                                  t.nc,
                                  t.kc};
      (t.isa == Isa::kAvx512 ? small_m::DotAvx512 : small_m::DotAvx2)(blk);
      return;
    }
    case Form::kDotTransposed: {
      const small_m::DotTransposedBlock blk{p.m,
                                            n,
                                            k,
                                            t.a_packed + depth.begin * p.m,
                                            p.b + cols.begin * p.b_cs + depth.begin,
                                            p.b_cs,
                                            beta,
                                            c + cols.begin,
                                            ldc};
      small_m::DotTransposedAvx512(blk);
      return;
    }
    case Form::kStrided: {
      const small_m::StridedBlock blk{p.m,
                                      n,
                                      k,
                                      p.alpha,
                                      p.a + depth.begin * p.a_cs,
                                      p.a_rs,
                                      p.a_cs,
                                      p.b + depth.begin * p.b_rs + cols.begin * p.b_cs,
                                      p.b_rs,
                                      p.b_cs,
                                      beta,
                                      c + cols.begin,
                                      ldc};
      small_m::StridedReference(blk);
      return;
    }
  }
}

// Private partial sums of the threads 1.. of a depth split, reused across
// calls on the calling thread (partial t - 1: m x n, row stride n).
std::vector<float>& PartialBuffer() {
  thread_local std::vector<float> buffer;
  return buffer;
}

std::vector<float>& PackedABuffer() {
  thread_local std::vector<float> buffer;
  return buffer;
}

void RunDepthSplit(const BlockTask& task, int threads, ThreadPool& pool) {
  const CanonicalProblem& p = *task.p;
  const int64_t partial_size = p.m * p.n;
  std::vector<float>& partials = PartialBuffer();
  partials.resize(static_cast<size_t>(partial_size * (threads - 1)));
  const Range all_cols{0, p.n};
  const int64_t granule = small_m::kDepthSliceGranule;
  pool.Run(threads, [&](int t) {
    const Range depth = small_m::SliceOf(p.k, granule, threads, t);
    if (t == 0) {
      if (depth.end > depth.begin) {
        RunBlock(task, all_cols, depth, p.c, p.ldc, p.beta);
      } else {
        ScaleC(p);
      }
      return;
    }
    float* part = partials.data() + (t - 1) * partial_size;
    if (depth.end > depth.begin) {
      RunBlock(task, all_cols, depth, part, p.n, 0.0f);
    } else {
      std::fill(part, part + partial_size, 0.0f);
    }
  });
  // C += the partials, columns split among the same threads.
  pool.Run(threads, [&](int t) {
    const Range cols = small_m::SliceOf(p.n, 16, threads, t);
    for (int64_t i = 0; i < p.m; ++i) {
      float* c = p.c + i * p.ldc;
      for (int s = 0; s < threads - 1; ++s) {
        const float* part = partials.data() + s * partial_size + i * p.n;
        for (int64_t j = cols.begin; j < cols.end; ++j) c[j] += part[j];
      }
    }
  });
}

}  // namespace

void RunSmallM(const CanonicalProblem& p, const tv_tile_config& tiles, Isa isa, ThreadPool& pool) {
  assert(p.m >= 0 && p.m <= kSmallMMax && p.n >= 0 && p.k >= 0);
  assert(isa != Isa::kAuto);
  assert(tiles.path == TV_PATH_SMALL_M && tiles.nc >= 1 && tiles.kc >= 1);
  assert(tiles.threads >= 1 && tiles.threads <= pool.size());
  if (p.m == 0 || p.n == 0) return;
  if (p.k == 0 || p.alpha == 0.0f) {
    ScaleC(p);
    return;
  }
  const Form form = small_m::FormOf(isa, p.m, p.b_cs == 1, p.b_rs == 1);
  std::vector<float>& a_packed = PackedABuffer();
  if (form != Form::kStrided) PackA(p, form, a_packed);
  const BlockTask task{&p, isa, form, a_packed.data(), tiles.nc, tiles.kc};
  const int threads = std::max(1, tiles.threads);

  if (tiles.parallel == TV_PARALLEL_K && threads > 1) {
    RunDepthSplit(task, threads, pool);
    return;
  }
  const int64_t nr = std::max<int64_t>(1, tiles.nr);
  pool.Run(threads, [&](int t) {
    RunBlock(task, small_m::SliceOf(p.n, nr, threads, t), {0, p.k}, p.c, p.ldc, p.beta);
  });
}

}  // namespace tv::gemm::cpu
