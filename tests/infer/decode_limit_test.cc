// The decode's DRAM limit measured beside the decodes: the weights a token
// reads (TokenWeightSpans), their read timed in turn with the engines
// (TimeInterleaved), and the fraction paired by round (SummarizeTimings).
#include <gtest/gtest.h>

#include <cstdint>
#include <memory>

#include "device/device.h"
#include "heuristic/baseline.h"
#include "infer/generation_report.h"
#include "infer/generation_timing.h"
#include "infer/token_weights.h"
#include "infer/transformer.h"
#include "tiny_model.h"

namespace tv::infer {
namespace {

int64_t Bytes(const std::vector<bench::FloatSpan>& spans) {
  int64_t floats = 0;
  for (const bench::FloatSpan& s : spans) floats += s.floats;
  return floats * static_cast<int64_t>(sizeof(float));
}

TEST(TokenWeightSpansTest, AddUpToTheBytesATokenReads) {
  for (bool bias : {false, true}) {
    for (bool tied : {false, true}) {
      const ModelConfig config = testing::TinyConfig(bias, tied);
      const ModelWeights weights = RandomWeights(config, WeightLayout::kInByOut, 3);
      EXPECT_EQ(Bytes(TokenWeightSpans(weights)), WeightBytesPerToken(config))
          << "bias " << bias << " tied " << tied;
    }
  }
}

TEST(TokenWeightSpansTest, TheTiedHeadIsTheEmbeddingAndAnUntiedOneIsNot) {
  const ModelWeights tied = RandomWeights(testing::TinyConfig(false, true), WeightLayout::kInByOut, 3);
  EXPECT_EQ(TokenWeightSpans(tied).back().data, tied.embedding.data());
  const ModelWeights untied = RandomWeights(testing::TinyConfig(false, false), WeightLayout::kInByOut, 3);
  const std::vector<bench::FloatSpan> spans = TokenWeightSpans(untied);
  EXPECT_EQ(spans.back().data, untied.lm_head.w.data());
  for (const bench::FloatSpan& s : spans) EXPECT_NE(s.data, untied.embedding.data());
}

TEST(TimeInterleavedTest, TheReadIsTimedOncePerRoundAtEachStreamCount) {
  const ModelConfig config = testing::TinyConfig(false, true);
  const ModelWeights weights = RandomWeights(config, WeightLayout::kInByOut, 5);
  TilevolveEngine engine("baseline", 1,
                         TileChooser::FromHeuristic(heuristic::ChooseBaselineTiles, device::DetectCpu()));
  Transformer model(weights, engine, 16, 8);
  Transformer* models[] = {&model};
  const std::string names[] = {"baseline"};
  TimingOptions options;
  options.rounds = 2;
  int reads[5] = {};
  options.read_token_bytes = [&](int streams) {
    ++reads[streams];
    return int64_t{1000};
  };
  Result<GenerationTimings> timings =
      TimeInterleaved(models, names, RandomPrompt(6, config.vocab_size, 1), 7, options);
  ASSERT_TRUE(timings.ok()) << timings.status().message();
  // A warm-up of one read each, then ceil(7 / 3) = 3 reads each a round.
  EXPECT_EQ(reads[1], 1 + 2 * 3);
  EXPECT_EQ(reads[2], 1 + 2 * 3);
  EXPECT_EQ(reads[4], 1 + 2 * 3);
  EXPECT_EQ(reads[3], 0);
  ASSERT_EQ(timings->read_gbs.size(), 2u);
  EXPECT_GT(timings->read_gbs[0], 0);
  ASSERT_EQ(timings->engines.size(), 1u);
  EXPECT_EQ(timings->engines[0].decode_s.size(), 2u);

  options.read_token_bytes = nullptr;
  timings = TimeInterleaved(models, names, RandomPrompt(6, config.vocab_size, 1), 3, options);
  ASSERT_TRUE(timings.ok());
  EXPECT_TRUE(timings->read_gbs.empty());
}

// Bandwidth halves between two rounds and the decode slows with it: the
// fraction paired by round stays what it is, the start-of-run one does not.
TEST(SummarizeTimingsTest, TheReadFractionIsPairedByRound) {
  ReportContext context;
  context.prompt_tokens = 4;
  context.new_tokens = 10;
  context.weight_bytes_per_token = 1000;
  context.dram_read_gbs = 1e-5;  // 10 kB/s: a limit of 10 tokens/s
  GenerationTimings timings;
  EngineTimings e;
  e.engine = "ours";
  e.prefill_s = {1, 1, 1};
  e.decode_s = {1.25, 2.5, 1.25};  // 80% of the read in each round
  e.tokens = {1, 2};
  timings.engines.push_back(e);
  timings.read_gbs = {1e-5, 5e-6, 1e-5};  // limits of 10, 5 and 10 tokens/s
  const std::vector<EngineRow> rows = SummarizeTimings(timings, context);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_DOUBLE_EQ(rows[0].read_fraction, 0.8);
  EXPECT_DOUBLE_EQ(rows[0].bandwidth_fraction, 0.8);  // median decode 1.25 s: 8 tokens/s of 10

  // Round 3's decode was slowed by something the read was not: paired, two
  // rounds of three say 0.8; the medians alone (4 tokens/s of 10) would say 0.4.
  timings.engines[0].decode_s = {1.25, 2.5, 5.0};
  EXPECT_DOUBLE_EQ(SummarizeTimings(timings, context)[0].read_fraction, 0.8);
  EXPECT_DOUBLE_EQ(SummarizeTimings(timings, context)[0].bandwidth_fraction, 0.4);

  const ReadRow read = SummarizeRead(timings, context);
  ASSERT_EQ(read.gbs.size(), 3u);
  EXPECT_DOUBLE_EQ(read.gbs[1], 5e-6);
  EXPECT_DOUBLE_EQ(read.median_gbs, 1e-5);
  EXPECT_DOUBLE_EQ(read.limit_tokens_per_s, 10);
}

TEST(SummarizeTimingsTest, NoReadTimedMeansNoReadFraction) {
  ReportContext context;
  context.new_tokens = 2;
  context.weight_bytes_per_token = 100;
  GenerationTimings timings;
  timings.engines.push_back(EngineTimings{"ours", {1.0}, {1.0}, {1}});
  EXPECT_EQ(SummarizeTimings(timings, context)[0].read_fraction, 0);
  EXPECT_EQ(SummarizeRead(timings, context).median_gbs, 0);
  EXPECT_EQ(GenerationTable(SummarizeTimings(timings, context), SummarizeRead(timings, context), context)
                .find("of read:"),
            std::string::npos);
}

}  // namespace
}  // namespace tv::infer
