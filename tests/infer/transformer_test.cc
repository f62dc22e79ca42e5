// The forward pass against a double-precision reference on a tiny model, the
// KV cache against recomputing the whole sequence, for both weight layouts,
// with and without q/k/v biases and a tied head, through tilevolve's GEMM and OpenBLAS.
#include "infer/transformer.h"

#include <gtest/gtest.h>

#include <cmath>

#include "device/device.h"
#include "gemm/cpu/cpu_gemm.h"
#include "heuristic/baseline.h"
#include "infer/generation_timing.h"
#include "infer/ops_kernels.h"
#include "tiny_model.h"

namespace tv::infer {
namespace {

using testing::ReferenceLogits;
using testing::TinyConfig;

struct Case {
  bool bias;
  bool tied;
  WeightLayout layout;
};

std::unique_ptr<MatmulEngine> BaselineEngine() {
  return std::make_unique<TilevolveEngine>(
      "baseline", 2, TileChooser::FromHeuristic(heuristic::ChooseBaselineTiles, device::DetectCpu()));
}

// Largest |a - b| over the largest |b|.
double RelativeError(std::span<const float> a, const std::vector<double>& b) {
  double err = 0, scale = 1e-30;
  for (size_t i = 0; i < b.size(); ++i) {
    err = std::max(err, std::abs(a[i] - b[i]));
    scale = std::max(scale, std::abs(b[i]));
  }
  return err / scale;
}

class TransformerTest : public ::testing::TestWithParam<Case> {};

TEST_P(TransformerTest, LogitsMatchTheReferenceAtEveryDecodeStep) {
  const Case c = GetParam();
  const ModelConfig config = TinyConfig(c.bias, c.tied);
  const ModelWeights weights = RandomWeights(config, c.layout, 7);
  const ModelWeights reference_weights = RandomWeights(config, WeightLayout::kOutByIn, 7);
  std::unique_ptr<MatmulEngine> engine = BaselineEngine();
  Transformer model(weights, *engine, 24, 12);
  std::vector<int32_t> tokens = RandomPrompt(11, config.vocab_size, 3);
  std::vector<float> logits(static_cast<size_t>(config.vocab_size));
  ASSERT_TRUE(model.Forward(tokens, logits).ok());
  EXPECT_LT(RelativeError(logits, ReferenceLogits(reference_weights, tokens)), 1e-4);
  for (int step = 0; step < 5; ++step) {
    const int32_t next = static_cast<int32_t>(ArgMax(logits.data(), config.vocab_size));
    tokens.push_back(next);
    ASSERT_TRUE(model.Forward(std::span<const int32_t>(&next, 1), logits).ok());
    EXPECT_LT(RelativeError(logits, ReferenceLogits(reference_weights, tokens)), 1e-4) << "step " << step;
  }
}

TEST_P(TransformerTest, CachedDecodingEqualsRecomputingTheSequence) {
  const Case c = GetParam();
  const ModelConfig config = TinyConfig(c.bias, c.tied);
  const ModelWeights weights = RandomWeights(config, c.layout, 11);
  std::unique_ptr<MatmulEngine> engine = BaselineEngine();
  Transformer model(weights, *engine, 32, 32);
  const std::vector<int32_t> prompt = RandomPrompt(9, config.vocab_size, 5);
  Result<GenerationResult> cached = Generate(model, prompt, 12);
  ASSERT_TRUE(cached.ok()) << cached.status().message();
  ASSERT_EQ(cached->tokens.size(), 13u);

  std::vector<int32_t> sequence = prompt;
  std::vector<float> logits(static_cast<size_t>(config.vocab_size));
  for (size_t i = 0; i < cached->tokens.size(); ++i) {
    model.Reset();
    ASSERT_TRUE(model.Forward(sequence, logits).ok());
    const int32_t token = static_cast<int32_t>(ArgMax(logits.data(), config.vocab_size));
    EXPECT_EQ(token, cached->tokens[i]) << "token " << i;
    sequence.push_back(token);
  }
}

INSTANTIATE_TEST_SUITE_P(Layouts, TransformerTest,
                         ::testing::Values(Case{false, false, WeightLayout::kOutByIn},
                                           Case{false, false, WeightLayout::kInByOut},
                                           Case{true, true, WeightLayout::kOutByIn},
                                           Case{true, true, WeightLayout::kInByOut}));

TEST(TransformerPeerTest, OpenBlasGivesTheSameLogits) {
  const ModelConfig config = TinyConfig(true, false);
  const ModelWeights weights = RandomWeights(config, kDefaultWeightLayout, 13);
  Result<std::unique_ptr<bench::Peer>> peer = bench::MakePeer("openblas", 1);
  ASSERT_TRUE(peer.ok()) << peer.status().message();
  PeerEngine engine(std::move(*peer));
  Transformer model(weights, engine, 16, 16);
  const std::vector<int32_t> tokens = RandomPrompt(6, config.vocab_size, 1);
  std::vector<float> logits(static_cast<size_t>(config.vocab_size));
  ASSERT_TRUE(model.Forward(tokens, logits).ok());
  EXPECT_LT(RelativeError(logits, ReferenceLogits(RandomWeights(config, WeightLayout::kOutByIn, 13), tokens)),
            1e-4);
}

// An evolved program is asked only for ProductShapes: a table of exactly those
// must serve a whole generation (a missing shape would be an error).
TEST(TransformerShapesTest, ProductShapesCoverPrefillAndDecode) {
  const ModelConfig config = TinyConfig(false, true);
  const ModelWeights weights = RandomWeights(config, kDefaultWeightLayout, 2);
  const tv_device_info device = device::DetectCpu();
  std::map<MatmulShape, tv_tile_config> table;
  for (const MatmulShape& s : ProductShapes(config, 10, 6)) {
    const auto [m, n, k] = s;
    table[s] = heuristic::ChooseBaselineTiles(static_cast<int>(m), static_cast<int>(n), static_cast<int>(k),
                                              &device);
  }
  TilevolveEngine engine("table", 2, TileChooser::FromTable(table));
  Transformer model(weights, engine, 16, 10);
  Result<GenerationResult> run = Generate(model, RandomPrompt(10, config.vocab_size, 4), 6);
  ASSERT_TRUE(run.ok()) << run.status().message();
  EXPECT_GT(engine.calls(), 0);

  TilevolveEngine short_table("table", 2, TileChooser::FromTable(table));
  Transformer longer(weights, short_table, 16, 10);
  EXPECT_FALSE(
      Generate(longer, RandomPrompt(10, config.vocab_size, 4), 7).ok());  // step 7 is not in the table
}

TEST(TransformerErrorsTest, RejectsBadTokensAndAFullCache) {
  const ModelConfig config = TinyConfig(false, true);
  const ModelWeights weights = RandomWeights(config, kDefaultWeightLayout, 2);
  std::unique_ptr<MatmulEngine> engine = BaselineEngine();
  Transformer model(weights, *engine, 4, 4);
  std::vector<float> logits(static_cast<size_t>(config.vocab_size));
  const std::vector<int32_t> bad = {1, 97};
  EXPECT_FALSE(model.Forward(bad, logits).ok());
  const std::vector<int32_t> five = {1, 2, 3, 4, 5};
  EXPECT_FALSE(model.Forward(five, logits).ok());
  const std::vector<int32_t> three = {1, 2, 3};
  ASSERT_TRUE(model.Forward(three, logits).ok());
  EXPECT_FALSE(model.Forward(three, logits).ok());  // 6 > capacity 4
}

TEST(OpsTest, FastExpIsAccurate) {
  for (float x = -80; x < 80; x += 0.37f) EXPECT_NEAR(FastExp(x) / std::exp(x), 1.0, 3e-7) << x;
}

// Values in [-range, range), every length 1..50 so every tail of the 16 lanes runs.
std::vector<float> Ramp(int64_t n, float range, float phase) {
  std::vector<float> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    v[static_cast<size_t>(i)] = range * std::sin(0.7f * static_cast<float>(i) + phase);
  return v;
}

TEST(OpsTest, Avx512KernelsMatchFastExp) {
  if (gemm::BestIsa() != gemm::Isa::kAvx512) GTEST_SKIP() << "this CPU or OS has no AVX-512";
  for (int64_t n = 1; n <= 50; ++n) {
    std::vector<float> x = Ramp(n, 90.0f, 0.1f * static_cast<float>(n));  // past the clamps at -87 and 88
    float max = x[0];
    for (float v : x) max = std::max(max, v);
    EXPECT_EQ(ops_avx512::Max(x.data(), n), max) << n;
    std::vector<float> e = x;
    const float sum = ops_avx512::ExpShiftedSum(e.data(), n, max);
    double want_sum = 0;
    for (int64_t i = 0; i < n; ++i) {
      const float want = FastExp(x[static_cast<size_t>(i)] - max);
      want_sum += want;
      EXPECT_NEAR(e[static_cast<size_t>(i)], want, 1e-6f * want + 1e-37f) << n << " " << i;
    }
    EXPECT_NEAR(sum, want_sum, 1e-5 * want_sum) << n;
    ops_avx512::Scale(e.data(), n, 0.5f);
    EXPECT_FLOAT_EQ(e[0], 0.5f * FastExp(x[0] - max)) << n;

    std::vector<float> gate = Ramp(n, 20.0f, 1.0f);
    const std::vector<float> up = Ramp(n, 3.0f, 2.0f);
    const std::vector<float> in = gate;
    ops_avx512::SwiGlu(gate.data(), up.data(), n);
    for (int64_t i = 0; i < n; ++i) {
      const size_t u = static_cast<size_t>(i);
      const float want = in[u] / (1.0f + FastExp(-in[u])) * up[u];
      EXPECT_NEAR(gate[u], want, 1e-6f * std::fabs(want) + 1e-30f) << n << " " << i;
    }
  }
}

TEST(OpsTest, SoftmaxRowsSumToOneAndZeroTheMaskedColumns) {
  // 3 rows of 37 columns, row r sees 20 + r of them (a causal chunk).
  std::vector<float> s = Ramp(3 * 37, 8.0f, 0.3f);
  SoftmaxRows(s.data(), 3, 37, 37, 20);
  for (int64_t r = 0; r < 3; ++r) {
    double sum = 0;
    for (int64_t j = 0; j < 37; ++j) {
      const float v = s[static_cast<size_t>(r * 37 + j)];
      if (j < 20 + r) {
        EXPECT_GT(v, 0.0f);
      } else {
        EXPECT_EQ(v, 0.0f) << r << " " << j;
      }
      sum += v;
    }
    EXPECT_NEAR(sum, 1.0, 1e-5) << r;
  }
}

}  // namespace
}  // namespace tv::infer
