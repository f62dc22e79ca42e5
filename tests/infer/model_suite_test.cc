// The suite `tilevolve generate --write-suite` writes: the products a run
// times (checked against ProductShapes, which a generation is served by),
// train and held-out as documented, and YAML that the suite loader reads back.
#include "infer/model_suite.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "infer/transformer.h"

namespace tv::infer {
namespace {

ModelConfig Smollm2() {
  Result<ModelConfig> c = LoadModelConfig("smollm2-135m");
  EXPECT_TRUE(c.ok());
  return *c;
}

MatmulShape ShapeOf(const bench::SuiteShape& s) { return {s.m, s.n, s.k}; }

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

TEST(ModelSuiteTest, ListsTheProductsARunTimesOnce) {
  const ModelConfig c = Smollm2();
  const std::vector<MatmulShape> run = ProductShapes(c, 16, 8);
  const std::set<MatmulShape> run_set(run.begin(), run.end());
  const std::vector<MatmulShape> shorter = ProductShapes(c, 8, 0);
  const std::set<MatmulShape> shorter_set(shorter.begin(), shorter.end());
  const std::vector<bench::SuiteShape> suite = ModelSuiteShapes(c, 16, 8);

  std::set<std::string> names;
  std::set<MatmulShape> listed;
  for (const bench::SuiteShape& s : suite) {
    EXPECT_TRUE(names.insert(s.name).second) << "name twice: " << s.name;
    EXPECT_TRUE(listed.insert(ShapeOf(s)).second) << "shape twice: " << s.name;
    EXPECT_EQ(s.extra.at("model"), "smollm2-135m");
    if (StartsWith(s.name, "prefill8.")) {
      EXPECT_EQ(s.tag, bench::ShapeTag::kHeldout) << s.name;  // the shorter prompt
      EXPECT_TRUE(shorter_set.count(ShapeOf(s))) << s.name;
    } else {
      EXPECT_TRUE(run_set.count(ShapeOf(s))) << s.name << " is not a product of the run";
    }
  }
  // Every product of the run is listed but the decode attention of the tokens
  // other than the first, the middle and the last (8 tokens: keys 17, 20, 24).
  const int64_t group = c.num_attention_heads / c.num_key_value_heads;
  for (const MatmulShape& shape : run) {
    const auto [m, n, k] = shape;
    const bool decode_attention = m == group && (k == c.head_dim || n == c.head_dim);
    const int64_t keys = k == c.head_dim ? n : k;
    if (decode_attention && keys != 17 && keys != 20 && keys != 24) continue;
    EXPECT_TRUE(listed.count(shape)) << m << "x" << n << "x" << k << " is missing";
  }
  for (const bench::SuiteShape& s : suite) {
    if (s.name == "decode.attn_scores.keys20" || s.name == "decode.attn_values.keys20") {
      EXPECT_EQ(s.tag, bench::ShapeTag::kTrain);
    } else if (s.name.find(".keys") != std::string::npos) {
      EXPECT_EQ(s.tag, bench::ShapeTag::kHeldout) << s.name;
    }
  }
}

TEST(ModelSuiteTest, TheProjectionsOfBothPhasesAreTrainShapes) {
  const std::vector<bench::SuiteShape> suite = ModelSuiteShapes(Smollm2(), 256, 128);
  for (const std::string name :
       {"prefill256.qkv", "prefill256.o", "prefill256.gate_up", "prefill256.down", "prefill256.attn_scores",
        "prefill256.attn_values", "lm_head", "decode.qkv", "decode.o", "decode.gate_up", "decode.down"}) {
    const auto it = std::find_if(suite.begin(), suite.end(), [&](const auto& s) { return s.name == name; });
    ASSERT_NE(it, suite.end()) << name;
    EXPECT_EQ(it->tag, bench::ShapeTag::kTrain) << name;
  }
  const auto qkv =
      std::find_if(suite.begin(), suite.end(), [](const auto& s) { return s.name == "decode.qkv"; });
  EXPECT_EQ(ShapeOf(*qkv), MatmulShape(1, 960, 576));  // q 576 + k 192 + v 192 over hidden 576
  EXPECT_EQ(qkv->shape_class(), "decode");
}

TEST(ModelSuiteTest, NoDecodeShapesWithoutNewTokens) {
  for (const bench::SuiteShape& s : ModelSuiteShapes(Smollm2(), 64, 0)) {
    EXPECT_FALSE(StartsWith(s.name, "decode.")) << s.name;
    if (s.tag == bench::ShapeTag::kHeldout) {
      EXPECT_TRUE(StartsWith(s.name, "prefill32.")) << s.name;
    }
  }
}

TEST(ModelSuiteTest, YamlReadsBackAsTheSameSuite) {
  const ModelConfig c = Smollm2();
  const std::vector<bench::SuiteShape> shapes = ModelSuiteShapes(c, 32, 4);
  Result<bench::Suite> suite = bench::ParseSuite(ModelSuiteYaml(c, 32, 4), "<written>");
  ASSERT_TRUE(suite.ok()) << suite.status().message();
  EXPECT_EQ(suite->name, "smollm2-135m-generate");
  ASSERT_EQ(suite->shapes.size(), shapes.size());
  for (size_t i = 0; i < shapes.size(); ++i) {
    EXPECT_EQ(suite->shapes[i].name, shapes[i].name);
    EXPECT_EQ(ShapeOf(suite->shapes[i]), ShapeOf(shapes[i]));
    EXPECT_EQ(suite->shapes[i].tag, shapes[i].tag);
    EXPECT_EQ(suite->shapes[i].shape_class(), shapes[i].shape_class());
  }
}

}  // namespace
}  // namespace tv::infer
