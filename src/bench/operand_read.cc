#include "bench/operand_read.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cstdint>

#include "bench/roofline.h"

namespace tv::bench {
namespace {

// Keeps the sums alive so the reads are not optimized away.
std::atomic<float> g_read_sink{0};

// A, B and C as stored (rows x ld floats each): op(A) is m x k, op(B) k x n, C m x n.
std::array<FloatSpan, 3> SpansOf(const gemm::SgemmArgs& args) {
  const bool row_major = args.layout == gemm::Layout::kRowMajor;
  const bool a_rows_m = row_major == (args.trans_a == gemm::Transpose::kNo);
  const bool b_rows_k = row_major == (args.trans_b == gemm::Transpose::kNo);
  return {FloatSpan{args.a, (a_rows_m ? args.m : args.k) * args.lda},
          FloatSpan{args.b, (b_rows_k ? args.k : args.n) * args.ldb},
          FloatSpan{args.c, (row_major ? args.m : args.n) * args.ldc}};
}

}  // namespace

OperandReader::OperandReader(gemm::Isa isa, int threads)
    : sum_(RooflineLoopsFor(isa).sum), threads_(threads), pool_(threads) {
  assert(threads >= 1);
}

int64_t OperandReader::FloatsRead(std::span<const FloatSpan> spans, int streams) {
  const int64_t block = 64 * static_cast<int64_t>(streams);
  int64_t floats = 0;
  for (const FloatSpan& span : spans) floats += span.floats / block * block;
  return floats;
}

int64_t OperandReader::FloatsRead(const gemm::SgemmArgs& args, int streams) {
  return FloatsRead(SpansOf(args), streams);
}

int64_t OperandReader::ReadSpans(std::span<const FloatSpan> spans, int streams) {
  assert(streams == 1 || streams == 2 || streams == 4);
  assert(std::all_of(spans.begin(), spans.end(),
                     [](const FloatSpan& s) { return reinterpret_cast<uintptr_t>(s.data) % 64 == 0; }));
  const int64_t block = 64 * static_cast<int64_t>(streams);
  pool_.Run(threads_, [&](int t) {
    float sum = 0;
    for (const FloatSpan& span : spans) {
      const int64_t blocks = span.floats / block;
      const int64_t first = blocks * t / threads_;
      const int64_t last = blocks * (t + 1) / threads_;
      if (last > first) sum += sum_(span.data + first * block, (last - first) * block, streams);
    }
    g_read_sink.store(g_read_sink.load(std::memory_order_relaxed) + sum, std::memory_order_relaxed);
  });
  return FloatsRead(spans, streams);
}

int64_t OperandReader::Read(const gemm::SgemmArgs& args, int streams) {
  return ReadSpans(SpansOf(args), streams);
}

Contender OperandReader::AsContender(int streams) {
  Contender c;
  c.name = "read x" + std::to_string(streams);
  c.run = [this, streams](const gemm::SgemmArgs& args) {
    Read(args, streams);
    return Status::Ok();
  };
  c.checked = false;
  return c;
}

}  // namespace tv::bench
