// ProductProfile's sums, the profile of a real forward pass on a tiny model
// (each role's calls, flops and bytes follow from the model's shape), and the
// table and JSON of `tilevolve generate --profile`. No timing is asserted.
#include "infer/product_profile.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "device/device.h"
#include "heuristic/baseline.h"
#include "infer/generation_timing.h"
#include "infer/profile_report.h"
#include "tiny_model.h"

namespace tv::infer {
namespace {

gemm::SgemmArgs Args(int64_t m, int64_t n, int64_t k) {
  gemm::SgemmArgs a;
  a.m = m;
  a.n = n;
  a.k = k;
  return a;
}

TEST(ProductProfileTest, SumsCallsSecondsFlopsAndBytesPerPhaseAndRole) {
  ProductProfile p;
  p.AddProduct(Phase::kDecode, ProductRole::kDown, Args(1, 64, 96), 0.25);
  p.AddProduct(Phase::kDecode, ProductRole::kDown, Args(1, 64, 96), 0.5);
  p.AddProduct(Phase::kPrefill, ProductRole::kDown, Args(8, 64, 96), 1.0);
  p.AddForward(Phase::kDecode, 2.0);
  p.AddForward(Phase::kDecode, 1.0);
  const ProductTotals& d = p.product(Phase::kDecode, ProductRole::kDown);
  EXPECT_EQ(d.calls, 2);
  EXPECT_DOUBLE_EQ(d.seconds, 0.75);
  EXPECT_DOUBLE_EQ(d.flops, 2 * (2.0 * 64 * 96));
  EXPECT_DOUBLE_EQ(d.b_bytes, 2 * (64.0 * 96 * 4));
  EXPECT_EQ(p.product(Phase::kPrefill, ProductRole::kDown).calls, 1);
  EXPECT_DOUBLE_EQ(p.product(Phase::kPrefill, ProductRole::kDown).flops, 2.0 * 8 * 64 * 96);
  EXPECT_EQ(p.product(Phase::kDecode, ProductRole::kQkv).calls, 0);
  EXPECT_EQ(p.forwards(Phase::kDecode), 2);
  EXPECT_DOUBLE_EQ(p.forward_seconds(Phase::kDecode), 3.0);
  EXPECT_DOUBLE_EQ(p.OutsideProductsSeconds(Phase::kDecode), 2.25);
  // No forward pass timed in prefill: the outside time is 0, never negative.
  EXPECT_DOUBLE_EQ(p.OutsideProductsSeconds(Phase::kPrefill), 0.0);
}

TEST(ProductProfileTest, AForwardPassReportsEveryProductByRole) {
  const ModelConfig config = testing::TinyConfig(false, false);
  const ModelWeights weights = RandomWeights(config, WeightLayout::kOutByIn, 3);
  TilevolveEngine engine("baseline", 2,
                         TileChooser::FromHeuristic(heuristic::ChooseBaselineTiles, device::DetectCpu()));
  Transformer model(weights, engine, 16, 8);
  const int64_t prompt = 5, decoded = 3;
  ProductProfile profile;
  model.set_profile(&profile);
  ASSERT_TRUE(Generate(model, RandomPrompt(prompt, config.vocab_size, 1), decoded).ok());
  model.set_profile(nullptr);

  const int64_t layers = config.num_hidden_layers;
  EXPECT_EQ(profile.forwards(Phase::kPrefill), 1);
  EXPECT_EQ(profile.forwards(Phase::kDecode), decoded);
  for (ProductRole role : {ProductRole::kQkv, ProductRole::kO, ProductRole::kGateUp, ProductRole::kDown}) {
    EXPECT_EQ(profile.product(Phase::kPrefill, role).calls, layers) << ProductRoleName(role);
    EXPECT_EQ(profile.product(Phase::kDecode, role).calls, layers * decoded) << ProductRoleName(role);
  }
  // A chunk runs one product pair per query head; one token one per KV head.
  for (ProductRole role : {ProductRole::kAttentionScores, ProductRole::kAttentionValues}) {
    EXPECT_EQ(profile.product(Phase::kPrefill, role).calls, layers * config.num_attention_heads);
    EXPECT_EQ(profile.product(Phase::kDecode, role).calls, layers * config.num_key_value_heads * decoded);
  }
  EXPECT_EQ(profile.product(Phase::kPrefill, ProductRole::kLmHead).calls, 1);
  EXPECT_EQ(profile.product(Phase::kDecode, ProductRole::kLmHead).calls, decoded);

  const double qkv_out = static_cast<double>(config.q_dim() + 2 * config.kv_dim());
  EXPECT_DOUBLE_EQ(profile.product(Phase::kPrefill, ProductRole::kQkv).flops,
                   static_cast<double>(layers) * 2.0 * prompt * qkv_out * config.hidden_size);
  EXPECT_DOUBLE_EQ(profile.product(Phase::kDecode, ProductRole::kDown).b_bytes,
                   static_cast<double>(layers * decoded) * config.intermediate_size * config.hidden_size * 4);
  EXPECT_DOUBLE_EQ(profile.product(Phase::kDecode, ProductRole::kLmHead).b_bytes,
                   static_cast<double>(decoded) * config.vocab_size * config.hidden_size * 4);
  for (const Phase phase : {Phase::kPrefill, Phase::kDecode}) {
    double products = 0;
    for (int r = 0; r < kProductRoles; ++r)
      products += profile.product(phase, static_cast<ProductRole>(r)).seconds;
    EXPECT_GT(products, 0);
    EXPECT_LE(products, profile.forward_seconds(phase));  // the products run inside the passes
  }
}

TEST(ProfileReportTest, TableAndJsonNameEveryEngineAndRole) {
  ProductProfile a, b;
  for (ProductProfile* p : {&a, &b}) {
    p->AddProduct(Phase::kPrefill, ProductRole::kQkv, Args(8, 96, 64), 0.002);
    p->AddProduct(Phase::kPrefill, ProductRole::kLmHead, Args(1, 97, 64), 0.001);
    p->AddForward(Phase::kPrefill, 0.01);
  }
  b.AddProduct(Phase::kDecode, ProductRole::kQkv, Args(1, 96, 64), 0.001);
  const std::vector<std::string> names = {"tilevolve baseline", "onednn"};
  const std::vector<ProductProfile> profiles = {a, b};
  const std::string table = ProfileTable(names, profiles);
  for (const char* s : {"where the time goes", "prefill, per pass", "tilevolve baseline", "onednn", "qkv",
                        "lm_head", "outside the products", "forward pass"})
    EXPECT_NE(table.find(s), std::string::npos) << s << "\n" << table;
  // The first engine ran no decode pass: no decode block.
  EXPECT_EQ(table.find("decode, per token"), std::string::npos) << table;
  EXPECT_EQ(table.find("attention p v"), std::string::npos) << table;  // no such call: no row

  const nlohmann::json j = ProfileJson(a);
  EXPECT_EQ(j["prefill"]["forwards"], 1);
  EXPECT_DOUBLE_EQ(j["prefill"]["outside_products_s"].get<double>(), 0.007);
  EXPECT_EQ(j["prefill"]["products"]["qkv"]["calls"], 1);
  EXPECT_DOUBLE_EQ(j["prefill"]["products"]["qkv"]["flops"].get<double>(), 2.0 * 8 * 96 * 64);
  EXPECT_EQ(j["decode"]["products"]["down"]["calls"], 0);
}

}  // namespace
}  // namespace tv::infer
