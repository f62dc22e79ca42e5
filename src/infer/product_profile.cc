#include "infer/product_profile.h"

#include <algorithm>

namespace tv::infer {

const char* ProductRoleName(ProductRole role) {
  switch (role) {
    case ProductRole::kQkv:
      return "qkv";
    case ProductRole::kO:
      return "o";
    case ProductRole::kGateUp:
      return "gate_up";
    case ProductRole::kDown:
      return "down";
    case ProductRole::kAttentionScores:
      return "attention q k^t";
    case ProductRole::kAttentionValues:
      return "attention p v";
    case ProductRole::kLmHead:
      return "lm_head";
  }
  return "?";
}

void ProductProfile::AddProduct(Phase phase, ProductRole role, const gemm::SgemmArgs& args, double seconds) {
  ProductTotals& t = products_[static_cast<int>(phase)][static_cast<int>(role)];
  ++t.calls;
  t.seconds += seconds;
  t.flops += 2.0 * static_cast<double>(args.m) * static_cast<double>(args.n) * static_cast<double>(args.k);
  t.b_bytes += static_cast<double>(args.k) * static_cast<double>(args.n) * sizeof(float);
}

void ProductProfile::AddForward(Phase phase, double seconds) {
  forward_s_[static_cast<int>(phase)] += seconds;
  ++forwards_[static_cast<int>(phase)];
}

double ProductProfile::OutsideProductsSeconds(Phase phase) const {
  double products = 0;
  for (const ProductTotals& t : products_[static_cast<int>(phase)]) products += t.seconds;
  return std::max(0.0, forward_seconds(phase) - products);
}

}  // namespace tv::infer
