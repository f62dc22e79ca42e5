// oneDNN's dnnl_sgemm (Debian's libdnnl). Debian builds oneDNN with the OpenMP
// runtime (libgomp), so its thread count is OpenMP's: omp_set_num_threads on the
// calling thread, which is the thread that runs every benchmark call.
#include <omp.h>
#include <oneapi/dnnl/dnnl.h>

#include "bench/peer.h"

namespace tv::bench {
namespace {

using gemm::Layout;
using gemm::SgemmArgs;
using gemm::Transpose;

char TransChar(Transpose t) { return t == Transpose::kNo ? 'N' : 'T'; }

class OneDnnPeer final : public Peer {
 public:
  explicit OneDnnPeer(int threads) : threads_(threads) {}
  std::string name() const override { return "onednn"; }
  int threads() const override { return threads_; }

  Status Run(const SgemmArgs& a) override {
    omp_set_num_threads(threads_);
    dnnl_status_t status;
    if (a.layout == Layout::kRowMajor) {
      status = dnnl_sgemm(TransChar(a.trans_a), TransChar(a.trans_b), a.m, a.n, a.k, a.alpha, a.a, a.lda, a.b,
                          a.ldb, a.beta, a.c, a.ldc);
    } else {
      // dnnl_sgemm is row-major; column-major C is row-major C^T = op(B)^T op(A)^T.
      status = dnnl_sgemm(TransChar(a.trans_b), TransChar(a.trans_a), a.n, a.m, a.k, a.alpha, a.b, a.ldb, a.a,
                          a.lda, a.beta, a.c, a.ldc);
    }
    if (status != dnnl_success) {
      return Status::Internal("onednn: dnnl_sgemm returned status " +
                              std::to_string(static_cast<int>(status)));
    }
    return Status::Ok();
  }

 private:
  int threads_;
};

}  // namespace

Result<std::unique_ptr<Peer>> MakeOneDnnPeer(int threads) {
  omp_set_num_threads(threads);
  const int got = omp_get_max_threads();
  if (got != threads) {
    return Status::Unavailable("onednn (OpenMP) runs " + std::to_string(got) + " threads when asked for " +
                               std::to_string(threads));
  }
  return std::unique_ptr<Peer>(new OneDnnPeer(threads));
}

}  // namespace tv::bench
