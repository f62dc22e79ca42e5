// OpenBLAS through cblas_sgemm (Debian's libopenblas, pthread build).

#include <climits>

#include "bench/cblas_transpose.h"
#include "bench/peer.h"

namespace tv::bench {
namespace {

using gemm::Layout;
using gemm::SgemmArgs;

class OpenBlasPeer final : public Peer {
 public:
  explicit OpenBlasPeer(int threads) : threads_(threads) {}
  std::string name() const override { return "openblas"; }
  int threads() const override { return threads_; }

  Status Run(const SgemmArgs& a) override {
    for (int64_t v : {a.m, a.n, a.k, a.lda, a.ldb, a.ldc}) {
      if (v > INT_MAX) return Status::InvalidArgument("openblas: sizes must fit in a 32-bit int");
    }
    cblas_sgemm(a.layout == Layout::kRowMajor ? CblasRowMajor : CblasColMajor, ToCblas(a.trans_a),
                ToCblas(a.trans_b), static_cast<blasint>(a.m), static_cast<blasint>(a.n),
                static_cast<blasint>(a.k), a.alpha, a.a, static_cast<blasint>(a.lda), a.b,
                static_cast<blasint>(a.ldb), a.beta, a.c, static_cast<blasint>(a.ldc));
    return Status::Ok();
  }

 private:
  int threads_;
};

}  // namespace

Result<std::unique_ptr<Peer>> MakeOpenBlasPeer(int threads) {
  openblas_set_num_threads(threads);
  const int got = openblas_get_num_threads();
  if (got != threads) {
    return Status::Unavailable("openblas runs " + std::to_string(got) + " threads when asked for " +
                               std::to_string(threads) + " (its build caps the thread count)");
  }
  return std::unique_ptr<Peer>(new OpenBlasPeer(threads));
}

}  // namespace tv::bench
