#include "integrate/call_checks.h"

#include <algorithm>
#include <cstdio>

namespace tv::integrate {
namespace {

bool IsTrans(int t) { return t == kNoTrans || t == kTrans || t == kConjTrans; }
bool IsLayout(int l) { return l == kRowMajor || l == kColMajor; }

int Fail(std::string* message, int position, const std::string& what) {
  if (message != nullptr) *message = "argument " + std::to_string(position) + " " + what;
  return position;
}

std::string Value(int64_t v) { return std::to_string(v); }

// Leading dimension rule: ld >= max(1, extent).
int CheckLd(std::string* message, int position, const char* name, int64_t ld, int64_t extent) {
  if (ld >= std::max<int64_t>(1, extent)) return 0;
  char what[160];
  std::snprintf(what, sizeof what, "(%s) is %lld; it must be >= max(1, %lld) for this layout and transpose",
                name, static_cast<long long>(ld), static_cast<long long>(extent));
  return Fail(message, position, what);
}

}  // namespace

int TransFromChar(const char* trans) {
  if (trans == nullptr) return 0;
  switch (*trans) {
    case 'N':
    case 'n':
      return kNoTrans;
    case 'T':
    case 't':
      return kTrans;
    case 'C':
    case 'c':
      return kConjTrans;
    default:
      return 0;
  }
}

int CheckSgemmCall(const SgemmCall& c, std::string* message) {
  if (!IsLayout(c.layout)) return Fail(message, 1, "(layout) is " + Value(c.layout) + "; use 101 or 102");
  if (!IsTrans(c.trans_a))
    return Fail(message, 2, "(transA) is " + Value(c.trans_a) + "; use 111, 112 or 113");
  if (!IsTrans(c.trans_b))
    return Fail(message, 3, "(transB) is " + Value(c.trans_b) + "; use 111, 112 or 113");
  if (c.m < 0) return Fail(message, 4, "(M) is " + Value(c.m) + "; it must be >= 0");
  if (c.n < 0) return Fail(message, 5, "(N) is " + Value(c.n) + "; it must be >= 0");
  if (c.k < 0) return Fail(message, 6, "(K) is " + Value(c.k) + "; it must be >= 0");
  const bool row = c.layout == kRowMajor;
  const bool ta = c.trans_a != kNoTrans;
  const bool tb = c.trans_b != kNoTrans;
  // The stored operand's contiguous extent: row-major A (m x k) has rows of k.
  const int64_t a_extent = row ? (ta ? c.m : c.k) : (ta ? c.k : c.m);
  const int64_t b_extent = row ? (tb ? c.k : c.n) : (tb ? c.n : c.k);
  const int64_t c_extent = row ? c.n : c.m;
  if (int p = CheckLd(message, 9, "lda", c.lda, a_extent)) return p;
  if (int p = CheckLd(message, 11, "ldb", c.ldb, b_extent)) return p;
  if (int p = CheckLd(message, 14, "ldc", c.ldc, c_extent)) return p;
  const bool c_touched = c.m > 0 && c.n > 0;
  const bool ab_read = c_touched && c.k > 0 && c.alpha != 0.0f;
  if (ab_read && c.a == nullptr) return Fail(message, 8, "(A) is null but M, K > 0");
  if (ab_read && c.b == nullptr) return Fail(message, 10, "(B) is null but K, N > 0");
  if (c_touched && c.c == nullptr) return Fail(message, 13, "(C) is null but M, N > 0");
  return 0;
}

int CheckSgemvCall(const SgemvCall& c, std::string* message) {
  if (!IsLayout(c.layout)) return Fail(message, 1, "(layout) is " + Value(c.layout) + "; use 101 or 102");
  if (!IsTrans(c.trans)) return Fail(message, 2, "(trans) is " + Value(c.trans) + "; use 111, 112 or 113");
  if (c.m < 0) return Fail(message, 3, "(M) is " + Value(c.m) + "; it must be >= 0");
  if (c.n < 0) return Fail(message, 4, "(N) is " + Value(c.n) + "; it must be >= 0");
  if (int p = CheckLd(message, 7, "lda", c.lda, c.layout == kRowMajor ? c.n : c.m)) return p;
  if (c.incx == 0) return Fail(message, 9, "(incX) is 0; it must not be zero");
  if (c.incy == 0) return Fail(message, 12, "(incY) is 0; it must not be zero");
  const bool y_touched = c.m > 0 && c.n > 0 && !(c.alpha == 0.0f && c.beta == 1.0f);
  const bool ax_read = y_touched && c.alpha != 0.0f;
  if (ax_read && c.a == nullptr) return Fail(message, 6, "(A) is null but M, N > 0");
  if (ax_read && c.x == nullptr) return Fail(message, 8, "(X) is null but M, N > 0");
  if (y_touched && c.y == nullptr) return Fail(message, 11, "(Y) is null but M, N > 0");
  return 0;
}

gemm::SgemmArgs ToSgemmArgs(const SgemmCall& c) {
  gemm::SgemmArgs args;
  args.layout = c.layout == kRowMajor ? gemm::Layout::kRowMajor : gemm::Layout::kColMajor;
  args.trans_a = c.trans_a == kNoTrans ? gemm::Transpose::kNo : gemm::Transpose::kYes;
  args.trans_b = c.trans_b == kNoTrans ? gemm::Transpose::kNo : gemm::Transpose::kYes;
  args.m = c.m;
  args.n = c.n;
  args.k = c.k;
  args.alpha = c.alpha;
  args.a = c.a;
  args.lda = c.lda;
  args.b = c.b;
  args.ldb = c.ldb;
  args.beta = c.beta;
  args.c = c.c;
  args.ldc = c.ldc;
  return args;
}

std::string XerblaMessage(const std::string& routine, int position) {
  char line[160];
  std::snprintf(line, sizeof line, " ** On entry to %-6s parameter number %2d had an illegal value",
                routine.c_str(), position);
  return line;
}

}  // namespace tv::integrate
