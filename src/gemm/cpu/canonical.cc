#include "gemm/cpu/canonical.h"

namespace tv::gemm::cpu {
namespace {

// Strides (between rows, between columns) of a matrix view.
struct Strides {
  int64_t rs;
  int64_t cs;
};

// op(X) of a row-major X (X(r, c) at x[r * ld + c]): transposing swaps the strides.
// The same formula gives op(X)^T of a column-major X, since column-major storage
// of X is row-major storage of X^T.
Strides OpStrides(Transpose t, int64_t ld) { return t == Transpose::kNo ? Strides{ld, 1} : Strides{1, ld}; }

}  // namespace

CanonicalProblem Canonicalize(const SgemmArgs& args) {
  CanonicalProblem p;
  p.k = args.k;
  p.alpha = args.alpha;
  p.beta = args.beta;
  p.c = args.c;
  p.ldc = args.ldc;
  if (args.layout == Layout::kRowMajor) {
    p.m = args.m;
    p.n = args.n;
    const Strides sa = OpStrides(args.trans_a, args.lda);
    const Strides sb = OpStrides(args.trans_b, args.ldb);
    p.a = args.a;
    p.a_rs = sa.rs;
    p.a_cs = sa.cs;
    p.b = args.b;
    p.b_rs = sb.rs;
    p.b_cs = sb.cs;
  } else {
    // C^T (n x m, row-major with ldc) = op(B)^T (n x k) * op(A)^T (k x m).
    p.m = args.n;
    p.n = args.m;
    const Strides sa = OpStrides(args.trans_b, args.ldb);  // A' = op(B)^T
    const Strides sb = OpStrides(args.trans_a, args.lda);  // B' = op(A)^T
    p.a = args.b;
    p.a_rs = sa.rs;
    p.a_cs = sa.cs;
    p.b = args.a;
    p.b_rs = sb.rs;
    p.b_cs = sb.cs;
  }
  return p;
}

CanonicalShape CanonicalizeShape(const GemmShape& shape) {
  SgemmArgs args;
  args.layout = shape.layout;
  args.trans_a = shape.trans_a;
  args.trans_b = shape.trans_b;
  args.m = shape.m;
  args.n = shape.n;
  args.k = shape.k;
  // Any leading dimension > 1 tells which strides are 1.
  args.lda = args.ldb = args.ldc = 2;
  const CanonicalProblem p = Canonicalize(args);
  CanonicalShape s;
  s.m = p.m;
  s.n = p.n;
  s.k = p.k;
  s.a_rows_contiguous = p.a_cs == 1;
  s.b_rows_contiguous = p.b_cs == 1;
  return s;
}

}  // namespace tv::gemm::cpu
